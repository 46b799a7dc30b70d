//! The fuzz targets on the stable toolchain: every target's entry function
//! (`ades_fuzz_entries`, the same the libFuzzer targets in `fuzz/` call) replays its seeds —
//! real files of each kind made with the test PKI, the files of `fuzz/regressions/<target>/`
//! (every crash ever found, kept as a regression test) and, when present, a local
//! `fuzz/corpus/<target>/` — and `ADES_FUZZ_MUTATIONS` (default 300) mutations of each seed.
//! An input that panics is written to `target/fuzz-failures/<target>/` and fails the test.
//! `ADES_FUZZ_WRITE_SEEDS=1` also writes the generated seeds into `fuzz/corpus/<target>/`
//! for a libFuzzer run.
//! `scripts/test.sh` also runs the libFuzzer targets for a bounded time where a nightly
//! toolchain and `cargo fuzz` are installed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use ades::trust::{ChainValidator, TrustStore};
use ades::{Format, Packaging};
use ades_testkit::TestPki;
use ades_testkit::mutate::{Kind, Rng, mutate};

fn mutations_per_seed() -> usize {
    std::env::var("ADES_FUZZ_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// One signature of each format, made through the front door.
fn signed(format: Format, packaging: Packaging, input: &[u8]) -> Vec<u8> {
    let mut store = TrustStore::new();
    store.add_anchor(TestPki::shared().root.certificate.clone());
    common::sign_front_door(format, packaging, input, &ChainValidator::new(store))
}

/// The generated seeds of each kind of input.
struct Seeds {
    cms: Vec<u8>,
    xades: Vec<u8>,
    pdf: Vec<u8>,
    token: Vec<u8>,
    ocsp: Vec<u8>,
    crl: Vec<u8>,
    p12: Vec<u8>,
}

impl Seeds {
    fn make() -> Self {
        let pki = TestPki::shared();
        let now = ades::core::datetime::now();
        let cert_id = ades::trust::ocsp::CertId::new(
            &pki.signer1.certificate,
            &pki.ape.certificate,
            ades::DigestAlgorithm::Sha1,
        )
        .unwrap();
        let request = ades::trust::ocsp::request(&cert_id, b"nonce");
        let dir = tempfile::tempdir().unwrap();
        pki.write_to(dir.path()).unwrap();
        // A MessageImprint: SEQUENCE { AlgorithmIdentifier sha256, OCTET STRING }.
        let mut imprint = vec![0x30, 0x31, 0x30, 0x0d, 0x06, 0x09];
        imprint.extend_from_slice(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]);
        imprint.extend_from_slice(&[0x05, 0x00, 0x04, 0x20]);
        imprint.extend_from_slice(&[7u8; 32]);
        Seeds {
            cms: signed(Format::Cades, Packaging::Attached, b"Decreto 2026/456"),
            xades: signed(
                Format::Xades,
                Packaging::InternallyDetached,
                b"Decreto 2026/456",
            ),
            pdf: signed(Format::Pades, Packaging::Detached, common::ONE_PAGE_PDF),
            token: pki.timestamp_token(&imprint, None, true, now).unwrap(),
            ocsp: pki.ocsp_response(&request, now, &pki.ocsp).unwrap(),
            crl: pki
                .crl("ape", now, ades::core::time::Duration::days(7))
                .unwrap(),
            p12: std::fs::read(dir.path().join("signer1.p12")).unwrap(),
        }
    }

    /// The seeds of `target` and the kind of structure its mutations should know.
    fn of(&self, target: &str) -> (Vec<Vec<u8>>, Kind) {
        match target {
            "cms_parse" | "cades_validate" | "ber_walk" => (vec![self.cms.clone()], Kind::Der),
            "timestamp_response" => (vec![self.token.clone()], Kind::Der),
            "ocsp_response" => (vec![self.ocsp.clone()], Kind::Der),
            "crl_parse" => (vec![self.crl.clone()], Kind::Der),
            "pkcs12_read" => (vec![self.p12.clone()], Kind::Der),
            "pdf_parse" | "pades_validate" => (
                vec![self.pdf.clone(), common::ONE_PAGE_PDF.to_vec()],
                Kind::Pdf,
            ),
            _ => (vec![self.xades.clone()], Kind::Xml),
        }
    }
}

/// The files of a folder, if it exists.
fn files_in(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

#[test]
fn fuzz_targets_replay_their_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = Seeds::make();
    let per_seed = mutations_per_seed();
    let mut failures = Vec::new();
    for (target, entry) in ades_fuzz_entries::TARGETS {
        let (mut inputs, kind) = seeds.of(target);
        if std::env::var_os("ADES_FUZZ_WRITE_SEEDS").is_some() {
            // Seeds for a libFuzzer run (fuzz/corpus is not committed).
            let dir = root.join("fuzz/corpus").join(target);
            std::fs::create_dir_all(&dir).unwrap();
            for (i, seed) in inputs.iter().enumerate() {
                std::fs::write(dir.join(format!("seed-{i}")), seed).unwrap();
            }
        }
        let recorded = files_in(&root.join("fuzz/regressions").join(target));
        // A local corpus grows with every libFuzzer run: its first 50 files are enough here.
        let mut corpus = files_in(&root.join("fuzz/corpus").join(target));
        corpus.truncate(50);
        let (n_recorded, n_corpus) = (recorded.len(), corpus.len());
        inputs.extend(recorded);
        inputs.extend(corpus);
        let other = inputs.last().cloned().unwrap_or_default();
        let mut runs = 0;
        for (s, seed) in inputs.iter().enumerate() {
            let mut rng = Rng::new(0xF022 ^ (s as u64) << 32);
            let mutated = (0..per_seed).map(|_| mutate(&mut rng, seed, &other, kind).1);
            for input in std::iter::once(seed.clone()).chain(mutated) {
                runs += 1;
                if std::panic::catch_unwind(|| entry(&input)).is_err() {
                    let dir = root.join("target/fuzz-failures").join(target);
                    std::fs::create_dir_all(&dir).unwrap();
                    let path = dir.join(format!("input-{runs}"));
                    std::fs::write(&path, &input).unwrap();
                    failures.push(format!("{target}: {}", path.display()));
                }
            }
        }
        println!(
            "fuzz target {target}: {runs} inputs ({} seeds: {n_recorded} recorded crashes, {n_corpus} from fuzz/corpus; {per_seed} mutations each)",
            inputs.len()
        );
    }
    assert!(failures.is_empty(), "inputs that panic: {failures:#?}");
}
