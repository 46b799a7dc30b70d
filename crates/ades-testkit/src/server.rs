//! The test PKI's services over HTTP on 127.0.0.1: `POST /tsa` (RFC 3161), `POST /ocsp`
//! (RFC 6960), `GET /crl/ape.crl` and `GET /crl/root.crl`. A small blocking HTTP/1.1 server on
//! its own thread, stopped when the [`PkiServer`] is dropped. Its faults are switchable for
//! tests, for every service or for one ([`Service`]): HTTP 500, garbage, a slow answer, a
//! wrong imprint or nonce, an unauthorised OCSP signer, a stale CRL, and the network's own
//! faults: no answer at all, a reset connection, an answer trickling one byte a second, a body
//! larger than a client's limit.
//!
//! Every connection is served on its own thread, and none outlives the server by more than a
//! moment: a connection held open ([`Fault::Hang`], [`Fault::Trickle`]) ends when the client
//! gives up, when the server is dropped, or after five minutes at most.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ades_core::datetime;

use crate::responders::TsaMode;
use crate::{TestPki, TestkitError, err};

/// Largest request accepted.
const MAX_REQUEST: usize = 1024 * 1024;

/// The body length [`Fault::Oversized`] announces and sends: 40 MiB, more than the default
/// response limit of `ades_http::HttpTransport` (32 MiB).
pub const OVERSIZED_BODY: usize = 40 * 1024 * 1024;

/// The longest a connection is held open by [`Fault::Hang`] or [`Fault::Trickle`].
const HOLD_LIMIT: Duration = Duration::from_secs(300);

/// How often a held connection looks whether the server stopped or the client left.
const TICK: Duration = Duration::from_millis(50);

/// How long the server waits for a request, or for a client to take an answer.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// Answers to another request: time-stamp tokens without the request's nonce, OCSP
    /// responses with another nonce than the request's (otherwise valid and correctly
    /// signed).
    WrongNonce,
    /// OCSP responses signed by a key the CA did not authorise (signer2's).
    UnauthorisedOcsp,
    /// CRLs whose nextUpdate has passed.
    StaleCrl,
    /// Accepts the connection, reads the request and never answers; the connection stays
    /// open until the client closes it or the server stops.
    Hang,
    /// Closes the connection without reading the request, which makes the kernel reset it
    /// (TCP RST) instead of closing it in order.
    Reset,
    /// Sends the status line and headers of the correct answer at once, then its body one
    /// byte a second.
    Trickle,
    /// Announces (`Content-Length`) and sends a body of [`OVERSIZED_BODY`] bytes.
    Oversized,
}

/// One service of the server, to make only it misbehave ([`PkiServer::set_fault_for`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// `POST /tsa`.
    Tsa,
    /// `POST /ocsp`.
    Ocsp,
    /// `GET /crl/…`.
    Crl,
}

impl Service {
    fn of_path(path: &str) -> Option<Self> {
        if path == "/tsa" {
            Some(Service::Tsa)
        } else if path == "/ocsp" {
            Some(Service::Ocsp)
        } else if path.starts_with("/crl/") {
            Some(Service::Crl)
        } else {
            None
        }
    }

    fn index(self) -> usize {
        match self {
            Service::Tsa => 0,
            Service::Ocsp => 1,
            Service::Crl => 2,
        }
    }
}

/// The fault of every service, and those set for one service only.
#[derive(Debug, Clone, Copy, Default)]
struct Faults {
    all: Fault,
    by_service: [Option<Fault>; 3],
}

impl Faults {
    fn for_path(&self, path: &str) -> Fault {
        Service::of_path(path)
            .and_then(|s| self.by_service[s.index()])
            .unwrap_or(self.all)
    }
}

