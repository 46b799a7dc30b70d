//! Revocation against the test PKI's OCSP responder and CRLs on 127.0.0.1: good, revoked,
//! unauthorised responders, stale CRLs, offline mode and the cache.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::sync::atomic::Ordering;

use ades_core::datetime;
use ades_http::HttpTransport;
use ades_testkit::TestPki;
use ades_testkit::server::{Fault, PkiServer};
use ades_trust::{Crl, RevocationChecker, RevocationStatus, StatusSource};

const SEED: u64 = 0x5245_564f;

fn online() -> RevocationChecker {
    RevocationChecker::online(Box::new(HttpTransport::new()))
}

#[test]
fn ocsp_says_good_and_revoked_and_is_cached() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let checker = online();
    let now = datetime::now();
    let good = checker.status(&pki.signer1.certificate, &pki.ape.certificate, now);
    assert!(
        matches!(
            good,
            RevocationStatus::Good {
                source: StatusSource::Ocsp(_),
                ..
            }
        ),
        "{good:?}"
    );
    let revoked = checker.status(&pki.revoked.certificate, &pki.ape.certificate, now);
    match revoked {
        RevocationStatus::Revoked { time, reason, .. } => {
            assert_eq!(time, TestPki::revocation_time());
            assert_eq!(reason, Some(1));
        }
        other => panic!("{other:?}"),
    }
    for _ in 0..50 {
        checker.status(&pki.signer1.certificate, &pki.ape.certificate, now);
    }
    assert_eq!(
        checker.stats().ocsp_requests.load(Ordering::SeqCst),
        2,
        "one request per certificate"
    );
    // The intermediate has no OCSP responder: its status comes from the root's CRL.
    let ape = checker.status(&pki.ape.certificate, &pki.root.certificate, now);
    assert!(
        matches!(
            ape,
            RevocationStatus::Good {
                source: StatusSource::Crl(_),
                ..
            }
        ),
        "{ape:?}"
    );
}

#[test]
fn an_unauthorised_responder_is_refused_and_the_crl_decides() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    server.set_fault(Fault::UnauthorisedOcsp);
    let status = online().status(
        &pki.revoked.certificate,
        &pki.ape.certificate,
        datetime::now(),
    );
    assert!(
        matches!(
            status,
            RevocationStatus::Revoked {
                source: StatusSource::Crl(_),
                ..
            }
        ),
        "{status:?}"
    );
    server.set_fault(Fault::StaleCrl);
    let status = online().status(
        &pki.revoked.certificate,
        &pki.ape.certificate,
        datetime::now(),
    );
    assert!(
        matches!(
            status,
            RevocationStatus::Revoked {
                source: StatusSource::Ocsp(_),
                ..
            }
        ),
        "{status:?}"
    );
}

#[test]
fn unusable_sources_give_unknown_with_reasons() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    server.set_fault(Fault::Garbage);
    let status = online().status(
        &pki.signer1.certificate,
        &pki.ape.certificate,
        datetime::now(),
    );
    let RevocationStatus::Unknown(reasons) = status else {
        panic!("{status:?}")
    };
    assert!(
        reasons.iter().any(|r| r.starts_with("OCSP"))
            && reasons.iter().any(|r| r.starts_with("CRL")),
        "{reasons:?}"
    );
    // Offline, only given CRLs count.
    let offline = RevocationChecker::offline();
    assert!(matches!(
        offline.status(
            &pki.signer1.certificate,
            &pki.ape.certificate,
            datetime::now()
        ),
        RevocationStatus::Unknown(_)
    ));
    let mut with_crl = RevocationChecker::offline();
    let crl = pki
        .crl("ape", datetime::now(), ades_core::time::Duration::days(7))
        .unwrap();
    with_crl.add_crl("ape.crl", Crl::from_bytes(&crl).unwrap());
    assert!(matches!(
        with_crl.status(
            &pki.revoked.certificate,
            &pki.ape.certificate,
            datetime::now()
        ),
        RevocationStatus::Revoked { .. }
    ));
    // A CRL signed by another CA is not used.
    let mut wrong = RevocationChecker::offline();
    let root_crl = pki
        .crl("root", datetime::now(), ades_core::time::Duration::days(7))
        .unwrap();
    wrong.add_crl("root.crl", Crl::from_bytes(&root_crl).unwrap());
    assert!(matches!(
        wrong.status(
            &pki.signer1.certificate,
            &pki.ape.certificate,
            datetime::now()
        ),
        RevocationStatus::Unknown(_)
    ));
}

#[test]
fn truncated_and_flipped_revocation_data_never_panics() {
    let pki = TestPki::shared();
    let crl = pki
        .crl("ape", datetime::now(), ades_core::time::Duration::days(7))
        .unwrap();
    for n in 0..crl.len() {
        assert!(Crl::from_bytes(&crl[..n]).is_err());
    }
    for i in 0..crl.len() {
        let mut bad = crl.clone();
        bad[i] ^= 0x41;
        // Every flip either breaks the structure or the signature: none may verify.
        if let Ok(parsed) = Crl::from_bytes(&bad) {
            assert!(
                !parsed.is_signed_by(&pki.ape.certificate),
                "flip at {i} still verifies"
            );
        }
    }
    let request = ades_trust::ocsp::request(
        &ades_trust::ocsp::CertId::new(
            &pki.signer1.certificate,
            &pki.ape.certificate,
            ades_core::DigestAlgorithm::Sha1,
        )
        .unwrap(),
        b"nonce",
    );
    let response = pki
        .ocsp_response(&request, datetime::now(), &pki.ocsp)
        .unwrap();
    for n in 0..response.len() {
        assert!(
            ades_trust::ocsp::verify_response(
                &response[..n],
                &pki.signer1.certificate,
                &pki.ape.certificate,
                Some(b"nonce")
            )
            .is_err()
        );
    }
    assert!(
        ades_trust::ocsp::verify_response(
            &response,
            &pki.signer1.certificate,
            &pki.ape.certificate,
            Some(b"nonce")
        )
        .is_ok()
    );
    assert!(matches!(
        ades_trust::ocsp::verify_response(
            &response,
            &pki.signer1.certificate,
            &pki.ape.certificate,
            Some(b"other")
        ),
        Err(ades_trust::ocsp::OcspError::NonceMismatch)
    ));
}
