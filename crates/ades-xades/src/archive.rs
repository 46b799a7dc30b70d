//! The input of an archive time-stamp (EN 319 132-1 §5.5.2, TS 101 903 v1.4.1 §8.2 and
//! v1.3.2 §7.7; the not-distributed case): the signed data objects after their transforms,
//! `ds:SignedInfo`, `ds:SignatureValue` and `ds:KeyInfo`, every unsigned signature property
//! before the time-stamp, and the `ds:Object`s — each canonicalized separately, in its
//! document context, with the time-stamp's own canonicalization method.
//!
//! The objects differ by version: `xadesv141:ArchiveTimeStamp` covers every `ds:Object` but
//! the one holding the qualifying properties; the 1.3.2 `xades:ArchiveTimeStamp` only those
//! no reference of `SignedInfo` names by their own `Id`. An object without `Id` is never
//! "referenced": an enveloped signature's `URI=""` reference does not name it (the trap EU DSS
//! fixed in 2025, DSS-3732: treating Id-less objects as referenced drops them from the input).

use std::io::Write;

use ades_core::validation::DetachedContent;
use ades_xml::{C14nMethod, Document, Limits, NodeId, NodeSubset, canonicalize};

use crate::dsig::SignatureElement;
use crate::dsig::transform::{Here, write_transformed_with};
use crate::names::{DS, XADES_141, XADES_NAMESPACES};
use crate::unsigned::qualifying_properties;
use crate::validate::references::{Problem, dereference};
use crate::{Error, Result};

/// Which archive time-stamp element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArchiveKind {
    /// `xades:ArchiveTimeStamp` of TS 101 903 v1.3.2 (read only).
    V132,
    /// `xadesv141:ArchiveTimeStamp` of v1.4.1 and EN 319 132-1 (written).
    V141,
}

/// The archive time-stamps among the unsigned signature properties of `signature`, in
/// document order.
pub(crate) fn archive_timestamps(doc: &Document, signature: NodeId) -> Vec<(NodeId, ArchiveKind)> {
    unsigned_signature_properties(doc, signature)
        .map(|usp| {
            doc.child_elements(usp)
                .filter_map(|c| {
                    if doc.has_name(c, Some(XADES_141), "ArchiveTimeStamp") {
                        Some((c, ArchiveKind::V141))
                    } else if XADES_NAMESPACES
                        .iter()
                        .any(|ns| *ns != XADES_141 && doc.has_name(c, Some(ns), "ArchiveTimeStamp"))
                    {
                        Some((c, ArchiveKind::V132))
                    } else {
                        None
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The `UnsignedSignatureProperties` of `signature`, if any.
pub(crate) fn unsigned_signature_properties(doc: &Document, signature: NodeId) -> Option<NodeId> {
    let qp = qualifying_properties(doc, signature)?;
    doc.child_elements(qp)
        .filter(|&c| doc.local_name(c) == Some("UnsignedProperties"))
        .flat_map(|up| doc.child_elements(up).collect::<Vec<_>>())
        .find(|&c| doc.local_name(c) == Some("UnsignedSignatureProperties"))
}

/// Where the input of an archive time-stamp goes: a stream, told where each data object ends
/// (a digest ignores that; an evidence record hashes each object on its own).
pub(crate) trait ObjectSink: Write {
    /// The object written since the last call is complete.
    fn end_object(&mut self) {}
}

impl ObjectSink for ades_core::digest::Digester {}

/// Writes the input of an archive time-stamp of `signature` to `out`: for one that exists,
/// `before` is its element (the properties before it are covered); for a new one, `None` (all
/// current properties are).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_input(
    doc: &Document,
    signature: &SignatureElement,
    method: &C14nMethod,
    kind: ArchiveKind,
    before: Option<NodeId>,
    content: Option<&dyn DetachedContent>,
    limits: &Limits,
    out: &mut dyn ObjectSink,
) -> Result<()> {
    let external = signature
        .references
        .iter()
        .filter(|r| {
            r.uri
                .as_deref()
                .is_some_and(|u| !u.is_empty() && !u.starts_with('#'))
        })
        .count();
    for reference in &signature.references {
        let transforms = reference
            .transforms
            .as_ref()
            .map_err(|e| Error::Unsupported(e.clone()))?;
        let target = dereference(doc, reference, content, external).map_err(|p| match p {
            Problem::NotFound(m) | Problem::Invalid(m) => Error::Structure(m),
        })?;
        let here = Here {
            doc,
            signature: signature.node,
        };
        write_transformed_with(target.data, transforms, here, out, limits, method)?;
        out.end_object();
    }
    let subtree = |node: NodeId, out: &mut dyn ObjectSink| -> Result<()> {
        canonicalize(doc, &NodeSubset::subtree(node), method, out)?;
        out.end_object();
        Ok(())
    };
    subtree(signature.signed_info, out)?;
    subtree(signature.signature_value_node, out)?;
    if let Some(key_info) = doc
        .child_elements(signature.node)
        .find(|&c| doc.has_name(c, Some(DS), "KeyInfo"))
    {
        subtree(key_info, out)?;
    }
    if let Some(usp) = unsigned_signature_properties(doc, signature.node) {
        for property in doc.child_elements(usp) {
            if Some(property) == before {
                break;
            }
            subtree(property, out)?;
        }
    }
    for &object in &signature.objects {
        if holds_qualifying_properties(doc, object)
            || (kind == ArchiveKind::V132 && referenced(doc, signature, object))
        {
            continue;
        }
        subtree(object, out)?;
    }
    Ok(())
}

fn holds_qualifying_properties(doc: &Document, object: NodeId) -> bool {
    doc.descendants(object)
        .any(|n| doc.local_name(n) == Some("QualifyingProperties"))
}

/// Whether a reference of `SignedInfo` names `object` by its own `Id` (`#Id` or
/// `#xpointer(id('Id'))`): an object without an `Id` is never referenced.
fn referenced(doc: &Document, signature: &SignatureElement, object: NodeId) -> bool {
    let Some(id) = doc.attribute(object, None, "Id") else {
        return false;
    };
    signature.references.iter().any(|r| {
        r.uri.as_deref().is_some_and(|u| {
            u.strip_prefix('#') == Some(id)
                || u == format!("#xpointer(id('{id}'))")
                || u == format!("#xpointer(id(\"{id}\"))")
        })
    })
}
