//! The time-stamps of a XAdES signature: `SignatureTimeStamp` over the canonical
//! `ds:SignatureValue` (XAdES-T, §7.3) and `AllDataObjectsTimeStamp` over the signed data
//! objects (§7.2.9), the -X time-stamps over the references (§7.5) and the archive
//! time-stamps (§7.7, v1.4.1 §8.2). The oldest valid signature time-stamp is the best signature time
//! (policy §3.7, rule 5).

use ades_core::CheckId;
use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, DetachedContent, TimeEvidence};
use ades_core::{DigestAlgorithm, SubIndication};

use ades_tsp::TokenContext;
use ades_tsp::evidence::{CoveringToken, Proofs, earliest, verify_newest_first};

use crate::complete_refs::ReferencesTimestamp;
use crate::dsig::SignatureElement;
use crate::dsig::transform::{Here, write_transformed};
use crate::extend::signature_value_digest_with;
use crate::markup::decode_base64;
use crate::names::{DS, SIGNED_PROPERTIES_TYPE};
use crate::properties::read::SignedPropertiesFacts;
use crate::unsigned::qualifying_properties;
use crate::validate::references::{SignedObject, dereference};
use ades_xml::{C14N_10, C14nMethod};
use ades_xml::{Document, Limits, NodeId};

/// Checks the time-stamps of `signature`, recording a check for each. The evidence first,
/// newest first: archive time-stamps, then -X time-stamps. A token is proven to exist by the
/// earliest valid one that covers it (its own genTime proves nothing about itself): an
/// archive time-stamp and a `SigAndRefsTimeStamp` cover the properties before them
/// (EN 319 132-1 §5.5.2, §5.5.1), so a token appended after them gets nothing from them; the
/// data-objects time-stamp, which the signature value commits to, by whatever proves the
/// signature value existed.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check(
    doc: &Document,
    signature: &SignatureElement,
    props: &SignedPropertiesFacts,
    signed: &[SignedObject],
    content: Option<&dyn DetachedContent>,
    validator: Option<&dyn CertificateValidator>,
    embedded: &ades_core::ValidationData,
    now: OffsetDateTime,
    limits: &Limits,
    checks: &mut CheckList,
) -> TimeEvidence {
    let mut evidence = TimeEvidence::default();
    let base = TokenContext::new(validator, embedded, now);
    let mut later = CheckList::new();
    let archives = archive_tokens(doc, signature, content, limits, &mut later);
    let archived = verify_newest_first(&base, archives, &mut later);
    let sig_and_refs =
        check_references_timestamps(doc, signature.node, &base, &archived, &mut later);
    let covering_sig_and_refs = |ts: NodeId| {
        sig_and_refs
            .iter()
            .filter(|(node, _)| *node > ts)
            .map(|(_, time)| Some(*time))
            .fold(None, earliest)
    };
    for ts in signature_timestamps(doc, signature.node) {
        let ctx = base.existing_by(earliest(archived.of(&ts), covering_sig_and_refs(ts)));
        let method = method_of(doc, ts);
        let digest_of = |alg: DigestAlgorithm| {
            signature_value_digest_with(doc, signature.node, alg, &method).ok()
        };
        for token in tokens(doc, ts, CheckId::SignatureTimestamp, checks) {
            if let Some(t) = ctx.proof_as(
                ades_tsp::ProofRole::SignatureTime,
                CheckId::SignatureTimestamp,
                &token,
                &digest_of,
                checks,
            ) {
                evidence.add_signature_time(t);
            }
        }
    }
    let signature_value_by = sig_and_refs
        .iter()
        .map(|(_, time)| Some(*time))
        .fold(archived.earliest(), earliest);
    let content_ctx = base.existing_by(earliest(signature_value_by, evidence.best_signature_time));
    for &ts in &props.all_data_objects_timestamps {
        let digest_of = |alg: DigestAlgorithm| {
            data_objects_digest(doc, signature, signed, content, alg, limits)
        };
        for token in tokens(doc, ts, CheckId::ContentTimestamp, checks) {
            if let Some(t) =
                content_ctx.proof(CheckId::ContentTimestamp, &token, &digest_of, checks)
            {
                evidence.add_content_time(t);
            }
        }
    }
    checks.extend(later);
    if !props.individual_data_objects_timestamps.is_empty() {
        checks.info(
            CheckId::ContentTimestamp,
            "IndividualDataObjectsTimeStamp present: not verified by this version",
        );
    }
    evidence
}

/// The archive time-stamps' tokens (§7.7, v1.4.1 §8.2), each over what precedes it.
fn archive_tokens<'a>(
    doc: &'a Document,
    signature: &'a SignatureElement,
    content: Option<&'a dyn DetachedContent>,
    limits: &'a Limits,
    checks: &mut CheckList,
) -> Vec<CoveringToken<'a, NodeId>> {
    let mut out = Vec::new();
    for (ts, kind) in crate::archive::archive_timestamps(doc, signature.node) {
        for token in tokens(doc, ts, CheckId::ArchiveTimestamp, checks) {
            let method = method_of(doc, ts);
            let der = token.clone();
            let covers = move |before: &NodeId| *before < ts;
            out.push(CoveringToken::new(ts, &der, covers, move |ctx, checks| {
                let digest_of = |alg: DigestAlgorithm| {
                    let mut d = ades_core::digest::Digester::new(alg);
                    crate::archive::write_input(
                        doc,
                        signature,
                        &method,
                        kind,
                        Some(ts),
                        content,
                        limits,
                        &mut d,
                    )
                    .ok()?;
                    Some(d.finish())
                };
                ctx.proof_as(
                    ades_tsp::ProofRole::Evidence,
                    CheckId::ArchiveTimestamp,
                    &token,
                    &digest_of,
                    checks,
                )
            }));
        }
    }
    out
}

