//! Remote signing against `certomancer-csc-dummy` (CSC API 1.0.4, hash pinning), the
//! service installed in the peer venv by scripts/test.sh (missing is a failure): the
//! credential's certificate and chain are read, the value it returns verifies, and a service
//! that is down, an unknown credential and a refused token are clear errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use ades_core::{DigestAlgorithm, SignatureAlgorithm, Signer};
use ades_csc::{ApiVersion, CscClient, CscError};
use ades_testkit::TestPki;
use ades_testkit::csc::CscDummy;

fn peer_python() -> PathBuf {
    let path = std::env::var_os("ADES_PEER_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/peer-venv/bin/python")
        });
    assert!(
        path.exists(),
        "the peer venv is missing at {}: run scripts/test.sh (or set ADES_PEER_PYTHON)",
        path.display()
    );
    path
}

#[test]
fn a_remote_credential_signs_and_the_value_verifies() {
    let pki = TestPki::shared();
    let service = CscDummy::start(pki, &peer_python()).unwrap();
    let client = CscClient::connect(&service.url(), Some("test-token".into())).unwrap();
    assert_eq!(client.version(), ApiVersion::V1);
    let credential = client.credential("ades-test/signer1", None).unwrap();
    assert_eq!(
        credential.certificate().public_key_info_der().unwrap(),
        pki.signer1.certificate.public_key_info_der().unwrap(),
        "the service certifies the test PKI's signer1 key"
    );
    assert_eq!(credential.chain().len(), 2, "CA and root");
    let data = b"Acta de la junta de gobierno";
    for digest in [DigestAlgorithm::Sha256, DigestAlgorithm::Sha512] {
        let algorithm = SignatureAlgorithm::RsaPkcs1v15(digest);
        let value = credential.sign(algorithm, data).unwrap();
        ades_core::verify::verify_signature(credential.certificate(), algorithm, data, &value)
            .unwrap();
        assert_eq!(value, pki.signer1.key.sign(algorithm, data).unwrap());
    }
    let unknown = client.credential("ades-test/nobody", None).unwrap_err();
    assert!(
        matches!(unknown, CscError::UnknownCredential(_)),
        "{unknown}"
    );
}

#[test]
fn a_service_that_is_down_is_a_clear_error() {
    let started = std::time::Instant::now();
    let down = CscClient::connect("http://127.0.0.1:1", None).unwrap_err();
    assert!(matches!(down, CscError::Transport(_)), "{down}");
    assert!(down.to_string().contains("127.0.0.1:1"), "{down}");
    assert!(started.elapsed().as_secs() < 20);
}
