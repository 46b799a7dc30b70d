//! Evidence records against the test PKI's TSA: many documents under one time-stamp, each
//! record verifying for its document only; time-stamp and hash-tree renewal of all of them
//! with one more time-stamp each; hostile records refused cleanly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::report::Outcome;
use ades_core::validation::DetachedContent;
use ades_core::{CheckId, DigestAlgorithm, Indication, datetime, digest};
use ades_ers::{EvidenceRecord, Verifier, create, renew_hash_trees, renew_timestamps};
use ades_http::HttpTransport;
use ades_testkit::server::PkiServer;
use ades_trust::{ChainValidator, RevocationChecker, TrustStore};
use ades_tsp::TsaClient;

const SHA256: DigestAlgorithm = DigestAlgorithm::Sha256;

fn documents(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            format!("Expediente {i} del archivo municipal\n")
                .repeat(1 + i % 5)
                .into_bytes()
        })
        .collect()
}

fn indication(record: &EvidenceRecord, document: &[u8], chain: &ChainValidator) -> Indication {
    let checks = Verifier {
        validator: Some(chain),
        now: datetime::now(),
    }
    .verify(record, &[&document.to_vec() as &dyn DetachedContent]);
    checks.verdict().0
}

#[test]
fn many_documents_one_time_stamp_and_renewals() {
    let server = PkiServer::start(0x4552_5301).unwrap();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let mut anchors = TrustStore::new();
    anchors.add_anchor(server.pki().root.certificate.clone());
    let chain = ChainValidator::new(anchors)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())));
    let docs = documents(37);
    let leaves = docs.iter().map(|d| digest::digest(SHA256, d)).collect();

    let before = server.request_count();
    let mut records = create(leaves, SHA256, &tsa).unwrap();
    assert_eq!(
        server.request_count() - before,
        1,
        "one TSA request for all"
    );
    assert_eq!(records.len(), 37);
    for (i, record) in records.iter().enumerate() {
        let reread = EvidenceRecord::from_der(&record.to_der()).unwrap();
        assert_eq!(&reread, record);
        assert_eq!(
            indication(record, &docs[i], &chain),
            Indication::TotalPassed
        );
    }
    // Another document, or a changed one: not covered.
    assert_eq!(
        indication(&records[3], &docs[4], &chain),
        Indication::TotalFailed
    );
    let mut changed = docs[3].clone();
    changed.push(b'x');
    assert_eq!(
        indication(&records[3], &changed, &chain),
        Indication::TotalFailed
    );

    // Time-stamp renewal of all the records: one request.
    let before = server.request_count();
    renew_timestamps(&mut records, &tsa).unwrap();
    assert_eq!(server.request_count() - before, 1);
    assert!(records.iter().all(|r| r.chains[0].stamps.len() == 2));

    // Hash-tree renewal with SHA-512: one request, a new chain in each record.
    let data: Vec<&dyn DetachedContent> = docs.iter().map(|d| d as &dyn DetachedContent).collect();
    let before = server.request_count();
    renew_hash_trees(&mut records, &data, DigestAlgorithm::Sha512, &tsa).unwrap();
    assert_eq!(server.request_count() - before, 1);
    for (i, record) in records.iter().enumerate() {
        assert_eq!(record.chains.len(), 2);
        let reread = EvidenceRecord::from_der(&record.to_der()).unwrap();
        assert_eq!(
            indication(&reread, &docs[i], &chain),
            Indication::TotalPassed
        );
    }
    assert_eq!(
        indication(&records[5], &docs[6], &chain),
        Indication::TotalFailed
    );
}

#[test]
fn hostile_records_are_refused_or_fail_without_panicking() {
    let server = PkiServer::start(0x4552_5302).unwrap();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let docs = documents(4);
    let leaves = docs.iter().map(|d| digest::digest(SHA256, d)).collect();
    let der = create(leaves, SHA256, &tsa).unwrap()[1].to_der();
    // Truncated at every length: an error, never a panic.
    for n in 0..der.len() {
        assert!(EvidenceRecord::from_der(&der[..n]).is_err(), "length {n}");
    }
    // Each byte flipped: an error or a verdict that is not a pass, unless the byte is outside
    // what the time-stamps protect (the informational digestAlgorithms list, the token's
    // unsigned certificates): what proves coverage, the hash path and the time-stamped
    // values, cannot change and still pass.
    let original = EvidenceRecord::from_der(&der).unwrap();
    let verifier = Verifier {
        validator: None,
        now: datetime::now(),
    };
    for i in (0..der.len()).step_by(7) {
        let mut bad = der.clone();
        bad[i] ^= 0x5a;
        if let Ok(record) = EvidenceRecord::from_der(&bad) {
            let checks = verifier.verify(&record, &[&docs[1] as &dyn DetachedContent]);
            let covered = checks
                .checks()
                .iter()
                .any(|c| c.name == CheckId::EvidenceRecord && c.outcome == Outcome::Passed);
            let passed = checks.verdict().0 == Indication::TotalPassed;
            let proof = |r: &EvidenceRecord| {
                let stamp = &r.chains[0].stamps[0];
                let tst = ades_tsp::TimeStampToken::from_der(&stamp.timestamp)
                    .map(|t| t.tst_info().clone())
                    .ok();
                (stamp.reduced_hashtree.clone(), tst)
            };
            assert!(
                !passed || !covered || proof(&record) == proof(&original),
                "byte {i}"
            );
        }
    }
    // No data object: nothing is proven.
    let record = EvidenceRecord::from_der(&der).unwrap();
    assert_ne!(
        verifier.verify(&record, &[]).verdict().0,
        Indication::TotalPassed
    );
}
