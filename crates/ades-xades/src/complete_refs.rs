//! The references of XAdES-C (TS 101 903 v1.3.2 §7.4.1, §7.4.2; policy §4.3) and the input
//! of the -X time-stamps over them (§7.5.1, §7.5.2):
//!
//! * `xades:CompleteCertificateRefs`: digest and issuer/serial of every CA certificate of the
//!   signer's path (the signing certificate itself is in `SigningCertificate`);
//! * `xades:CompleteRevocationRefs`: digests of the CRLs (`CRLRef`) and of the OCSP responses
//!   (`OCSPRef`, with the responder and `ProducedAt`);
//! * `SigAndRefsTimeStamp` covers `ds:SignatureValue`, then the signature time-stamps and the
//!   references in document order; `RefsOnlyTimeStamp` the references alone. Each element is
//!   canonicalized on its own with the time-stamp's method.

use std::io::Write;

use ades_core::ber::{self, Reader};
use ades_core::revocation_info::OcspResponseInfo;
use ades_core::x509_cert::name::Name;
use ades_core::{Certificate, DigestAlgorithm, ValidationData, datetime, digest};
use ades_xml::{C14nMethod, Document, NodeId, NodeSubset, canonicalize};

use crate::archive::unsigned_signature_properties;
use crate::markup::{Markup, base64};
use crate::names::DS;
use crate::properties::write::{decimal, digest_pair};
use crate::{Error, Result};

/// `CompleteCertificateRefs` and `CompleteRevocationRefs` for the path of `signer` held in
/// `data`, in the XAdES namespace `namespace`, with digests by `alg`.
pub(crate) fn complete_references(
    namespace: &str,
    id: &str,
    signer: &Certificate,
    data: &ValidationData,
    alg: DigestAlgorithm,
) -> String {
    let mut m = Markup::new();
    let certificates_id = format!("{id}-CompleteCertificateRefs");
    let revocation_id = format!("{id}-CompleteRevocationRefs");
    m.open(
        "xades:CompleteCertificateRefs",
        &[
            ("xmlns:xades", namespace),
            ("xmlns:ds", DS),
            ("Id", &certificates_id),
        ],
    );
    m.open("xades:CertRefs", &[]);
    for c in data.certificates.iter().filter(|c| *c != signer) {
        m.open("xades:Cert", &[]).open("xades:CertDigest", &[]);
        digest_pair(&mut m, alg, &c.fingerprint(alg));
        m.close("xades:CertDigest").open("xades:IssuerSerial", &[]);
        m.leaf("ds:X509IssuerName", &[], &c.issuer_text());
        m.leaf("ds:X509SerialNumber", &[], &decimal(c.serial_number()));
        m.close("xades:IssuerSerial").close("xades:Cert");
    }
    m.close("xades:CertRefs")
        .close("xades:CompleteCertificateRefs");
    m.open(
        "xades:CompleteRevocationRefs",
        &[
            ("xmlns:xades", namespace),
            ("xmlns:ds", DS),
            ("Id", &revocation_id),
        ],
    );
    if !data.crls.is_empty() {
        m.open("xades:CRLRefs", &[]);
        for crl in &data.crls {
            m.open("xades:CRLRef", &[]);
            digest_element(&mut m, alg, crl);
            m.close("xades:CRLRef");
        }
        m.close("xades:CRLRefs");
    }
    let ocsp: Vec<_> = data
        .ocsp_responses
        .iter()
        .filter_map(|der| OcspResponseInfo::read(der).map(|info| (der, info)))
        .collect();
    if !ocsp.is_empty() {
        m.open("xades:OCSPRefs", &[]);
        for (der, info) in ocsp {
            m.open("xades:OCSPRef", &[])
                .open("xades:OCSPIdentifier", &[])
                .open("xades:ResponderID", &[]);
            match responder(&info.responder_id) {
                Responder::ByName(name) => m.leaf("xades:ByName", &[], &name),
                Responder::ByKey(hash) => m.leaf("xades:ByKey", &[], &base64(&hash)),
            };
            m.close("xades:ResponderID");
            let produced = datetime::decode_time_lenient(&info.produced_at)
                .map(datetime::rfc3339)
                .unwrap_or_default();
            m.leaf("xades:ProducedAt", &[], &produced);
            m.close("xades:OCSPIdentifier");
            digest_element(&mut m, alg, der);
            m.close("xades:OCSPRef");
        }
        m.close("xades:OCSPRefs");
    }
    m.close("xades:CompleteRevocationRefs");
    m.into_string()
}

