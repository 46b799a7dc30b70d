//! The revocation cache shared through a real `redis-server` on 127.0.0.1: what one checker
//! fetched serves another, offline; entries are verified again (a forged entry is ignored);
//! a server that is down is reported and changes no verdict.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::sync::atomic::Ordering;
use std::time::Duration;

use ades_core::datetime;
use ades_http::HttpTransport;
use ades_testkit::redis::RedisServer;
use ades_testkit::server::PkiServer;
use ades_trust::{RedisCache, RevocationChecker, RevocationStatus, SharedCache, StatusSource};

const SEED: u64 = 0x5245_4449;

fn with_cache(mut checker: RevocationChecker, url: &str) -> RevocationChecker {
    checker.set_shared_cache(Box::new(RedisCache::new(url).unwrap()));
    checker
}

#[test]
fn answers_fetched_by_one_checker_serve_another_offline() {
    let redis = RedisServer::start().unwrap();
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let now = datetime::now();

    let first = with_cache(
        RevocationChecker::online(Box::new(HttpTransport::new())),
        &redis.url(),
    );
    let fetched = first.status(&pki.signer1.certificate, &pki.ape.certificate, now);
    assert!(
        matches!(fetched, RevocationStatus::Good { .. }),
        "{fetched:?}"
    );
    let revoked = first.status(&pki.revoked.certificate, &pki.ape.certificate, now);
    assert!(
        matches!(revoked, RevocationStatus::Revoked { .. }),
        "{revoked:?}"
    );
    // The intermediate's status comes from the root's CRL, shared as well.
    let ape = first.status(&pki.ape.certificate, &pki.root.certificate, now);
    assert!(matches!(ape, RevocationStatus::Good { .. }), "{ape:?}");
    assert_eq!(first.shared_cache_trouble(), None);

    // Another process, offline: the shared answers decide.
    let second = with_cache(RevocationChecker::offline(), &redis.url());
    let good = second.status(&pki.signer1.certificate, &pki.ape.certificate, now);
    assert!(
        matches!(good, RevocationStatus::Good { source: StatusSource::Ocsp(ref s), .. } if s == "shared cache"),
        "{good:?}"
    );
    let revoked = second.status(&pki.revoked.certificate, &pki.ape.certificate, now);
    assert!(
        matches!(revoked, RevocationStatus::Revoked { .. }),
        "{revoked:?}"
    );
    let ape = second.status(&pki.ape.certificate, &pki.root.certificate, now);
    assert!(
        matches!(
            ape,
            RevocationStatus::Good {
                source: StatusSource::Crl(_),
                ..
            }
        ),
        "{ape:?}"
    );
    assert_eq!(second.stats().ocsp_requests.load(Ordering::SeqCst), 0);
}

#[test]
fn forged_entries_are_verified_and_ignored() {
    let redis = RedisServer::start().unwrap();
    let server = PkiServer::start(SEED ^ 1).unwrap();
    let pki = server.pki();
    let now = datetime::now();
    let online = with_cache(
        RevocationChecker::online(Box::new(HttpTransport::new())),
        &redis.url(),
    );
    // The revoked certificate's good-looking answer would be the attack: store the signer's
    // (good) response under the revoked certificate's key.
    online.status(&pki.signer1.certificate, &pki.ape.certificate, now);
    online.status(&pki.revoked.certificate, &pki.ape.certificate, now);
    let cache = RedisCache::new(&redis.url()).unwrap();
    let keys = raw_keys(&redis.url());
    let ocsp: Vec<&String> = keys.iter().filter(|k| k.contains(":ocsp:")).collect();
    assert_eq!(ocsp.len(), 2, "{keys:?}");
    let values: Vec<Vec<u8>> = ocsp.iter().map(|k| cache.get(k).unwrap()).collect();
    cache.put(ocsp[0], &values[1], Duration::from_secs(600));
    cache.put(ocsp[1], &values[0], Duration::from_secs(600));
    let offline = with_cache(RevocationChecker::offline(), &redis.url());
    let revoked = offline.status(&pki.revoked.certificate, &pki.ape.certificate, now);
    assert!(
        !matches!(revoked, RevocationStatus::Good { .. }),
        "a response about another certificate must not make it good: {revoked:?}"
    );
    // Garbage under a key is ignored too.
    for key in &ocsp {
        cache.put(key, b"not an OCSP response", Duration::from_secs(600));
    }
    let status = with_cache(RevocationChecker::offline(), &redis.url()).status(
        &pki.signer1.certificate,
        &pki.ape.certificate,
        now,
    );
    assert!(matches!(status, RevocationStatus::Unknown(_)), "{status:?}");
}

#[test]
fn a_cache_that_is_down_is_reported_and_changes_nothing() {
    let mut redis = RedisServer::start().unwrap();
    let url = redis.url();
    redis.stop();
    let server = PkiServer::start(SEED ^ 2).unwrap();
    let pki = server.pki();
    let checker = with_cache(
        RevocationChecker::online(Box::new(HttpTransport::new())),
        &url,
    );
    let status = checker.status(
        &pki.signer1.certificate,
        &pki.ape.certificate,
        datetime::now(),
    );
    assert!(
        matches!(status, RevocationStatus::Good { .. }),
        "{status:?}"
    );
    let trouble = checker
        .shared_cache_trouble()
        .expect("the failure is reported");
    assert!(trouble.contains("127.0.0.1"), "{trouble}");
    assert!(RedisCache::new("not a url").is_err());
}

/// The keys in the server, through `redis-cli` (the test's own view of the store).
fn raw_keys(url: &str) -> Vec<String> {
    let port = url.rsplit(':').next().unwrap();
    let out = std::process::Command::new("redis-cli")
        .args(["-p", port, "--raw", "KEYS", "*"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}
