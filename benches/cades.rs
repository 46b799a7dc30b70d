//! CAdES benchmarks (criterion): what signing and validating cost, and where the time goes.
//!
//! * `cades_sign_attached`: CAdES-EPES attached under the Madrid policy, RSA-2048 with
//!   SHA-256 (test PKI `signer1`), for a 1 KiB and a 1 MiB document; plus `prepare` alone
//!   (digest and signed attributes, no private-key operation) for the 1 KiB document;
//! * `cades_sign_detached`: a detached signature over a 64 MiB stream
//!   (`ContentSource::Reader` over an in-memory cursor);
//! * `cades_validate`: validation of an attached 1 KiB signature with `CadesValidator` and the
//!   Madrid policy, without and with a `ChainValidator` trusting the test root;
//! * `sha256_digest_reader`: the raw streamed SHA-256 of the same 64 MiB, for comparison;
//! * `rsa2048`: one RSA-2048 PKCS#1 v1.5 / SHA-256 signature with the software key, the
//!   private-key operation every signature pays once.
//!
//! Sample sizes and measurement times are small so the whole run takes a few minutes on two
//! cores: `cargo bench --bench cades`. The figures of a run are in `docs/benchmarks.md`.

use std::hint::black_box;
use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;

use ades::cades::{CadesBuilder, CadesValidator, ContentSource};
use ades::core::digest::digest_reader;
use ades::core::{SignatureAlgorithm, datetime};
use ades::trust::{ChainValidator, TrustStore};
use ades::{DataFormat, DigestAlgorithm, MadridPolicy, Sha256, Signer};
use ades_testkit::TestPki;
use criterion::{
    BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;
/// Size of the streamed document of the detached and raw-digest benchmarks.
const STREAM_SIZE: usize = 64 * MIB;

/// Aborts the run with a message when the setup of a benchmark fails (no panic in benches).
fn or_exit<T, E: std::fmt::Display>(result: Result<T, E>, what: &str) -> T {
    result.unwrap_or_else(|e| {
        eprintln!("benchmark setup failed: {what}: {e}");
        std::process::exit(1)
    })
}

/// Deterministic pseudo-random bytes (xorshift64), so the data is not trivially compressible.
fn sample_data(len: usize) -> Vec<u8> {
    let mut state = 0x4d41_4452_4944_u64;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.extend_from_slice(&state.to_le_bytes());
    }
    out.truncate(len);
    out
}

fn builder(
    pki: &TestPki,
) -> CadesBuilder<MadridPolicy, ades::cades::SigningCertificate, DataFormat> {
    CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("application/octet-stream"))
}

/// (a) CAdES-EPES attached, 1 KiB and 1 MiB.
fn sign_attached(c: &mut Criterion) {
    let pki = TestPki::shared();
    let key = &pki.signer1.key;
    let at = datetime::now();
    let mut group = c.benchmark_group("cades_sign_attached");
    for (label, size) in [("1KiB", KIB), ("1MiB", MIB)] {
        let document = sample_data(size);
        // Make sure the measured path is the successful one.
        or_exit(
            builder(pki)
                .attached(document.clone())
                .sign::<Sha256>(key, at),
            "attached signature",
        );
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("sign", label), &document, |b, doc| {
            // The copy of the document the builder takes is made outside the measurement.
            b.iter_batched(
                || doc.clone(),
                |doc| builder(pki).attached(doc).sign::<Sha256>(key, at),
                BatchSize::LargeInput,
            );
        });
    }
    let document = sample_data(KIB);
    group.throughput(Throughput::Bytes(KIB as u64));
    group.bench_with_input(
        BenchmarkId::new("prepare_only", "1KiB"),
        &document,
        |b, doc| {
            b.iter_batched(
                || doc.clone(),
                |doc| builder(pki).attached(doc).prepare::<Sha256>(at),
                BatchSize::SmallInput,
            );
        },
    );
    group.finish();
}

/// (b) Detached signature over a 64 MiB stream.
fn sign_detached(c: &mut Criterion) {
    let pki = TestPki::shared();
    let key = &pki.signer1.key;
    let at = datetime::now();
    let data: Arc<[u8]> = sample_data(STREAM_SIZE).into();
    let source = |data: &Arc<[u8]>| ContentSource::Reader(Box::new(Cursor::new(Arc::clone(data))));
    or_exit(
        builder(pki).detached(source(&data)).sign::<Sha256>(key, at),
        "detached signature",
    );
    let mut group = c.benchmark_group("cades_sign_detached");
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(STREAM_SIZE as u64));
    group.bench_with_input(
        BenchmarkId::new("sign_stream", "64MiB"),
        &data,
        |b, data| {
            b.iter(|| builder(pki).detached(source(data)).sign::<Sha256>(key, at));
        },
    );
    group.finish();
}

/// (c) Validation of an attached 1 KiB signature.
fn validate(c: &mut Criterion) {
    let pki = TestPki::shared();
    let policy = MadridPolicy::default();
    let signature = or_exit(
        builder(pki)
            .attached(sample_data(KIB))
            .sign::<Sha256>(&pki.signer1.key, datetime::now()),
        "signature to validate",
    )
    .to_der();
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let chain = ChainValidator::new(store);
    // Check once that the cryptographic checks pass, so the successful path is measured.
    let report = or_exit(
        CadesValidator::new(&policy)
            .certificate_validator(&chain)
            .validate(&signature, "bench.csig"),
        "validation",
    );
    let failed: Vec<&str> = report
        .signatures
        .iter()
        .flat_map(|s| &s.checks)
        .filter(|c| {
            c.outcome == ades::core::Outcome::Failed && c.name != ades::core::CheckId::Revocation
        })
        .map(|c| c.name.name())
        .collect();
    if !failed.is_empty() {
        or_exit::<(), _>(Err(failed.join(", ")), "unexpected failed checks");
    }

    let mut group = c.benchmark_group("cades_validate");
    group.bench_function("attached_1KiB/no_chain", |b| {
        b.iter(|| CadesValidator::new(&policy).validate(black_box(&signature), "bench.csig"));
    });
    group.bench_function("attached_1KiB/chain_test_root", |b| {
        b.iter(|| {
            CadesValidator::new(&policy)
                .certificate_validator(&chain)
                .validate(black_box(&signature), "bench.csig")
        });
    });
    group.finish();
}

/// (d) Raw streamed SHA-256 over the same 64 MiB, for comparison with (b).
fn raw_digest(c: &mut Criterion) {
    let data: Arc<[u8]> = sample_data(STREAM_SIZE).into();
    let mut group = c.benchmark_group("sha256_digest_reader");
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(STREAM_SIZE as u64));
    group.bench_with_input(BenchmarkId::new("stream", "64MiB"), &data, |b, data| {
        b.iter(|| digest_reader(DigestAlgorithm::Sha256, Cursor::new(Arc::clone(data))));
    });
    group.finish();
}

/// (e) One RSA-2048 private-key operation (PKCS#1 v1.5, SHA-256 of a short message).
fn rsa_sign(c: &mut Criterion) {
    let key = &TestPki::shared().signer1.key;
    let algorithm = SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha256);
    or_exit(key.sign(algorithm, b"signed attributes"), "RSA signature");
    let mut group = c.benchmark_group("rsa2048");
    group.bench_function("sign_pkcs1v15_sha256", |b| {
        b.iter(|| key.sign(algorithm, black_box(b"signed attributes")));
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = sign_attached, sign_detached, validate, raw_digest, rsa_sign
}
criterion_main!(benches);
