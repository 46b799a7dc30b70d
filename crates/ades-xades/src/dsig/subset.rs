//! Helpers over node-sets: membership, and documents that are either the signature's own
//! or parsed from referenced octets.

use std::ops::Deref;

use ades_xml::NodeSubset;
use ades_xml::Scope;
use ades_xml::{Document, NodeId, NodeKind};

/// A document a node-set belongs to.
pub(crate) enum DocRef<'d> {
    /// The document being signed or validated.
    Borrowed(&'d Document),
    /// A document parsed from referenced octets.
    Owned(Box<Document>),
}

impl Deref for DocRef<'_> {
    type Target = Document;

    fn deref(&self) -> &Document {
        match self {
            DocRef::Borrowed(d) => d,
            DocRef::Owned(d) => d,
        }
    }
}

/// The node at a position in document order.
pub(crate) fn node_at(index: usize) -> NodeId {
    NodeId::from_index(index)
}

/// Whether `id` belongs to `subset`.
pub(crate) fn contains(doc: &Document, subset: &NodeSubset, id: NodeId) -> bool {
    let in_scope = match subset.scope() {
        Scope::Document => true,
        Scope::Subtree(apex) => doc.is_ancestor_or_self(*apex, id),
        Scope::Nodes(set) => set.contains(id),
    };
    in_scope
        && !subset
            .excluded()
            .iter()
            .any(|&x| doc.is_ancestor_or_self(x, id))
        && (subset.keeps_comments() || doc.kind(id) != Some(NodeKind::Comment))
}
