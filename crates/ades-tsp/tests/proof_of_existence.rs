//! A token's genTime proves nothing about the token itself: a TSA revoked after genTime
//! leaves the token unproven unless a later time-stamp shows it existed before the
//! revocation (EN 319 102-1 §5.6.2.4; a stolen TSA key would otherwise back-date tokens).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::report::{CheckList, Outcome};
use ades_core::time::{Duration, OffsetDateTime};
use ades_core::{CheckId, DigestAlgorithm, ValidationData, datetime, digest};
use ades_testkit::TestPki;
use ades_trust::ChainValidator;
use ades_tsp::{MessageImprint, TimeStampToken, TokenContext};

#[test]
fn a_token_of_a_tsa_revoked_since_needs_a_later_proof_of_existence() {
    let pki = TestPki::shared();
    let tsa2 = pki.second_tsa().unwrap();
    let data = b"Decreto de la Alcaldia";
    let imprint = MessageImprint::new(
        DigestAlgorithm::Sha256,
        digest::digest(DigestAlgorithm::Sha256, data),
    );
    // Made (or back-dated) a month before the TSA was revoked for key compromise.
    let gen_time = TestPki::revocation_time() - Duration::days(30);
    let token = TimeStampToken::from_der(
        &pki.timestamp_token_by(&tsa2, &imprint.to_der(), None, true, gen_time)
            .unwrap(),
    )
    .unwrap();

    let now = datetime::now();
    let day = Duration::days(1);
    let crls = pki.current_crls(now, &[&tsa2.certificate]).unwrap();
    let chain = ChainValidator::offline([pki.root.certificate.clone()], crls).unwrap();
    let nothing = ValidationData::new();
    let digest_of = |alg| Some(digest::digest(alg, data));
    let verify = |poe: Option<OffsetDateTime>| {
        let mut checks = CheckList::new();
        let ctx = TokenContext::new(Some(&chain), &nothing, now).existing_by(poe);
        let time = token.verify(CheckId::Timestamp, &digest_of, &ctx, &mut checks);
        (time, checks)
    };
    let revocation = |checks: &CheckList, outcome: Outcome| -> Vec<String> {
        checks
            .checks()
            .iter()
            .filter(|c| c.name == CheckId::Revocation && c.outcome == outcome)
            .map(|c| c.detail.clone())
            .collect()
    };

    // Nothing but the validation time proves the token existed: the revocation undoes it.
    let (time, checks) = verify(None);
    assert_eq!(time, None);
    let failed = revocation(&checks, Outcome::Failed);
    assert!(
        failed
            .iter()
            .any(|d| d.contains("nothing proves it was used before")),
        "{failed:?}"
    );

    // A later time-stamp proves it existed before the revocation: it stands, with a warning.
    let (time, checks) = verify(Some(gen_time + day));
    assert_eq!(time, Some(gen_time), "{:?}", checks.checks());
    let warned = revocation(&checks, Outcome::Warning);
    assert!(
        warned
            .iter()
            .any(|d| d.contains("after the time a later time-stamp proves the token existed by")),
        "{warned:?}"
    );

    // A later proof after the revocation proves nothing in time.
    let (time, _) = verify(Some(TestPki::revocation_time() + day));
    assert_eq!(time, None);
}
