//! id-pkix-ocsp-nocheck and delegated OCSP responders (RFC 6960 §4.2.2.2.1): a responder
//! without the extension has its own certificate checked against its issuer's CRL, and the
//! extension waives nothing in a signer's chain.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::report::{CheckList, Outcome};
use ades_core::validation::{CertificateValidator, ValidationTime};
use ades_core::{CheckId, DigestAlgorithm, ValidationData, datetime};
use ades_testkit::{Identity, TestPki};
use ades_trust::ocsp::{self, CertId};
use ades_trust::{
    ChainValidator, Crl, RevocationChecker, RevocationStatus, StatusRequest, StatusSource,
    TrustStore,
};

/// An OCSP response about `about`, signed by `responder`.
fn response_by(pki: &TestPki, about: &Identity, responder: &Identity) -> Vec<u8> {
    let id = CertId::new(
        &about.certificate,
        &pki.ape.certificate,
        DigestAlgorithm::Sha1,
    )
    .unwrap();
    let request = ocsp::request(&id, b"nonce");
    pki.ocsp_response(&request, datetime::now(), responder)
        .unwrap()
}

/// The status of `about` from the embedded `data` alone.
fn embedded_status(pki: &TestPki, about: &Identity, data: &ValidationData) -> RevocationStatus {
    let request = StatusRequest {
        embedded: data,
        ..StatusRequest::at(datetime::now())
    };
    RevocationChecker::offline().status_with(&about.certificate, &pki.ape.certificate, &request)
}

fn ape_crl(pki: &TestPki, also: &[&ades_core::Certificate]) -> Vec<u8> {
    let day = ades_core::time::Duration::days(1);
    pki.crl_also_revoking("ape", datetime::now(), day, also)
        .unwrap()
}

#[test]
fn a_responder_without_nocheck_is_checked_against_its_issuers_crl() {
    let pki = TestPki::shared();
    let responder = pki.responder_without_nocheck().unwrap();
    let response = response_by(pki, &pki.signer1, &responder);

    // Nothing shows the responder's own status: its answer is not used.
    let mut data = ValidationData::new();
    data.add_ocsp_response(response.clone());
    match embedded_status(pki, &pki.signer1, &data) {
        RevocationStatus::Unknown(attempts) => assert!(
            attempts.join("; ").contains("lacks id-pkix-ocsp-nocheck"),
            "{attempts:?}"
        ),
        other => panic!("{other:?}"),
    }

    // The issuer's CRL shows it not revoked: the answer stands, with the CRL as its support.
    let mut data = ValidationData::new();
    data.add_ocsp_response(response.clone());
    data.add_crl(ape_crl(pki, &[]));
    match embedded_status(pki, &pki.signer1, &data) {
        RevocationStatus::Good {
            source: StatusSource::Ocsp(_),
            responder_evidence: Some(_),
            ..
        } => {}
        other => panic!("{other:?}"),
    }

    // The CRL lists the responder as revoked (key compromise): the answer is refused and
    // the CRL itself decides signer1's status.
    let mut data = ValidationData::new();
    data.add_ocsp_response(response);
    data.add_crl(ape_crl(pki, &[&responder.certificate]));
    assert!(
        Crl::from_bytes(&data.crls[0])
            .unwrap()
            .entry(&responder.certificate)
            .is_some()
    );
    match embedded_status(pki, &pki.signer1, &data) {
        RevocationStatus::Good {
            source: StatusSource::Crl(_),
            ..
        } => {}
        other => panic!("{other:?}"),
    }
}

/// Its "revoked" stands without any CRL: a responder the CA authorised can only make the
/// verdict stricter (refusing it would let an older CRL say "good").
#[test]
fn a_revoked_answer_needs_no_standing() {
    let pki = TestPki::shared();
    let responder = pki.responder_without_nocheck().unwrap();
    let mut data = ValidationData::new();
    data.add_ocsp_response(response_by(pki, &pki.revoked, &responder));
    match embedded_status(pki, &pki.revoked, &data) {
        RevocationStatus::Revoked {
            source: StatusSource::Ocsp(_),
            ..
        } => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_responder_with_nocheck_needs_no_crl() {
    let pki = TestPki::shared();
    let mut data = ValidationData::new();
    data.add_ocsp_response(response_by(pki, &pki.signer1, &pki.ocsp));
    match embedded_status(pki, &pki.signer1, &data) {
        RevocationStatus::Good {
            source: StatusSource::Ocsp(_),
            responder_evidence: None,
            ..
        } => {}
        other => panic!("{other:?}"),
    }
}

/// The revocation failures of validating `cert` offline, with only the root's CRL given.
fn revocation_failures(cert: &ades_core::Certificate) -> Vec<String> {
    let pki = TestPki::shared();
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let now = datetime::now();
    let root_crl = pki
        .crl("root", now, ades_core::time::Duration::days(1))
        .unwrap();
    let mut checker = RevocationChecker::offline();
    checker.add_crl("root.crl", Crl::from_bytes(&root_crl).unwrap());
    let validator = ChainValidator::new(store).with_revocation(checker);
    let mut checks = CheckList::new();
    validator.validate_certificate(cert, &pki.chain(), &ValidationTime::now(now), &mut checks);
    checks
        .checks()
        .iter()
        .filter(|c| c.name == CheckId::Revocation && c.outcome == Outcome::Failed)
        .map(|c| c.detail.clone())
        .collect()
}

/// id-pkix-ocsp-nocheck waives a status check only where a certificate signs OCSP
/// responses: in a signer's chain it waives nothing, on a responder's certificate (its key
/// used to sign a document) as on any other.
#[test]
fn nocheck_waives_nothing_in_a_signers_chain() {
    let pki = TestPki::shared();
    assert!(pki.ocsp.certificate.is_ocsp_nocheck_responder());
    let claiming = pki.signer_claiming_nocheck().unwrap();
    assert!(!claiming.is_ocsp_nocheck_responder());
    for cert in [&pki.ocsp.certificate, &claiming] {
        let failures = revocation_failures(cert);
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(failures[0].contains("status unknown"), "{failures:?}");
    }
}
