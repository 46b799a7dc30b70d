//! Evidence records embedded in XAdES signatures (TS 119 132-3), ASN.1 and XML, on EU DSS files
//! (`ADES_CORPUS_DSS_DIR`, default `../shared/corpus-dss`, third-party data that is not
//! committed): the record covers the signature's parts; once one changes, it proves nothing
//! (INDETERMINATE), never a pass. Says what it skipped when the folder is absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use ades_core::report::Outcome;
use ades_core::{CheckId, SubIndication};
use ades_policy::GenericAdes;
use ades_xades::XadesValidator;

const FILE: &str = "xades_dss-xades_validation_evidence-record_X-E-ERS-basic-asn1.xml";
const XML_FILE: &str = "xades_dss-xades_validation_evidence-record_X-E-ERS-basic-chain-renewal.xml";

fn record_checks(bytes: &[u8]) -> Vec<(Outcome, Option<SubIndication>)> {
    let policy = GenericAdes;
    let report = XadesValidator::new(&policy)
        .validate(bytes, "er.xml")
        .unwrap();
    report
        .signatures
        .iter()
        .flat_map(|s| &s.checks)
        .filter(|c| c.name == CheckId::EvidenceRecord && c.scope.is_none())
        .map(|c| (c.outcome, c.sub_indication))
        .collect()
}

#[test]
fn an_embedded_record_covers_the_signature_and_nothing_else() {
    let dir = std::env::var_os("ADES_CORPUS_DSS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus-dss")
        });
    let Ok(bytes) = std::fs::read(dir.join(FILE)) else {
        eprintln!(
            "SKIPPED: {FILE} not found in {} (set ADES_CORPUS_DSS_DIR): 1 file not judged",
            dir.display()
        );
        return;
    };
    let checks = record_checks(&bytes);
    assert!(
        !checks.is_empty() && checks.iter().all(|(o, _)| *o == Outcome::Passed),
        "{checks:?}"
    );
    // The unsigned KeyInfo changed (a line break in its certificate): the signature's parts
    // are not those the record covers.
    let text = String::from_utf8(bytes).unwrap();
    let changed = text.replacen("<ds:X509Certificate>", "<ds:X509Certificate>\n", 1);
    assert_ne!(changed, text);
    let checks = record_checks(changed.as_bytes());
    assert!(
        checks.contains(&(Outcome::Failed, Some(SubIndication::NoPoe))),
        "{checks:?}"
    );
    // An XML record (RFC 6283) with a time-stamp renewal and a hash-tree renewal (SHA-512).
    let bytes = std::fs::read(dir.join(XML_FILE)).unwrap();
    let checks = record_checks(&bytes);
    assert_eq!(checks.len(), 3, "{checks:?}");
    assert!(
        checks.iter().all(|(o, _)| *o == Outcome::Passed),
        "{checks:?}"
    );
}
