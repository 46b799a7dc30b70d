//! The Spanish trusted list of the foreign corpus (`dss_tsl_ES.xml`, `ADES_CORPUS_DIR`, default
//! `../shared/corpus`) read unverified: its providers, services, certificates and status
//! history; truncated copies give errors, never panics. Says so when the corpus is absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use ades_trust::tsl::{SERVICE_CA_QC, UnverifiedTrustedList};

fn corpus() -> PathBuf {
    std::env::var_os("ADES_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

#[test]
fn the_spanish_trusted_list_is_read() {
    let Ok(xml) = std::fs::read(corpus().join("dss_tsl_ES.xml")) else {
        eprintln!(
            "SKIPPED 1 trusted list: no corpus at {}",
            corpus().display()
        );
        return;
    };
    let list = UnverifiedTrustedList::parse(&xml).unwrap();
    let content = list.content();
    assert_eq!(content.territory, "ES");
    assert!(
        content.providers.len() > 10,
        "{} providers",
        content.providers.len()
    );
    assert!(
        content.service_count() > 50,
        "{} services",
        content.service_count()
    );
    let fnmt = content
        .providers
        .iter()
        .find(|p| p.name.to_uppercase().contains("FNMT"))
        .expect("FNMT-RCM is listed");
    assert!(fnmt.services.iter().any(|s| !s.certificates.is_empty()));
    let issued = content.issued.expect("ListIssueDateTime");
    let anchors = content.anchors_at(issued, &[SERVICE_CA_QC]);
    assert!(
        anchors.len() > 10,
        "{} CA/QC anchors granted at issue",
        anchors.len()
    );
    eprintln!(
        "ES trusted list #{}: {} providers, {} services, {} CA/QC anchors granted on {}",
        content.sequence_number,
        content.providers.len(),
        content.service_count(),
        anchors.len(),
        ades_core::datetime::rfc3339(issued)
    );
    for n in (0..xml.len().min(60_000)).step_by(997) {
        let _ = UnverifiedTrustedList::parse(&xml[..n]);
    }
    let mut flipped = xml.clone();
    for i in (0..flipped.len()).step_by(4099) {
        flipped[i] ^= 0x20;
    }
    let _ = UnverifiedTrustedList::parse(&flipped);
}
