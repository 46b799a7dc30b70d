//! `TSTInfo`, the content a time-stamp token signs (RFC 3161 §2.4.2).
//!
//! ```text
//! TSTInfo ::= SEQUENCE {
//!   version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint,
//!   serialNumber INTEGER, genTime GeneralizedTime, accuracy Accuracy OPTIONAL,
//!   ordering BOOLEAN DEFAULT FALSE, nonce INTEGER OPTIONAL,
//!   tsa [0] GeneralName OPTIONAL, extensions [1] IMPLICIT Extensions OPTIONAL }
//! MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
//! Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER OPTIONAL,
//!                         micros [1] INTEGER OPTIONAL }
//! ```

use ades_core::DigestAlgorithm;
use ades_core::algorithm::{AlgorithmId, encode_oid, parse_oid};
use ades_core::ber::{self, Reader, Tlv, constructed, tlv};
use ades_core::const_oid::ObjectIdentifier;
use ades_core::time::{Duration, OffsetDateTime};

use crate::error::TspError;

/// The hash of the time-stamped data with its algorithm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageImprint {
    /// Hash algorithm as found.
    pub algorithm: AlgorithmId,
    /// Hash value.
    pub hash: Vec<u8>,
}

impl MessageImprint {
    /// An imprint with one of our digest algorithms.
    pub fn new(algorithm: DigestAlgorithm, hash: Vec<u8>) -> Self {
        MessageImprint {
            algorithm: AlgorithmId {
                oid: algorithm.oid(),
                parameters: None,
            },
            hash,
        }
    }

    /// The DER encoding.
    pub fn to_der(&self) -> Vec<u8> {
        let alg = match self.algorithm.digest() {
            Some(d) => d.algorithm_identifier(),
            None => tlv(ber::SEQUENCE, &encode_oid(&self.algorithm.oid)),
        };
        constructed(ber::SEQUENCE, &[&alg, &tlv(ber::OCTET_STRING, &self.hash)])
    }

    pub(crate) fn parse(t: &Tlv<'_>) -> Result<Self, TspError> {
        let mut r = t.expect_tag(ber::SEQUENCE)?.children()?;
        let algorithm = AlgorithmId::parse(&r.read()?)?;
        let hash = r.read_tag(ber::OCTET_STRING)?.content().to_vec();
        Ok(MessageImprint { algorithm, hash })
    }

    /// Whether this imprint is `digest` computed with `algorithm`.
    pub fn matches(&self, algorithm: DigestAlgorithm, digest: &[u8]) -> bool {
        self.algorithm.digest() == Some(algorithm) && self.hash == digest
    }
}

/// The parsed `TSTInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TstInfo {
    /// The TSA policy under which the token was issued.
    pub policy: ObjectIdentifier,
    /// What was time-stamped.
    pub message_imprint: MessageImprint,
    /// Serial number contents.
    pub serial_number: Vec<u8>,
    /// The time the TSA asserts.
    pub gen_time: OffsetDateTime,
    /// The accuracy the TSA claims, if any.
    pub accuracy: Option<Duration>,
    /// Whether tokens of this TSA can be ordered by genTime alone.
    pub ordering: bool,
    /// The nonce of the request, if any (big-endian contents).
    pub nonce: Option<Vec<u8>>,
}

impl TstInfo {
    /// Parses a DER `TSTInfo`.
    pub fn from_der(bytes: &[u8]) -> Result<Self, TspError> {
        let top = Reader::single(bytes)?.expect_tag(ber::SEQUENCE)?;
        let mut r = top.children()?;
        let version = r.read_tag(ber::INTEGER)?;
        if version.content() != [1] {
            return Err(TspError::Malformed("TSTInfo version is not 1"));
        }
        let policy = parse_oid(&r.read_tag(ber::OID)?)?;
        let message_imprint = MessageImprint::parse(&r.read()?)?;
        let serial_number = r.read_tag(ber::INTEGER)?.content().to_vec();
        let gen_time = r.read_tag(GENERALIZED_TIME)?;
        let gen_time = ades_core::datetime::parse_generalized_time(gen_time.content())
            .ok_or(TspError::Malformed("genTime is not a GeneralizedTime"))?;
        let mut accuracy = None;
        if let Some(a) = r.read_optional(ber::SEQUENCE)? {
            accuracy = Some(parse_accuracy(&a)?);
        }
        let ordering = match r.read_optional(BOOLEAN)? {
            Some(b) => b.content().first().is_some_and(|v| *v != 0),
            None => false,
        };
        let nonce = r.read_optional(ber::INTEGER)?.map(|n| n.content().to_vec());
        Ok(TstInfo {
            policy,
            message_imprint,
            serial_number,
            gen_time,
            accuracy,
            ordering,
            nonce,
        })
    }
}

const GENERALIZED_TIME: u8 = 0x18;
const BOOLEAN: u8 = 0x01;

fn small_uint(t: &Tlv<'_>) -> Result<i64, TspError> {
    let bytes = t.content();
    if bytes.is_empty() || bytes.len() > 4 || bytes[0] & 0x80 != 0 {
        return Err(TspError::Malformed("accuracy value out of range"));
    }
    Ok(bytes.iter().fold(0i64, |acc, b| (acc << 8) | i64::from(*b)))
}

fn parse_accuracy(a: &Tlv<'_>) -> Result<Duration, TspError> {
    let mut total = Duration::ZERO;
    let mut r = a.children()?;
    while let Some(field) = r.next_element()? {
        let value = small_uint(&field)?;
        total += match field.tag() {
            ber::INTEGER => Duration::seconds(value),
            t if t == ber::context_primitive(0) => Duration::milliseconds(value),
            t if t == ber::context_primitive(1) => Duration::microseconds(value),
            _ => return Err(TspError::Malformed("unknown accuracy field")),
        };
    }
    Ok(total)
}
