//! The error type of `ades-tsp`.

use ades_core::const_oid::ObjectIdentifier;
use ades_core::transport::TransportError;

/// Why a time-stamp could not be obtained or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TspError {
    /// A lower-level failure (ASN.1, CMS, certificates).
    #[error(transparent)]
    Core(#[from] ades_core::Error),
    /// The structure is not what RFC 3161 defines.
    #[error("malformed time-stamp structure: {0}")]
    Malformed(&'static str),
    /// The TSA could not be reached or answered with an HTTP error.
    /// (Not a `#[source]`: the message already says it, and error chains would repeat it.)
    #[error("time-stamp authority: {0}")]
    Transport(TransportError),
    /// The TSA refused the request.
    #[error("the time-stamp authority refused the request: status {status}{}", text.as_deref().map(|t| format!(" ({t})")).unwrap_or_default())]
    Refused {
        /// `PKIStatus`.
        status: u8,
        /// `statusString`, if any.
        text: Option<String>,
    },
    /// The token is not for the data that was sent.
    #[error("the time-stamp token is for other data (message imprint mismatch)")]
    ImprintMismatch,
    /// The token does not echo the request's nonce.
    #[error("the time-stamp token does not carry the request's nonce")]
    NonceMismatch,
    /// The token's content is not a `TSTInfo`.
    #[error("the token's content type is {0}, not id-ct-TSTInfo")]
    NotATimeStamp(ObjectIdentifier),
}

impl From<ades_core::ber::BerError> for TspError {
    fn from(e: ades_core::ber::BerError) -> Self {
        TspError::Core(e.into())
    }
}

impl From<TransportError> for TspError {
    fn from(e: TransportError) -> Self {
        TspError::Transport(e)
    }
}
