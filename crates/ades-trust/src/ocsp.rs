//! OCSP (RFC 6960): requests with a nonce, responses parsed over their exact bytes, and their
//! verification (signature by the CA or by a responder the CA delegated with
//! id-kp-OCSPSigning, the nonce, the certificate identifier).
//!
//! ```text
//! OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT … OPTIONAL }
//! TBSRequest ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, requestorName [1] EXPLICIT OPTIONAL,
//!   requestList SEQUENCE OF Request, requestExtensions [2] EXPLICIT Extensions OPTIONAL }
//! Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT … OPTIONAL }
//! CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash OCTET STRING, issuerKeyHash OCTET STRING,
//!   serialNumber INTEGER }
//! OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT SEQUENCE {
//!   responseType OID, response OCTET STRING } OPTIONAL }
//! BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm,
//!   signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
//! ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, responderID ResponderID,
//!   producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse,
//!   responseExtensions [1] EXPLICIT Extensions OPTIONAL }
//! ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
//! SingleResponse ::= SEQUENCE { certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
//!   nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT … OPTIONAL }
//! CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo,
//!   unknown [2] IMPLICIT NULL }
//! RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
//! ```

use ades_core::algorithm::{AlgorithmId, encode_oid, parse_oid};
use ades_core::ber::{self, Reader, Tlv, constructed, tlv};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DigestAlgorithm, SignatureAlgorithm, datetime, digest, oid, verify};

use crate::crl::{RevocationReason, parse_extension};

/// MIME type of OCSP requests.
pub const REQUEST_CONTENT_TYPE: &str = "application/ocsp-request";

/// Why an OCSP response cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OcspError {
    /// Not a well-formed response.
    #[error("malformed OCSP response: {0}")]
    Malformed(&'static str),
    /// The responder answered with an error status (1 malformedRequest, 2 internalError,
    /// 3 tryLater, 5 sigRequired, 6 unauthorized).
    #[error("the OCSP responder refused: status {0}")]
    Status(u8),
    /// The signature does not verify or the signer is not authorised by the CA.
    #[error("the OCSP response is not signed by the CA or a responder it authorised")]
    Unauthorised,
    /// The response is for another certificate.
    #[error("the OCSP response does not cover the certificate")]
    WrongCertificate,
    /// The response does not echo the request's nonce.
    #[error("the OCSP response does not carry the request's nonce")]
    NonceMismatch,
}

impl From<ber::BerError> for OcspError {
    fn from(_: ber::BerError) -> Self {
        OcspError::Malformed("not a well-formed DER structure")
    }
}

impl From<crate::crl::CrlError> for OcspError {
    fn from(_: crate::crl::CrlError) -> Self {
        OcspError::Malformed("malformed extension")
    }
}

/// The identifier of a certificate in OCSP: hashes of its issuer's name and key, and its serial.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertId {
    /// Hash algorithm (SHA-1 unless the responder needs otherwise).
    pub algorithm: DigestAlgorithm,
    /// Hash of the issuer's DER name.
    pub issuer_name_hash: Vec<u8>,
    /// Hash of the issuer's public key bits.
    pub issuer_key_hash: Vec<u8>,
    /// Serial number contents.
    pub serial: Vec<u8>,
}

impl CertId {
    /// The identifier of `cert` issued by `issuer`, hashed with `algorithm`.
    pub fn new(
        cert: &Certificate,
        issuer: &Certificate,
        algorithm: DigestAlgorithm,
    ) -> Option<Self> {
        Some(CertId {
            algorithm,
            issuer_name_hash: digest::digest(algorithm, &issuer.subject_der().ok()?),
            issuer_key_hash: digest::digest(algorithm, issuer.subject_public_key()?),
            serial: cert.serial_number().to_vec(),
        })
    }

    fn to_der(&self) -> Vec<u8> {
        constructed(
            ber::SEQUENCE,
            &[
                &self.algorithm.algorithm_identifier(),
                &tlv(ber::OCTET_STRING, &self.issuer_name_hash),
                &tlv(ber::OCTET_STRING, &self.issuer_key_hash),
                &tlv(ber::INTEGER, &self.serial),
            ],
        )
    }

    /// Whether an encoded `CertID` designates `cert` issued by `issuer` (with whatever hash
    /// algorithm the responder chose).
    fn designates(
        t: &Tlv<'_>,
        cert: &Certificate,
        issuer: &Certificate,
    ) -> Result<bool, OcspError> {
        let mut r = t.children()?;
        let alg = AlgorithmId::parse(&r.read()?).map_err(|_| OcspError::Malformed("CertID"))?;
        let name = r.read_tag(ber::OCTET_STRING)?;
        let key = r.read_tag(ber::OCTET_STRING)?;
        let serial = r.read_tag(ber::INTEGER)?;
        let Some(expected) = alg.digest().and_then(|a| CertId::new(cert, issuer, a)) else {
            return Ok(false);
        };
        Ok(expected.issuer_name_hash == name.content()
            && expected.issuer_key_hash == key.content()
            && expected.serial == serial.content())
    }
}

