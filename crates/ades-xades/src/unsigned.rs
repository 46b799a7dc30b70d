//! Adding unsigned properties to existing signatures by splicing new markup into the
//! original bytes: nothing that was signed is rewritten or re-serialized.

use crate::names::{DS, XADES_NAMESPACES};
use crate::{Error, Result};
use ades_xml::{Document, NodeId};

/// An insertion of markup at a byte offset of the original document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Splice {
    pub(crate) at: usize,
    pub(crate) text: String,
}

/// Applies insertions (in any order) to `bytes`.
pub(crate) fn apply_splices(bytes: &[u8], mut splices: Vec<Splice>) -> Vec<u8> {
    splices.sort_by_key(|s| s.at);
    let extra: usize = splices.iter().map(|s| s.text.len()).sum();
    let mut out = Vec::with_capacity(bytes.len() + extra);
    let mut last = 0;
    for s in splices {
        let at = s.at.min(bytes.len());
        out.extend_from_slice(&bytes[last..at]);
        out.extend_from_slice(s.text.as_bytes());
        last = at;
    }
    out.extend_from_slice(&bytes[last..]);
    out
}

/// The `xades:QualifyingProperties` of `signature`: in one of its `ds:Object`s, in a XAdES
/// namespace, targeting the signature's `Id`.
pub(crate) fn qualifying_properties(doc: &Document, signature: NodeId) -> Option<NodeId> {
    find_qualifying_properties(doc, signature).map(|(qp, _)| qp)
}

/// As [`qualifying_properties`], and whether its `Target` names the signature. When no
/// `QualifyingProperties` targets the signature but its objects hold exactly one, that one
/// is returned (some producers write `Target` in another letter case); it is inside the
/// signature either way.
pub(crate) fn find_qualifying_properties(
    doc: &Document,
    signature: NodeId,
) -> Option<(NodeId, bool)> {
    let id = doc.attribute(signature, None, "Id");
    let all: Vec<NodeId> = doc
        .child_elements(signature)
        .filter(|&o| doc.has_name(o, Some(DS), "Object"))
        .flat_map(|o| doc.child_elements(o).collect::<Vec<_>>())
        .filter(|&q| {
            XADES_NAMESPACES
                .iter()
                .any(|ns| doc.has_name(q, Some(ns), "QualifyingProperties"))
        })
        .collect();
    // The one naming this signature first: an object without a Target placed before it
    // (anyone can add one, the ds:Object is not signed) must not displace it.
    let names_it = |q: NodeId| match (doc.attribute(q, None, "Target"), id) {
        (Some(t), Some(id)) => t.strip_prefix('#') == Some(id),
        _ => false,
    };
    let untargeted = |q: NodeId| doc.attribute(q, None, "Target").is_none();
    let chosen = all
        .iter()
        .find(|&&q| names_it(q))
        .or_else(|| all.iter().find(|&&q| untargeted(q)));
    match chosen {
        Some(&q) => Some((q, true)),
        None if all.len() == 1 => Some((all[0], false)),
        None => None,
    }
}

/// The `ds:Signature` elements that are not inside another signature (counter-signatures
/// are reached through their parent).
pub fn top_level_signatures(doc: &Document) -> Vec<NodeId> {
    doc.elements_by_name(Some(DS), "Signature")
        .filter(|&s| {
            !doc.ancestors(s)
                .any(|a| doc.has_name(a, Some(DS), "Signature"))
        })
        .collect()
}

/// Where new unsigned signature properties go, and the wrapper markup they need.
pub(crate) struct UnsignedSlot {
    /// The byte offset to insert at.
    pub(crate) at: usize,
    /// Markup to write before the new properties (opening missing wrappers).
    pub(crate) open: String,
    /// Markup to write after them (closing those wrappers).
    pub(crate) close: String,
    /// The XAdES namespace of the qualifying properties.
    pub(crate) namespace: String,
    /// The element the new properties will be children of (for the namespace context), and
    /// whether the wrappers above are new (their declarations then add to the context).
    pub(crate) parent: NodeId,
}

/// Finds (or plans) `UnsignedProperties/UnsignedSignatureProperties` of `signature`, after
/// any properties already there.
pub(crate) fn unsigned_slot(doc: &Document, signature: NodeId) -> Result<UnsignedSlot> {
    let qp = qualifying_properties(doc, signature).ok_or_else(|| {
        Error::Structure("the signature has no xades:QualifyingProperties (not XAdES)".into())
    })?;
    let namespace = doc.namespace(qp).unwrap_or_default().to_owned();
    let has = |parent: NodeId, local: &str| {
        doc.child_elements(parent)
            .find(|&c| doc.has_name(c, Some(&namespace), local))
    };
    let wrap = |text: &str| format!("<xades:{text} xmlns:xades=\"{namespace}\" xmlns:ds=\"{DS}\">");
    let end_of = |e: NodeId| -> Result<usize> {
        doc.end_tag_range(e).map(|r| r.start).ok_or_else(|| {
            Error::Unsupported("an empty-element QualifyingProperties or UnsignedProperties".into())
        })
    };
    match has(qp, "UnsignedProperties") {
        Some(up) => match has(up, "UnsignedSignatureProperties") {
            Some(usp) => Ok(UnsignedSlot {
                at: end_of(usp)?,
                open: String::new(),
                close: String::new(),
                namespace,
                parent: usp,
            }),
            None => {
                // UnsignedSignatureProperties comes first in UnsignedProperties.
                let at = doc
                    .start_tag_range(up)
                    .map(|r| r.end)
                    .ok_or_else(|| Error::Structure("UnsignedProperties without a tag".into()))?;
                Ok(UnsignedSlot {
                    at,
                    open: wrap("UnsignedSignatureProperties"),
                    close: "</xades:UnsignedSignatureProperties>".into(),
                    namespace,
                    parent: up,
                })
            }
        },
        None => Ok(UnsignedSlot {
            at: end_of(qp)?,
            open: format!(
                "{}<xades:UnsignedSignatureProperties>",
                wrap("UnsignedProperties")
            ),
            close: "</xades:UnsignedSignatureProperties></xades:UnsignedProperties>".into(),
            namespace,
            parent: qp,
        }),
    }
}
