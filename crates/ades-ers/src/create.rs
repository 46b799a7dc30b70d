//! Evidence records for many data objects under one time-stamp (RFC 4998 §4): the data's
//! hashes are the leaves of a hash tree, one RFC 3161 time-stamp covers its root, and each
//! data object gets a record holding its reduced hash tree and that time-stamp.
//!
//! [`Batch`] splits the steps so that a long run can keep the token as soon as the TSA
//! answers (a run resumed after a crash asks again for nothing) and write each record as it
//! is derived (memory holds the tree, about two hashes per document, never the records).

use ades_core::DigestAlgorithm;
use ades_tsp::TsaClient;

use crate::Result;
use crate::syntax::{ArchiveTimeStamp, EvidenceRecord};
use crate::tree::{Tree, group_node};

/// The hash tree of a set of data objects, waiting for its time-stamp.
pub struct Batch {
    alg: DigestAlgorithm,
    tree: Tree,
    count: usize,
    /// The members of each data-object group, when the batch is of groups.
    groups: Option<Vec<Vec<Vec<u8>>>>,
}

impl Batch {
    /// The tree over `leaves` (the data objects' hashes by `alg`, at least one): one record
    /// per data object.
    pub fn new(alg: DigestAlgorithm, leaves: Vec<Vec<u8>>) -> Self {
        let count = leaves.len();
        Batch {
            alg,
            tree: Tree::new(alg, leaves),
            count,
            groups: None,
        }
    }

    /// The tree over data-object groups (each the hashes by `alg` of data objects kept
    /// together, RFC 4998 §4.2: a document and its attachments, say): one record per group,
    /// covering each of its members.
    pub fn with_groups(alg: DigestAlgorithm, groups: Vec<Vec<Vec<u8>>>) -> Self {
        let nodes = groups.iter().map(|g| group_node(alg, g)).collect();
        Batch {
            alg,
            tree: Tree::new(alg, nodes),
            count: groups.len(),
            groups: Some(groups),
        }
    }

    /// How many records it makes (data objects, or groups).
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether it covers nothing.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The root hash: the message imprint of the time-stamp to ask for.
    pub fn root(&self) -> &[u8] {
        self.tree.root()
    }

    /// The record of data object `index`, with `token` (the time-stamp over [`Batch::root`],
    /// as encoded).
    pub fn record(&self, index: usize, token: &[u8]) -> EvidenceRecord {
        let reduced = match &self.groups {
            Some(groups) => self.tree.reduced_group(index, &groups[index]),
            None => self.tree.reduced(index),
        };
        let stamp = ArchiveTimeStamp::new(self.alg, reduced, token.to_vec());
        EvidenceRecord::new(self.alg, stamp)
    }
}

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
    let batch = Batch::new(alg, leaves);
    let token = tsa.timestamp(alg, batch.root().to_vec())?;
    Ok((0..batch.len())
        .map(|i| batch.record(i, token.der()))
        .collect())
}
