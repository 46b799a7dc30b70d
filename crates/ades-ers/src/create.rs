//! Evidence records for many data objects under one time-stamp (RFC 4998 §4): the data's
//! hashes are the leaves of a hash tree, one RFC 3161 time-stamp covers its root, and each
//! data object gets a record holding its reduced hash tree and that time-stamp.

use ades_core::DigestAlgorithm;
use ades_tsp::TsaClient;

use crate::Result;
use crate::syntax::{ArchiveTimeStamp, EvidenceRecord};
use crate::tree::Tree;

/// One record per hash in `leaves` (the data objects' hashes by `alg`, in any order), with a
/// single request to `tsa`.
pub fn create(
    leaves: Vec<Vec<u8>>,
    alg: DigestAlgorithm,
    tsa: &TsaClient<'_>,
) -> Result<Vec<EvidenceRecord>> {
    if leaves.is_empty() {
        return Ok(Vec::new());
    }
    let count = leaves.len();
    let tree = Tree::new(alg, leaves);
    let token = tsa.timestamp(alg, tree.root().to_vec())?;
    Ok((0..count)
        .map(|i| {
            let stamp = ArchiveTimeStamp::new(alg, tree.reduced(i), token.der().to_vec());
            EvidenceRecord::new(alg, stamp)
        })
        .collect())
}