/// An OCSP request for one certificate with a nonce (RFC 8954).
pub fn request(cert_id: &CertId, nonce: &[u8]) -> Vec<u8> {
    let single = tlv(ber::SEQUENCE, &cert_id.to_der());
    let list = tlv(ber::SEQUENCE, &single);
    let nonce_value = tlv(ber::OCTET_STRING, nonce);
    let nonce_ext = constructed(
        ber::SEQUENCE,
        &[
            &encode_oid(&oid::OCSP_NONCE),
            &tlv(ber::OCTET_STRING, &nonce_value),
        ],
    );
    let extensions = tlv(ber::context_constructed(2), &tlv(ber::SEQUENCE, &nonce_ext));
    let tbs = constructed(ber::SEQUENCE, &[&list, &extensions]);
    tlv(ber::SEQUENCE, &tbs)
}

/// The status an OCSP response gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcspStatus {
    /// Not revoked.
    Good,
    /// Revoked at a time, for a reason.
    Revoked {
        /// Revocation time.
        time: OffsetDateTime,
        /// `CRLReason`, when given.
        reason: Option<RevocationReason>,
    },
    /// The responder does not know the certificate.
    Unknown,
}

/// A verified OCSP answer about one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspAnswer {
    /// The status.
    pub status: OcspStatus,
    /// When the responder produced the response.
    pub produced_at: OffsetDateTime,
    /// The time the status is known to be correct.
    pub this_update: OffsetDateTime,
    /// When newer information will be available.
    pub next_update: Option<OffsetDateTime>,
    /// The response as received (for embedding in long-term signatures).
    pub der: Vec<u8>,
    /// The delegated responder's certificate that signed the response; `None` when the CA
    /// signed it with its own key.
    pub delegated_responder: Option<Certificate>,
}

/// Parses and verifies an OCSP response about `cert` issued by `issuer`. `nonce` is the
/// request's nonce when one was sent (responses for cached or pre-produced answers may lack
/// one only when `nonce` is `None`).
pub fn verify_response(
    response: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    nonce: Option<&[u8]>,
) -> Result<OcspAnswer, OcspError> {
    let top = Reader::single(response)?.expect_tag(ber::SEQUENCE)?;
    let mut r = top.children()?;
    let status = r.read_tag(0x0A)?; // ENUMERATED
    match status.content() {
        [0] => {}
        [s] => return Err(OcspError::Status(*s)),
        _ => return Err(OcspError::Malformed("responseStatus")),
    }
    let bytes = r.read_tag(ber::context_constructed(0))?;
    let mut br = bytes.children()?.read_tag(ber::SEQUENCE)?.children()?;
    if parse_oid(&br.read_tag(ber::OID)?).ok() != Some(oid::OCSP_BASIC) {
        return Err(OcspError::Malformed("not a basic OCSP response"));
    }
    let basic_der = br.read_tag(ber::OCTET_STRING)?.string_value()?.into_owned();
    let basic = Reader::single(&basic_der)?;
    let mut b = basic.children()?;
    let tbs = b.read_tag(ber::SEQUENCE)?;
    let sig_alg =
        AlgorithmId::parse(&b.read()?).map_err(|_| OcspError::Malformed("signatureAlgorithm"))?;
    let signature = b.read_tag(ber::BIT_STRING)?.bit_string_octets()?.to_vec();
    let mut certs = Vec::new();
    if let Some(c) = b.read_optional(ber::context_constructed(0))? {
        let mut cr = c.children()?.read_tag(ber::SEQUENCE)?.children()?;
        while let Some(cert_tlv) = cr.next_element()? {
            if let Ok(parsed) = Certificate::from_der(cert_tlv.raw()) {
                certs.push(parsed);
            }
        }
    }

    let mut t = tbs.children()?;
    t.read_optional(ber::context_constructed(0))?;
    let responder_id = t.read()?;
    let produced_at = datetime::decode_time_lenient(t.read_tag(0x18)?.raw())
        .ok_or(OcspError::Malformed("producedAt"))?;
    let responses = t.read_tag(ber::SEQUENCE)?;
    let mut response_nonce = None;
    if let Some(exts) = t.read_optional(ber::context_constructed(1))? {
        let mut er = exts.children()?.read_tag(ber::SEQUENCE)?.children()?;
        while let Some(ext) = er.next_element()? {
            let (id, _, value) = parse_extension(&ext)?;
            if id == oid::OCSP_NONCE {
                // RFC 8954: the value is an OCSP OCTET STRING; some responders omit the inner tag.
                let inner = Reader::single(&value)
                    .ok()
                    .filter(|v| v.tag() == ber::OCTET_STRING);
                response_nonce = Some(inner.map_or(value.clone(), |v| v.content().to_vec()));
            }
        }
    }

    let signer = responder_certificate(&responder_id, issuer, &certs, produced_at)?;
    let algorithm =
        SignatureAlgorithm::from_algorithm_id(&sig_alg, None).ok_or(OcspError::Unauthorised)?;
    verify::verify_signature(&signer, algorithm, tbs.raw(), &signature)
        .map_err(|_| OcspError::Unauthorised)?;
    if let Some(n) = nonce
        && response_nonce.as_deref() != Some(n)
    {
        return Err(OcspError::NonceMismatch);
    }

    let mut rr = responses.children()?;
    while let Some(single) = rr.next_element()? {
        let mut s = single.children()?;
        if !CertId::designates(&s.read_tag(ber::SEQUENCE)?, cert, issuer)? {
            continue;
        }
        let status_tlv = s.read()?;
        let status = match status_tlv.tag() {
            0x80 => OcspStatus::Good,
            0xA1 => {
                let mut ri = status_tlv.children()?;
                let time = datetime::decode_time_lenient(ri.read_tag(0x18)?.raw())
                    .ok_or(OcspError::Malformed("revocationTime"))?;
                let reason = match ri.read_optional(ber::context_constructed(0))? {
                    Some(r) => r.children()?.read()?.content().first().copied(),
                    None => None,
                };
                OcspStatus::Revoked { time, reason }
            }
            0x82 => OcspStatus::Unknown,
            _ => return Err(OcspError::Malformed("certStatus")),
        };
        let this_update = datetime::decode_time_lenient(s.read_tag(0x18)?.raw())
            .ok_or(OcspError::Malformed("thisUpdate"))?;
        let next_update = match s.read_optional(ber::context_constructed(0))? {
            Some(n) => datetime::decode_time_lenient(n.children()?.read()?.raw()),
            None => None,
        };
        return Ok(OcspAnswer {
            status,
            produced_at,
            this_update,
            next_update,
            der: response.to_vec(),
            delegated_responder: (signer.der() != issuer.der()).then(|| signer.clone()),
        });
    }
    Err(OcspError::WrongCertificate)
}

