//! A CSC remote-signing service for tests: `certomancer-csc-dummy` (PyPI, in the peer venv)
//! serving a Certomancer PKI made of the test PKI's root, AC APE-like and signer keys, on
//! 127.0.0.1, stopped (by PID) when the [`CscDummy`] is dropped.
//!
//! Certomancer issues its own certificates for those keys, so the certificates the service
//! returns differ from [`TestPki`]'s but certify the same key pairs. Credentials are named
//! `ades-test/signer1` and `ades-test/signer2`.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{TestPki, TestkitError, err};

/// A running `certomancer-csc` process.
#[derive(Debug)]
pub struct CscDummy {
    child: Child,
    port: u16,
    _dir: TempDir,
}

impl CscDummy {
    /// Starts the service with the `certomancer-csc` script next to `python` (the peer venv's
    /// interpreter), requiring hash pinning (SCAL 2), and waits until it answers.
    pub fn start(pki: &TestPki, python: &Path) -> Result<Self, TestkitError> {
        let script = python.with_file_name("certomancer-csc");
        if !script.exists() {
            return Err(err(format!(
                "{} is missing: install tests/peers/requirements.txt (certomancer-csc-dummy)",
                script.display()
            )));
        }
        let dir = TempDir::new()?;
        for id in [&pki.root, &pki.ape, &pki.signer1, &pki.signer2] {
            let pem = id.key.to_pkcs8_pem().map_err(err)?;
            std::fs::write(dir.0.join(format!("{}.key.pem", id.label)), pem.as_bytes())
                .map_err(err)?;
        }
        let config = dir.0.join("certomancer.yml");
        std::fs::write(&config, CONFIG).map_err(err)?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(err)?
            .port();
        let log = std::fs::File::create(dir.0.join("csc.log")).map_err(err)?;
        let child = Command::new(&script)
            .arg(&config)
            .arg(port.to_string())
            .arg("2")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| err(format!("cannot start {}: {e}", script.display())))?;
        let mut dummy = CscDummy {
            child,
            port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline || dummy.child.try_wait().map_err(err)?.is_some() {
                let log = std::fs::read_to_string(dummy._dir.0.join("csc.log")).unwrap_or_default();
                return Err(err(format!("certomancer-csc did not start:\n{log}")));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(dummy)
    }

    /// The service's base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for CscDummy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A directory removed when dropped (the testkit keeps its dependencies to the minimum).
#[derive(Debug)]
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<Self, TestkitError> {
        let unique = format!(
            "ades-csc-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(err)?
                .as_nanos()
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).map_err(err)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The Certomancer configuration: root → AC APE-like → two natural persons.
const CONFIG: &str = r#"
keysets:
  ades-test:
    path-prefix: .
    keys:
      root: {path: root.key.pem}
      ape: {path: ape.key.pem}
      signer1: {path: signer1.key.pem}
      signer2: {path: signer2.key.pem}
pki-architectures:
  ades-test:
    keyset: ades-test
    entity-defaults:
      country-name: ES
      organization-name: ADES TEST
    entities:
      root: {common-name: ades CSC test root}
      ape: {common-name: ades CSC test CA}
      signer1: {common-name: ESPANOL ESPANOL JUAN - 12345678Z, serial-number: IDCES-12345678Z}
      signer2: {common-name: CIUDADANA FICTICIA MARIA - 87654321X, serial-number: IDCES-87654321X}
    certs:
      root:
        subject: root
        issuer: root
        validity: {valid-from: "2024-01-01T00:00:00+0000", valid-to: "2049-12-31T23:59:59+0000"}
        profiles: [simple-ca]
      ape:
        issuer: root
        validity: {valid-from: "2024-01-01T00:00:00+0000", valid-to: "2044-12-31T23:59:59+0000"}
        profiles: [simple-ca]
      signer1:
        issuer: ape
        validity: {valid-from: "2025-01-01T00:00:00+0000", valid-to: "2040-12-31T23:59:59+0000"}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {schema: key-usage, params: [digital_signature, non_repudiation]}
      signer2:
        template: signer1
        issuer: ape
"#;
