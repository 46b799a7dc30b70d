//! A token's genTime proves nothing about the token itself: a TSA revoked or expired after
//! genTime leaves the token unproven unless a later time-stamp shows it existed before
//! (EN 319 102-1 §5.6.2.1; a stolen TSA key would otherwise back-date tokens).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::report::{CheckList, Outcome};
use ades_core::time::{Duration, OffsetDateTime};
use ades_core::{CheckId, DigestAlgorithm, SubIndication, ValidationData, datetime, digest};
use ades_testkit::{Identity, TestPki};
use ades_trust::ChainValidator;
use ades_tsp::{MessageImprint, TimeStampToken, TokenContext};

const DATA: &[u8] = b"Decreto de la Alcaldia";

/// A token over [`DATA`] by `tsa` at `gen_time`.
fn token_by(pki: &TestPki, tsa: &Identity, gen_time: OffsetDateTime) -> TimeStampToken {
    let imprint = MessageImprint::new(
        DigestAlgorithm::Sha256,
        digest::digest(DigestAlgorithm::Sha256, DATA),
    );
    let der = pki
        .timestamp_token_by(tsa, &imprint.to_der(), None, true, gen_time)
        .unwrap();
    TimeStampToken::from_der(&der).unwrap()
}

/// The validator of the test PKI, offline with its current CRLs (listing `revoked`).
fn validator(pki: &TestPki, revoked: &[&ades_core::Certificate]) -> ChainValidator {
    let crls = pki.current_crls(datetime::now(), revoked).unwrap();
    ChainValidator::offline([pki.root.certificate.clone()], crls).unwrap()
}

/// Verifies `token` with `embedded` data, proven to exist by `poe`.
fn verify(
    token: &TimeStampToken,
    chain: &ChainValidator,
    embedded: &ValidationData,
    poe: Option<OffsetDateTime>,
) -> (Option<OffsetDateTime>, CheckList) {
    let mut checks = CheckList::new();
    let ctx = TokenContext::new(Some(chain), embedded, datetime::now()).existing_by(poe);
    let digest_of = |alg| Some(digest::digest(alg, DATA));
    let time = token.verify(CheckId::Timestamp, &digest_of, &ctx, &mut checks);
    (time, checks)
}

/// Whether a check of `name` has `outcome` (and `sub`, if given) and says `detail`.
fn has(
    checks: &CheckList,
    name: CheckId,
    outcome: Outcome,
    sub: Option<SubIndication>,
    detail: &str,
) -> bool {
    checks.checks().iter().any(|c| {
        c.name == name
            && c.outcome == outcome
            && sub.is_none_or(|s| c.sub_indication == Some(s))
            && c.detail.contains(detail)
    })
}

#[test]
fn a_token_of_a_tsa_revoked_since_needs_a_later_proof_of_existence() {
    let pki = TestPki::shared();
    let tsa2 = pki.second_tsa().unwrap();
    // Made (or back-dated) a month before the TSA was revoked for key compromise.
    let gen_time = TestPki::revocation_time() - Duration::days(30);
    let token = token_by(pki, &tsa2, gen_time);
    let chain = validator(pki, &[&tsa2.certificate]);
    let nothing = ValidationData::new();
    let day = Duration::days(1);

    // Nothing but the validation time proves the token existed: the revocation undoes it.
    let (time, checks) = verify(&token, &chain, &nothing, None);
    assert_eq!(time, None);
    assert!(has(
        &checks,
        CheckId::Revocation,
        Outcome::Failed,
        Some(SubIndication::RevokedNoPoe),
        "nothing proves it was used before"
    ));

    // A later time-stamp proves it existed before the revocation: it stands, with a warning.
    let (time, checks) = verify(&token, &chain, &nothing, Some(gen_time + day));
    assert_eq!(time, Some(gen_time), "{:?}", checks.checks());
    assert!(has(
        &checks,
        CheckId::Revocation,
        Outcome::Warning,
        None,
        "after the time a later time-stamp proves the token existed by"
    ));

    // A later proof after the revocation proves nothing in time.
    let late = Some(TestPki::revocation_time() + day);
    assert_eq!(verify(&token, &chain, &nothing, late).0, None);

    // A genuine CRL from before the revocation, embedded beside the token, shows nothing
    // about the time since: the current CRL the validator was given decides.
    let mut stale = ValidationData::new();
    stale.add_crl(pki.crl("ape", gen_time + day, day).unwrap());
    let (time, checks) = verify(&token, &chain, &stale, None);
    assert_eq!(time, None);
    assert!(
        has(
            &checks,
            CheckId::Revocation,
            Outcome::Failed,
            None,
            "TSA 2 TEST-RCM: revoked"
        ),
        "{:?}",
        checks.checks()
    );
}

/// A TSA certificate that expired after genTime but before anything proves the token
/// existed: past its expiry the key may be used with no revocation published.
#[test]
fn a_token_of_a_tsa_expired_since_needs_a_later_proof_of_existence() {
    let pki = TestPki::shared();
    let tsa = pki.expired_tsa().unwrap();
    let gen_time = datetime::parse_rfc3339("2025-06-01T00:00:00Z").unwrap();
    let token = token_by(pki, &tsa, gen_time);
    let chain = validator(pki, &[]);
    let nothing = ValidationData::new();
    let (time, checks) = verify(&token, &chain, &nothing, None);
    assert_eq!(time, None);
    assert!(has(
        &checks,
        CheckId::CertificateValidity,
        Outcome::Failed,
        Some(SubIndication::OutOfBoundsNoPoe),
        "before anything proves the token existed"
    ));
    let (time, checks) = verify(
        &token,
        &chain,
        &nothing,
        Some(gen_time + Duration::days(30)),
    );
    assert_eq!(time, Some(gen_time), "{:?}", checks.checks());
}
