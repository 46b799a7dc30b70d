//! Evidence records for 1,000,000 documents under one time-stamp (issue 10): the documents
//! are given as their SHA-256 digests (hashing is the only per-document cost, measured by the
//! streaming benchmarks), one request goes to the test TSA, and every record is derived and
//! encoded. Reports the time, the peak memory and the size of one record.
//!
//! `cargo bench --bench archive`; the figures go to `docs/benchmarks.md`.

#![allow(clippy::panic, clippy::print_stdout)] // a benchmark that cannot set up has nothing to measure

use std::time::Instant;

use ades::core::{DigestAlgorithm, digest};
use ades::ers::Batch;
use ades::tsp::TsaClient;
use ades_http::HttpTransport;
use ades_testkit::server::PkiServer;

const DOCUMENTS: usize = 1_000_000;

fn main() {
    let server = PkiServer::start(0x4152_4331).unwrap_or_else(|e| panic!("{e}"));
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let alg = DigestAlgorithm::Sha256;
    let before_rss = peak_rss_kib();
    let started = Instant::now();
    let leaves: Vec<Vec<u8>> = (0..DOCUMENTS as u64)
        .map(|i| digest::digest(alg, &i.to_be_bytes()))
        .collect();
    let batch = Batch::new(alg, leaves);
    let tree_done = started.elapsed();
    let requests = server.request_count();
    let token = tsa
        .timestamp(alg, batch.root().to_vec())
        .unwrap_or_else(|e| panic!("{e}"));
    let requests = server.request_count() - requests;
    let (mut total, mut largest) = (0usize, 0usize);
    for i in 0..batch.len() {
        let size = batch.record(i, token.der()).to_der().len();
        total += size;
        largest = largest.max(size);
    }
    let elapsed = started.elapsed();
    println!(
        "{DOCUMENTS} documents, {requests} TSA request(s): tree in {:.2} s, all records derived and encoded in {:.2} s ({:.0} records/s); peak memory {} MiB (before: {} MiB); one record {} bytes on average, {} at most (token {} bytes)",
        tree_done.as_secs_f64(),
        elapsed.as_secs_f64(),
        DOCUMENTS as f64 / elapsed.as_secs_f64(),
        peak_rss_kib() / 1024,
        before_rss / 1024,
        total / DOCUMENTS,
        largest,
        token.der().len()
    );
    assert_eq!(requests, 1);
}

/// The process's peak resident memory (VmHWM), in KiB.
fn peak_rss_kib() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
