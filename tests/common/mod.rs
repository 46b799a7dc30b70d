//! Helpers shared by the cross-crate tests: the test PKI on disk and the third-party peers.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ades::cades::{CadesBuilder, CadesSignature, ContentSource};
use ades::{DataFormat, MadridPolicy, Sha256};
use ades_testkit::TestPki;

/// A one-page PDF without signatures.
pub(crate) const ONE_PAGE_PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000056 00000 n \n0000000111 00000 n \ntrailer\n<</Size 4/Root 1 0 R>>\nstartxref\n178\n%%EOF\n";

/// A signature of `input` by the test PKI's signer1, made through the front door with the
/// checks before signing done by `validator` (revocation not required).
pub(crate) fn sign_front_door(
    format: ades::Format,
    packaging: ades::Packaging,
    input: &[u8],
    validator: &ades::trust::ChainValidator,
) -> Vec<u8> {
    let pki = TestPki::shared();
    let identity = ades::SignerIdentity::new(
        pki.signer1.key.clone(),
        pki.signer1.certificate.clone(),
        pki.chain(),
    )
    .unwrap();
    let services = ades::Services::new(ades::SignerChecks::Validate {
        validator,
        revocation_required: false,
    });
    ades::sign(
        ades::Input::bytes(input.to_vec()).named("acta.txt"),
        &identity,
        &ades::SigningOptions::new(format).packaging(packaging),
        &services,
    )
    .unwrap()
    .to_vec()
    .unwrap()
}

/// The Madrid policy's stand-in SigPolicyHash (base64), as peers are told to expect it.
pub(crate) const MADRID_HASH_B64: &str = "RYnre5i/kIlpfsTEIm1/ip5wUVVwNXQhtYwXITOMuo0=";
/// The Madrid policy OID.
pub(crate) const MADRID_OID: &str = "2.16.724.1.8.1.1.1.1.0";

/// A temporary directory holding the test PKI (`root.pem`, `chain.pem`, `<label>.pem`, …).
pub(crate) struct Workspace {
    pub(crate) dir: tempfile::TempDir,
}

impl Workspace {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        TestPki::shared()
            .write_to(dir.path())
            .expect("write the test PKI");
        Workspace { dir }
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }
}

/// The Python interpreter of the peer venv (made by scripts/test.sh). Missing is a failure:
/// interoperability tests must run, not skip.
pub(crate) fn peer_python() -> PathBuf {
    ades_testkit::peer_python().unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a command, failing the test with its output when it cannot start.
pub(crate) fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (scripts/test.sh installs the peers)"))
}

/// `openssl cms -verify` of a DER signature against the test root; returns the output.
pub(crate) fn openssl_verify(ws: &Workspace, sig: &Path, content: Option<&Path>) -> Output {
    let mut cmd = Command::new("openssl");
    cmd.args(["cms", "-verify", "-binary", "-inform", "DER", "-in"])
        .arg(sig)
        .arg("-CAfile")
        .arg(ws.path("root.pem"))
        .args(["-purpose", "any", "-out", "/dev/null"]);
    if let Some(c) = content {
        cmd.arg("-content").arg(c);
    }
    run(&mut cmd)
}

/// The pyHanko + asn1crypto judge (tests/peers/cms_peer.py) with the Madrid expectations.
pub(crate) fn python_peer(
    ws: &Workspace,
    sig: &Path,
    content: Option<&Path>,
) -> (bool, serde_json::Value) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/cms_peer.py");
    let mut cmd = Command::new(peer_python());
    cmd.arg(script).arg(sig).arg(ws.path("root.pem")).args([
        "--cades",
        "--policy-oid",
        MADRID_OID,
        "--policy-hash-b64",
        MADRID_HASH_B64,
    ]);
    if let Some(c) = content {
        cmd.arg("--content").arg(c);
    }
    let out = run(&mut cmd);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "peer output is not JSON: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), json)
}

/// A CAdES-EPES attached signature by signer1 over `content`.
pub(crate) fn sign_attached(content: &[u8]) -> CadesSignature {
    let pki = TestPki::shared();
    CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(content.to_vec())
        .sign::<Sha256>(&pki.signer1.key, ades::core::datetime::now())
        .expect("sign")
}

/// A CAdES-EPES detached signature by signer1 over `content`.
pub(crate) fn sign_detached(content: &[u8]) -> CadesSignature {
    let pki = TestPki::shared();
    CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .detached(ContentSource::Bytes(content.to_vec()))
        .sign::<Sha256>(&pki.signer1.key, ades::core::datetime::now())
        .expect("sign")
}
