//! The test environment of the CLI tests: a working directory with a test PKI whose services
//! run on 127.0.0.1, and the `ades` binary driven like a user.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

use ades_testkit::P12_PASSWORD;
use ades_testkit::server::PkiServer;

/// A working directory with a test PKI whose OCSP responder, CRLs and TSA run on 127.0.0.1.
pub(crate) struct Env {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) server: PkiServer,
}

impl Env {
    pub(crate) fn new() -> Self {
        Self::with_seed(0x434c_4954)
    }

    /// An environment whose test PKI is generated from `seed`.
    pub(crate) fn with_seed(seed: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let server = PkiServer::start(seed).unwrap();
        server.pki().write_to(&dir.path().join("pki")).unwrap();
        std::fs::write(
            dir.path().join("doc.txt"),
            "Solicitud de licencia de obras, Madrid\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("pw"), format!("{P12_PASSWORD}\n")).unwrap();
        Env { dir, server }
    }

    pub(crate) fn p(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn ades(&self, args: &[&str]) -> Output {
        self.ades_with(args, &[])
    }

    /// Runs `ades` with extra environment variables (a PIN, a SoftHSM2 configuration).
    pub(crate) fn ades_with(&self, args: &[&str], vars: &[(&str, &std::ffi::OsStr)]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_ades"))
            .current_dir(self.dir.path())
            .args(args)
            .envs(vars.iter().map(|(k, v)| (*k, *v)))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "ades panicked: {stderr}");
        out
    }

    pub(crate) fn key_args(&self, label: &str) -> Vec<String> {
        vec![
            "--key".into(),
            format!("pki/{label}.key.pem"),
            "--cert".into(),
            format!("pki/{label}.pem"),
            "--chain".into(),
            "pki/chain.pem".into(),
        ]
    }

    pub(crate) fn sign(&self, label: &str, extra: &[&str]) -> Output {
        let mut args = vec!["sign".to_owned()];
        args.extend(self.key_args(label));
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        self.ades(&refs)
    }

    pub(crate) fn verify_json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let mut all = vec!["verify", "--format", "json", "--trust", "pki/root.pem"];
        all.extend_from_slice(args);
        let out = self.ades(&all);
        let json = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&out.stdout)));
        (out.status.code().unwrap(), json)
    }
}

pub(crate) fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
