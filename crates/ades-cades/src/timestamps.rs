//! The time-stamps of a CAdES signature (TS 101 733 §6.1.1, §5.11.4): signature time-stamps
//! over the signature value (CAdES-T) and the content time-stamp over the content. The oldest
//! valid signature time-stamp is the best signature time (policy §3.7, rule 5); the claimed
//! signing-time stays an indication.
//!
//! The evidence is verified first, newest first: archive time-stamps, then -X time-stamps. A
//! token is proven to exist by the earliest valid one that covers it (its own genTime proves
//! nothing about itself): an archive-time-stamp-v3 covers the attribute values its hash index
//! lists, a v2 every attribute its imprint was computed over, a CAdES-C-time-stamp every
//! signature time-stamp; the content time-stamp is proven by the signature time-stamp over the
//! signature that signs it.

use ades_core::cms::{SignedData, SignerInfo};
use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::{DetachedContent, TimeEvidence};
use ades_core::{CheckId, DigestAlgorithm, SubIndication, digest, oid};
use ades_tsp::TokenContext;
use ades_tsp::evidence::{CoveringToken, Proofs, earliest, verify_newest_first};

/// Checks every time-stamp of `si`, recording a check for each: in `base`, whose proof of
/// existence is the container's (a later PDF document time-stamp), if any.
pub(crate) fn check_timestamps(
    sd: &SignedData,
    si: &SignerInfo,
    content: Option<&dyn DetachedContent>,
    base: TokenContext<'_>,
    checks: &mut CheckList,
) -> TimeEvidence {
    let mut evidence = TimeEvidence::default();
    let content_digest = &content_digest_of(sd, content);
    let mut later = CheckList::new();
    let mut archives = archive_timestamps(sd, si, content_digest);
    archives.extend(archive_timestamps_v2(sd, si, content));
    let archived = verify_newest_first(&base, archives, &mut later);
    let over_signature_timestamps = check_references_timestamps(si, &base, &archived, &mut later);
    let signature_digest = |alg: DigestAlgorithm| Some(digest::digest(alg, si.signature()));
    for (key, value) in values_of(si, oid::ATTR_SIGNATURE_TIMESTAMP) {
        let ctx = base.existing_by(earliest(archived.of(&key), over_signature_timestamps));
        if let Some(t) = ctx.proof_as(
            ades_tsp::ProofRole::SignatureTime,
            CheckId::SignatureTimestamp,
            value,
            &signature_digest,
            checks,
        ) {
            evidence.add_signature_time(t);
        }
    }
    checks.extend(later);
    if let Some(attr) = si.signed_attribute(oid::ATTR_CONTENT_TIMESTAMP) {
        // The signature value commits to it: whatever proves the signature value existed
        // (every archive and CAdES-C time-stamp is over it) proves it.
        let ctx = base.existing_by(earliest(
            earliest(archived.earliest(), over_signature_timestamps),
            evidence.best_signature_time,
        ));
        for value in &attr.values {
            if let Some(t) = ctx.proof(CheckId::ContentTimestamp, value, content_digest, checks) {
                evidence.add_content_time(t);
            }
        }
    }
    evidence
}

/// Where an unsigned attribute value sits: the attribute's position among the unsigned
/// attributes, and the value's within it.
type ValueKey = (usize, usize);

/// The values of the unsigned attributes of type `kind`, with their keys.
fn values_of(
    si: &SignerInfo,
    kind: ades_core::const_oid::ObjectIdentifier,
) -> impl Iterator<Item = (ValueKey, &Vec<u8>)> {
    si.unsigned_attributes()
        .iter()
        .enumerate()
        .filter(move |(_, a)| a.oid == kind)
        .flat_map(|(a, attr)| {
            attr.values
                .iter()
                .enumerate()
                .map(move |(v, value)| ((a, v), value))
        })
}

/// Digest of the signed content for a content time-stamp (attached or detached).
pub(crate) fn content_digest_of<'a>(
    sd: &'a SignedData,
    detached: Option<&'a dyn ades_core::validation::DetachedContent>,
) -> impl Fn(DigestAlgorithm) -> Option<Vec<u8>> + 'a {
    move |alg| match (sd.content(), detached) {
        (Some(c), _) => Some(digest::digest(alg, c)),
        (None, Some(d)) => d.digest(alg).ok(),
        (None, None) => None,
    }
}

