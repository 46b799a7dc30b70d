//! Validating 1,000 CAdES-T signatures from one CA with revocation checking, and extending
//! them to LT (policy §4.3): the OCSP and CRL answers are cached, so each whole batch makes one
//! OCSP request per distinct certificate.
//!
//! `cargo bench --bench revocation`; the figures go to `docs/benchmarks.md`.

#![allow(clippy::panic)] // a benchmark that cannot set up has nothing to measure

use std::sync::atomic::Ordering;

use ades::cades::{CadesBuilder, CadesValidator, TimestampScope, add_signature_timestamps};
use ades::core::datetime;
use ades::trust::{ChainValidator, RevocationChecker, TrustStore};
use ades::tsp::TsaClient;
use ades::{
    DataFormat, DigestAlgorithm, ExtendOptions, Input, Level, MadridPolicy, Services, Sha256,
    SignerChecks,
};
use ades_http::HttpTransport;
use ades_testkit::server::PkiServer;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const SIGNATURES: usize = 1000;

fn signatures(server: &PkiServer) -> Vec<Vec<u8>> {
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    (0..SIGNATURES)
        .map(|i| {
            let who = if i % 2 == 0 {
                &pki.signer1
            } else {
                &pki.signer2
            };
            let mut sd = CadesBuilder::new(MadridPolicy::default())
                .signer_certificate(who.certificate.clone(), pki.chain())
                .data_format(DataFormat::mime("text/plain"))
                .attached(format!("expediente {i}").into_bytes())
                .sign::<Sha256>(&who.key, datetime::now())
                .map(|s| s.into_signed_data())
                .unwrap_or_else(|e| panic!("sign: {e}"));
            add_signature_timestamps(
                &mut sd,
                &tsa,
                DigestAlgorithm::Sha256,
                TimestampScope::Missing,
            )
            .unwrap_or_else(|e| panic!("time-stamp: {e}"));
            sd.to_der()
        })
        .collect()
}

fn validator(server: &PkiServer) -> ChainValidator {
    let mut store = TrustStore::new();
    store.add_anchor(server.pki().root.certificate.clone());
    ChainValidator::new(store)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())))
}

fn bench(c: &mut Criterion) {
    let server = PkiServer::start(0x6265_6e63).unwrap_or_else(|e| panic!("{e}"));
    let files = signatures(&server);
    let policy = MadridPolicy::default();

    // One cold run, counted.
    let chain = validator(&server);
    let before = server.request_count();
    for der in &files {
        let report = CadesValidator::new(&policy)
            .certificate_validator(&chain)
            .validate(der, "bench")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.worst(), ades::Indication::TotalPassed);
    }
    let stats = chain.revocation().map(|r| r.stats());
    println!(
        "{SIGNATURES} CAdES-T validations: {} OCSP requests, {} CRL downloads, {} HTTP requests to the PKI",
        stats.map_or(0, |s| s.ocsp_requests.load(Ordering::SeqCst)),
        stats.map_or(0, |s| s.crl_downloads.load(Ordering::SeqCst)),
        server.request_count() - before
    );

    // Extension to LT through the front door, one cold run counted and timed. Revocation data
    // for LT must be issued after the signature time-stamp (`StatusRequest::issued_after`); the test
    // responder dates its answers a minute back (thisUpdate = now - 1 min), as real ones do,
    // so the batch is extended a minute after it was stamped, as an archive job would.
    std::thread::sleep(std::time::Duration::from_secs(61));
    let chain = validator(&server);
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let before = server.request_count();
    let started = std::time::Instant::now();
    let extended = extend_all(&files, &chain, &tsa);
    let elapsed = started.elapsed();
    // Each is LT and validates offline, from its own validation data.
    let mut anchors = TrustStore::new();
    anchors.add_anchor(server.pki().root.certificate.clone());
    let offline = ChainValidator::new(anchors).with_revocation(RevocationChecker::offline());
    for der in &extended {
        let report = CadesValidator::new(&policy)
            .certificate_validator(&offline)
            .validate(der, "bench")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.worst(), ades::Indication::TotalPassed, "{report}");
    }
    let stats = chain.revocation().map(|r| r.stats());
    println!(
        "{SIGNATURES} CAdES-T extended to LT in {:.2} s ({:.0} signatures/s): {} OCSP requests, {} CRL downloads, {} HTTP requests to the PKI",
        elapsed.as_secs_f64(),
        SIGNATURES as f64 / elapsed.as_secs_f64(),
        stats.map_or(0, |s| s.ocsp_requests.load(Ordering::SeqCst)),
        stats.map_or(0, |s| s.crl_downloads.load(Ordering::SeqCst)),
        server.request_count() - before
    );

    let mut group = c.benchmark_group("revocation");
    group.sample_size(10);
    group.bench_function("validate 1000 CAdES-T, cold cache (new validator)", |b| {
        b.iter_batched(
            || validator(&server),
            |chain| {
                for der in &files {
                    let _ = CadesValidator::new(&policy)
                        .certificate_validator(&chain)
                        .validate(der, "bench");
                }
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function(
        "extend 1000 CAdES-T to LT, cold cache (new validator)",
        |b| {
            b.iter_batched(
                || validator(&server),
                |chain| extend_all(&files, &chain, &tsa).len(),
                BatchSize::PerIteration,
            )
        },
    );
    group.finish();
}

/// Extends every signature to LT with `chain` gathering the validation data.
fn extend_all(files: &[Vec<u8>], chain: &ChainValidator, tsa: &TsaClient<'_>) -> Vec<Vec<u8>> {
    let services = Services::new(SignerChecks::CheckedByCaller)
        .tsa(tsa)
        .validation_data(chain);
    files
        .iter()
        .map(|der| {
            ades::extend(
                Input::bytes(der.clone()),
                None,
                &ExtendOptions::to(Level::Lt),
                &services,
            )
            .unwrap_or_else(|e| panic!("extend: {e}"))
            .bytes
        })
        .collect()
}

criterion_group!(benches, bench);
criterion_main!(benches);
