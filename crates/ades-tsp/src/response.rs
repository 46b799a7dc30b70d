//! `TimeStampResp` (RFC 3161 §2.4.2).
//!
//! ```text
//! TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
//! PKIStatusInfo ::= SEQUENCE { status PKIStatus, statusString PKIFreeText OPTIONAL,
//!                              failInfo PKIFailureInfo OPTIONAL }
//! ```

use ades_core::ber::{self, Reader};
use ades_core::strings;

use crate::error::TspError;
use crate::token::TimeStampToken;

/// `PKIStatus` values that carry a token.
const GRANTED: u8 = 0;
const GRANTED_WITH_MODS: u8 = 1;

/// A parsed response: granted with its token, or refused.
#[derive(Debug, Clone)]
pub struct TimeStampResponse {
    /// `PKIStatus`.
    pub status: u8,
    /// `statusString` texts joined.
    pub status_text: Option<String>,
    /// The token, when granted.
    pub token: Option<TimeStampToken>,
}

impl TimeStampResponse {
    /// Parses a DER `TimeStampResp`.
    pub fn from_der(bytes: &[u8]) -> Result<Self, TspError> {
        let top = Reader::single(bytes)
            .map_err(|_| TspError::Malformed("not a single ASN.1 element"))?
            .expect_tag(ber::SEQUENCE)?;
        let mut r = top.children()?;
        let info = r.read_tag(ber::SEQUENCE)?;
        let mut ir = info.children()?;
        let status = match ir.read_tag(ber::INTEGER)?.content() {
            [v] => *v,
            _ => return Err(TspError::Malformed("PKIStatus out of range")),
        };
        let mut status_text = None;
        if let Some(texts) = ir.read_optional(ber::SEQUENCE)? {
            let parts: Vec<String> = texts
                .children()?
                .collect_all()?
                .iter()
                .filter_map(|t| strings::decode_string(t.tag(), t.content()))
                .collect();
            status_text = Some(parts.join("; "));
        }
        let token = match r.next_element()? {
            Some(t) => Some(TimeStampToken::from_der(t.raw())?),
            None => None,
        };
        Ok(TimeStampResponse {
            status,
            status_text,
            token,
        })
    }

    /// The token of a granted response; the TSA's refusal otherwise.
    pub fn into_token(self) -> Result<TimeStampToken, TspError> {
        match (self.status, self.token) {
            (GRANTED | GRANTED_WITH_MODS, Some(token)) => Ok(token),
            (GRANTED | GRANTED_WITH_MODS, None) => {
                Err(TspError::Malformed("granted response without a token"))
            }
            (status, _) => Err(TspError::Refused {
                status,
                text: self.status_text,
            }),
        }
    }
}
