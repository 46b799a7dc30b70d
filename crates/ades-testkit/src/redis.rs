//! A Redis server for tests: Debian's `redis-server` on 127.0.0.1 and a free port, without
//! persistence, stopped (by PID) when the [`RedisServer`] is dropped.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{TestkitError, err};

/// A running `redis-server`.
#[derive(Debug)]
pub struct RedisServer {
    child: Child,
    port: u16,
}

impl RedisServer {
    /// Starts `redis-server` (from PATH) and waits until it accepts connections. The free port
    /// is found by binding and releasing it, so another test may start a server on the same
    /// port at the same time: the server answering must report this child's PID, or another
    /// port is tried.
    pub fn start() -> Result<Self, TestkitError> {
        let mut last = err("redis-server did not start");
        for _ in 0..5 {
            match Self::start_once() {
                Ok(server) => return Ok(server),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn start_once() -> Result<Self, TestkitError> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(err)?
            .port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no", "--protected-mode", "yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                err(format!(
                    "cannot start redis-server ({e}): install Debian's redis-server (scripts/test.sh does)"
                ))
            })?;
        let mut server = RedisServer { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if server.child.try_wait().map_err(err)?.is_some() {
                return Err(err(format!("redis-server could not listen on port {port}")));
            }
            if let Some(pid) = answering_pid(port) {
                if pid == server.child.id() {
                    return Ok(server);
                }
                return Err(err(format!("port {port} is another redis-server's")));
            }
            if Instant::now() > deadline {
                return Err(err("redis-server did not start"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The server's URL (`redis://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Stops the server now (what a test of "Redis went down" needs).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The PID the Redis server on `port` reports (`INFO server`), if one answers.
fn answering_pid(port: u16) -> Option<u32> {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream.write_all(b"INFO server\r\n").ok()?;
    let mut reply = Vec::new();
    let mut chunk = [0u8; 4096];
    while !reply.windows(11).any(|w| w == b"process_id:") || !reply.ends_with(b"\r\n") {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 || reply.len() > 65_536 {
            break;
        }
        reply.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&reply);
    text.lines()
        .find_map(|l| l.strip_prefix("process_id:"))
        .and_then(|pid| pid.trim().parse().ok())
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}
