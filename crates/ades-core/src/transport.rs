//! How the libraries reach TSAs, OCSP responders and CRL distribution points: a trait, so
//! integrators plug their own HTTP stack (proxies, mutual TLS, an air-gapped relay). The
//! default implementation (HTTP with timeouts and size limits) is `ades_http::HttpTransport`,
//! behind its default-on `http` feature.

/// A failure to obtain a response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// No connection could be made.
    #[error("{url} is unreachable: {reason}")]
    Unreachable {
        /// The address.
        url: String,
        /// Why.
        reason: String,
    },
    /// No complete answer within the time limit.
    #[error("{url} did not answer within {seconds} s")]
    Timeout {
        /// The address.
        url: String,
        /// The limit.
        seconds: u64,
    },
    /// An HTTP status other than 200.
    #[error("{url} answered HTTP {status}")]
    Status {
        /// The address.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The answer exceeds the size limit.
    #[error("{url} answered more than {limit} bytes")]
    TooLarge {
        /// The address.
        url: String,
        /// The limit in bytes.
        limit: usize,
    },
    /// The URL is not one this transport can use.
    #[error("unsupported URL {0}")]
    UnsupportedUrl(String),
    /// Network access is disabled (offline mode).
    #[error("network access is disabled (offline): {0} was not contacted")]
    Offline(String),
}

/// Sends requests and returns response bodies.
pub trait Transport: Send + Sync {
    /// POSTs `body` with `content_type` (`application/timestamp-query`,
    /// `application/ocsp-request`) and returns the response body.
    fn post(&self, url: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>, TransportError>;

    /// GETs `url` (CRLs, CA certificates) and returns the body.
    fn get(&self, url: &str) -> Result<Vec<u8>, TransportError>;
}

/// A transport that refuses every request: what `--offline` uses.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offline;

impl Transport for Offline {
    fn post(&self, url: &str, _: &str, _: &[u8]) -> Result<Vec<u8>, TransportError> {
        Err(TransportError::Offline(url.to_owned()))
    }

    fn get(&self, url: &str) -> Result<Vec<u8>, TransportError> {
        Err(TransportError::Offline(url.to_owned()))
    }
}
