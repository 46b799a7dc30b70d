//! Validation data inside a `SignedData` (EN 319 122-1 §6.3 o–r, RFC 5940): certificates in
//! `certificates`, CRLs and OCSP responses in `crls` — an OCSP response as
//! `[1] IMPLICIT OtherRevocationInfoFormat { id-ri-ocsp-response, OCSPResponse }` — and the
//! legacy `certificate-values` / `revocation-values` unsigned attributes (TS 101 733 -X-L).
//!
//! ```text
//! RevocationInfoChoice ::= CHOICE { crl CertificateList,
//!                                   other [1] IMPLICIT OtherRevocationInfoFormat }
//! OtherRevocationInfoFormat ::= SEQUENCE { otherRevInfoFormat OID, otherRevInfo ANY }
//! RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF CertificateList OPTIONAL,
//!                                 ocspVals [1] SEQUENCE OF BasicOCSPResponse OPTIONAL, … }
//! ```

use crate::ber::{self, Reader, constructed, tlv};
use crate::{Certificate, ValidationData, algorithm::encode_oid, oid};

use super::{SignedData, SignerInfo};

/// The `RevocationInfoChoice` of an OCSP response (RFC 5940).
pub fn ocsp_revocation_info(ocsp_response: &[u8]) -> Vec<u8> {
    constructed(
        ber::context_constructed(1),
        &[&encode_oid(&oid::RI_OCSP_RESPONSE), ocsp_response],
    )
}

/// A full `OCSPResponse` (status successful) around a `BasicOCSPResponse`.
pub fn ocsp_response_of_basic(basic: &[u8]) -> Vec<u8> {
    let bytes = constructed(
        ber::SEQUENCE,
        &[
            &encode_oid(&oid::OCSP_BASIC),
            &tlv(ber::OCTET_STRING, basic),
        ],
    );
    constructed(
        ber::SEQUENCE,
        &[&tlv(0x0A, &[0]), &tlv(ber::context_constructed(0), &bytes)],
    )
}

impl SignedData {
    /// Adds the certificates, CRLs and OCSP responses of `data` that are not here yet;
    /// returns how many items were added.
    pub fn add_validation_data(&mut self, data: &ValidationData) -> usize {
        let before = self.certificates().len() + self.crls().len();
        for c in &data.certificates {
            self.add_certificate(c);
        }
        for crl in &data.crls {
            self.add_revocation_info(crl.clone());
        }
        for ocsp in &data.ocsp_responses {
            self.add_revocation_info(ocsp_revocation_info(ocsp));
        }
        self.certificates().len() + self.crls().len() - before
    }

    /// The validation data this `SignedData` carries in `certificates` and `crls`.
    pub fn validation_data(&self) -> ValidationData {
        let mut data = ValidationData::with_certificates(self.certificates());
        for choice in self.crls() {
            add_revocation_choice(&mut data, choice);
        }
        data
    }
}

impl SignerInfo {
    /// The validation data of the `certificate-values` and `revocation-values` unsigned
    /// attributes (TS 101 733 -X-L), if any.
    pub fn validation_values(&self) -> ValidationData {
        let mut data = ValidationData::new();
        if let Some(attr) = self.unsigned_attribute(oid::ATTR_CERT_VALUES) {
            for value in &attr.values {
                for c in elements(value) {
                    if let Ok(cert) = Certificate::from_der(c) {
                        data.add_certificate(cert);
                    }
                }
            }
        }
        if let Some(attr) = self.unsigned_attribute(oid::ATTR_REVOCATION_VALUES) {
            for value in &attr.values {
                add_revocation_values(&mut data, value);
            }
        }
        data
    }
}

/// Reads one `RevocationInfoChoice` into `data` (a CRL, or an OCSP response as full or basic
/// response); other formats are ignored.
fn add_revocation_choice(data: &mut ValidationData, choice: &[u8]) {
    match choice.first() {
        Some(&ber::SEQUENCE) => data.add_crl(choice.to_vec()),
        Some(&tag) if tag == ber::context_constructed(1) => {
            let Ok(t) = Reader::single(choice) else {
                return;
            };
            let Ok(mut r) = t.children() else { return };
            let (Ok(format), Ok(info)) = (r.read_tag(ber::OID), r.read()) else {
                return;
            };
            if format.raw() == encode_oid(&oid::RI_OCSP_RESPONSE).as_slice() {
                data.add_ocsp_response(info.raw().to_vec());
            } else if format.raw() == encode_oid(&oid::OCSP_BASIC).as_slice() {
                data.add_ocsp_response(ocsp_response_of_basic(info.raw()));
            }
        }
        _ => {}
    }
}

/// Reads a `RevocationValues` value into `data`.
fn add_revocation_values(data: &mut ValidationData, value: &[u8]) {
    let Ok(t) = Reader::single(value) else { return };
    let Ok(mut r) = t.children() else { return };
    while let Ok(Some(field)) = r.next_element() {
        let inner = field
            .children()
            .ok()
            .and_then(|mut c| c.read().ok())
            .map(|s| elements(s.raw()))
            .unwrap_or_default();
        if field.tag() == ber::context_constructed(0) {
            inner.into_iter().for_each(|c| data.add_crl(c.to_vec()));
        } else if field.tag() == ber::context_constructed(1) {
            inner
                .into_iter()
                .for_each(|b| data.add_ocsp_response(ocsp_response_of_basic(b)));
        }
    }
}

/// The elements of a `SEQUENCE OF` (empty when malformed).
fn elements(sequence: &[u8]) -> Vec<&[u8]> {
    Reader::single(sequence)
        .and_then(|t| t.children())
        .and_then(|r| r.collect_all())
        .map(|all| all.iter().map(|t| t.raw()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocsp_choices_round_trip() {
        let basic = constructed(ber::SEQUENCE, &[&tlv(ber::INTEGER, &[1])]);
        let full = ocsp_response_of_basic(&basic);
        let mut data = ValidationData::new();
        add_revocation_choice(&mut data, &ocsp_revocation_info(&full));
        assert_eq!(data.ocsp_responses, vec![full.clone()]);
        let mut basic_choice = ValidationData::new();
        let other = constructed(
            ber::context_constructed(1),
            &[&encode_oid(&oid::OCSP_BASIC), &basic],
        );
        add_revocation_choice(&mut basic_choice, &other);
        assert_eq!(basic_choice.ocsp_responses, vec![full]);
    }
}
