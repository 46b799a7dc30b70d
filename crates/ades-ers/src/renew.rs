//! Renewal (RFC 4998 §5.2), for many records with one time-stamp:
//!
//! * time-stamp renewal, before a TSA's certificate or signature algorithm weakens: each
//!   record's last time-stamp is hashed (with its chain's algorithm) and a new archive
//!   time-stamp over a tree of those hashes joins the chain;
//! * hash-tree renewal, before the hash algorithm weakens: for each record, the hash of its
//!   data object and the hash of all its chains, with the new algorithm, are hashed together
//!   (sorted, concatenated) into a leaf, and a new chain starts with a time-stamp over a tree
//!   of those leaves. It needs the data objects themselves.

use ades_core::validation::DetachedContent;
use ades_core::{DigestAlgorithm, digest};
use ades_tsp::TsaClient;

use crate::syntax::{ArchiveTimeStamp, Chain};
use crate::tree::{Tree, hash_list};
use crate::{Error, EvidenceRecord, Result};

/// A source of time-stamps: the token (as encoded) over a root hash by an algorithm. A
/// [`TsaClient`] asks its TSA; a caller may keep tokens so that a resumed run asks again for
/// nothing.
pub type StampSource<'a> = dyn FnMut(DigestAlgorithm, Vec<u8>) -> Result<Vec<u8>> + 'a;

/// Adds a time-stamp renewal to the last chain of every record, one request to `tsa` per hash
/// algorithm among the chains (one, normally).
pub fn renew_timestamps(records: &mut [EvidenceRecord], tsa: &TsaClient<'_>) -> Result<()> {
    renew_timestamps_with(records, &mut |alg, root| {
        Ok(tsa.timestamp(alg, root)?.der().to_vec())
    })
}

/// As [`renew_timestamps`], the time-stamps from `stamp`.
pub fn renew_timestamps_with(
    records: &mut [EvidenceRecord],
    stamp: &mut StampSource<'_>,
) -> Result<()> {
    refuse_xml(records)?;
    let mut groups: Vec<(DigestAlgorithm, Vec<usize>)> = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let last = last_stamp(record)?;
        let alg = last
            .algorithm()
            .ok_or_else(|| Error::Unsupported("a chain's hash algorithm".into()))?;
        match groups.iter_mut().find(|(a, _)| *a == alg) {
            Some((_, members)) => members.push(i),
            None => groups.push((alg, vec![i])),
        }
    }
    for (alg, members) in groups {
        let leaves = members
            .iter()
            .map(|&i| last_stamp(&records[i]).map(|s| digest::digest(alg, &s.timestamp)))
            .collect::<Result<Vec<_>>>()?;
        let tree = Tree::new(alg, leaves);
        let token = stamp(alg, tree.root().to_vec())?;
        for (leaf, &i) in members.iter().enumerate() {
            let renewal = ArchiveTimeStamp::new(alg, tree.reduced(leaf), token.clone());
            if let Some(chain) = records[i].chains.last_mut() {
                chain.stamps.push(renewal);
            }
        }
    }
    Ok(())
}

/// Starts a new chain with `alg` in every record, over its data object (`data[i]` for
/// `records[i]`) and its chains, with one request to `tsa`.
pub fn renew_hash_trees(
    records: &mut [EvidenceRecord],
    data: &[&dyn DetachedContent],
    alg: DigestAlgorithm,
    tsa: &TsaClient<'_>,
) -> Result<()> {
    let mut stamp = |a, root| Ok(tsa.timestamp(a, root)?.der().to_vec());
    renew_hash_trees_with(records, data, alg, &mut stamp)
}

/// As [`renew_hash_trees`], the time-stamp from `stamp`.
pub fn renew_hash_trees_with(
    records: &mut [EvidenceRecord],
    data: &[&dyn DetachedContent],
    alg: DigestAlgorithm,
    stamp: &mut StampSource<'_>,
) -> Result<()> {
    refuse_xml(records)?;
    if data.len() != records.len() {
        return Err(Error::Unsupported(
            "a hash-tree renewal needs one data object per record".into(),
        ));
    }
    let mut leaves = Vec::with_capacity(records.len());
    for (record, content) in records.iter().zip(data) {
        let h = content.digest(alg)?;
        let chains = digest::digest(alg, &record.sequence_der(record.chains.len()));
        leaves.push(hash_list(alg, &[h, chains]));
    }
    let tree = Tree::new(alg, leaves);
    let token = stamp(alg, tree.root().to_vec())?;
    for (i, record) in records.iter_mut().enumerate() {
        let first = ArchiveTimeStamp::new(alg, tree.reduced(i), token.clone());
        record.chains.push(Chain {
            stamps: vec![first],
        });
        record.add_digest_algorithm(alg);
    }
    Ok(())
}

fn last_stamp(record: &EvidenceRecord) -> Result<&ArchiveTimeStamp> {
    record
        .chains
        .last()
        .and_then(|c| c.stamps.last())
        .ok_or_else(|| Error::Malformed("a record without time-stamps".into()))
}

/// XML records (RFC 6283) are read and verified, not renewed here.
fn refuse_xml(records: &[EvidenceRecord]) -> Result<()> {
    if records.iter().any(EvidenceRecord::is_xml) {
        return Err(Error::Unsupported(
            "renewing an XML evidence record (RFC 6283)".into(),
        ));
    }
    Ok(())
}
