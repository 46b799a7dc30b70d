//! A PAdES signature time-stamp whose TSA was revoked after its genTime proves the signing
//! time only when a later document time-stamp shows it existed before the revocation (its
//! own genTime proves nothing about itself).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

#[path = "../../ades-pdf/tests/common/mod.rs"]
mod common;
mod support;

use ades_core::report::{Outcome, SigningTimeSource};
use ades_core::time::Duration;
use ades_core::{DigestAlgorithm, Indication, Sha256, datetime};
use ades_pades::{PadesBuilder, PadesOptions, PadesValidator, SourcePdf, timestamp_document};
use ades_policy::MadridPolicy;
use ades_testkit::TestPki;
use ades_testkit::clock::FixedClockTsa;
use ades_trust::ChainValidator;
use ades_tsp::TsaClient;

#[test]
fn a_document_time_stamp_proves_a_token_whose_tsa_was_revoked_later() {
    let pki = TestPki::shared();
    let tsa2 = pki.second_tsa().unwrap();
    let before = TestPki::revocation_time() - Duration::days(30);
    let stamped_at = before + Duration::minutes(1);
    let revoked_tsa = FixedClockTsa::new(pki, &tsa2, stamped_at);
    let source = SourcePdf::from_bytes(support::simple_pdf("", &[])).unwrap();
    let signed = PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .options(PadesOptions::default())
        .sign::<Sha256>(
            &source,
            &pki.signer1.key,
            before,
            Some(&TsaClient::new("fixed-clock", &revoked_tsa)),
        )
        .unwrap()
        .to_vec(&source)
        .unwrap();

    let now = datetime::now();
    let crls = pki.current_crls(now, &[&tsa2.certificate]).unwrap();
    let chain = ChainValidator::offline([pki.root.certificate.clone()], crls).unwrap();
    let policy = MadridPolicy::default();
    let validate = |pdf: &[u8]| {
        PadesValidator::new(&policy)
            .certificate_validator(&chain)
            .validate(pdf.to_vec(), "poe.pdf")
            .signatures
    };

    // Nothing but now proves the token existed, and its TSA is revoked since.
    let alone = validate(&signed).remove(0);
    assert_eq!(alone.indication, Indication::Indeterminate);
    assert_ne!(alone.signing_time_source, SigningTimeSource::Timestamp);
    assert!(
        alone.checks.iter().any(|c| c.outcome == Outcome::Failed
            && c.detail.contains("nothing proves it was used before"))
    );

    // A document time-stamp from the PKI's own TSA, made before the revocation.
    let archive_tsa = FixedClockTsa::new(pki, &pki.tsa, before + Duration::minutes(2));
    let source = SourcePdf::from_bytes(signed).unwrap();
    let archived = timestamp_document(
        &source,
        &TsaClient::new("fixed-clock", &archive_tsa),
        DigestAlgorithm::Sha256,
    )
    .unwrap()
    .to_vec(&source)
    .unwrap();
    let reports = validate(&archived);
    let proven = &reports[0];
    assert_eq!(
        proven.indication,
        Indication::TotalPassed,
        "{:?}",
        proven.checks
    );
    assert_eq!(proven.signing_time_source, SigningTimeSource::Timestamp);
    assert_eq!(proven.signing_time, Some(stamped_at));
    assert_eq!(reports[1].indication, Indication::TotalPassed);

    // A document time-stamp of the revoked TSA over it (back-dated), then one of the good TSA:
    // the newest proves the one before it, whose TSA was revoked only later.
    let stamp = |pdf: Vec<u8>, tsa: &ades_testkit::Identity, at| {
        let clock = FixedClockTsa::new(pki, tsa, at);
        let source = SourcePdf::from_bytes(pdf).unwrap();
        timestamp_document(
            &source,
            &TsaClient::new("fixed-clock", &clock),
            DigestAlgorithm::Sha256,
        )
        .unwrap()
        .to_vec(&source)
        .unwrap()
    };
    let by_revoked = stamp(archived, &tsa2, before + Duration::minutes(3));
    let alone = validate(&by_revoked);
    assert_eq!(alone.len(), 3);
    assert_eq!(
        alone[2].indication,
        Indication::Indeterminate,
        "{:?}",
        alone[2].checks
    );
    let covered = stamp(by_revoked, &pki.tsa, before + Duration::minutes(4));
    let reports = validate(&covered);
    assert_eq!(reports.len(), 4);
    for report in &reports {
        assert_eq!(
            report.indication,
            Indication::TotalPassed,
            "{:?}",
            report.checks
        );
    }
}
