//! Conformance on XML signatures we did not make: the XAdES files of the interop references
//! (signxml and endesive over a Certomancer test PKI) and of the foreign corpus (EU DSS,
//! AutoFirma, xades4j, including the DSS signature-wrapping attack files), judged as their
//! manifests say. The folders are not committed; see `tests/judging/mod.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

mod judging;

use ades::core::validation::FileContent;
use ades::policy::{Recognised, known};
use ades::xades::XadesValidator;
use ades::{Indication, MadridPolicy};

#[test]
fn interop_references_get_the_manifest_verdict() {
    let Some((dir, rows)) = judging::references() else {
        return;
    };
    let chain = judging::reference_chain(&dir);
    let madrid = known::madrid(&MadridPolicy::default());
    let (judged, problems) = judging::judge_references(&dir, &rows, "XAdES", |row, bytes| {
        XadesValidator::new(&madrid)
            .certificate_validator(&chain)
            .validate(&bytes, &row["file"])
            .expect("validate")
    });
    judging::finish("XAdES", judged, 10, &problems);
}

#[test]
fn foreign_xades_corpus_is_judged_as_the_manifest_says() {
    let recognised = Recognised::new(MadridPolicy::default());
    judging::judge_corpus(
        "xades",
        30,
        |dir, row, bytes| {
            let content = judging::corpus_content(dir, row).map(FileContent);
            let mut validator = XadesValidator::new(&recognised);
            if let Some(c) = &content {
                validator = validator.detached_content(c);
            }
            validator
                .validate(&bytes, &row["file"])
                .unwrap_or_else(|e| panic!("{}: {e}", row["file"]))
        },
        // The signature-wrapping and tampering files must fail for what they are, not only
        // for an unknown chain.
        |row, sigs| {
            let attack = row["file"].contains("xsw") || row["file"].contains("tampered");
            let detected = sigs.iter().any(|s| {
                s.indication == Indication::TotalFailed
                    || s.sub_indication == Some(ades::SubIndication::SignedDataNotFound)
            });
            (attack && !detected).then(|| "the attack is not detected".to_owned())
        },
    );
}
