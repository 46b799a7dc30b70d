//! The TSA client against the test PKI's TSA on 127.0.0.1, correct and faulty, and against a
//! port nobody listens on. Every fault gives a clear error within the time limit, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::time::{Duration, Instant};

use ades_core::report::{CheckList, Outcome};
use ades_core::transport::TransportError;
use ades_core::{DigestAlgorithm, datetime, digest};
use ades_http::HttpTransport;
use ades_testkit::server::{Fault, PkiServer};
use ades_trust::{ChainValidator, RevocationChecker, TrustStore};
use ades_tsp::{TimeStampToken, TsaClient, TspError};

const SEED: u64 = 0x7453_5031;

fn validator(server: &PkiServer) -> ChainValidator {
    let mut store = TrustStore::new();
    store.add_anchor(server.pki().root.certificate.clone());
    ChainValidator::new(store)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())))
}

#[test]
fn a_token_from_the_test_tsa_verifies_completely() {
    let server = PkiServer::start(SEED).unwrap();
    let transport = HttpTransport::new();
    let client = TsaClient::new(server.tsa_url(), &transport);
    let data = b"Solicitud de licencia, Madrid";
    let token = client
        .timestamp_data(DigestAlgorithm::Sha256, data)
        .unwrap();
    let reparsed = TimeStampToken::from_der(token.der()).unwrap();
    assert_eq!(reparsed.gen_time(), token.gen_time());
    let chain = validator(&server);
    let mut checks = CheckList::new();
    let digest_of = |alg| Some(digest::digest(alg, data));
    let time = token.verify(
        ades_core::CheckId::Timestamp,
        &digest_of,
        &ades_tsp::TokenContext::new(
            Some(&chain),
            &ades_core::ValidationData::new(),
            datetime::now(),
        ),
        &mut checks,
    );
    let failed: Vec<_> = checks
        .checks()
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert_eq!(time, Some(token.gen_time()));
    assert!(
        checks
            .checks()
            .iter()
            .any(|c| c.qualified_name() == "timestamp/revocation" && c.outcome == Outcome::Passed)
    );
    // The same token over other data fails on the imprint.
    let mut checks = CheckList::new();
    let other = |alg| Some(digest::digest(alg, b"other"));
    assert!(
        token
            .verify(
                ades_core::CheckId::Timestamp,
                &other,
                &ades_tsp::TokenContext::new(
                    Some(&chain),
                    &ades_core::ValidationData::new(),
                    datetime::now()
                ),
                &mut checks
            )
            .is_none()
    );
    // Data that cannot be had (or canonicalized) proves nothing: no time, though nothing
    // else fails (a genuine token grafted beside a signature it cannot be checked against).
    let mut checks = CheckList::new();
    let unavailable = |_| None;
    assert!(
        token
            .verify(
                ades_core::CheckId::Timestamp,
                &unavailable,
                &ades_tsp::TokenContext::new(
                    Some(&chain),
                    &ades_core::ValidationData::new(),
                    datetime::now()
                ),
                &mut checks
            )
            .is_none()
    );
    assert!(checks.checks().iter().all(|c| c.outcome != Outcome::Failed));
}

#[test]
fn faults_give_clear_errors() {
    let server = PkiServer::start(SEED).unwrap();
    let transport = HttpTransport::with_limits(Duration::from_secs(2), 1024 * 1024);
    let client = TsaClient::new(server.tsa_url(), &transport);
    let ask = || client.timestamp_data(DigestAlgorithm::Sha256, b"data");

    server.set_fault(Fault::Http500);
    assert!(matches!(
        ask(),
        Err(TspError::Transport(TransportError::Status {
            status: 500,
            ..
        }))
    ));
    server.set_fault(Fault::Garbage);
    assert!(matches!(ask(), Err(TspError::Malformed(_))), "{:?}", ask());
    server.set_fault(Fault::WrongImprint);
    assert!(matches!(ask(), Err(TspError::ImprintMismatch)));
    server.set_fault(Fault::WrongNonce);
    assert!(matches!(ask(), Err(TspError::NonceMismatch)));
    server.set_fault(Fault::Slow(Duration::from_secs(5)));
    let started = Instant::now();
    assert!(
        matches!(
            ask(),
            Err(TspError::Transport(TransportError::Timeout { .. }))
        ),
        "{:?}",
        ask()
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the timeout must bound the wait"
    );
    server.set_fault(Fault::None);
    assert!(ask().is_ok());
}

#[test]
fn an_unreachable_tsa_is_reported() {
    // Bind and drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let transport = HttpTransport::with_limits(Duration::from_secs(2), 1024);
    let client = TsaClient::new(format!("http://127.0.0.1:{port}/tsa"), &transport);
    let err = client
        .timestamp_data(DigestAlgorithm::Sha256, b"data")
        .unwrap_err();
    assert!(
        matches!(err, TspError::Transport(TransportError::Unreachable { .. })),
        "{err:?}"
    );
    assert!(err.to_string().contains("unreachable"));
    let bad = TsaClient::new("ftp://example.invalid/tsa", &transport);
    assert!(matches!(
        bad.timestamp_data(DigestAlgorithm::Sha256, b"x"),
        Err(TspError::Transport(TransportError::UnsupportedUrl(_)))
    ));
}

#[test]
fn truncated_or_flipped_responses_never_panic_or_verify() {
    let pki = ades_testkit::TestPki::shared();
    let request = ades_tsp::TimeStampRequest::new(
        DigestAlgorithm::Sha256,
        digest::digest(DigestAlgorithm::Sha256, b"x"),
    );
    let response = pki
        .timestamp_response(
            &request.to_der(),
            datetime::now(),
            ades_testkit::TsaMode::Normal,
        )
        .unwrap();
    let digest_of = |alg| Some(digest::digest(alg, b"x"));
    let verifies = |bytes: &[u8]| {
        let token = ades_tsp::TimeStampResponse::from_der(bytes)
            .ok()?
            .into_token()
            .ok()?;
        let mut checks = CheckList::new();
        token.verify(
            ades_core::CheckId::Timestamp,
            &digest_of,
            &ades_tsp::TokenContext::new(None, &ades_core::ValidationData::new(), datetime::now()),
            &mut checks,
        )
    };
    // Without a validator the chain is skipped, so a verified time is possible only for the
    // intact response.
    assert!(verifies(&response).is_some());
    for n in 0..response.len() {
        assert!(verifies(&response[..n]).is_none(), "truncated at {n}");
    }
    for i in 0..response.len() {
        let mut bad = response.clone();
        bad[i] ^= 0x10;
        let _ = verifies(&bad);
    }
}
