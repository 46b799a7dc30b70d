//! Tokens made by other implementations: the Certomancer TSA's responses and tokens in the
//! interop references (`ADES_REFERENCE_DIR`, default `../shared/interop/reference`), verified
//! completely against their test root.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use ades_core::report::{CheckList, Outcome};
use ades_core::{DigestAlgorithm, digest};
use ades_trust::{ChainValidator, TrustStore};
use ades_tsp::{TimeStampResponse, TimeStampToken};

fn reference_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ADES_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/interop/reference")
        });
    dir.join("MANIFEST.tsv").exists().then_some(dir)
}

fn judge(dir: &Path, file: &str) -> (Option<ades_core::time::OffsetDateTime>, Vec<String>) {
    let bytes = std::fs::read(dir.join(file)).unwrap();
    let token = if file.ends_with(".tsr") {
        TimeStampResponse::from_der(&bytes)
            .unwrap()
            .into_token()
            .unwrap()
    } else {
        TimeStampToken::from_der(&bytes).unwrap()
    };
    let data = std::fs::read(dir.join(file.rsplit_once('.').unwrap().0)).unwrap();
    let mut store = TrustStore::new();
    store.add_file(&dir.join("../pki/export/root.pem")).unwrap();
    let chain = ChainValidator::new(store);
    let mut checks = CheckList::new();
    let digest_of = |alg: DigestAlgorithm| Some(digest::digest(alg, &data));
    let time = token.verify(
        ades_core::CheckId::Timestamp,
        &digest_of,
        &ades_tsp::TokenContext::new(
            Some(&chain),
            &ades_core::ValidationData::new(),
            ades_core::datetime::now(),
        ),
        &mut checks,
    );
    let failed = checks
        .checks()
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| format!("{}: {}", c.qualified_name(), c.detail))
        .collect();
    (time, failed)
}

#[test]
fn certomancer_tokens_verify_and_a_tampered_imprint_does_not() {
    let Some(dir) = reference_dir() else {
        eprintln!(
            "SKIPPED: no interop reference folder (set ADES_REFERENCE_DIR): 3 tokens not judged"
        );
        return;
    };
    for file in ["tst-valid.txt.tsr", "tst-token.txt.tst"] {
        let (time, failed) = judge(&dir, file);
        // Revocation of the TSA certificate is the only check this version cannot make yet.
        assert!(
            failed.iter().all(|f| f.starts_with("timestamp/revocation")),
            "{file}: {failed:?}"
        );
        assert!(
            time.is_none(),
            "revocation unchecked keeps the time unproven"
        );
        assert!(!failed.is_empty());
    }
    let (_, failed) = judge(&dir, "tst-tampered.txt.tsr");
    assert!(
        failed
            .iter()
            .any(|f| f.contains("message imprint does not match")),
        "{failed:?}"
    );
}
