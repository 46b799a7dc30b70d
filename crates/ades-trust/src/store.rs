//! Trust anchors from PEM or DER files and directories.

use std::path::{Path, PathBuf};

use ades_core::{Certificate, CertificateError};

/// Why trust anchors could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrustError {
    /// A file could not be read.
    #[error("cannot read trust anchor {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file holds no usable certificate.
    #[error("{path} is not a certificate file: {source}")]
    Certificate {
        /// The file.
        path: PathBuf,
        /// Why.
        source: CertificateError,
    },
}

/// The certificates a validator trusts as chain ends: anchors for every chain, and anchors
/// for time-stamping chains only (the TSA services of a trusted list: a TSA's CA does not
/// vouch for signers).
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<Certificate>,
    tsa_anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a trust anchor.
    pub fn add_anchor(&mut self, cert: Certificate) {
        if !self.anchors.contains(&cert) {
            self.anchors.push(cert);
        }
    }

    /// Adds an anchor for the chains of time-stamping units only (certificates with the
    /// id-kp-timeStamping extended key usage).
    pub fn add_tsa_anchor(&mut self, cert: Certificate) {
        if !self.tsa_anchors.contains(&cert) {
            self.tsa_anchors.push(cert);
        }
    }

    /// Adds a certificate that may be used to build chains but is not trusted by itself.
    pub fn add_intermediate(&mut self, cert: Certificate) {
        if !self.intermediates.contains(&cert) {
            self.intermediates.push(cert);
        }
    }

    /// Adds every certificate of a PEM (one or more blocks) or DER file as an anchor.
    pub fn add_file(&mut self, path: &Path) -> Result<usize, TrustError> {
        let bytes = std::fs::read(path).map_err(|source| TrustError::Io {
            path: path.to_owned(),
            source,
        })?;
        let certs = Certificate::load(&bytes).map_err(|source| TrustError::Certificate {
            path: path.to_owned(),
            source,
        })?;
        let n = certs.len();
        certs.into_iter().for_each(|c| self.add_anchor(c));
        Ok(n)
    }

    /// Adds every certificate of the `.pem`, `.crt`, `.cer` and `.der` files of a directory
    /// (not recursive). PEM files without a certificate (keys) are skipped; a malformed
    /// certificate is an error.
    pub fn add_directory(&mut self, dir: &Path) -> Result<usize, TrustError> {
        let io = |source| TrustError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    ["pem", "crt", "cer", "der"].contains(&e.to_ascii_lowercase().as_str())
                })
            })
            .collect();
        paths.sort();
        let mut n = 0;
        for p in paths {
            match self.add_file(&p) {
                Ok(added) => n += added,
                Err(TrustError::Certificate {
                    source: CertificateError::NoCertificate,
                    ..
                }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(n)
    }

    /// Adds the certificates of the services of a verified trusted list that were trusted at
    /// `at`: CAs issuing qualified certificates as anchors for every chain, time-stamping
    /// services as anchors for time-stamping chains only (ETSI TS 119 612 service types).
    /// Returns how many were added.
    pub fn add_trusted_list(
        &mut self,
        list: &crate::tsl::TrustedList,
        at: ades_core::time::OffsetDateTime,
    ) -> usize {
        use crate::tsl::{SERVICE_CA_QC, SERVICE_TSA, SERVICE_TSA_QTST};
        let before = self.anchors.len() + self.tsa_anchors.len();
        list.anchors_at(at, &[SERVICE_CA_QC])
            .into_iter()
            .for_each(|c| self.add_anchor(c));
        list.anchors_at(at, &[SERVICE_TSA_QTST, SERVICE_TSA])
            .into_iter()
            .for_each(|c| self.add_tsa_anchor(c));
        self.anchors.len() + self.tsa_anchors.len() - before
    }

    /// The trust anchors for every chain.
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    /// The anchors for time-stamping chains only.
    pub fn tsa_anchors(&self) -> &[Certificate] {
        &self.tsa_anchors
    }

    /// The anchors a chain from `leaf` may end at: every anchor for a time-stamping unit's
    /// certificate, the general ones for any other.
    pub fn anchors_for<'a>(&'a self, leaf: &Certificate) -> impl Iterator<Item = &'a Certificate> {
        let tsa = leaf
            .extended_key_usage()
            .contains(&ades_core::oid::KP_TIME_STAMPING);
        self.anchors
            .iter()
            .chain(self.tsa_anchors.iter().filter(move |_| tsa))
    }

    /// The untrusted helper certificates.
    pub fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    /// Whether `cert` is one of the anchors for every chain.
    pub fn is_anchor(&self, cert: &Certificate) -> bool {
        self.anchors.contains(cert)
    }

    /// Whether a chain from `leaf` may end at `cert` ([`TrustStore::anchors_for`]).
    pub fn is_anchor_for(&self, cert: &Certificate, leaf: &Certificate) -> bool {
        self.anchors_for(leaf).any(|a| a == cert)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use base64::Engine;

    use super::*;
    use crate::tsl::{SERVICE_CA_QC, SERVICE_TSA_QTST, UnverifiedTrustedList};

    fn service(kind: &str, cert: &Certificate) -> String {
        let b64 = base64::engine::general_purpose::STANDARD.encode(cert.der());
        format!(
            "<TSPService><ServiceInformation><ServiceTypeIdentifier>{kind}</ServiceTypeIdentifier><ServiceName><Name>S</Name></ServiceName><ServiceDigitalIdentity><DigitalId><X509Certificate>{b64}</X509Certificate></DigitalId></ServiceDigitalIdentity><ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus><StatusStartingTime>2020-01-01T00:00:00Z</StatusStartingTime></ServiceInformation></TSPService>"
        )
    }

    /// CA/QC services anchor every chain, TSA services time-stamping chains only.
    #[test]
    fn trusted_list_services_anchor_by_their_type() {
        let pki = ades_testkit::TestPki::shared();
        let xml = format!(
            r#"<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#"><SchemeInformation><SchemeTerritory>ES</SchemeTerritory></SchemeInformation><TrustServiceProviderList><TrustServiceProvider><TSPInformation><TSPName><Name>P</Name></TSPName></TSPInformation><TSPServices>{}{}</TSPServices></TrustServiceProvider></TrustServiceProviderList></TrustServiceStatusList>"#,
            service(SERVICE_CA_QC, &pki.ape.certificate),
            service(SERVICE_TSA_QTST, &pki.root.certificate),
        );
        let list = UnverifiedTrustedList::parse(xml.as_bytes()).unwrap();
        let mut store = TrustStore::new();
        let at = ades_core::datetime::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(store.add_trusted_list(list.content(), at), 2);
        assert_eq!(store.anchors(), std::slice::from_ref(&pki.ape.certificate));
        assert_eq!(
            store.tsa_anchors(),
            std::slice::from_ref(&pki.root.certificate)
        );
    }
}
