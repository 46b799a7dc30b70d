//! Remote signing against `certomancer-csc-dummy` (CSC API 1.0.4, hash pinning), the
//! service installed in the peer venv by scripts/test.sh (missing is a failure): the
//! credential's certificate and chain are read, the value it returns verifies, and a service
//! that is down, an unknown credential and a refused token are clear errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::{DigestAlgorithm, SignatureAlgorithm, Signer};
use ades_csc::{ApiVersion, CscClient, CscError};
use ades_testkit::TestPki;
use ades_testkit::csc::CscDummy;

fn peer_python() -> std::path::PathBuf {
    ades_testkit::peer_python().unwrap()
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

/// A stand-in service on 127.0.0.1 that answers every request with `status` and `body`
/// (`info` with a 1.0.4 answer, so the client connects), for the failures the real one
/// cannot be made to show.
fn fake_service(status: u16, body: &'static str) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
            let mut length = 0;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                    break;
                }
                if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut request = vec![0; length];
            let _ = reader.read_exact(&mut request);
            let (code, text) = if path.ends_with("/info") && !path.contains("credentials") {
                (
                    if path.contains("/v1/") { 200 } else { 404 },
                    r#"{"specs":"1.0.4.0"}"#,
                )
            } else {
                (status, body)
            };
            let _ = write!(
                reader.get_mut(),
                "HTTP/1.1 {code} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    url
}

#[test]
fn refused_tokens_server_errors_and_garbage_are_clear_errors() {
    let unauthorized = CscClient::connect(&fake_service(401, "{}"), Some("expired".into()))
        .unwrap()
        .credential("x/y", None)
        .unwrap_err();
    assert!(
        matches!(unauthorized, CscError::Unauthorized { status: 401, .. }),
        "{unauthorized}"
    );
    assert!(unauthorized.to_string().contains("access token"));

    let failing = CscClient::connect(&fake_service(500, "{}"), None)
        .unwrap()
        .credential("x/y", None)
        .unwrap_err();
    assert!(
        matches!(failing, CscError::Refused { status: 500, .. }),
        "{failing}"
    );

    let garbage = CscClient::connect(&fake_service(200, "<html>"), None)
        .unwrap()
        .credential("x/y", None)
        .unwrap_err();
    assert!(matches!(garbage, CscError::Malformed { .. }), "{garbage}");
}

#[test]
fn a_value_that_does_not_verify_is_never_written() {
    use ades_core::DataFormat;
    use ades_core::Sha256;
    // The real service signs with signer1's key; the certificate claimed is signer2's.
    let pki = TestPki::shared();
    let service = CscDummy::start(pki, &peer_python()).unwrap();
    let client = CscClient::connect(&service.url(), None).unwrap();
    let credential = client.credential("ades-test/signer1", None).unwrap();
    let prepared = ades_cades::CadesBuilder::new(ades_policy::MadridPolicy::default())
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(b"acta".to_vec())
        .prepare::<Sha256>(ades_core::datetime::now())
        .unwrap();
    let value = prepared
        .to_be_signed()
        .sign_with::<ades_core::RsaPkcs1v15>(&credential)
        .unwrap();
    assert!(matches!(
        prepared.finish(value),
        Err(ades_cades::CadesError::BadSignatureValue)
    ));
}