/// The archive-time-stamp-v3 tokens of `si` (EN 319 122-1 §5.5.3), each checked for: its hash
/// index matches what the signature holds, its imprint covers the signature and that index,
/// and its token verifies. One over other data (a copied or moved archive time-stamp, or a
/// signature whose time-stamped parts were changed or removed) proves nothing: NO_POE, never
/// a pass.
fn archive_timestamps<'a>(
    sd: &'a SignedData,
    si: &'a SignerInfo,
    content_digest: &'a dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
) -> Vec<CoveringToken<'a, ValueKey>> {
    values_of(si, oid::ATTR_ARCHIVE_TIMESTAMP_V3)
        .map(|(key, value)| {
            let index = ades_tsp::TimeStampToken::from_der(value)
                .ok()
                .and_then(|t| crate::archive::stored_index(&t));
            // The index is checked once: for what it covers, and for the token's own check.
            let checked = index
                .as_ref()
                .map(|(index, version)| crate::archive::check_index(index, *version, sd, si));
            let indexed = checked.as_ref().and_then(|c| c.as_ref().ok().cloned());
            // What the index lists, and nothing else, is covered (EN 319 122-1 §5.5.3).
            let covers = move |&(a, v): &ValueKey| {
                let attribute = si.unsigned_attributes().get(a);
                match (
                    &indexed,
                    attribute.and_then(|attr| Some((attr, attr.values.get(v)?))),
                ) {
                    (Some(indexed), Some((attr, value))) => indexed.covers(attr, value),
                    _ => false,
                }
            };
            CoveringToken::new(key, value, covers, move |ctx, checks| {
                let Some((index, _)) = index else {
                    checks.fail(
                        CheckId::ArchiveTimestamp,
                        SubIndication::NoPoe,
                        "an archive-time-stamp-v3 without its ats-hash-index",
                    );
                    return None;
                };
                if let Some(Err(problem)) = checked {
                    checks.fail(
                        CheckId::ArchiveTimestamp,
                        SubIndication::NoPoe,
                        problem.to_string(),
                    );
                    return None;
                }
                let digest_of = |alg: DigestAlgorithm| {
                    let content = content_digest(alg)?;
                    Some(crate::archive::imprint_v3(sd, si, &content, &index, alg))
                };
                archive_evidence(ctx, value, &digest_of, checks)
            })
        })
        .collect()
}

/// The archive-time-stamp-v2 tokens of `si` (TS 101 733 §6.4.1). One whose imprint is not
/// the digest of the signature as it can be read now is no proof of existence:
/// INDETERMINATE (NO_POE) with the reason, since a copied time-stamp and an encoding this
/// version cannot reproduce look the same.
fn archive_timestamps_v2<'a>(
    sd: &'a SignedData,
    si: &'a SignerInfo,
    content: Option<&'a dyn DetachedContent>,
) -> Vec<CoveringToken<'a, ValueKey>> {
    values_of(si, oid::ATTR_ARCHIVE_TIMESTAMP_V2)
        .map(|(key, value)| {
            // Its imprint is over every other attribute and the older archive time-stamps:
            // one added later breaks it.
            let gen_time = ades_tsp::TimeStampToken::from_der(value)
                .ok()
                .map(|t| t.gen_time());
            let covers = move |&(a, v): &ValueKey| {
                let Some(attr) = si.unsigned_attributes().get(a) else {
                    return false;
                };
                let archive = [
                    oid::ATTR_ARCHIVE_TIMESTAMP_V2,
                    oid::ATTR_ARCHIVE_TIMESTAMP_V3,
                ]
                .contains(&attr.oid);
                !archive
                    || attr
                        .values
                        .get(v)
                        .and_then(|other| ades_tsp::TimeStampToken::from_der(other).ok())
                        .is_some_and(|other| Some(other.gen_time()) < gen_time)
            };
            CoveringToken::new(key, value, covers, move |ctx, checks| {
                check_archive_timestamp_v2(sd, si, content, value, ctx, checks)
            })
        })
        .collect()
}

