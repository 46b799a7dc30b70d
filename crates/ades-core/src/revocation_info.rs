//! What references to revocation information need from an OCSP response or a CRL (TS 101 733
//! §6.2.2, TS 101 903 §7.4.2): which certificates they are about, who produced them and when,
//! kept as encoded. Verification is `ades-trust`'s; these readers only find fields.
//!
//! ```text
//! OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT
//!                  SEQUENCE { responseType OID, response OCTET STRING } OPTIONAL }
//! BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, … }
//! ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, responderID ResponderID,
//!                  producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse, … }
//! ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
//! SingleResponse ::= SEQUENCE { certID SEQUENCE { hashAlgorithm, issuerNameHash,
//!                  issuerKeyHash, serialNumber }, … }
//! TBSCertList ::= SEQUENCE { version OPTIONAL, signature, issuer Name, thisUpdate, … }
//! ```

use crate::ber::{self, Reader, Tlv};
use crate::{Certificate, DigestAlgorithm, algorithm::AlgorithmId, digest};

/// The fields of an OCSP response references name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcspResponseInfo {
    /// The `BasicOCSPResponse`, as encoded.
    pub basic: Vec<u8>,
    /// The `ResponderID`, as encoded (`[1]` by name or `[2]` by key).
    pub responder_id: Vec<u8>,
    /// `producedAt`, the DER `GeneralizedTime`.
    pub produced_at: Vec<u8>,
    /// The certificates the response is about: (hash algorithm, issuer name hash, serial).
    pub cert_ids: Vec<(Option<DigestAlgorithm>, Vec<u8>, Vec<u8>)>,
}

impl OcspResponseInfo {
    /// Reads a DER `OCSPResponse`; `None` when it is not a successful basic response.
    pub fn read(response: &[u8]) -> Option<Self> {
        let mut top = Reader::single(response).ok()?.children().ok()?;
        let _status = top.read_tag(0x0A).ok()?;
        let mut bytes = top
            .read_tag(ber::context_constructed(0))
            .ok()?
            .children()
            .ok()?
            .read_tag(ber::SEQUENCE)
            .ok()?
            .children()
            .ok()?;
        let _kind = bytes.read_tag(ber::OID).ok()?;
        let basic_octets = bytes
            .read_tag(ber::OCTET_STRING)
            .ok()?
            .string_value()
            .ok()?;
        Self::read_basic(&basic_octets)
    }

    /// Reads a DER `BasicOCSPResponse`.
    pub fn read_basic(basic: &[u8]) -> Option<Self> {
        let mut b = Reader::single(basic).ok()?.children().ok()?;
        let mut data = b.read_tag(ber::SEQUENCE).ok()?.children().ok()?;
        let _version = data.read_optional(ber::context_constructed(0)).ok()?;
        let responder_id = data.read().ok()?;
        let produced_at = data.read_tag(0x18).ok()?;
        let mut responses = data.read_tag(ber::SEQUENCE).ok()?.children().ok()?;
        let mut cert_ids = Vec::new();
        while let Ok(Some(single)) = responses.next_element() {
            if let Some(id) = cert_id(&single) {
                cert_ids.push(id);
            }
        }
        Some(OcspResponseInfo {
            basic: basic.to_vec(),
            responder_id: responder_id.raw().to_vec(),
            produced_at: produced_at.raw().to_vec(),
            cert_ids,
        })
    }

    /// Whether the response is about `certificate`: its serial, with the issuer name hash
    /// checked when the hash algorithm is one this library computes.
    pub fn is_about(&self, certificate: &Certificate) -> bool {
        let issuer = certificate.issuer_der().unwrap_or_default();
        self.cert_ids.iter().any(|(alg, name_hash, serial)| {
            serial.as_slice() == certificate.serial_number()
                && alg.is_none_or(|a| digest::digest(a, &issuer) == *name_hash)
        })
    }
}

fn cert_id(single: &Tlv<'_>) -> Option<(Option<DigestAlgorithm>, Vec<u8>, Vec<u8>)> {
    let mut s = single.children().ok()?;
    let mut id = s.read_tag(ber::SEQUENCE).ok()?.children().ok()?;
    let alg = AlgorithmId::parse(&id.read_tag(ber::SEQUENCE).ok()?).ok()?;
    let name_hash = id.read_tag(ber::OCTET_STRING).ok()?.content().to_vec();
    let _key_hash = id.read_tag(ber::OCTET_STRING).ok()?;
    let serial = id.read_tag(ber::INTEGER).ok()?.content().to_vec();
    Some((alg.digest(), name_hash, serial))
}

/// The issuer `Name` of a DER CRL, as encoded.
pub fn crl_issuer(crl: &[u8]) -> Option<Vec<u8>> {
    let mut top = Reader::single(crl).ok()?.children().ok()?;
    let mut tbs = top.read_tag(ber::SEQUENCE).ok()?.children().ok()?;
    if tbs.peek_tag() == Some(ber::INTEGER) {
        tbs.read().ok()?;
    }
    let _signature = tbs.read_tag(ber::SEQUENCE).ok()?;
    Some(tbs.read_tag(ber::SEQUENCE).ok()?.raw().to_vec())
}
