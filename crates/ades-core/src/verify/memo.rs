//! Certificate signatures already verified in this process, so a batch that meets the same
//! CA certificates again and again (every signature of an archive, every chain to one root)
//! does the RSA/ECDSA arithmetic once per pair.
//!
//! An entry is the SHA-256 of the issuer's `SubjectPublicKeyInfo` and the whole certificate
//! (to-be-signed part, algorithm and signature value): a hit means these exact bytes verified
//! under this exact key before. Only successes are remembered; the table is bounded and
//! emptied when full.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use crate::DigestAlgorithm;
use crate::digest::Digester;

/// Most pairs remembered before the table is emptied.
const CAPACITY: usize = 8192;

fn table() -> &'static Mutex<HashSet<[u8; 32]>> {
    static TABLE: OnceLock<Mutex<HashSet<[u8; 32]>>> = OnceLock::new();
    TABLE.get_or_init(Mutex::default)
}

/// The memo key of `certificate_der` under `issuer_spki_der`.
pub(crate) fn key(issuer_spki_der: &[u8], certificate_der: &[u8]) -> [u8; 32] {
    let mut d = Digester::new(DigestAlgorithm::Sha256);
    d.update(&(issuer_spki_der.len() as u64).to_be_bytes());
    d.update(issuer_spki_der);
    d.update(certificate_der);
    let mut out = [0u8; 32];
    out.copy_from_slice(&d.finish());
    out
}

/// Whether the pair verified before.
pub(crate) fn verified_before(key: &[u8; 32]) -> bool {
    table().lock().is_ok_and(|t| t.contains(key))
}

/// Records that the pair verified.
pub(crate) fn remember(key: [u8; 32]) {
    if let Ok(mut t) = table().lock() {
        if t.len() >= CAPACITY {
            t.clear();
        }
        t.insert(key);
    }
}
