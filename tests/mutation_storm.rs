//! Mutation storms: valid CAdES, XAdES and PAdES signatures (each TOTAL-PASSED as made, with
//! the test PKI trusted and its CRLs given) mutated `ADES_STORM_N` times per format (default
//! 10,000) by `ades_testkit::mutate` — bit flips, truncations, splices between two files,
//! duplicated, deleted and boundary bytes, DER length tweaks, duplicated and reordered XML
//! elements and attributes, PDF revisions and cross-reference entries — and validated
//! through the front door on two threads.
//!
//! None may panic, none may take longer than its time budget, and none may come out
//! TOTAL-PASSED once bytes the signature protects changed ([`protected_regions`]). Changes
//! elsewhere (a copy of the trust anchor, certificates and identifiers nothing signs, the
//! signature value's own encoding) cannot be seen by any signature; a pass after such a
//! change is counted apart and allowed. The counts are printed
//! (`cargo test --test mutation_storm -- --nocapture`); `scripts/storm.sh` runs long storms.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::ops::Range;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ades::trust::{ChainValidator, Crl, RevocationChecker, TrustStore};
use ades::{Format, Indication, Input, Packaging, ValidationOptions};
use ades_testkit::TestPki;
use ades_testkit::mutate::{Kind, Rng, mutate};

const DEFAULT_N: usize = 10_000;
/// The longest one validation of a small mutated file may take (debug build, busy machine).
const TIME_BUDGET: Duration = Duration::from_secs(10);

