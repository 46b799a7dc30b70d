//! The Spanish certificate profiles recognised on real certificates of the foreign corpus
//! (`ADES_CORPUS_DIR`, default `../shared/corpus`): FNMT-RCM natural person and representative,
//! DNIe. Says how many it skipped when the corpus is absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use ades_core::Certificate;
use ades_trust::profiles::recognise;

#[test]
fn real_spanish_certificates_are_recognised() {
    let dir = std::env::var_os("ADES_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"));
    let cases = [
        (
            "cert_fnmt_PF_ACTIVO_EIDAS.crt",
            "FNMT-RCM natural person (class 2)",
        ),
        (
            "cert_fnmt_ADM_SLD_ACTIVO.cer",
            "FNMT-RCM representative of a legal person",
        ),
        (
            "cert_fnmt_ADM_SLD_ACTIVO.cer",
            "AGE representative of a legal person",
        ),
        ("cert_DNIE01.cer", "DNIe (authentication)"),
        (
            "cert_fnmt_PF_ACTIVO_EIDAS.crt",
            "ETSI qualified, natural person (QCP-n)",
        ),
    ];
    let mut skipped = 0;
    for (file, profile) in cases {
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            skipped += 1;
            continue;
        };
        let cert = Certificate::load(&bytes).unwrap().remove(0);
        let names: Vec<&str> = recognise(&cert).iter().map(|(p, _)| p.name).collect();
        assert!(names.contains(&profile), "{file}: {names:?}");
    }
    if skipped > 0 {
        eprintln!(
            "SKIPPED {skipped} of {} certificates: no corpus at {}",
            cases.len(),
            dir.display()
        );
    }
}
