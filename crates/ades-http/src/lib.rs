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

    /// A transport with a given time limit per exchange and the default size limit.
    pub fn with_timeout(timeout: Duration) -> Self {
        Self::with_limits(timeout, Self::DEFAULT_LIMIT)
    }

    /// A transport with a given time limit per exchange and response size limit.
    ///
    /// The time limit is one deadline for the whole exchange (name resolution, connection,
    /// request, status, headers and the entire body, across redirects), not a limit per read:
    /// a server that trickles its answer cannot keep an exchange alive past it. A response
    /// whose announced `Content-Length` exceeds the size limit is refused before its body is
    /// read; one without a length is cut off at the limit.
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

    /// The time limit of one exchange.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The response size limit in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    fn timed_out(&self, url: &str) -> TransportError {
        TransportError::Timeout {
            url: url.to_owned(),
            seconds: self.timeout.as_secs().max(1),
        }
    }

    fn map_error(&self, url: &str, e: ureq::Error) -> TransportError {
        let unreachable = |reason: String| TransportError::Unreachable {
            url: url.to_owned(),
            reason,
        };
        match e {
            ureq::Error::Timeout(_) | ureq::Error::BodyStalled => self.timed_out(url),
            ureq::Error::BodyExceedsLimit(_) => TransportError::TooLarge {
                url: url.to_owned(),
                limit: self.limit,
            },
            ureq::Error::BadUri(_) => TransportError::UnsupportedUrl(url.to_owned()),
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    self.timed_out(url)
                }
                std::io::ErrorKind::ConnectionRefused => {
                    unreachable("the connection was refused".into())
                }
                std::io::ErrorKind::ConnectionReset => {
                    unreachable("the server reset the connection".into())
                }
                std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::BrokenPipe => {
                    unreachable("the server closed the connection before answering".into())
                }
                std::io::ErrorKind::UnexpectedEof => {
                    unreachable("the server closed the connection before a complete answer".into())
                }
                _ => unreachable(io.to_string()),
            },
            ureq::Error::Protocol(p) => unreachable(format!("not an HTTP answer ({p})")),
            other => unreachable(other.to_string()),
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
        let too_large = || TransportError::TooLarge {
            url: url.to_owned(),
            limit: self.limit,
        };
        // An announced length over the limit is refused before a byte of the body is read.
        if response
            .body()
            .content_length()
            .is_some_and(|n| n > self.limit as u64)
        {
            return Err(too_large());
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

#[cfg(test)]
mod tests {
    //! The transport against scripted servers on 127.0.0.1: each fault ends within the time
    //! limit with an error that names the URL and what happened.

    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::time::Instant;

    use super::*;

    /// A server for one connection, handled by `script`; returns its URL.
    fn serve_once(script: impl FnOnce(TcpStream) + Send + 'static) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            if let Ok((stream, _)) = listener.accept() {
                stream
                    .set_write_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                script(stream);
            }
        });
        url
    }

    /// Reads the request's head (and whatever came with it).
    fn read_head(stream: &mut TcpStream) {
        let mut seen = Vec::new();
        let mut buf = [0u8; 1024];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    }

    fn post(transport: &HttpTransport, url: &str) -> (Result<Vec<u8>, TransportError>, Duration) {
        let started = Instant::now();
        let result = transport.post(url, "application/ocsp-request", b"request");
        (result, started.elapsed())
    }

    #[test]
    fn a_trickling_body_cannot_outlive_the_deadline() {
        // A byte every 200 ms: no read ever waits long, only the whole exchange does.
        let url = serve_once(|mut s| {
            read_head(&mut s);
            let head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
            if s.write_all(head).is_err() {
                return;
            }
            for _ in 0..100 {
                if s.write_all(b"0").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(1), 1 << 20);
        let (result, took) = post(&transport, &url);
        assert_eq!(
            result,
            Err(TransportError::Timeout {
                url: url.clone(),
                seconds: 1
            })
        );
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn trickling_headers_cannot_outlive_the_deadline() {
        let url = serve_once(|mut s| {
            read_head(&mut s);
            for b in b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nX-Slow: "
                .iter()
                .chain([b'a'; 100].iter())
            {
                if s.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(1), 1 << 20);
        let (result, took) = post(&transport, &url);
        assert!(
            matches!(&result, Err(TransportError::Timeout { url: u, .. }) if *u == url),
            "{result:?}"
        );
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn no_answer_is_a_timeout() {
        let url = serve_once(|mut s| {
            read_head(&mut s);
            std::thread::sleep(Duration::from_secs(3));
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(1), 1 << 20);
        let (result, took) = post(&transport, &url);
        let err = result.unwrap_err();
        assert_eq!(err.to_string(), format!("{url} did not answer within 1 s"));
        assert!(took < Duration::from_millis(1500), "{took:?}");
    }

    #[test]
    fn an_announced_oversized_body_is_refused_unread() {
        // The server announces 100 MB and sends none of it: only the length can refuse it.
        let url = serve_once(|mut s| {
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
            std::thread::sleep(Duration::from_secs(3));
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(2), 1024);
        let (result, took) = post(&transport, &url);
        let err = result.unwrap_err();
        assert_eq!(
            err,
            TransportError::TooLarge {
                url: url.clone(),
                limit: 1024
            }
        );
        assert_eq!(
            err.to_string(),
            format!("{url} answered more than 1024 bytes")
        );
        assert!(took < Duration::from_secs(1), "{took:?}");
    }

    #[test]
    fn an_unannounced_oversized_body_is_cut_off() {
        let url = serve_once(|mut s| {
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
            let _ = s.write_all(&[0u8; 8192]);
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(2), 1024);
        let (result, _) = post(&transport, &url);
        assert_eq!(result, Err(TransportError::TooLarge { url, limit: 1024 }));
    }

    #[test]
    fn a_reset_connection_says_so() {
        let url = serve_once(|s| {
            // Wait for the request, then close with it unread: the kernel sends RST.
            let mut one = [0u8; 1];
            let _ = s.peek(&mut one);
            std::thread::sleep(Duration::from_millis(20));
            drop(s);
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(2), 1024);
        let (result, took) = post(&transport, &url);
        let err = result.unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("{url} is unreachable: the server")),
            "{text}"
        );
        assert!(took < Duration::from_secs(1), "{took:?}");
    }

    #[test]
    fn a_truncated_body_says_so() {
        let url = serve_once(|mut s| {
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b");
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(2), 1024);
        let (result, _) = post(&transport, &url);
        let err = result.unwrap_err();
        assert!(
            matches!(&err, TransportError::Unreachable { url: u, .. } if *u == url),
            "{err:?}"
        );
    }

    #[test]
    fn an_http_error_names_its_status() {
        let url = serve_once(|mut s| {
            read_head(&mut s);
            let _ = s.write_all(b"HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy");
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(2), 1024);
        let (result, _) = post(&transport, &url);
        let err = result.unwrap_err();
        assert_eq!(err.to_string(), format!("{url} answered HTTP 503"));
    }

    #[test]
    fn garbage_instead_of_http_is_unreachable() {
        let url = serve_once(|mut s| {
            read_head(&mut s);
            let _ = s.write_all(b"\x00\x01 this is no HTTP\r\n\r\n");
        });
        let transport = HttpTransport::with_limits(Duration::from_secs(2), 1024);
        let (result, _) = post(&transport, &url);
        let err = result.unwrap_err();
        assert!(
            matches!(&err, TransportError::Unreachable { url: u, .. } if *u == url),
            "{err:?}"
        );
    }

    #[test]
    fn limits_are_what_was_asked() {
        let t = HttpTransport::with_timeout(Duration::from_secs(7));
        assert_eq!(t.timeout(), Duration::from_secs(7));
        assert_eq!(t.limit(), HttpTransport::DEFAULT_LIMIT);
    }
}
