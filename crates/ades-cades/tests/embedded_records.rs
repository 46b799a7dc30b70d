//! Evidence records embedded in CAdES signatures (TS 119 122-3), on EU DSS's files
//! (`ADES_ERS_DIR`, default `../shared/corpus-ers`, third-party data that is not committed):
//! the record covers the signature as it was before it; once the signature changes, the record
//! proves nothing (INDETERMINATE), never a pass. Says what it skipped when the folder is absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use ades_cades::{CadesValidator, SignedData};
use ades_core::report::Outcome;
use ades_core::{CheckId, SubIndication, oid};
use ades_policy::GenericAdes;

fn folder() -> Option<PathBuf> {
    let dir = std::env::var_os("ADES_ERS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus-ers")
        });
    if dir.join("MANIFEST.tsv").exists() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: no corpus at {} (set ADES_ERS_DIR): 2 files not judged",
            dir.display()
        );
        None
    }
}

fn record_checks(bytes: &[u8]) -> Vec<(Outcome, Option<SubIndication>)> {
    let policy = GenericAdes;
    let report = CadesValidator::new(&policy).validate(bytes, "er").unwrap();
    report
        .signatures
        .iter()
        .flat_map(|s| &s.checks)
        .filter(|c| c.name == CheckId::EvidenceRecord && c.scope.is_none())
        .map(|c| (c.outcome, c.sub_indication))
        .collect()
}

#[test]
fn embedded_records_cover_their_signature_and_nothing_else() {
    let Some(dir) = folder() else {
        return;
    };
    for file in [
        "data_cades_C-E-ERS.p7m",
        "data_cades_Double-C-E-ERS-basic.p7m",
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let checks = record_checks(&bytes);
        assert!(!checks.is_empty(), "{file}: no evidence record found");
        assert!(
            checks.iter().all(|(o, _)| *o == Outcome::Passed),
            "{file}: {checks:?}"
        );
    }
    // The signature time-stamp the record covered, removed: the record proves nothing.
    let bytes = std::fs::read(dir.join("data_cades_C-E-ERS.p7m")).unwrap();
    let mut sd = SignedData::from_bytes(&bytes).unwrap();
    let si = &mut sd.signer_infos_mut()[0];
    let position = si
        .unsigned_attributes()
        .iter()
        .position(|a| a.oid == oid::ATTR_SIGNATURE_TIMESTAMP)
        .unwrap();
    si.remove_unsigned_attribute(position);
    let checks = record_checks(&sd.to_der());
    assert!(
        checks.contains(&(Outcome::Failed, Some(SubIndication::NoPoe))),
        "{checks:?}"
    );
}
