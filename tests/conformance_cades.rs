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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ades::cades::CadesValidator;
use ades::core::report::Outcome;
use ades::core::validation::FileContent;
use ades::policy::{Recognised, known};
use ades::trust::{ChainValidator, RevocationChecker, TrustStore};
use ades::tsp::HttpTransport;
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
    assert!(
        std::env::var_os("ADES_REFERENCE_PKI").is_some(),
        "the references' test PKI is not served: run scripts/test.sh (it starts Certomancer on 127.0.0.1:19180 and sets ADES_REFERENCE_PKI)"
    );
    let mut store = TrustStore::new();
    store
        .add_file(&dir.join("../pki/export/root.pem"))
        .expect("the references' test root");
    let online = RevocationChecker::online(Box::new(HttpTransport::new()));
    let chain = ChainValidator::new(store).with_revocation(online);
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
            "valid" => sigs.iter().all(|s| s.indication == Indication::TotalPassed),
            // Revoked before signing, no time-stamp: EN 319 102-1 says REVOKED_NO_POE.
            _ if why.contains("revoked") => sigs
                .iter()
                .all(|s| s.sub_indication == Some(SubIndication::RevokedNoPoe)),
            _ if why.contains("expired") => sigs
                .iter()
                .all(|s| s.sub_indication == Some(SubIndication::OutOfBoundsNoPoe)),
            // Every other invalid reference: never passed, for a reason the report names.
            _ => sigs
                .iter()
                .all(|s| s.indication != Indication::TotalPassed && !failed_checks(s).is_empty()),
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
        let time = token.verify("timestamp", &digest_of, Some(&chain), &[], now, &mut checks);
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
    eprintln!(
        "interop references: {judged} CAdES and time-stamp files judged, {} wrong",
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