fn storm_size() -> usize {
    std::env::var("ADES_STORM_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_N)
}

/// The test root trusted, revocation from the test PKI's CRLs, no network.
fn validator() -> ChainValidator {
    let pki = TestPki::shared();
    let now = ades::core::datetime::now();
    let mut checker = RevocationChecker::offline();
    for issuer in ["root", "ape"] {
        let der = pki
            .crl(issuer, now, ades::core::time::Duration::days(7))
            .unwrap();
        checker.add_crl(issuer, Crl::from_bytes(&der).unwrap());
    }
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    ChainValidator::new(store).with_revocation(checker)
}

/// A signature of each format, made through the front door.
fn originals(validator: &ChainValidator) -> Vec<(Format, Kind, Vec<u8>)> {
    let make = |format, packaging, input: &[u8]| {
        common::sign_front_door(format, packaging, input, validator)
    };
    let text = b"Decreto 2026/456";
    vec![
        (
            Format::Cades,
            Kind::Der,
            make(Format::Cades, Packaging::Attached, text),
        ),
        (
            Format::Xades,
            Kind::Xml,
            make(Format::Xades, Packaging::InternallyDetached, text),
        ),
        (
            Format::Pades,
            Kind::Pdf,
            make(Format::Pades, Packaging::Detached, common::ONE_PAGE_PDF),
        ),
    ]
}

fn validate(bytes: Vec<u8>, validator: &ChainValidator) -> Option<Indication> {
    ades::validate(
        Input::bytes(bytes),
        &ValidationOptions {
            certificate_validator: Some(validator),
            ..ValidationOptions::default()
        },
    )
    .ok()
    .map(|r| r.worst())
}

/// The byte ranges of `original` whose change a validator must see:
/// - CAdES: everything but the copy of the trust anchor the signer embedded (validation uses
///   the trust store's own) and the hints no signature covers ([`hint_fields`]);
/// - XAdES: what `ds:SignedInfo` signs — itself, the signed document (`documentoOriginal`),
///   the `SignedProperties` — and the signer's certificate (bound by `SigningCertificate`);
///   not `KeyInfo`'s other certificates, `Id` attributes nothing refers to, the signature
///   value's text, nor the `<documento>` wrapper (§3.2.1: not signed);
/// - PAdES: every byte but the `/Contents` string (the signature itself).
fn protected_regions(original: &[u8], format: Format) -> Vec<Range<usize>> {
    let pki = TestPki::shared();
    match format {
        Format::Xades => {
            let mut out = Vec::new();
            for (open, close) in [
                (&b"<ds:SignedInfo"[..], &b"</ds:SignedInfo>"[..]),
                (b"<documentoOriginal", b"</documentoOriginal>"),
                (b"<xades:SignedProperties", b"</xades:SignedProperties>"),
            ] {
                if let Some(start) = find(original, open, 0)
                    && let Some(end) = find(original, close, start)
                {
                    out.push(start..end + close.len());
                }
            }
            let signer = pki.signer1.certificate.der().to_vec();
            let mut from = 0;
            while let Some(start) = find(original, b"<ds:X509Certificate>", from) {
                let body = start + b"<ds:X509Certificate>".len();
                let Some(end) = find(original, b"</", body) else {
                    break;
                };
                let text: Vec<u8> = original[body..end]
                    .iter()
                    .copied()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                if base64::Engine::decode(&base64::engine::general_purpose::STANDARD, text)
                    .is_ok_and(|der| der == signer)
                {
                    out.push(body..end);
                }
                from = end;
            }
            out
        }
        Format::Pades => {
            let contents = find(original, b"/Contents <", 0).and_then(|at| {
                let body = at + b"/Contents <".len();
                find(original, b">", body).map(|end| body..end)
            });
            match contents {
                Some(c) => vec![0..c.start, c.end..original.len()],
                None => std::iter::once(0..original.len()).collect(),
            }
        }
        _ => {
            let root = pki.root.certificate.der().to_vec();
            let mut unprotected: Vec<Range<usize>> = find(original, &root, 0)
                .map(|at| at..at + root.len())
                .into_iter()
                .chain(hint_fields(original))
                .collect();
            unprotected.sort_by_key(|r| r.start);
            let mut out = Vec::new();
            let mut at = 0;
            for r in unprotected {
                out.push(at..r.start);
                at = r.end;
            }
            out.push(at..original.len());
            out
        }
    }
}

/// The fields of a SignedData no signature covers and whose reading is lenient by design:
/// the `digestAlgorithms` SET (a hint for one-pass processing, RFC 5652 §5.1; the SignerInfo
/// names its digest) and each SignerInfo's `sid` (a hint to find the certificate, matched
/// per RFC 5280 §7.1; the signed ESS signing-certificate attribute binds the certificate).
fn hint_fields(cms: &[u8]) -> Vec<Range<usize>> {
    use ades::core::ber::{Reader, Tlv};
    let offset = |tlv: &Tlv<'_>| {
        let start = tlv.raw().as_ptr() as usize - cms.as_ptr() as usize;
        start..start + tlv.raw().len()
    };
    let mut out = Vec::new();
    let walk = |out: &mut Vec<Range<usize>>| -> Option<()> {
        let content_info = Reader::single(cms).ok()?;
        let mut fields = content_info.children().ok()?;
        fields.read().ok()?; // contentType
        let signed_data = fields.read().ok()?.children().ok()?.read().ok()?;
        let mut parts = signed_data.children().ok()?;
        parts.read().ok()?; // version
        out.push(offset(&parts.read().ok()?));
        while let Some(part) = parts.next_element().ok()? {
            if part.tag() != 0x31 {
                continue; // encapContentInfo, certificates, crls
            }
            let mut signer_infos = part.children().ok()?;
            while let Some(signer_info) = signer_infos.next_element().ok()? {
                let mut si = signer_info.children().ok()?;
                si.read().ok()?; // version
                out.push(offset(&si.read().ok()?));
            }
        }
        Some(())
    };
    walk(&mut out);
    out
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Whether bytes of a protected region changed: some region's bytes no longer appear, as a
/// whole, anywhere in `mutated` (moving signed content, e.g. reordering elements, changes
/// no signed byte).
fn touches_protected(original: &[u8], mutated: &[u8], regions: &[Range<usize>]) -> bool {
    regions
        .iter()
        .filter(|r| !r.is_empty())
        .any(|r| find(mutated, &original[r.clone()], 0).is_none())
}

#[derive(Debug, Default)]
struct Counts {
    judged: usize,
    same: usize,
    failed_or_indeterminate: usize,
    passed_unsigned: usize,
    passed_signed: Vec<(usize, &'static str)>,
    errors: usize,
    panics: Vec<usize>,
    slow: Vec<(usize, Duration)>,
}

#[test]
fn no_mutation_panics_hangs_or_passes() {
    let n = storm_size();
    let validator = validator();
    let originals = originals(&validator);
    for (format, _, bytes) in &originals {
        assert_eq!(
            validate(bytes.clone(), &validator),
            Some(Indication::TotalPassed),
            "the {format} original must pass for the storm to mean anything"
        );
    }
    if let Ok(dir) = std::env::var("ADES_STORM_DUMP") {
        for (format, _, bytes) in &originals {
            std::fs::write(format!("{dir}/{format}-original.bin"), bytes).unwrap();
        }
    }
    for (index, (format, kind, original)) in originals.iter().enumerate() {
        let other = &originals[(index + 1) % originals.len()].2;
        let regions = protected_regions(original, *format);
        let counts = Mutex::new(Counts::default());
        let started = Instant::now();
        std::thread::scope(|scope| {
            for worker in 0..2usize {
                let (counts, validator, regions) = (&counts, &validator, &regions);
                scope.spawn(move || {
                    for i in (worker..n).step_by(2) {
                        let mut rng = Rng::new(0xADE5_5702_u64 ^ ((index as u64) << 40) ^ i as u64);
                        let (op, mutated) = mutate(&mut rng, original, other, *kind);
                        if mutated == *original {
                            counts.lock().unwrap().same += 1;
                            continue;
                        }
                        let unsigned = !touches_protected(original, &mutated, regions);
                        let mutated_copy = mutated.clone();
                        let t = Instant::now();
                        let outcome =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                validate(mutated, validator)
                            }));
                        let took = t.elapsed();
                        let mut c = counts.lock().unwrap();
                        c.judged += 1;
                        if took > TIME_BUDGET {
                            c.slow.push((i, took));
                        }
                        match outcome {
                            Err(_) => c.panics.push(i),
                            Ok(None) => c.errors += 1,
                            Ok(Some(Indication::TotalPassed)) if unsigned => c.passed_unsigned += 1,
                            Ok(Some(Indication::TotalPassed)) => {
                                if let Ok(dir) = std::env::var("ADES_STORM_DUMP") {
                                    let _ = std::fs::write(
                                        format!("{dir}/{format}-{i}.bin"),
                                        &mutated_copy,
                                    );
                                }
                                c.passed_signed.push((i, op))
                            }
                            Ok(Some(_)) => c.failed_or_indeterminate += 1,
                        }
                    }
                });
            }
        });
        let c = counts.into_inner().unwrap();
        println!(
            "storm {format}: {n} mutations in {:.1} s: {} judged ({} failed or indeterminate, {} errors), {} unchanged, {} passed with only unprotected bytes changed, {} passed with protected bytes changed, {} panics, {} over {TIME_BUDGET:?}",
            started.elapsed().as_secs_f64(),
            c.judged,
            c.failed_or_indeterminate,
            c.errors,
            c.same,
            c.passed_unsigned,
            c.passed_signed.len(),
            c.panics.len(),
            c.slow.len()
        );
        assert!(
            c.panics.is_empty(),
            "{format}: mutations {:?} panicked",
            c.panics
        );
        assert!(
            c.slow.is_empty(),
            "{format}: over the time budget: {:?}",
            c.slow
        );
        assert!(
            c.passed_signed.is_empty(),
            "{format}: TOTAL-PASSED although signed bytes changed (mutation index, operator): {:?}",
            c.passed_signed
        );
        assert!(c.judged >= n * 9 / 10, "{format}: too few mutations judged");
    }
}
