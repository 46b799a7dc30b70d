//! The HTTP(S) [`Transport`] of the `ades` workspace: time-stamp requests and OCSP requests
//! are POSTed, CRLs fetched with GET, over HTTP or HTTPS (ureq with rustls and the Mozilla
//! roots), with a time limit for the whole exchange and a response size limit.
//!
//! The library crates (`ades-tsp`, `ades-trust`, the format crates) see only the
//! [`Transport`] trait and make no network access of their own; this crate is what an
//! application plugs in (the `ades` command does; the facade has it behind its `http`
//! feature). A proxy-aware, logging or air-gapped transport implements the same trait.
//!
//! ```no_run
//! use ades_core::transport::Transport;
//! use ades_http::HttpTransport;
//!
//! let transport = HttpTransport::with_limits(std::time::Duration::from_secs(5), 1 << 20);
//! let crl = transport.get("http://crl.example/ca.crl");
//! assert!(crl.is_err() || !crl.unwrap().is_empty());
//! ```

use std::time::Duration;

use ades_core::transport::{Transport, TransportError};

/// HTTP(S) transport with a timeout and a response size limit.
#[derive(Debug, Clone)]
pub struct HttpTransport {
    agent: ureq::Agent,
    timeout: Duration,
    limit: usize,
}

impl HttpTransport {
    /// Default time limit for one exchange.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
    /// Default response size limit (CRLs of large CAs reach a few MiB).
    pub const DEFAULT_LIMIT: usize = 32 * 1024 * 1024;

    /// A transport with the default limits.
    pub fn new() -> Self {
        Self::with_limits(Self::DEFAULT_TIMEOUT, Self::DEFAULT_LIMIT)
    }

    /// A transport with a given time limit per exchange and response size limit.
    pub fn with_limits(timeout: Duration, limit: usize) -> Self {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(3)
            .build()
            .into();
        HttpTransport {
            agent,
            timeout,
            limit,
        }
    }

    fn map_error(&self, url: &str, e: ureq::Error) -> TransportError {
        match e {
            ureq::Error::Timeout(_) | ureq::Error::BodyStalled => TransportError::Timeout {
                url: url.to_owned(),
                seconds: self.timeout.as_secs().max(1),
            },
            ureq::Error::BodyExceedsLimit(_) => TransportError::TooLarge {
                url: url.to_owned(),
                limit: self.limit,
            },
            ureq::Error::BadUri(_) => TransportError::UnsupportedUrl(url.to_owned()),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                TransportError::Timeout {
                    url: url.to_owned(),
                    seconds: self.timeout.as_secs().max(1),
                }
            }
            other => TransportError::Unreachable {
                url: url.to_owned(),
                reason: other.to_string(),
            },
        }
    }

    fn body(
        &self,
        url: &str,
        mut response: ureq::http::Response<ureq::Body>,
    ) -> Result<Vec<u8>, TransportError> {
        let status = response.status().as_u16();
        if status != 200 {
            return Err(TransportError::Status {
                url: url.to_owned(),
                status,
            });
        }
        response
            .body_mut()
            .with_config()
            .limit(self.limit as u64)
            .read_to_vec()
            .map_err(|e| self.map_error(url, e))
    }

    fn check_scheme(url: &str) -> Result<(), TransportError> {
        if url.starts_with("http://") || url.starts_with("https://") {
            Ok(())
        } else {
            Err(TransportError::UnsupportedUrl(url.to_owned()))
        }
    }
}

impl HttpTransport {
    /// POSTs `body` with `content_type` and extra request headers (the `Authorization` of a
    /// remote-signing API), under the same time and size limits.
    pub fn post_with_headers(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        content_type: &str,
        body: &[u8],
    ) -> Result<Vec<u8>, TransportError> {
        Self::check_scheme(url)?;
        let mut request = self.agent.post(url).header("Content-Type", content_type);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send(body).map_err(|e| self.map_error(url, e))?;
        self.body(url, response)
    }
}

impl Default for HttpTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport for HttpTransport {
    fn post(&self, url: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>, TransportError> {
        Self::check_scheme(url)?;
        let response = self
            .agent
            .post(url)
            .header("Content-Type", content_type)
            .send(body)
            .map_err(|e| self.map_error(url, e))?;
        self.body(url, response)
    }

    fn get(&self, url: &str) -> Result<Vec<u8>, TransportError> {
        Self::check_scheme(url)?;
        let response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| self.map_error(url, e))?;
        self.body(url, response)
    }
}
