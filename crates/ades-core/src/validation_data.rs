//! The validation data of a signature: the certificates and revocation information (OCSP
//! responses, CRLs) that long-term levels embed (EN 319 122-1 B-LT, EN 319 132-1 LT, EN 319
//! 142-1 DSS; the policy's -C/-XL, §4.3) and that validation uses without asking anyone.

use crate::certificate::Certificate;

/// Certificates and revocation information, kept as encoded: OCSP responses as the full
/// DER `OCSPResponse`, CRLs as the DER `CertificateList`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationData {
    /// Certificates (signer chains, TSA chains, OCSP responders).
    pub certificates: Vec<Certificate>,
    /// `OCSPResponse`s, as the responders sent them.
    pub ocsp_responses: Vec<Vec<u8>>,
    /// `CertificateList`s.
    pub crls: Vec<Vec<u8>>,
}

impl ValidationData {
    /// Nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Certificates only (a signature's embedded certificates).
    pub fn with_certificates(certificates: &[Certificate]) -> Self {
        ValidationData {
            certificates: certificates.to_vec(),
            ..Self::default()
        }
    }

    /// Whether there is nothing.
    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty() && self.ocsp_responses.is_empty() && self.crls.is_empty()
    }

    /// Adds a certificate unless present.
    pub fn add_certificate(&mut self, certificate: Certificate) {
        if !self.certificates.contains(&certificate) {
            self.certificates.push(certificate);
        }
    }

    /// Adds an OCSP response unless present.
    pub fn add_ocsp_response(&mut self, der: Vec<u8>) {
        if !self.ocsp_responses.contains(&der) {
            self.ocsp_responses.push(der);
        }
    }

    /// Adds a CRL unless present.
    pub fn add_crl(&mut self, der: Vec<u8>) {
        if !self.crls.contains(&der) {
            self.crls.push(der);
        }
    }

    /// Adds everything of `other` that is not here yet.
    pub fn extend(&mut self, other: &ValidationData) {
        other
            .certificates
            .iter()
            .for_each(|c| self.add_certificate(c.clone()));
        other
            .ocsp_responses
            .iter()
            .for_each(|o| self.add_ocsp_response(o.clone()));
        other.crls.iter().for_each(|c| self.add_crl(c.clone()));
    }

    /// What `self` has that `present` has not: what is left to embed.
    pub fn missing_from(&self, present: &ValidationData) -> ValidationData {
        ValidationData {
            certificates: self
                .certificates
                .iter()
                .filter(|c| !present.certificates.contains(c))
                .cloned()
                .collect(),
            ocsp_responses: self
                .ocsp_responses
                .iter()
                .filter(|o| !present.ocsp_responses.contains(o))
                .cloned()
                .collect(),
            crls: self
                .crls
                .iter()
                .filter(|c| !present.crls.contains(c))
                .cloned()
                .collect(),
        }
    }

    /// How much there is, for reports: `3 certificates, 2 OCSP responses, 1 CRL`.
    pub fn summary(&self) -> String {
        fn count(n: usize, one: &str, many: &str) -> String {
            format!("{n} {}", if n == 1 { one } else { many })
        }
        format!(
            "{}, {}, {}",
            count(self.certificates.len(), "certificate", "certificates"),
            count(self.ocsp_responses.len(), "OCSP response", "OCSP responses"),
            count(self.crls.len(), "CRL", "CRLs")
        )
    }
}
