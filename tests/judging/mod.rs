//! What the conformance tests share: the third-party folders (never committed, read from
//! `ADES_REFERENCE_DIR` / `ADES_CORPUS_DIR`), their manifests, the references' trust and the
//! judging classes of the corpus.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ades::core::report::Outcome;
use ades::trust::{ChainValidator, RevocationChecker, TrustStore};
use ades::{Indication, SignatureReport, SubIndication};
use ades_http::HttpTransport;

/// A manifest row: column name to value.
pub(crate) type Row = BTreeMap<String, String>;

/// The folder named by `var`, else `default` relative to the workspace.
pub(crate) fn folder(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(default))
}

/// The interop references, or `None` (with a message saying nothing was judged).
pub(crate) fn references() -> Option<(PathBuf, Vec<Row>)> {
    load("ADES_REFERENCE_DIR", "../shared/interop/reference")
}

/// The foreign corpus, or `None` (with a message saying nothing was judged).
pub(crate) fn corpus() -> Option<(PathBuf, Vec<Row>)> {
    load("ADES_CORPUS_DIR", "../shared/corpus")
}

fn load(var: &str, default: &str) -> Option<(PathBuf, Vec<Row>)> {
    let dir = folder(var, default);
    match manifest(&dir) {
        Some(rows) => Some((dir, rows)),
        None => {
            eprintln!(
                "SKIPPED: no folder with a MANIFEST.tsv at {} (set {var}): 0 files judged",
                dir.display()
            );
            None
        }
    }
}

/// The rows of a folder's `MANIFEST.tsv`.
pub(crate) fn manifest(dir: &Path) -> Option<Vec<Row>> {
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

/// The chain validator for the references: their Certomancer root, revocation online from the
/// test PKI that `scripts/test.sh` serves (announced in `ADES_REFERENCE_PKI`).
pub(crate) fn reference_chain(dir: &Path) -> ChainValidator {
    assert!(
        std::env::var_os("ADES_REFERENCE_PKI").is_some(),
        "the references' test PKI is not served: run scripts/test.sh (it starts Certomancer on 127.0.0.1:19180 and sets ADES_REFERENCE_PKI)"
    );
    let mut store = TrustStore::new();
    store
        .add_file(&dir.join("../pki/export/root.pem"))
        .expect("the references' test root");
    let online = RevocationChecker::online(Box::new(HttpTransport::new()));
    ChainValidator::new(store).with_revocation(online)
}

/// The names of the failed checks of a report.
pub(crate) fn failed_checks(s: &SignatureReport) -> Vec<String> {
    s.checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| c.qualified_name())
        .collect()
}

/// A one-line summary of reports, for failure messages.
pub(crate) fn describe(reports: &[SignatureReport]) -> String {
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

/// Whether reports match a reference's manifest verdict: valid is TOTAL-PASSED; a byte
/// changed in what was signed is HASH_FAILURE; revoked and expired signers without
/// time-stamps get the EN 319 102-1 sub-indications; any other invalid file is never passed,
/// for a reason the report names.
pub(crate) fn matches_reference(row: &Row, sigs: &[SignatureReport]) -> bool {
    let why = &row["why"];
    !sigs.is_empty()
        && match row["expected"].as_str() {
            "valid" => sigs.iter().all(|s| s.indication == Indication::TotalPassed),
            _ if why.contains("byte") && why.contains("changed") => sigs
                .iter()
                .all(|s| s.sub_indication == Some(SubIndication::HashFailure)),
            _ if why.contains("revoked") => sigs
                .iter()
                .all(|s| s.sub_indication == Some(SubIndication::RevokedNoPoe)),
            _ if why.contains("expired") => sigs
                .iter()
                .all(|s| s.sub_indication == Some(SubIndication::OutOfBoundsNoPoe)),
            _ => sigs
                .iter()
                .all(|s| s.indication != Indication::TotalPassed && !failed_checks(s).is_empty()),
        }
}

/// The judging class of a corpus file, from its manifest's free text: `reject` (must not
/// pass), `intact` (must not fail cryptographically) or `parse` (must be read).
pub(crate) fn corpus_class(row: &Row) -> &'static str {
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

/// Whether reports satisfy a corpus class.
pub(crate) fn satisfies(class: &str, sigs: &[SignatureReport]) -> bool {
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
    match class {
        "reject" => sigs.iter().any(|s| s.indication != Indication::TotalPassed),
        "intact" => !sigs.is_empty() && !sigs.iter().any(crypto_failed),
        _ => !sigs.is_empty(),
    }
}

/// The detached content a corpus row names (`data_…` in its verdict or notes).
pub(crate) fn corpus_content(dir: &Path, row: &Row) -> Option<PathBuf> {
    let text = format!("{} {}", row["expected_verdict"], row["notes"]);
    let at = text.find("data_")?;
    let name: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "_.-".contains(*c))
        .collect();
    Some(dir.join(name.trim_end_matches('.')))
}

/// Judges every corpus file of `format`: `validate` gives the report of a row (its bytes
/// read from the corpus folder), `extra` may name a further problem with it. Prints the
/// counts, fails on any problem and on fewer than `at_least` files.
pub(crate) fn judge_corpus(
    format: &str,
    at_least: usize,
    validate: impl Fn(&Path, &Row, Vec<u8>) -> ades::ValidationReport,
    extra: impl Fn(&Row, &[SignatureReport]) -> Option<String>,
) {
    let Some((dir, rows)) = corpus() else {
        return;
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for row in rows.iter().filter(|r| r["format"] == format) {
        let bytes = std::fs::read(dir.join(&row["file"])).expect("corpus file");
        let report = validate(&dir, row, bytes);
        let class = corpus_class(row);
        *counts.entry(class).or_default() += 1;
        let sigs = &report.signatures;
        if !satisfies(class, sigs) {
            problems.push(format!(
                "{} [{class}] {}: {}",
                row["file"],
                row["expected_verdict"],
                describe(sigs)
            ));
        }
        if let Some(p) = extra(row, sigs) {
            problems.push(format!("{}: {p}: {}", row["file"], describe(sigs)));
        }
    }
    eprintln!(
        "foreign corpus: {counts:?} {format} files judged, {} wrong",
        problems.len()
    );
    assert!(
        counts.values().sum::<usize>() >= at_least,
        "expected the corpus {format} files: {counts:?}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Judges every reference of `format` (`validate` gives the report of a row from its bytes)
/// against its manifest verdict; returns how many were judged and the problems.
pub(crate) fn judge_references(
    dir: &Path,
    rows: &[Row],
    format: &str,
    validate: impl Fn(&Row, Vec<u8>) -> ades::ValidationReport,
) -> (usize, Vec<String>) {
    let mut judged = 0;
    let mut problems = Vec::new();
    for row in rows.iter().filter(|r| r["format"] == format) {
        let bytes = std::fs::read(dir.join(&row["file"])).expect("reference file");
        let report = validate(row, bytes);
        judged += 1;
        if !matches_reference(row, &report.signatures) {
            problems.push(format!(
                "{} (expected {}: {}): {}",
                row["file"],
                row["expected"],
                row["why"],
                describe(&report.signatures)
            ));
        }
    }
    (judged, problems)
}

/// Reports the references judged and fails on problems or on fewer than `at_least` files.
pub(crate) fn finish(what: &str, judged: usize, at_least: usize, problems: &[String]) {
    eprintln!(
        "interop references: {judged} {what} files judged, {} wrong",
        problems.len()
    );
    assert!(
        judged >= at_least,
        "expected the {what} references, found {judged}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
