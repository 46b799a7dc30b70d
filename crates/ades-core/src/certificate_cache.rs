//! Certificates already parsed in this process, by their DER: a batch of signatures from one
//! CA embeds the same CA (and often signer) certificates in every file, and parsing them —
//! with the public key each carries, which [`Certificate`] parses once and keeps — was a third
//! of a CAdES validation. A hit returns the same parsed certificate (an `Arc` clone); the
//! table is bounded and emptied when full.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::certificate::Certificate;

/// Most certificates kept (a few MiB at most).
const CAPACITY: usize = 512;

type Table = HashMap<Arc<[u8]>, Certificate>;

fn table() -> &'static Mutex<Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(Mutex::default)
}

/// The certificate parsed from exactly `der` before, if any.
pub(crate) fn get(der: &[u8]) -> Option<Certificate> {
    table().lock().ok()?.get(der).cloned()
}

/// Keeps a freshly parsed certificate.
pub(crate) fn put(certificate: &Certificate) {
    if let Ok(mut t) = table().lock() {
        if t.len() >= CAPACITY {
            t.clear();
        }
        t.insert(certificate.der_arc(), certificate.clone());
    }
}
