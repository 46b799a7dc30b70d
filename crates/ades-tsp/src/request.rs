//! `TimeStampReq` (RFC 3161 §2.4.1).
//!
//! ```text
//! TimeStampReq ::= SEQUENCE {
//!   version INTEGER { v1(1) }, messageImprint MessageImprint, reqPolicy TSAPolicyId OPTIONAL,
//!   nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE,
//!   extensions [0] IMPLICIT Extensions OPTIONAL }
//! ```

use ades_core::DigestAlgorithm;
use ades_core::algorithm::encode_oid;
use ades_core::ber::{self, constructed, tlv};
use ades_core::const_oid::ObjectIdentifier;

use crate::tst_info::MessageImprint;

/// A time-stamp request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeStampRequest {
    /// What to time-stamp.
    pub message_imprint: MessageImprint,
    /// The TSA policy asked for, if any.
    pub policy: Option<ObjectIdentifier>,
    /// A nonce the response must echo (positive, big-endian).
    pub nonce: Option<Vec<u8>>,
    /// Whether the TSA must include its certificate in the token.
    pub cert_req: bool,
}

impl TimeStampRequest {
    /// A request for `digest` (computed with `algorithm`) asking for the TSA certificate.
    pub fn new(algorithm: DigestAlgorithm, digest: Vec<u8>) -> Self {
        TimeStampRequest {
            message_imprint: MessageImprint::new(algorithm, digest),
            policy: None,
            nonce: None,
            cert_req: true,
        }
    }

    /// Adds a nonce; the bytes are made positive and minimal.
    pub fn with_nonce(mut self, nonce: &[u8]) -> Self {
        let trimmed: Vec<u8> = nonce.iter().copied().skip_while(|b| *b == 0).collect();
        let mut value = if trimmed.is_empty() { vec![1] } else { trimmed };
        if value[0] & 0x80 != 0 {
            value.insert(0, 0);
        }
        self.nonce = Some(value);
        self
    }

    /// Asks for a TSA policy.
    pub fn with_policy(mut self, policy: ObjectIdentifier) -> Self {
        self.policy = Some(policy);
        self
    }

    /// The DER encoding (`application/timestamp-query`).
    pub fn to_der(&self) -> Vec<u8> {
        let mut parts = vec![tlv(ber::INTEGER, &[1]), self.message_imprint.to_der()];
        if let Some(p) = &self.policy {
            parts.push(encode_oid(p));
        }
        if let Some(n) = &self.nonce {
            parts.push(tlv(ber::INTEGER, n));
        }
        if self.cert_req {
            parts.push(vec![0x01, 0x01, 0xFF]);
        }
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        constructed(ber::SEQUENCE, &refs)
    }
}
