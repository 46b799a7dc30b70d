//! Conformance on signatures we did not make: the CAdES files of the interop references
//! (made by pyHanko, OpenSSL and endesive over a Certomancer test PKI) and of the foreign
//! corpus (EU DSS, AutoFirma), judged as their manifests say.
//!
//! The folders are third-party data that is not committed: they are read from
//! `ADES_REFERENCE_DIR` (default `../shared/interop/reference`) and `ADES_CORPUS_DIR` (default
//! `../shared/corpus`). When a folder is absent the test says how many files it skipped.
//!
//! Revocation (CRL/OCSP) and time-stamp validation come with the trust issue: until then a
//! valid signature is INDETERMINATE for exactly that reason (`TRY_LATER` on the revocation
//! check, nothing else failing), and a revoked certificate is only caught as INDETERMINATE.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ades::cades::CadesValidator;
use ades::core::report::Outcome;
use ades::core::validation::FileContent;
use ades::policy::{Recognised, known};
use ades::trust::{ChainValidator, TrustStore};
use ades::{Indication, MadridPolicy, SignatureReport, SubIndication};

fn folder(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(default))
}

fn manifest(dir: &Path) -> Option<Vec<BTreeMap<String, String>>> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).ok()?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next()?.split('\t').collect();
    Some(
        lines
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                header
                    .iter()
                    .map(|h| h.to_string())
                    .zip(l.split('\t').map(str::to_owned))
                    .collect()
            })
            .collect(),
    )
}

fn failed_checks(s: &SignatureReport) -> Vec<String> {
    s.checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| c.name.clone())
        .collect()
}

fn describe(reports: &[SignatureReport]) -> String {
    reports
        .iter()
        .map(|s| {
            format!(
                "{} {:?} {:?}",
                s.indication,
                s.sub_indication,
                failed_checks(s)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn interop_references_get_the_manifest_verdict() {
    let dir = folder("ADES_REFERENCE_DIR", "../shared/interop/reference");
    let Some(rows) = manifest(&dir) else {
        eprintln!(
            "SKIPPED: no reference folder at {} (set ADES_REFERENCE_DIR): 0 files judged",
            dir.display()
        );
        return;
    };
    let mut store = TrustStore::new();
    store
        .add_file(&dir.join("../pki/export/root.pem"))
        .expect("the references' test root");
    let chain = ChainValidator::new(store);
    let madrid = known::madrid(&MadridPolicy::default());
    let mut judged = 0;
    let mut problems = Vec::new();
    for row in rows.iter().filter(|r| r["format"] == "CAdES") {
        let file = dir.join(&row["file"]);
        let bytes = std::fs::read(&file).expect("reference file");
        let content = file
            .to_str()
            .and_then(|n| n.strip_suffix(".p7s"))
            .map(PathBuf::from)
            .filter(|p| p.exists());
        let content = content.map(FileContent);
        let mut validator = CadesValidator::new(&madrid).certificate_validator(&chain);
        if let Some(c) = &content {
            validator = validator.detached_content(c);
        }
        let report = validator.validate(&bytes, &row["file"]).expect("validate");
        judged += 1;
        let sigs = &report.signatures;
        let why = &row["why"];
        let ok = match row["expected"].as_str() {
            // Valid: nothing may fail but the revocation check this version does not make yet.
            "valid" => sigs.iter().all(|s| {
                s.indication == Indication::Indeterminate
                    && s.sub_indication == Some(SubIndication::TryLater)
                    && failed_checks(s).iter().all(|c| c.ends_with("revocation"))
            }),
            // Revoked before signing: only revocation checking can tell; INDETERMINATE until then.
            _ if why.contains("revoked") => sigs
                .iter()
                .all(|s| s.indication == Indication::Indeterminate),
            // Invalid: never passed, and a check other than revocation names the fault.
            _ => sigs.iter().all(|s| {
                s.indication != Indication::TotalPassed
                    && failed_checks(s).iter().any(|c| !c.ends_with("revocation"))
            }),
        };
        if !ok {
            problems.push(format!(
                "{} (expected {}: {}): {}",
                row["file"],
                row["expected"],
                why,
                describe(sigs)
            ));
        }
    }
    eprintln!(
        "interop references: {judged} CAdES files judged, {} wrong",
        problems.len()
    );
    assert!(
        judged >= 15,
        "expected the CAdES references, found {judged}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The judging class of a corpus file, from its manifest's free text.
fn corpus_class(row: &BTreeMap<String, String>) -> &'static str {
    let expected = row["expected_verdict"].to_lowercase();
    let notes = row["notes"].to_lowercase();
    if expected.starts_with("invalid")
        || expected.starts_with("indeterminate")
        || notes.contains("attack")
    {
        "reject"
    } else if expected.starts_with("crypto-")
        || expected.starts_with("valid")
        || notes.contains("-noverify ok")
    {
        "intact"
    } else {
        "parse"
    }
}

#[test]
fn foreign_cades_corpus_is_judged_as_the_manifest_says() {
    let dir = folder("ADES_CORPUS_DIR", "../shared/corpus");
    let Some(rows) = manifest(&dir) else {
        eprintln!(
            "SKIPPED: no corpus folder at {} (set ADES_CORPUS_DIR): 0 files judged",
            dir.display()
        );
        return;
    };
    let recognised = Recognised::new(MadridPolicy::default());
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for row in rows.iter().filter(|r| r["format"] == "cades") {
        let bytes = std::fs::read(dir.join(&row["file"])).expect("corpus file");
        let text = format!("{} {}", row["expected_verdict"], row["notes"]);
        let content = text.find("data_").map(|at| {
            let name: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "_.-".contains(*c))
                .collect();
            FileContent(dir.join(name.trim_end_matches('.')))
        });
        let mut validator = CadesValidator::new(&recognised);
        if let Some(c) = &content {
            validator = validator.detached_content(c);
        }
        let report = validator
            .validate(&bytes, &row["file"])
            .unwrap_or_else(|e| panic!("{}: {e}", row["file"]));
        let class = corpus_class(row);
        *counts.entry(class).or_default() += 1;
        let sigs = &report.signatures;
        let crypto_failed = |s: &SignatureReport| {
            matches!(
                s.sub_indication,
                Some(
                    SubIndication::HashFailure
                        | SubIndication::SigCryptoFailure
                        | SubIndication::FormatFailure
                )
            )
        };
        let ok = match class {
            "reject" => sigs.iter().any(|s| s.indication != Indication::TotalPassed),
            "intact" => !sigs.is_empty() && !sigs.iter().any(crypto_failed),
            _ => !sigs.is_empty(),
        };
        if !ok {
            problems.push(format!(
                "{} [{class}] {}: {}",
                row["file"],
                row["expected_verdict"],
                describe(sigs)
            ));
        }
    }
    eprintln!(
        "foreign corpus: {counts:?} CAdES files judged, {} wrong",
        problems.len()
    );
    assert!(counts.values().sum::<usize>() >= 15);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
