//! Conformance on PDF signatures we did not make: the PAdES files of the interop references
//! (pyHanko and endesive over a Certomancer test PKI) and the PDFs of the foreign corpus (EU
//! DSS, AutoFirma, pyHanko, the RUB-NDS attack PDFs), judged as their manifests say.
//!
//! The folders are third-party data that is not committed: they are read from
//! `ADES_REFERENCE_DIR` (default `../shared/interop/reference`) and `ADES_CORPUS_DIR` (default
//! `../shared/corpus`). When a folder is absent the test says how many files it skipped.
//!
//! References: with the test PKI served (`ADES_REFERENCE_PKI`, see scripts/test.sh) every one
//! gets exactly the manifest's verdict under the Madrid policy; the tampered one is a
//! HASH_FAILURE. Corpus: the shared judging classes, and more: an attack file (`attack:` in the
//! notes) comes out TOTAL-FAILED — the modification, wrapping or forgery found, not merely an
//! unknown chain —, an intact file never TOTAL-FAILED, and nothing panics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

mod judging;

use ades::pades::PadesValidator;
use ades::policy::{Recognised, known};
use ades::{Indication, MadridPolicy};

#[test]
fn pades_references_get_the_manifest_verdict() {
    let Some((dir, rows)) = judging::references() else {
        return;
    };
    let chain = judging::reference_chain(&dir);
    let madrid = known::madrid(&MadridPolicy::default());
    let (judged, problems) = judging::judge_references(&dir, &rows, "PAdES", |row, bytes| {
        PadesValidator::new(&madrid)
            .certificate_validator(&chain)
            .validate(bytes, &row["file"])
    });
    judging::finish("PAdES", judged, 9, &problems);
}

#[test]
fn foreign_pdf_corpus_is_judged_as_the_manifest_says() {
    let recognised = Recognised::new(MadridPolicy::default());
    judging::judge_corpus(
        "pades",
        30,
        |_, row, bytes| PadesValidator::new(&recognised).validate(bytes, &row["file"]),
        |row, sigs| {
            let attack = row["notes"].to_lowercase().starts_with("attack:");
            // The signed originals of the attack corpora are intact too (`shared/checks`).
            let expected = row["expected_verdict"].to_lowercase();
            let intact = judging::corpus_class(row) == "intact"
                || ["valid", "crypto-", "not total_failed"]
                    .iter()
                    .any(|p| expected.starts_with(p));
            if attack && !sigs.iter().any(|s| s.indication == Indication::TotalFailed) {
                Some("an attack file that is not TOTAL-FAILED".to_owned())
            } else if intact && sigs.iter().any(|s| s.indication == Indication::TotalFailed) {
                Some("an intact file that is TOTAL-FAILED".to_owned())
            } else {
                None
            }
        },
    );
}