/// A running PKI service.
pub struct PkiServer {
    url: String,
    pki: Arc<TestPki>,
    faults: Arc<Mutex<Faults>>,
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
        let faults = Arc::new(Mutex::new(Faults::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(AtomicUsize::new(0));
        let state = State {
            pki: pki.clone(),
            faults: faults.clone(),
            requests: requests.clone(),
            stop: stop.clone(),
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
            faults,
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

    /// The OCSP responder's URL (the one the test PKI's certificates name).
    pub fn ocsp_url(&self) -> String {
        format!("{}/ocsp", self.url)
    }

    /// The PKI the server answers for.
    pub fn pki(&self) -> &TestPki {
        &self.pki
    }

    /// Makes every service misbehave (or behave again with [`Fault::None`]); forgets the
    /// faults set for one service.
    pub fn set_fault(&self, fault: Fault) {
        if let Ok(mut f) = self.faults.lock() {
            *f = Faults {
                all: fault,
                by_service: [None; 3],
            };
        }
    }

    /// Makes one service misbehave (or behave again with [`Fault::None`]), whatever
    /// [`PkiServer::set_fault`] set for the others.
    pub fn set_fault_for(&self, service: Service, fault: Fault) {
        if let Ok(mut f) = self.faults.lock() {
            f.by_service[service.index()] = Some(fault);
        }
    }

    /// Requests served so far, by path prefix (`/ocsp`, `/tsa`, `/crl`).
    pub fn request_count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for PkiServer {
    fn drop(&mut self) {
        // Connections held open see the flag within a tick and end.
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
    faults: Arc<Mutex<Faults>>,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

struct Request {
    method: String,
    path: String,
    body: Vec<u8>,
}

/// The method and path of the request line, read without taking them from the socket.
fn peek_request_line(stream: &TcpStream) -> Option<(String, String)> {
    let mut buf = [0u8; 2048];
    let deadline = Instant::now() + IO_TIMEOUT;
    loop {
        let n = stream.peek(&mut buf).ok()?;
        let seen = buf.get(..n)?;
        if n == 0 {
            return None;
        }
        if let Some(end) = seen.iter().position(|b| *b == b'\n') {
            let line = std::str::from_utf8(seen.get(..end)?).ok()?;
            let mut parts = line.split_whitespace();
            return Some((parts.next()?.to_owned(), parts.next()?.to_owned()));
        }
        if n == buf.len() || Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
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

/// The status line and headers of an answer.
fn head(status: u16, content_type: &str, length: usize) -> String {
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Error" },
    )
}

impl State {
    fn serve(&self, mut stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
        let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
        let _ = stream.set_nodelay(true);
        let Some((_, path)) = peek_request_line(&stream) else {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        };
        let fault = self
            .faults
            .lock()
            .map(|f| f.for_path(&path))
            .unwrap_or_default();
        if fault == Fault::Reset {
            self.requests.fetch_add(1, Ordering::SeqCst);
            // Closed with the request unread in its receive buffer, the socket sends RST.
            drop(stream);
            return;
        }
        let Some(request) = read_request(&stream) else {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        };
        self.requests.fetch_add(1, Ordering::SeqCst);
        match fault {
            Fault::Slow(delay) => std::thread::sleep(delay),
            Fault::Hang => return self.hold(&mut stream),
            Fault::Oversized => return self.oversized(&mut stream),
            _ => {}
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
        if fault == Fault::Trickle {
            return self.trickle(&mut stream, status, content_type, &body);
        }
        let _ = stream.write_all(head(status, content_type, body.len()).as_bytes());
        let _ = stream.write_all(&body);
        let _ = stream.flush();
        let _ = stream.shutdown(Shutdown::Both);
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Keeps the connection open without answering until the client closes it, the server
    /// stops or [`HOLD_LIMIT`] passes.
    fn hold(&self, stream: &mut TcpStream) {
        let _ = stream.set_read_timeout(Some(TICK));
        let started = Instant::now();
        let mut sink = [0u8; 512];
        while !self.stopped() && started.elapsed() < HOLD_LIMIT {
            match stream.read(&mut sink) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
                    ) => {}
                Err(_) => break,
            }
        }
        let _ = stream.shutdown(Shutdown::Both);
    }

    /// Sends the head at once and `body` one byte a second, until the client leaves, the
    /// server stops or [`HOLD_LIMIT`] passes.
    fn trickle(&self, stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) {
        let started = Instant::now();
        if stream
            .write_all(head(status, content_type, body.len()).as_bytes())
            .is_err()
        {
            return;
        }
        for byte in body {
            if stream.write_all(&[*byte]).is_err() || started.elapsed() > HOLD_LIMIT {
                return;
            }
            let next = Instant::now() + Duration::from_secs(1);
            while Instant::now() < next {
                if self.stopped() {
                    return;
                }
                std::thread::sleep(TICK);
            }
        }
        let _ = stream.shutdown(Shutdown::Both);
    }

    /// Announces [`OVERSIZED_BODY`] bytes and sends them, 64 KiB at a time, until the client
    /// leaves or the server stops.
    fn oversized(&self, stream: &mut TcpStream) {
        let chunk = [0u8; 64 * 1024];
        if stream
            .write_all(head(200, "application/octet-stream", OVERSIZED_BODY).as_bytes())
            .is_err()
        {
            return;
        }
        let mut sent = 0;
        while sent < OVERSIZED_BODY && !self.stopped() {
            let n = chunk.len().min(OVERSIZED_BODY - sent);
            if stream
                .write_all(chunk.get(..n).unwrap_or_default())
                .is_err()
            {
                return;
            }
            sent += n;
        }
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
                    .ocsp_answer(&request.body, now, signer, fault == Fault::WrongNonce)
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
