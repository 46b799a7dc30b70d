//! EU DSS's RFC 4998 evidence records (`ADES_ERS_DIR`, default `../shared/corpus-ers`, third-
//! party data that is not committed), judged as DSS's own tests assert: a valid record covers
//! its data (INDETERMINATE at worst: no trust anchor is given for their TSAs), an invalid one
//! does not, a malformed one is refused. Says how many files it skipped when the folder is
//! absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use ades_core::validation::{DetachedContent, FileContent};
use ades_core::{Indication, datetime};
use ades_ers::{EvidenceRecord, Verifier};

#[test]
fn dss_evidence_records_get_dss_s_verdicts() {
    let dir = std::env::var_os("ADES_ERS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus-ers")
        });
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
        eprintln!(
            "SKIPPED: no MANIFEST.tsv at {} (set ADES_ERS_DIR): 0 evidence records judged",
            dir.display()
        );
        return;
    };
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (file, data, mode, expected) = (
        column("er_file"),
        column("data_files"),
        column("mode"),
        column("expected"),
    );
    let verifier = Verifier {
        validator: None,
        now: datetime::now(),
    };
    let (mut judged, mut wrong) = (0, Vec::new());
    for line in lines {
        let row: Vec<&str> = line.split('\t').collect();
        let files: Vec<&str> = row[data].split(',').filter(|f| !f.is_empty()).collect();
        if row[mode] != "detached" || files.is_empty() || row[expected] == "unknown" {
            continue;
        }
        judged += 1;
        let bytes = std::fs::read(dir.join(row[file])).unwrap();
        let verdict = EvidenceRecord::from_der(&bytes).ok().map(|record| {
            let contents: Vec<FileContent> =
                files.iter().map(|f| FileContent(dir.join(f))).collect();
            let data: Vec<&dyn DetachedContent> =
                contents.iter().map(|c| c as &dyn DetachedContent).collect();
            verifier.verify(&record, &data).verdict().0
        });
        let right = match row[expected] {
            "valid" => verdict.is_some_and(|v| v != Indication::TotalFailed),
            _ => verdict.is_none_or(|v| v == Indication::TotalFailed),
        };
        if !right {
            wrong.push(format!(
                "{} with {files:?}: expected {}, got {verdict:?}",
                row[file], row[expected]
            ));
        }
    }
    eprintln!(
        "DSS evidence records: {judged} judged, {} wrong",
        wrong.len()
    );
    assert!(judged >= 27, "only {judged} records judged");
    assert!(wrong.is_empty(), "{wrong:#?}");
}
