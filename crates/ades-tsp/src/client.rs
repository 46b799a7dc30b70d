//! Asking a TSA for a time-stamp over a [`Transport`].

use ades_core::transport::Transport;
use ades_core::{DigestAlgorithm, digest};

use crate::error::TspError;
use crate::request::TimeStampRequest;
use crate::response::TimeStampResponse;
use crate::token::TimeStampToken;

/// MIME type of RFC 3161 requests.
pub const QUERY_CONTENT_TYPE: &str = "application/timestamp-query";

/// A client of one time-stamp authority.
pub struct TsaClient<'a> {
    url: String,
    transport: &'a dyn Transport,
}

impl std::fmt::Debug for TsaClient<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TsaClient")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl<'a> TsaClient<'a> {
    /// A client of the TSA at `url`.
    pub fn new(url: impl Into<String>, transport: &'a dyn Transport) -> Self {
        TsaClient {
            url: url.into(),
            transport,
        }
    }

    /// Time-stamps `digest` (of the data, computed with `algorithm`): sends a request with a
    /// fresh nonce asking for the TSA certificate, and checks the answer is a granted token
    /// for this imprint and nonce. The token's signature and chain are checked by
    /// [`TimeStampToken::verify`].
    pub fn timestamp(
        &self,
        algorithm: DigestAlgorithm,
        digest: Vec<u8>,
    ) -> Result<TimeStampToken, TspError> {
        let request =
            TimeStampRequest::new(algorithm, digest).with_nonce(&ades_core::nonce::nonce(8));
        self.send(&request)
    }

    /// Time-stamps arbitrary data (hashed with `algorithm`).
    pub fn timestamp_data(
        &self,
        algorithm: DigestAlgorithm,
        data: &[u8],
    ) -> Result<TimeStampToken, TspError> {
        self.timestamp(algorithm, digest::digest(algorithm, data))
    }

    /// Sends a prepared request.
    pub fn send(&self, request: &TimeStampRequest) -> Result<TimeStampToken, TspError> {
        let body = self
            .transport
            .post(&self.url, QUERY_CONTENT_TYPE, &request.to_der())?;
        let token = TimeStampResponse::from_der(&body)?.into_token()?;
        let info = token.tst_info();
        // Parameters may differ (absent vs NULL); the algorithm and the hash may not.
        if info.message_imprint.hash != request.message_imprint.hash
            || info.message_imprint.algorithm.oid != request.message_imprint.algorithm.oid
        {
            return Err(TspError::ImprintMismatch);
        }
        if request.nonce.is_some() && info.nonce != request.nonce {
            return Err(TspError::NonceMismatch);
        }
        Ok(token)
    }
}
