//! Conformance on signatures we did not make: the CAdES files of the interop references
//! (made by pyHanko, OpenSSL and endesive over a Certomancer test PKI) and of the foreign
//! corpus (EU DSS, AutoFirma), judged as their manifests say.
//!
//! The folders are third-party data that is not committed: they are read from
//! `ADES_REFERENCE_DIR` (default `../shared/interop/reference`) and `ADES_CORPUS_DIR` (default
//! `../shared/corpus`). When a folder is absent the test says how many files it skipped.
//!
//! The references' certificates point at the OCSP responder and CRLs of a Certomancer test PKI
//! on 127.0.0.1:19180, which `scripts/test.sh` serves and announces in `ADES_REFERENCE_PKI`:
//! with it every reference must get exactly the manifest's verdict (valid: TOTAL-PASSED).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

mod judging;

use std::path::PathBuf;

use ades::MadridPolicy;
use ades::cades::CadesValidator;
use ades::core::report::Outcome;
use ades::core::validation::FileContent;
use ades::policy::{Recognised, known};

#[test]
fn interop_references_get_the_manifest_verdict() {
    let Some((dir, rows)) = judging::references() else {
        return;
    };
    let chain = judging::reference_chain(&dir);
    let madrid = known::madrid(&MadridPolicy::default());
    let (mut judged, mut problems) =
        judging::judge_references(&dir, &rows, "CAdES", |row, bytes| {
            // A detached reference has its content beside it, without the `.p7s`.
            let content = dir
                .join(&row["file"])
                .to_str()
                .and_then(|n| n.strip_suffix(".p7s"))
                .map(PathBuf::from)
                .filter(|p| p.exists())
                .map(FileContent);
            let mut validator = CadesValidator::new(&madrid).certificate_validator(&chain);
            if let Some(c) = &content {
                validator = validator.detached_content(c);
            }
            validator.validate(&bytes, &row["file"]).expect("validate")
        });
    for row in rows.iter().filter(|r| r["format"] == "TST") {
        let file = dir.join(&row["file"]);
        let bytes = std::fs::read(&file).expect("reference token");
        let token = match ades::tsp::TimeStampToken::from_der(&bytes) {
            Ok(t) => t,
            Err(_) => ades::tsp::TimeStampResponse::from_der(&bytes)
                .and_then(|r| r.into_token())
                .expect("token"),
        };
        let data = std::fs::read(file.with_extension("")).expect("time-stamped data");
        let mut checks = ades::core::report::CheckList::new();
        let digest_of = |alg| Some(ades::core::digest::digest(alg, &data));
        let now = ades::core::datetime::now();
        let time = token.verify(
            ades::core::CheckId::Timestamp,
            &digest_of,
            &ades::tsp::TokenContext::new(Some(&chain), &ades::core::ValidationData::new(), now),
            &mut checks,
        );
        judged += 1;
        if (row["expected"] == "valid") != time.is_some() {
            let failed: Vec<_> = checks
                .checks()
                .iter()
                .filter(|c| c.outcome == Outcome::Failed)
                .map(|c| c.detail.clone())
                .collect();
            problems.push(format!(
                "{} (expected {}): {:?} {failed:?}",
                row["file"],
                row["expected"],
                checks.verdict()
            ));
        }
    }
    judging::finish("CAdES and time-stamp", judged, 15, &problems);
}

#[test]
fn foreign_cades_corpus_is_judged_as_the_manifest_says() {
    let recognised = Recognised::new(MadridPolicy::default());
    judging::judge_corpus(
        "cades",
        15,
        |dir, row, bytes| {
            let content = judging::corpus_content(dir, row).map(FileContent);
            let mut validator = CadesValidator::new(&recognised);
            if let Some(c) = &content {
                validator = validator.detached_content(c);
            }
            validator
                .validate(&bytes, &row["file"])
                .unwrap_or_else(|e| panic!("{}: {e}", row["file"]))
        },
        |_, _| None,
    );
}

#[test]
fn foreign_archive_time_stamps_v2_verify_and_prove_nothing_once_the_signature_changes() {
    let Some((dir, _)) = judging::corpus() else {
        return;
    };
    let bytes = std::fs::read(dir.join("dss_c_Signature-C-B-LTA-10.p7m")).expect("corpus file");
    let policy = Recognised::new(MadridPolicy::default());
    // The failed archive time-stamp checks and their sub-indications.
    let archive_failures = |bytes: &[u8]| {
        let report = CadesValidator::new(&policy)
            .validate(bytes, "lta")
            .expect("validate");
        let signature = report.signatures.into_iter().next().expect("a signer");
        let passed = signature
            .checks
            .iter()
            .filter(|c| c.name == ades::CheckId::ArchiveTimestamp && c.outcome == Outcome::Passed)
            .count();
        let failed: Vec<_> = signature
            .checks
            .iter()
            .filter(|c| c.name == ades::CheckId::ArchiveTimestamp && c.outcome == Outcome::Failed)
            .map(|c| c.sub_indication)
            .collect();
        (passed, failed)
    };
    // As made (ETSI plugtests): its archive-time-stamp-v2 and -v3 verify.
    let (passed, failed) = archive_failures(&bytes);
    assert!(passed > 0 && failed.is_empty(), "{failed:?}");
    // A certificate added after the fact: the v2 time-stamp (which covers the certificates
    // field) proves nothing any more; the v3 one (whose index names what it covered) holds.
    let mut sd = ades::cades::SignedData::from_bytes(&bytes).expect("SignedData");
    sd.add_certificate(&ades_testkit::TestPki::shared().root.certificate);
    let (_, failed) = archive_failures(&sd.to_der());
    assert_eq!(failed, [Some(ades::SubIndication::NoPoe)]);
}
