//! Verifying an evidence record against its data objects (RFC 4998 §5.3): in the first chain
//! the data's hashes must be in the first list of the reduced hash tree and climb to the value
//! its time-stamp covers; each time-stamp renewal must cover the previous time-stamp; each
//! hash-tree renewal (a later chain) must cover the data together with every chain before it.
//! Every time-stamp is verified as a token, its TSA's certificate at the time of the next
//! time-stamp (the last one: at the validation time).

use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, DetachedContent};
use ades_core::{CheckId, DigestAlgorithm, SubIndication, ValidationData, digest};
use ades_tsp::TimeStampToken;

use crate::syntax::EvidenceRecord;
use crate::tree::{Climb, climb};

/// What to verify a record with.
pub struct Verifier<'a> {
    /// Chains, validity and revocation of the TSAs' certificates; `None` checks the tokens'
    /// signatures only.
    pub validator: Option<&'a dyn CertificateValidator>,
    /// The validation time (now, or `--at`).
    pub now: OffsetDateTime,
}

impl Verifier<'_> {
    /// Verifies `record` as evidence for the data objects `data` (one, or a group the record
    /// covers together), recording a check for each step.
    pub fn verify(&self, record: &EvidenceRecord, data: &[&dyn DetachedContent]) -> CheckList {
        let mut checks = CheckList::new();
        if data.is_empty() {
            checks.fail(
                CheckId::EvidenceRecord,
                SubIndication::SignedDataNotFound,
                "no data object was given: the record proves nothing by itself",
            );
            return checks;
        }
        let times: Vec<Option<OffsetDateTime>> = record
            .chains
            .iter()
            .flat_map(|c| &c.stamps)
            .map(|s| {
                TimeStampToken::from_der(&s.timestamp)
                    .ok()
                    .map(|t| t.gen_time())
            })
            .collect();
        let mut position = 0;
        for (c, chain) in record.chains.iter().enumerate() {
            let Some(alg) = chain.stamps[0].algorithm() else {
                checks.fail(
                    CheckId::EvidenceRecord,
                    SubIndication::CryptoConstraintsFailure,
                    format!("chain {}: its hash algorithm is not supported", c + 1),
                );
                return checks;
            };
            let Some(readings) = leaves(record, c, alg, data, &mut checks) else {
                return checks;
            };
            for (s, stamp) in chain.stamps.iter().enumerate() {
                let label = format!("chain {}, time-stamp {}", c + 1, s + 1);
                if stamp.algorithm() != Some(alg) {
                    checks.fail(
                        CheckId::EvidenceRecord,
                        SubIndication::FormatFailure,
                        format!("{label}: another hash algorithm than its chain's"),
                    );
                    return checks;
                }
                let starts: Vec<Vec<Vec<u8>>> = match s {
                    0 => readings.clone(),
                    _ => chain.stamps[s - 1]
                        .renewal_inputs()
                        .into_iter()
                        .map(|input| vec![digest::digest(alg, input)])
                        .collect(),
                };
                let tree = stamp.reduced_hashtree.as_deref();
                let roots: Vec<Vec<u8>> = starts
                    .iter()
                    .flat_map(|start| [true, false].map(|single| climb(alg, start, tree, single)))
                    .filter_map(Result::ok)
                    .collect();
                // Of the readings, the one the time-stamp covers (when none does, the token's
                // check says so).
                let imprint = TimeStampToken::from_der(&stamp.timestamp)
                    .ok()
                    .map(|t| t.tst_info().message_imprint.hash.clone());
                let root = roots
                    .iter()
                    .find(|r| Some(*r) == imprint.as_ref())
                    .or(roots.first())
                    .cloned();
                let Some(root) = root else {
                    let why = match starts.first().map(|st| climb(alg, st, tree, true)) {
                        Some(Err(Climb::NoTree)) => "several data objects but no hash tree",
                        _ if s == 0 && c == 0 => {
                            "the data object's hash is not in the reduced hash tree: the record does not cover this data (another document, or it changed)"
                        }
                        _ if s == 0 => {
                            "the hash-tree renewal does not cover this data with the chains before it"
                        }
                        _ => "the time-stamp renewal does not cover the previous time-stamp",
                    };
                    checks.fail(
                        CheckId::EvidenceRecord,
                        SubIndication::HashFailure,
                        format!("{label}: {why}"),
                    );
                    return checks;
                };
                checks.pass(
                    CheckId::EvidenceRecord,
                    format!("{label}: the data climbs to the time-stamped {alg} hash"),
                );
                let at = times
                    .get(position + 1)
                    .copied()
                    .flatten()
                    .unwrap_or(self.now);
                let digest_of = |a: DigestAlgorithm| (a == alg).then(|| root.clone());
                // The next archive time-stamp proves this one existed by its time. It is
                // taken before that one is checked: safe, since a stamp that fails fails the
                // whole record (RFC 4998 §5.3).
                let nothing_embedded = ValidationData::new();
                let ctx = ades_tsp::TokenContext::new(self.validator, &nothing_embedded, at)
                    .existing_by(Some(at));
                ades_tsp::verify_embedded(
                    CheckId::ArchiveTimestamp,
                    &stamp.timestamp,
                    &digest_of,
                    &ctx,
                    &mut checks,
                );
                position += 1;
            }
        }
        checks
    }
}

/// The leaf hashes of the data in chain `c`: the data's hashes in the first chain; in a
/// hash-tree renewal each data hash with the hash of every chain before, sorted then
/// concatenated (RFC 4998 §5.2) — or unsorted, as some writers do. Each reading is a set of
/// start hashes.
fn leaves(
    record: &EvidenceRecord,
    c: usize,
    alg: DigestAlgorithm,
    data: &[&dyn DetachedContent],
    checks: &mut CheckList,
) -> Option<Vec<Vec<Vec<u8>>>> {
    let mut hashes = Vec::new();
    for d in data {
        match d.digest(alg) {
            Ok(h) => hashes.push(h),
            Err(e) => {
                checks.fail(
                    CheckId::EvidenceRecord,
                    SubIndication::SignedDataNotFound,
                    format!("the data object cannot be hashed with {alg}: {e}"),
                );
                return None;
            }
        }
    }
    if c == 0 {
        return Some(vec![hashes]);
    }
    let mut readings = Vec::new();
    for input in record.sequence_inputs(c) {
        let previous = digest::digest(alg, &input);
        readings.push(
            hashes
                .iter()
                .map(|h| crate::tree::hash_list(alg, &[h.clone(), previous.clone()]))
                .collect(),
        );
        readings.push(
            hashes
                .iter()
                .map(|h| digest::digest(alg, &[h.as_slice(), &previous].concat()))
                .collect(),
        );
        // The data's hashes and the chains' hash as members of the first list (XML records).
        let mut members = hashes.clone();
        members.push(previous);
        readings.push(members);
    }
    Some(readings)
}
