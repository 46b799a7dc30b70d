//! A signature time-stamp whose TSA was revoked after its genTime proves the signing time
//! only when a later archive time-stamp shows it existed before the revocation (its own
//! genTime proves nothing about itself). Time-stamps "made in the past" come from the test
//! PKI's TSAs at a fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::report::{Outcome, SigningTimeSource};
use ades_core::time::Duration;
use ades_core::{DataFormat, DigestAlgorithm, Indication, Sha256, datetime};
use ades_policy::MadridPolicy;
use ades_testkit::TestPki;
use ades_testkit::clock::{FixedClockTsa, NoValidationData};
use ades_trust::ChainValidator;
use ades_tsp::{LongTermServices, TsaClient};
use ades_xades::{Limits, StampTargets, XadesBuilder, XadesValidator, add_signature_timestamps};

#[test]
fn an_archive_time_stamp_proves_a_token_whose_tsa_was_revoked_later() {
    let pki = TestPki::shared();
    let tsa2 = pki.second_tsa().unwrap();
    let before = TestPki::revocation_time() - Duration::days(30);
    let signed = XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .internally_detached("licencia.txt", b"Licencia de actividad".to_vec())
        .sign::<Sha256>(&pki.signer1.key, before)
        .unwrap();
    let stamped_at = before + Duration::minutes(1);
    let revoked_tsa = FixedClockTsa::new(pki, &tsa2, stamped_at);
    let limits = Limits::default();
    let (stamped, _) = add_signature_timestamps(
        signed.as_bytes(),
        &TsaClient::new("fixed-clock", &revoked_tsa),
        DigestAlgorithm::Sha256,
        StampTargets::All,
        &limits,
    )
    .unwrap();

    let now = datetime::now();
    let crls = pki.current_crls(now, &[&tsa2.certificate]).unwrap();
    let chain = ChainValidator::offline([pki.root.certificate.clone()], crls).unwrap();
    let policy = MadridPolicy::default();
    let validate = |xml: &[u8]| {
        XadesValidator::new(&policy)
            .certificate_validator(&chain)
            .validate(xml, "poe")
            .unwrap()
            .signatures
            .remove(0)
    };

    // Nothing but now proves the token existed, and its TSA is revoked since.
    let alone = validate(&stamped);
    assert_eq!(alone.indication, Indication::Indeterminate);
    assert_ne!(alone.signing_time_source, SigningTimeSource::Timestamp);
    assert!(
        alone.checks.iter().any(|c| c.outcome == Outcome::Failed
            && c.detail.contains("nothing proves it was used before"))
    );

    // An archive time-stamp from the PKI's own TSA, made before the revocation.
    let archive_tsa = FixedClockTsa::new(pki, &pki.tsa, before + Duration::minutes(2));
    let archive_client = TsaClient::new("fixed-clock", &archive_tsa);
    let services = LongTermServices {
        source: &NoValidationData,
        tsa: &archive_client,
        digest: DigestAlgorithm::Sha256,
        now: before + Duration::minutes(2),
        content: None,
    };
    let (archived, _) = ades_xades::extend_to_lta(&stamped, &services, &limits).unwrap();
    let proven = validate(&archived);
    assert_eq!(
        proven.indication,
        Indication::TotalPassed,
        "{:?}",
        proven.checks
    );
    assert_eq!(proven.signing_time_source, SigningTimeSource::Timestamp);
    assert_eq!(proven.signing_time, Some(stamped_at));

    // A token of the revoked TSA added after the archive time-stamp, back-dated before it:
    // the archive covers what precedes it only, so it proves nothing about this one.
    let back_dated = FixedClockTsa::new(pki, &tsa2, before + Duration::seconds(30));
    let (appended, _) = add_signature_timestamps(
        &archived,
        &TsaClient::new("fixed-clock", &back_dated),
        DigestAlgorithm::Sha256,
        StampTargets::All,
        &limits,
    )
    .unwrap();
    let appended = validate(&appended);
    assert_ne!(appended.signing_time, Some(before + Duration::seconds(30)));
    ades_testkit::assert_one_time_stamp_unproven(&appended);
}
