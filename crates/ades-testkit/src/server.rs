//! The test PKI's services over HTTP on 127.0.0.1: `POST /tsa` (RFC 3161), `POST /ocsp`
//! (RFC 6960), `GET /crl/ape.crl` and `GET /crl/root.crl`. A small blocking HTTP/1.1 server on
//! its own thread, stopped when the [`PkiServer`] is dropped. Its faults are switchable for
//! tests: HTTP 500, garbage, a slow answer, a wrong imprint or nonce, an unauthorised OCSP
//! signer, a stale CRL.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use ades_core::datetime;

use crate::responders::TsaMode;
use crate::{TestPki, TestkitError, err};

/// Largest request accepted.
const MAX_REQUEST: usize = 1024 * 1024;

/// What the server does wrong, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fault {
    /// Correct answers.
    #[default]
    None,
    /// Every answer is HTTP 500.
    Http500,
    /// Every answer is 200 with bytes that are no ASN.1.
    Garbage,
    /// Answers after this delay.
    Slow(Duration),
    /// Time-stamp tokens for another imprint.
    WrongImprint,
    /// Time-stamp tokens without the request's nonce.
    WrongNonce,
    /// OCSP responses signed by a key the CA did not authorise (signer2's).
    UnauthorisedOcsp,
    /// CRLs whose nextUpdate has passed.
    StaleCrl,
}

/// A running PKI service.
pub struct PkiServer {
    url: String,
    pki: Arc<TestPki>,
    fault: Arc<Mutex<Fault>>,
    stop: Arc<AtomicBool>,
    requests: Arc<AtomicUsize>,
    thread: Option<JoinHandle<()>>,
    port: u16,
}

impl PkiServer {
    /// Starts a server for a PKI generated from `seed` whose certificates point at it.
    pub fn start(seed: u64) -> Result<Self, TestkitError> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(err)?;
        let port = listener.local_addr().map_err(err)?.port();
        let url = format!("http://127.0.0.1:{port}");
        let pki = Arc::new(TestPki::generate_with(seed, Some(&url))?);
        let fault = Arc::new(Mutex::new(Fault::None));
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(AtomicUsize::new(0));
        let state = State {
            pki: pki.clone(),
            fault: fault.clone(),
            requests: requests.clone(),
        };
        let stop_flag = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let state = state.clone();
                    std::thread::spawn(move || state.serve(stream));
                }
            }
        });
        Ok(PkiServer {
            url,
            pki,
            fault,
            stop,
            requests,
            thread: Some(thread),
            port,
        })
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The TSA URL.
    pub fn tsa_url(&self) -> String {
        format!("{}/tsa", self.url)
    }

    /// The PKI the server answers for.
    pub fn pki(&self) -> &TestPki {
        &self.pki
    }

    /// Makes the server misbehave (or behave again with [`Fault::None`]).
    pub fn set_fault(&self, fault: Fault) {
        if let Ok(mut f) = self.fault.lock() {
            *f = fault;
        }
    }

    /// Requests served so far, by path prefix (`/ocsp`, `/tsa`, `/crl`).
    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for PkiServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[derive(Clone)]
struct State {
    pki: Arc<TestPki>,
    fault: Arc<Mutex<Fault>>,
    requests: Arc<AtomicUsize>,
}

struct Request {
    method: String,
    path: String,
    body: Vec<u8>,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok()?;
        }
    }
    if length > MAX_REQUEST {
        return None;
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request { method, path, body })
}

impl State {
    fn serve(&self, mut stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let Some(request) = read_request(&stream) else {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        };
        self.requests.fetch_add(1, Ordering::SeqCst);
        let fault = self.fault.lock().map(|f| *f).unwrap_or_default();
        if let Fault::Slow(delay) = fault {
            std::thread::sleep(delay);
        }
        let (status, content_type, body) = match fault {
            Fault::Http500 => (500, "text/plain", b"internal error".to_vec()),
            Fault::Garbage => (
                200,
                "application/octet-stream",
                b"\xFF\xFFnot ASN.1 at all".to_vec(),
            ),
            _ => self.answer(&request, fault),
        };
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            if status == 200 { "OK" } else { "Error" },
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
        let _ = stream.flush();
        let _ = stream.shutdown(Shutdown::Both);
    }

    fn answer(&self, request: &Request, fault: Fault) -> (u16, &'static str, Vec<u8>) {
        let now = datetime::now();
        let result = match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/tsa") => {
                let mode = match fault {
                    Fault::WrongImprint => TsaMode::WrongImprint,
                    Fault::WrongNonce => TsaMode::WrongNonce,
                    _ => TsaMode::Normal,
                };
                self.pki
                    .timestamp_response(&request.body, now, mode)
                    .map(|b| ("application/timestamp-reply", b))
            }
            ("POST", "/ocsp") => {
                let signer = if fault == Fault::UnauthorisedOcsp {
                    &self.pki.signer2
                } else {
                    &self.pki.ocsp
                };
                self.pki
                    .ocsp_response(&request.body, now, signer)
                    .map(|b| ("application/ocsp-response", b))
            }
            ("GET", path) if path.starts_with("/crl/") => {
                let issuer = path.trim_start_matches("/crl/").trim_end_matches(".crl");
                let (at, next) = if fault == Fault::StaleCrl {
                    (
                        now - ades_core::time::Duration::days(30),
                        ades_core::time::Duration::days(1),
                    )
                } else {
                    (now, ades_core::time::Duration::days(7))
                };
                self.pki
                    .crl(issuer, at, next)
                    .map(|b| ("application/pkix-crl", b))
            }
            _ => return (404, "text/plain", b"not found".to_vec()),
        };
        match result {
            Ok((content_type, body)) => (200, content_type, body),
            Err(e) => (400, "text/plain", e.to_string().into_bytes()),
        }
    }
}