fn check_archive_timestamp_v2(
    sd: &SignedData,
    si: &SignerInfo,
    content: Option<&dyn DetachedContent>,
    value: &[u8],
    ctx: &TokenContext<'_>,
    checks: &mut CheckList,
) -> Option<OffsetDateTime> {
    let Ok(token) = ades_tsp::TimeStampToken::from_der(value) else {
        checks.fail(
            CheckId::ArchiveTimestamp,
            SubIndication::NoPoe,
            "an unreadable archive-time-stamp-v2",
        );
        return None;
    };
    let imprint = &token.tst_info().message_imprint;
    let Some(alg) = imprint.algorithm.digest() else {
        checks.fail(
            CheckId::ArchiveTimestamp,
            SubIndication::CryptoConstraintsFailure,
            "an archive-time-stamp-v2 with an unsupported imprint algorithm",
        );
        return None;
    };
    match crate::archive_v2::imprints(sd, si, token.gen_time(), content, alg) {
        Ok(candidates) if candidates.contains(&imprint.hash) => {
            let digest_of = |_: DigestAlgorithm| Some(imprint.hash.clone());
            archive_evidence(ctx, value, &digest_of, checks)
        }
        Ok(_) => {
            checks.fail(
                CheckId::ArchiveTimestamp,
                SubIndication::NoPoe,
                "the archive-time-stamp-v2 is not over this signature as it is now (copied, or the signature changed after it, or encoded in a way that cannot be reproduced): it proves nothing",
            );
            None
        }
        Err(e) => {
            checks.skip(
                CheckId::ArchiveTimestamp,
                format!("archive-time-stamp-v2 not verified: {e}"),
            );
            None
        }
    }
}

/// Checks the -X time-stamps of `si`, each proven by the archive time-stamps that cover it: a
/// CAdES-C-time-stamp over the signature, its time-stamps and the references (type 1), a
/// time-stamped-certs-crls-references over the references (type 2). Returns the earliest
/// valid genTime of a type 1, which covers every signature time-stamp (one added after it
/// breaks its imprint).
fn check_references_timestamps(
    si: &SignerInfo,
    base: &TokenContext<'_>,
    archived: &Proofs<'_, ValueKey>,
    checks: &mut CheckList,
) -> Option<OffsetDateTime> {
    let mut covers_signature_timestamps = None;
    use crate::extended::{ReferencesEncoding, esc_input, refs_input};
    let input: [(_, &dyn Fn(ReferencesEncoding) -> Vec<u8>); 2] = [
        (oid::ATTR_ESC_TIMESTAMP, &|e| esc_input(si, e)),
        (oid::ATTR_CERT_CRL_TIMESTAMP, &|e| refs_input(si, e)),
    ];
    for (kind, input) in input {
        for (key, value) in values_of(si, kind) {
            let ctx = base.existing_by(archived.of(&key));
            // The standard reading first; the older values-only reading when the token's
            // imprint is the digest of that instead.
            let imprint = ades_tsp::TimeStampToken::from_der(value)
                .map(|t| t.tst_info().message_imprint.hash.clone())
                .ok();
            let digest_of = |alg: DigestAlgorithm| {
                let standard = digest::digest(alg, &input(ReferencesEncoding::TypeAndValues));
                if imprint.as_ref() == Some(&standard) {
                    return Some(standard);
                }
                let older = digest::digest(alg, &input(ReferencesEncoding::ValuesOnly));
                Some(if imprint.as_ref() == Some(&older) {
                    older
                } else {
                    standard
                })
            };
            let proven = ctx.proof_as(
                ades_tsp::ProofRole::Evidence,
                CheckId::ReferencesTimestamp,
                value,
                &digest_of,
                checks,
            );
            if kind == oid::ATTR_ESC_TIMESTAMP {
                covers_signature_timestamps = earliest(covers_signature_timestamps, proven);
            }
        }
    }
    covers_signature_timestamps
}

/// Records an archive time-stamp: evidence for the long term, which proves nothing when it
/// fails; its genTime when it is valid.
fn archive_evidence(
    ctx: &TokenContext<'_>,
    token_der: &[u8],
    digest_of: &dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
    checks: &mut CheckList,
) -> Option<OffsetDateTime> {
    ctx.proof_as(
        ades_tsp::ProofRole::Evidence,
        CheckId::ArchiveTimestamp,
        token_der,
        digest_of,
        checks,
    )
}

#[cfg(test)]
mod poe_tests;