/// Checks the -X time-stamps (§7.5), each proven by the archive time-stamps after it; returns
/// the valid `SigAndRefsTimeStamp`s with their genTimes (each covers the signature
/// time-stamps before it).
fn check_references_timestamps(
    doc: &Document,
    signature: NodeId,
    base: &TokenContext<'_>,
    archived: &Proofs<'_, NodeId>,
    checks: &mut CheckList,
) -> Vec<(NodeId, OffsetDateTime)> {
    let mut sig_and_refs = Vec::new();
    for (ts, kind) in references_timestamps(doc, signature) {
        let ctx = base.existing_by(archived.of(&ts));
        let method = method_of(doc, ts);
        let digest_of = |alg: DigestAlgorithm| {
            let mut d = ades_core::digest::Digester::new(alg);
            crate::complete_refs::write_input(doc, signature, kind, &method, Some(ts), &mut d)
                .ok()?;
            Some(d.finish())
        };
        for token in tokens(doc, ts, CheckId::ReferencesTimestamp, checks) {
            let proven = ctx.proof_as(
                ades_tsp::ProofRole::Evidence,
                CheckId::ReferencesTimestamp,
                &token,
                &digest_of,
                checks,
            );
            if let (ReferencesTimestamp::SigAndRefs, Some(time)) = (kind, proven) {
                sig_and_refs.push((ts, time));
            }
        }
    }
    sig_and_refs
}

fn signature_timestamps(doc: &Document, signature: NodeId) -> Vec<NodeId> {
    unsigned_properties(doc, signature)
        .filter(|&c| doc.local_name(c) == Some("SignatureTimeStamp"))
        .collect()
}

/// The -X time-stamps (`SigAndRefsTimeStamp`, `RefsOnlyTimeStamp` and their V2 forms).
fn references_timestamps(doc: &Document, signature: NodeId) -> Vec<(NodeId, ReferencesTimestamp)> {
    unsigned_properties(doc, signature)
        .filter_map(|c| Some((c, doc.local_name(c).and_then(ReferencesTimestamp::of)?)))
        .collect()
}

/// The unsigned signature properties of `signature`, in document order.
fn unsigned_properties(doc: &Document, signature: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    qualifying_properties(doc, signature)
        .into_iter()
        .flat_map(|qp| doc.child_elements(qp).collect::<Vec<_>>())
        .filter(|&c| doc.local_name(c) == Some("UnsignedProperties"))
        .flat_map(|up| doc.child_elements(up).collect::<Vec<_>>())
        .filter(|&c| doc.local_name(c) == Some("UnsignedSignatureProperties"))
        .flat_map(|usp| doc.child_elements(usp).collect::<Vec<_>>())
}

fn method_of(doc: &Document, ts: NodeId) -> C14nMethod {
    let uri = doc
        .child_elements(ts)
        .find(|&c| doc.has_name(c, Some(DS), "CanonicalizationMethod"))
        .and_then(|c| doc.attribute(c, None, "Algorithm"))
        .unwrap_or(C14N_10);
    C14nMethod::from_uri(uri).unwrap_or(C14nMethod::Inclusive10 { comments: false })
}

fn tokens(doc: &Document, ts: NodeId, name: CheckId, checks: &mut CheckList) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for c in doc.child_elements(ts) {
        match doc.local_name(c) {
            Some("EncapsulatedTimeStamp") => match decode_base64(&doc.text_content(c)) {
                Ok(der) => out.push(der),
                Err(e) => {
                    checks.fail(
                        name,
                        SubIndication::FormatFailure,
                        format!("EncapsulatedTimeStamp is not base64: {e}"),
                    );
                }
            },
            Some("XMLTimeStamp") => {
                checks.info(name, "XML time-stamp: not supported, not verified");
            }
            _ => {}
        }
    }
    out
}

/// The digest of the concatenated data objects (every verified reference but the signed
/// properties), each after its transforms.
fn data_objects_digest(
    doc: &Document,
    signature: &SignatureElement,
    signed: &[SignedObject],
    content: Option<&dyn DetachedContent>,
    alg: DigestAlgorithm,
    limits: &Limits,
) -> Option<Vec<u8>> {
    let mut d = ades_core::digest::Digester::new(alg);
    let external = signature
        .references
        .iter()
        .filter(|r| {
            r.uri
                .as_deref()
                .is_some_and(|u| !u.is_empty() && !u.starts_with('#'))
        })
        .count();
    for r in &signature.references {
        if r.reference_type.as_deref() == Some(SIGNED_PROPERTIES_TYPE)
            || !signed
                .iter()
                .any(|o| o.reference_id == r.id && o.uri == r.uri)
        {
            continue;
        }
        let transforms = r.transforms.as_ref().ok()?;
        let target = dereference(doc, r, content, external).ok()?;
        let here = Here {
            doc,
            signature: signature.node,
        };
        write_transformed(target.data, transforms, here, &mut d, limits).ok()?;
    }
    Some(d.finish())
}
