//! Chain building and path validation at a given time, on the test PKI.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

use ades_core::datetime::parse_rfc3339;
use ades_testkit::TestPki;
use ades_trust::{PathError, TrustStore, build_path};

fn store_with_root() -> TrustStore {
    let mut store = TrustStore::new();
    store.add_anchor(TestPki::shared().root.certificate.clone());
    store
}

#[test]
fn builds_signer_to_root_through_the_embedded_intermediate() {
    let pki = TestPki::shared();
    let path = build_path(&pki.signer1.certificate, &pki.chain(), &store_with_root()).unwrap();
    let names: Vec<String> = path
        .certificates()
        .iter()
        .map(|c| c.common_name().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "ESPAÑOL ESPAÑOL JUAN - 12345678Z",
            "AC APE TEST",
            "AC RAIZ TEST-RCM"
        ]
    );
    assert!(
        path.validate_at(parse_rfc3339("2026-11-22T00:00:00Z").unwrap())
            .is_empty()
    );
}

#[test]
fn no_anchor_no_path() {
    let pki = TestPki::shared();
    let err = build_path(&pki.signer1.certificate, &pki.chain(), &TrustStore::new()).unwrap_err();
    assert!(matches!(err, PathError::NoPath { .. }));
    // Without the intermediate, the root alone cannot reach the signer.
    let err = build_path(&pki.signer1.certificate, &[], &store_with_root()).unwrap_err();
    assert!(matches!(err, PathError::NoPath { .. }));
}

#[test]
fn validity_is_judged_at_the_given_time() {
    let pki = TestPki::shared();
    let path = build_path(&pki.expired.certificate, &pki.chain(), &store_with_root()).unwrap();
    let now = path.validate_at(parse_rfc3339("2026-11-22T00:00:00Z").unwrap());
    assert!(
        matches!(
            now.as_slice(),
            [PathError::OutsideValidity {
                index: 0,
                expired: true,
                ..
            }]
        ),
        "{now:?}"
    );
    assert!(
        path.validate_at(parse_rfc3339("2021-06-01T00:00:00Z").unwrap())
            .is_empty()
    );
    let before = path.validate_at(parse_rfc3339("2019-06-01T00:00:00Z").unwrap());
    assert!(
        before
            .iter()
            .any(|p| matches!(p, PathError::OutsideValidity { expired: false, .. }))
    );
}

#[test]
fn an_end_entity_cannot_issue() {
    // signer1 as the "issuer" of nothing: validate a path where a leaf sits in an issuer slot
    // by trusting signer2 and asking for a chain from a certificate it did not sign.
    let pki = TestPki::shared();
    let mut store = TrustStore::new();
    store.add_anchor(pki.signer2.certificate.clone());
    assert!(build_path(&pki.signer1.certificate, &pki.chain(), &store).is_err());
    // The intermediate's CA constraints are checked on the real path.
    let path = build_path(&pki.tsa.certificate, &pki.chain(), &store_with_root()).unwrap();
    assert!(
        path.validate_at(parse_rfc3339("2026-11-22T00:00:00Z").unwrap())
            .is_empty()
    );
}

#[test]
fn loads_anchors_from_files_and_directories() {
    let dir = tempfile::tempdir().unwrap();
    TestPki::shared().write_to(dir.path()).unwrap();
    let mut store = TrustStore::new();
    assert_eq!(store.add_file(&dir.path().join("chain.pem")).unwrap(), 2);
    assert_eq!(store.add_file(&dir.path().join("root.der")).unwrap(), 1);
    assert_eq!(store.anchors().len(), 2, "duplicates are not added twice");
    let mut from_dir = TrustStore::new();
    assert!(from_dir.add_directory(dir.path()).unwrap() >= 9);
    std::fs::write(
        dir.path().join("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    assert!(TrustStore::new().add_directory(dir.path()).is_err());
}

#[test]
fn a_loop_of_issuers_ends_without_a_path() {
    let pki = TestPki::shared();
    let (leaf, loop_cas) = pki.issuer_loop().unwrap();
    let started = std::time::Instant::now();
    let err = build_path(&leaf, &loop_cas, &store_with_root()).unwrap_err();
    assert!(matches!(err, PathError::NoPath { .. }), "{err:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn a_thousand_certificate_chain_stops_at_the_budget() {
    let pki = TestPki::shared();
    let chain = pki.long_chain(1000).unwrap();
    let (leaf, cas) = chain.split_first().unwrap();
    let started = std::time::Instant::now();
    let err = build_path(leaf, cas, &store_with_root()).unwrap_err();
    assert_eq!(err, PathError::BudgetExceeded);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // A chain within the limit is built.
    let short = pki.long_chain(3).unwrap();
    let (leaf, cas) = short.split_first().unwrap();
    let path = build_path(leaf, cas, &store_with_root()).unwrap();
    assert_eq!(path.certificates().len(), 5);
}

/// Name constraints bind the certificates below a CA whether marked critical or not
/// (RFC 5280 §4.2.1.10): a Spanish signer under a CA permitted only Portuguese names fails.
#[test]
fn name_constraints_bind_critical_or_not() {
    let pki = TestPki::shared();
    let at = parse_rfc3339("2026-11-22T00:00:00Z").unwrap();
    for critical in [false, true] {
        let (leaf, ca) = pki.name_constrained("ES", critical).unwrap();
        let path = build_path(&leaf, &[ca], &store_with_root()).unwrap();
        assert!(path.validate_at(at).is_empty(), "critical {critical}");

        let (leaf, ca) = pki.name_constrained("PT", critical).unwrap();
        let path = build_path(&leaf, &[ca], &store_with_root()).unwrap();
        let problems = path.validate_at(at);
        assert!(
            matches!(
                problems.as_slice(),
                [PathError::NameConstraints { reason, .. }]
                    if reason.contains("outside the permitted subtrees")
            ),
            "critical {critical}: {problems:?}"
        );
    }
}

/// A trusted list's time-stamping services are anchors for time-stamping chains only: a
/// TSA's CA listed as a TSA service does not vouch for signers.
#[test]
fn a_tsa_anchor_ends_time_stamping_chains_only() {
    let pki = TestPki::shared();
    let mut store = TrustStore::new();
    store.add_tsa_anchor(pki.root.certificate.clone());
    assert!(build_path(&pki.tsa.certificate, &pki.chain(), &store).is_ok());
    assert!(matches!(
        build_path(&pki.signer1.certificate, &pki.chain(), &store),
        Err(PathError::NoPath { .. })
    ));
}