/// `xades:DigestAlgAndValue` over `bytes`.
fn digest_element(m: &mut Markup, alg: DigestAlgorithm, bytes: &[u8]) {
    m.open("xades:DigestAlgAndValue", &[]);
    digest_pair(m, alg, &digest::digest(alg, bytes));
    m.close("xades:DigestAlgAndValue");
}

enum Responder {
    ByName(String),
    ByKey(Vec<u8>),
}

/// An OCSP `ResponderID` (`[1] Name` or `[2] KeyHash`) as XAdES writes it.
fn responder(encoded: &[u8]) -> Responder {
    use ades_core::der::Decode;
    let inner = Reader::single(encoded).map(|t| (t.tag(), t.content().to_vec()));
    match inner {
        Ok((tag, content)) if tag == ber::context_constructed(1) => Responder::ByName(
            Name::from_der(&content)
                .map(|n| n.to_string())
                .unwrap_or_default(),
        ),
        Ok((_, content)) => Responder::ByKey(
            Reader::single(&content)
                .map(|t| t.content().to_vec())
                .unwrap_or_default(),
        ),
        Err(_) => Responder::ByKey(Vec::new()),
    }
}

/// Which -X time-stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReferencesTimestamp {
    /// `SigAndRefsTimeStamp(V2)`: the signature value, its time-stamps and the references.
    SigAndRefs,
    /// `RefsOnlyTimeStamp(V2)`: the references alone.
    RefsOnly,
}

impl ReferencesTimestamp {
    /// The kind of an element named `local`, if it is a -X time-stamp.
    pub(crate) fn of(local: &str) -> Option<Self> {
        match local {
            "SigAndRefsTimeStamp" | "SigAndRefsTimeStampV2" => Some(Self::SigAndRefs),
            "RefsOnlyTimeStamp" | "RefsOnlyTimeStampV2" => Some(Self::RefsOnly),
            _ => None,
        }
    }

    fn covers(self, local: &str) -> bool {
        let reference = matches!(
            local,
            "CompleteCertificateRefs"
                | "CompleteCertificateRefsV2"
                | "CompleteRevocationRefs"
                | "AttributeCertificateRefs"
                | "AttributeCertificateRefsV2"
                | "AttributeRevocationRefs"
        );
        reference || (self == Self::SigAndRefs && local == "SignatureTimeStamp")
    }
}

/// Writes the input of a -X time-stamp of `signature` to `out`: for one that exists, `before`
/// is its element (the properties before it are covered); for a new one, `None`.
pub(crate) fn write_input(
    doc: &Document,
    signature: NodeId,
    kind: ReferencesTimestamp,
    method: &C14nMethod,
    before: Option<NodeId>,
    out: &mut dyn Write,
) -> Result<()> {
    if kind == ReferencesTimestamp::SigAndRefs {
        let value = doc
            .child_elements(signature)
            .find(|&c| doc.has_name(c, Some(DS), "SignatureValue"))
            .ok_or_else(|| Error::Structure("ds:Signature without ds:SignatureValue".into()))?;
        canonicalize(doc, &NodeSubset::subtree(value), method, out)?;
    }
    let Some(usp) = unsigned_signature_properties(doc, signature) else {
        return Ok(());
    };
    for property in doc.child_elements(usp) {
        if Some(property) == before {
            break;
        }
        if doc.local_name(property).is_some_and(|l| kind.covers(l)) {
            canonicalize(doc, &NodeSubset::subtree(property), method, out)?;
        }
    }
    Ok(())
}
