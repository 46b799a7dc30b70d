//! The certificates of every chain as validation objects (TS 119 102-2 §4.4): one per
//! distinct certificate, identified `C-<first 16 hex digits of its SHA-256>`, its DER in
//! base64.

use ades_core::ValidationReport;
use ades_core::report::CertificateSummary;
use base64::Engine;

use super::uri;
use crate::xml_writer::XmlWriter;

/// The distinct certificates of a report, each with its `xs:ID`.
#[derive(Debug, Default)]
pub(crate) struct Certificates<'a> {
    entries: Vec<(&'a CertificateSummary, String)>,
}

fn same(a: &CertificateSummary, b: &CertificateSummary) -> bool {
    a.der == b.der && a.sha256 == b.sha256
}

impl<'a> Certificates<'a> {
    /// Every certificate of every chain of `report`, once.
    pub(crate) fn collect(report: &'a ValidationReport) -> Self {
        let mut out = Certificates::default();
        let signers = report
            .signatures
            .iter()
            .filter_map(|s| s.signer.certificate.as_ref());
        for cert in report
            .signatures
            .iter()
            .flat_map(|s| &s.chain)
            .chain(signers)
        {
            if out.id(cert).is_none() {
                let id = out.fresh_id(cert);
                out.entries.push((cert, id));
            }
        }
        out
    }

    /// An identifier no other object has: the fingerprint prefix, made unique if need be.
    fn fresh_id(&self, cert: &CertificateSummary) -> String {
        let hex: String = cert
            .sha256
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        let base = if hex.is_empty() {
            format!("C-{}", self.entries.len() + 1)
        } else {
            format!("C-{hex}")
        };
        let taken = |id: &str| self.entries.iter().any(|(_, other)| other == id);
        let mut id = base.clone();
        let mut n = 1;
        while taken(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    /// The identifier of `cert`.
    pub(crate) fn id(&self, cert: &CertificateSummary) -> Option<&str> {
        self.entries
            .iter()
            .find(|(c, _)| same(c, cert))
            .map(|(_, id)| id.as_str())
    }

    /// `SignatureValidationObjects`, when there is any certificate.
    pub(crate) fn write(&self, w: &mut XmlWriter) {
        if self.entries.is_empty() {
            return;
        }
        w.start("SignatureValidationObjects", &[]);
        for (cert, id) in &self.entries {
            w.start("ValidationObject", &[("id", id)]);
            w.leaf("ObjectType", &[], uri::OBJECT_CERTIFICATE);
            w.start("ValidationObjectRepresentation", &[]);
            let der = base64::engine::general_purpose::STANDARD.encode(&cert.der);
            w.leaf("base64", &[], &der);
            w.end();
            w.end();
        }
        w.end();
    }

    /// `TrustAnchor` and `CertificateChain` of a chain (signer first, anchor last), inside an
    /// `AssociatedValidationReportData`; nothing for an empty chain.
    pub(crate) fn write_chain(&self, w: &mut XmlWriter, chain: &[CertificateSummary]) {
        let ids: Vec<&str> = chain.iter().filter_map(|c| self.id(c)).collect();
        let (Some(signer), Some(anchor)) = (ids.first(), ids.last()) else {
            return;
        };
        w.empty("TrustAnchor", &[("VOReference", anchor)]);
        w.start("CertificateChain", &[]);
        w.empty("SigningCertificate", &[("VOReference", signer)]);
        for id in ids.iter().skip(1).take(ids.len().saturating_sub(2)) {
            w.empty("IntermediateCertificate", &[("VOReference", id)]);
        }
        w.empty("TrustAnchor", &[("VOReference", anchor)]);
        w.end();
    }
}