/// The certificate that signed the response: the CA itself, or a delegated responder it issued
/// with id-kp-OCSPSigning (RFC 6960 §4.2.2.2), valid when the response was produced and, if
/// it says what its key is for, for signatures.
fn responder_certificate(
    id: &Tlv<'_>,
    issuer: &Certificate,
    certs: &[Certificate],
    produced_at: OffsetDateTime,
) -> Result<Certificate, OcspError> {
    let matches = |c: &Certificate| -> bool {
        match id.tag() {
            0xA1 => id
                .children()
                .ok()
                .and_then(|mut r| r.read().ok())
                .is_some_and(|name| c.subject_der().ok().as_deref() == Some(name.raw())),
            0xA2 => id
                .children()
                .ok()
                .and_then(|mut r| r.read().ok())
                .is_some_and(|h| {
                    c.subject_public_key()
                        .map(|k| digest::digest(DigestAlgorithm::Sha1, k))
                        .as_deref()
                        == Some(h.content())
                }),
            _ => false,
        }
    };
    if matches(issuer) {
        return Ok(issuer.clone());
    }
    certs
        .iter()
        .find(|c| {
            matches(c)
                && c.is_signed_by(issuer)
                && c.extended_key_usage().contains(&oid::KP_OCSP_SIGNING)
                && c.is_valid_at(produced_at)
                && c.key_usage().is_none_or(|k| k.digital_signature())
        })
        .cloned()
        .ok_or(OcspError::Unauthorised)
}

#[cfg(test)]
mod responder_tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A delegated responder signs for its CA only while its certificate is valid.
    #[test]
    fn a_delegated_responder_is_valid_when_the_response_is_produced() {
        let pki = ades_testkit::TestPki::shared();
        let by_name = ber::tlv(0xA1, &pki.ocsp.certificate.subject_der().unwrap());
        let id = Reader::single(&by_name).unwrap();
        let certs = [pki.ocsp.certificate.clone()];
        let issuer = &pki.ape.certificate;
        let during = pki.ocsp.certificate.not_before() + ades_core::time::Duration::days(1);
        assert!(responder_certificate(&id, issuer, &certs, during).is_ok());
        let after = pki.ocsp.certificate.not_after() + ades_core::time::Duration::days(1);
        assert!(matches!(
            responder_certificate(&id, issuer, &certs, after),
            Err(OcspError::Unauthorised)
        ));
    }
}
