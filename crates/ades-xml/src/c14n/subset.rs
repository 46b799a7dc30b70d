//! What to canonicalize: a node-set described as the whole document or an element's subtree,
//! minus excluded subtrees, with or without comments, or an explicit set of nodes.

use crate::xml::{Document, NodeId, NodeKind};

use super::error::C14nError;

/// A set of nodes of one document, for node-sets that are not a subtree (XPath-selected
/// sets). An element in the set brings its attributes and namespace nodes with it; text,
/// comment and processing-instruction nodes are members on their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSet {
    members: Vec<bool>,
}

impl NodeSet {
    /// An empty set for `doc`.
    pub fn new(doc: &Document) -> Self {
        NodeSet {
            members: vec![false; doc.node_count()],
        }
    }

    /// Adds one node.
    pub fn insert(&mut self, id: NodeId) {
        if let Some(m) = self.members.get_mut(id.index()) {
            *m = true;
        }
    }

    /// Adds a node and all its descendants.
    pub fn insert_subtree(&mut self, doc: &Document, id: NodeId) {
        self.insert(id);
        for d in doc.descendants(id) {
            self.insert(d);
        }
    }

    /// Removes one node.
    pub fn remove(&mut self, id: NodeId) {
        if let Some(m) = self.members.get_mut(id.index()) {
            *m = false;
        }
    }

    /// Whether the node is in the set.
    pub fn contains(&self, id: NodeId) -> bool {
        self.members.get(id.index()).copied().unwrap_or(false)
    }
}

/// What a [`NodeSubset`] starts from, before its exclusions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole document.
    Document,
    /// The subtree of one element.
    Subtree(NodeId),
    /// An explicit node-set.
    Nodes(NodeSet),
}

/// The node-set to canonicalize, as XML-DSig references and transforms describe it.
///
/// | Reference URI | Subset |
/// |---|---|
/// | `""` | [`NodeSubset::document`]`().without_comments()` |
/// | `#xpointer(/)` | [`NodeSubset::document`]`()` |
/// | `#id` | [`NodeSubset::subtree`]`(element).without_comments()` |
/// | `#xpointer(id('id'))` | [`NodeSubset::subtree`]`(element)` |
///
/// As XML-DSig §4.4.3.3 says, `""` and `#id` select the node-set *without* comment nodes,
/// while the `#xpointer(...)` forms keep them: comments are output only when the subset
/// keeps them **and** the method is a `#WithComments` one.
///
/// The enveloped-signature transform is [`NodeSubset::excluding`] the `ds:Signature`
/// element; XPath Filter 2.0 `subtract` of a set of elements is one `excluding` per
/// element (their subtrees go with them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSubset {
    pub(crate) scope: Scope,
    pub(crate) excluded: Vec<NodeId>,
    pub(crate) keep_comments: bool,
}

impl NodeSubset {
    /// What the subset starts from.
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The whole document, comments included (`#xpointer(/)`).
    pub fn document() -> Self {
        NodeSubset {
            scope: Scope::Document,
            excluded: Vec::new(),
            keep_comments: true,
        }
    }

    /// The subtree of `element` (the element, its attributes and namespace nodes, and all
    /// its descendants), comments included (`#xpointer(id('…'))`).
    pub fn subtree(element: NodeId) -> Self {
        NodeSubset {
            scope: Scope::Subtree(element),
            excluded: Vec::new(),
            keep_comments: true,
        }
    }

    /// An explicit node-set.
    pub fn nodes(set: NodeSet) -> Self {
        NodeSubset {
            scope: Scope::Nodes(set),
            excluded: Vec::new(),
            keep_comments: true,
        }
    }

    /// Removes a node and its whole subtree (enveloped-signature transform, XPath Filter
    /// 2.0 `subtract`).
    #[must_use]
    pub fn excluding(mut self, node: NodeId) -> Self {
        self.excluded.push(node);
        self
    }

    /// Removes the comment nodes (`""` and `#id` references).
    #[must_use]
    pub fn without_comments(mut self) -> Self {
        self.keep_comments = false;
        self
    }

    /// Whether comment nodes are part of the subset.
    pub fn keeps_comments(&self) -> bool {
        self.keep_comments
    }

    /// The excluded subtrees' roots.
    pub fn excluded(&self) -> &[NodeId] {
        &self.excluded
    }

    /// Resolves a same-document reference URI of XML-DSig (§4.4.3.3): `""`,
    /// `#xpointer(/)`, `#id` and `#xpointer(id('id'))` (single or double quotes). Ids are
    /// looked up with [`Document::find_by_id`], so an Id carried by two elements is an
    /// error.
    pub fn from_same_document_reference(doc: &Document, uri: &str) -> Result<Self, C14nError> {
        if uri.is_empty() {
            return Ok(NodeSubset::document().without_comments());
        }
        let Some(fragment) = uri.strip_prefix('#') else {
            return Err(C14nError::UnsupportedReference(uri.to_owned()));
        };
        if fragment == "xpointer(/)" {
            return Ok(NodeSubset::document());
        }
        if let Some(inner) = fragment
            .strip_prefix("xpointer(id(")
            .and_then(|s| s.strip_suffix("))"))
        {
            let id = inner
                .strip_prefix('\'')
                .and_then(|s| s.strip_suffix('\''))
                .or_else(|| inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
                .filter(|id| !id.is_empty() && !id.contains(['\'', '"']))
                .ok_or_else(|| C14nError::UnsupportedReference(uri.to_owned()))?;
            return Ok(NodeSubset::subtree(find(doc, id)?));
        }
        if fragment.is_empty() || fragment.contains(['(', ')', ' ', '\'', '"']) {
            return Err(C14nError::UnsupportedReference(uri.to_owned()));
        }
        Ok(NodeSubset::subtree(find(doc, fragment)?).without_comments())
    }
}

fn find(doc: &Document, id: &str) -> Result<NodeId, C14nError> {
    let found = doc
        .find_by_id(id)?
        .ok_or_else(|| C14nError::IdNotFound(id.to_owned()))?;
    match doc.kind(found) {
        Some(NodeKind::Element) => Ok(found),
        _ => Err(C14nError::NotAnElement(found)),
    }
}
