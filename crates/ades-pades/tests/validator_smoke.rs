//! Smoke test of the `pades_validate` fuzz target's entry points on the stable toolchain:
//! signed PDFs (ours over every generated kind, and the signed PDFs of the references and the
//! corpus when present) truncated, bit-flipped, spliced and with `/ByteRange` numbers
//! rewritten at deterministic random places. Every input gives a validation report (never
//! TOTAL-PASSED: no trust anchors are given) and a dynamic-content scan or a clear error,
//! without a panic and in bounded time.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../ades-pdf/tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use ades_core::{Indication, Sha256, datetime};
use ades_pades::{PadesBuilder, PadesValidator, SourcePdf, find_signatures, scan_dynamic_content};
use ades_pdf::PdfFile;
use ades_policy::GenericAdes;
use ades_testkit::TestPki;
use ades_testkit::mutate::Rng;
use common::{corpus_dir, generated, pdfs_in, reference_dir};

const BUDGET: Duration = Duration::from_secs(10);

fn exercise(bytes: &[u8], what: &str) {
    let started = Instant::now();
    let policy = GenericAdes;
    let report = PadesValidator::new(&policy).validate(bytes.to_vec(), what);
    assert!(!report.signatures.is_empty(), "{what}");
    assert_ne!(report.worst(), Indication::TotalPassed, "{what}");
    if let Ok(pdf) = PdfFile::parse(bytes.to_vec()) {
        let _ = find_signatures(&pdf, pdf.latest_revision());
        let _ = scan_dynamic_content(&pdf);
    }
    assert!(
        started.elapsed() < BUDGET,
        "{what}: {:?}",
        started.elapsed()
    );
}

fn signed_samples() -> Vec<(String, Vec<u8>)> {
    let pki = TestPki::shared();
    let mut out = Vec::new();
    for (name, pdf) in generated() {
        let source = SourcePdf::from_bytes(pdf).unwrap();
        let signed = PadesBuilder::new(GenericAdes)
            .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
            .sign::<Sha256>(&source, &pki.signer1.key, datetime::now(), None)
            .unwrap()
            .to_vec(&source)
            .unwrap();
        out.push((format!("ours-{name}"), signed));
    }
    for dir in [reference_dir(), corpus_dir()] {
        for path in pdfs_in(&dir).unwrap_or_default() {
            let bytes = std::fs::read(&path).unwrap();
            if bytes.windows(10).any(|w| w == b"/ByteRange") && bytes.len() < 400_000 {
                out.push((path.display().to_string(), bytes));
            }
        }
    }
    out
}

#[test]
fn mutated_signed_pdfs_give_reports_without_panics() {
    let mut rng = Rng::new(0x5041_4445_5321);
    let samples = signed_samples();
    assert!(samples.len() >= 4);
    for (name, bytes) in &samples {
        exercise(bytes, name);
        for _ in 0..12 {
            let cut = rng.below(bytes.len());
            exercise(&bytes[..cut], &format!("{name} cut at {cut}"));
        }
        for _ in 0..12 {
            let mut m = bytes.clone();
            let at = rng.below(m.len());
            m[at] ^= 1 << rng.below(8);
            exercise(&m, &format!("{name} bit flipped at {at}"));
        }
        for _ in 0..6 {
            let mut m = bytes.clone();
            let (from, to, len) = (rng.below(m.len()), rng.below(m.len()), rng.below(256));
            let chunk: Vec<u8> = m[from..(from + len).min(m.len())].to_vec();
            let end = (to + chunk.len()).min(m.len());
            m[to..end].copy_from_slice(&chunk[..end - to]);
            exercise(&m, &format!("{name} spliced {from}->{to}"));
        }
        // /ByteRange numbers rewritten in place.
        if let Some(at) = bytes.windows(11).position(|w| w == b"/ByteRange ") {
            for _ in 0..6 {
                let mut m = bytes.clone();
                let digit = at + 12 + rng.below(30);
                if digit < m.len() && m[digit].is_ascii_digit() {
                    m[digit] = b'0' + rng.below(10) as u8;
                }
                exercise(&m, &format!("{name} byte range digit {digit}"));
            }
        }
    }
}
