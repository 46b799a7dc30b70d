//! The document model: an arena of nodes in document order, with the accessors signature
//! processing needs.

use std::ops::Range;

use super::error::XmlError;

/// The XML namespace (`xml:` prefix).
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of namespace declarations (`xmlns:` prefix).
pub const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

pub(crate) const NONE: u32 = u32::MAX;

/// Identifies a node of one [`Document`]. Ids follow document order: a node's id is smaller
/// than the ids of the nodes after it. Using an id with another document gives meaningless
/// (but never undefined or panicking) results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    /// The position of the node in document order (0 is the document node).
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The node at position `index` in document order (the inverse of [`NodeId::index`]);
    /// an index beyond any document gives an id no document resolves.
    pub fn from_index(index: usize) -> NodeId {
        NodeId(u32::try_from(index).unwrap_or(NONE))
    }
}

/// The kind of a node (XPath 1.0 data model, without attribute and namespace nodes, which
/// are read through their element).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    /// The document (root) node.
    Document,
    /// An element.
    Element,
    /// Character data: adjacent text, references and CDATA sections form one text node.
    Text,
    /// A comment.
    Comment,
    /// A processing instruction.
    ProcessingInstruction,
}

/// A range of the string arena.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum NodeData {
    Document,
    Element(u32),
    Text(Span),
    Comment(Span),
    Pi { target: Span, data: Span },
}

#[derive(Debug, Clone)]
pub(crate) struct NodeRec {
    pub(crate) parent: u32,
    pub(crate) first_child: u32,
    pub(crate) last_child: u32,
    pub(crate) next_sibling: u32,
    pub(crate) data: NodeData,
}

#[derive(Debug, Clone)]
pub(crate) struct ElementRec {
    pub(crate) name: u32,
    pub(crate) attrs: Range<u32>,
    pub(crate) ns_decls: Range<u32>,
    /// One past the last node of the subtree (the subtree is `node..subtree_end`).
    pub(crate) subtree_end: u32,
    /// Offset of `<`.
    pub(crate) start: u32,
    /// Offset just after the `>` of the start tag (or of the empty-element tag).
    pub(crate) start_tag_end: u32,
    /// Offset of `</`, or `NONE` for an empty-element tag.
    pub(crate) end_tag_start: u32,
    /// Offset just after the final `>`.
    pub(crate) end: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct NameRec {
    pub(crate) qname: Box<str>,
    /// Length of the prefix (0: none).
    pub(crate) prefix_len: u32,
    /// Index in `namespaces`, or `NONE`.
    pub(crate) ns: u32,
}

impl NameRec {
    pub(crate) fn prefix(&self) -> Option<&str> {
        (self.prefix_len > 0).then(|| self.qname.get(..self.prefix_len as usize).unwrap_or(""))
    }

    pub(crate) fn local(&self) -> &str {
        if self.prefix_len > 0 {
            self.qname.get(self.prefix_len as usize + 1..).unwrap_or("")
        } else {
            &self.qname
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct AttrRec {
    pub(crate) name: u32,
    pub(crate) raw: Span,
    pub(crate) value: Span,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct NsDeclRec {
    /// Empty: the default namespace.
    pub(crate) prefix: Span,
    /// Index in `namespaces` (may be the empty string: `xmlns=""`).
    pub(crate) uri: u32,
}

/// A parsed XML document: every node with the information exact canonicalization needs, and
/// the byte range of every element in the original input.
///
/// Built by [`Document::parse`]. Read-only.
#[derive(Debug, Clone)]
pub struct Document {
    pub(crate) nodes: Vec<NodeRec>,
    pub(crate) elements: Vec<ElementRec>,
    pub(crate) attrs: Vec<AttrRec>,
    pub(crate) ns_decls: Vec<NsDeclRec>,
    pub(crate) names: Vec<NameRec>,
    pub(crate) namespaces: Vec<Box<str>>,
    pub(crate) strings: String,
    pub(crate) document_element: u32,
    /// [`Limits::max_references`](super::Limits::max_references) of the parse.
    pub(crate) max_references: usize,
    /// Set for a document read by [`Document::parse_pruned`].
    pub(crate) pruned: Option<Box<super::prune::Pruned>>,
}

/// An attribute of an element (namespace declarations are not attributes here; see
/// [`Document::namespace_declarations`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'a> {
    name: &'a NameRec,
    namespace: Option<&'a str>,
    raw_value: &'a str,
    value: &'a str,
}

impl PartialEq for NameRec {
    fn eq(&self, other: &Self) -> bool {
        self.qname == other.qname && self.ns == other.ns
    }
}
impl Eq for NameRec {}

impl<'a> Attribute<'a> {
    /// The qualified name as written (`xml:lang`, `Id`).
    pub fn name(&self) -> &'a str {
        &self.name.qname
    }

    /// The prefix, if any.
    pub fn prefix(&self) -> Option<&'a str> {
        self.name.prefix()
    }

    /// The local name.
    pub fn local_name(&self) -> &'a str {
        self.name.local()
    }

    /// The namespace name: `None` for an unprefixed attribute (attributes do not take the
    /// default namespace).
    pub fn namespace(&self) -> Option<&'a str> {
        self.namespace
    }

    /// The value as written between the quotes, references unexpanded.
    pub fn raw_value(&self) -> &'a str {
        self.raw_value
    }

    /// The normalized value (XML 1.0 §3.3.3, as for CDATA attributes): references
    /// expanded, literal white space (tab, LF, CR, CR LF) turned into one space each.
    pub fn value(&self) -> &'a str {
        self.value
    }
}

/// A namespace declaration (`xmlns="…"` or `xmlns:p="…"`) made on an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamespaceDeclaration<'a> {
    /// The declared prefix; `None` for the default namespace.
    pub prefix: Option<&'a str>,
    /// The namespace name; empty for `xmlns=""` (no default namespace).
    pub uri: &'a str,
}

/// Iterator over the children of a node.
#[derive(Debug, Clone)]
pub struct Children<'a> {
    doc: &'a Document,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let current = self.next;
        let node = self.doc.nodes.get(current as usize)?;
        self.next = node.next_sibling;
        Some(NodeId(current))
    }
}

impl Document {
    pub(crate) fn str(&self, span: Span) -> &str {
        let start = span.start as usize;
        self.strings
            .get(start..start + span.len as usize)
            .unwrap_or("")
    }

    pub(crate) fn node(&self, id: NodeId) -> Option<&NodeRec> {
        self.nodes.get(id.index())
    }

    pub(crate) fn element_rec(&self, id: NodeId) -> Option<&ElementRec> {
        match self.node(id)?.data {
            NodeData::Element(e) => self.elements.get(e as usize),
            _ => None,
        }
    }

    pub(crate) fn name_rec(&self, id: NodeId) -> Option<&NameRec> {
        self.names.get(self.element_rec(id)?.name as usize)
    }

    pub(crate) fn namespace_str(&self, ns: u32) -> Option<&str> {
        self.namespaces.get(ns as usize).map(|s| &**s)
    }

    pub(crate) fn attr_view(&self, rec: &AttrRec) -> Option<Attribute<'_>> {
        let name = self.names.get(rec.name as usize)?;
        Some(Attribute {
            name,
            namespace: self.namespace_str(name.ns),
            raw_value: self.str(rec.raw),
            value: self.str(rec.value),
        })
    }

    /// The document node (the XPath root node): parent of the document element and of the
    /// comments and processing instructions around it.
    pub fn root(&self) -> NodeId {
        NodeId(0)
    }

    /// The most XML-DSig references per `SignedInfo` or `Manifest` the reader of this
    /// document allows ([`Limits::max_references`](super::Limits::max_references)).
    pub fn max_references(&self) -> usize {
        self.max_references
    }

    /// The document element.
    pub fn document_element(&self) -> NodeId {
        NodeId(self.document_element)
    }

    /// Number of nodes (all kinds, the document node included).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The kind of a node.
    pub fn kind(&self, id: NodeId) -> Option<NodeKind> {
        Some(match self.node(id)?.data {
            NodeData::Document => NodeKind::Document,
            NodeData::Element(_) => NodeKind::Element,
            NodeData::Text(_) => NodeKind::Text,
            NodeData::Comment(_) => NodeKind::Comment,
            NodeData::Pi { .. } => NodeKind::ProcessingInstruction,
        })
    }

    /// Whether `id` is an element.
    pub fn is_element(&self, id: NodeId) -> bool {
        self.element_rec(id).is_some()
    }

    /// The parent (`None` for the document node).
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let parent = self.node(id)?.parent;
        (parent != NONE).then_some(NodeId(parent))
    }

    /// The children, in document order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            doc: self,
            next: self.node(id).map_or(NONE, |n| n.first_child),
        }
    }

    /// The element children, in document order.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id).filter(|&c| self.is_element(c))
    }

    /// One past the last node of the subtree of `id`.
    pub(crate) fn subtree_end(&self, id: NodeId) -> u32 {
        match self.node(id).map(|n| n.data) {
            Some(NodeData::Document) => self.nodes.len() as u32,
            Some(NodeData::Element(e)) => self
                .elements
                .get(e as usize)
                .map_or(id.0 + 1, |e| e.subtree_end),
            Some(_) => id.0 + 1,
            None => id.0,
        }
    }

    /// The descendants of `id` (not `id` itself), in document order.
    pub fn descendants(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let end = self.subtree_end(id);
        (id.0.saturating_add(1)..end).map(NodeId)
    }

    /// Whether `ancestor` is `node` or one of its ancestors.
    pub fn is_ancestor_or_self(&self, ancestor: NodeId, node: NodeId) -> bool {
        ancestor.0 <= node.0 && node.0 < self.subtree_end(ancestor)
    }

    /// The ancestors of `id`, nearest first (not `id` itself; the document node last).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), move |&n| self.parent(n))
    }

    /// The qualified name of an element as written (`ds:Signature`).
    pub fn name(&self, id: NodeId) -> Option<&str> {
        self.name_rec(id).map(|n| &*n.qname)
    }

    /// The prefix of an element's name, if any.
    pub fn prefix(&self, id: NodeId) -> Option<&str> {
        self.name_rec(id)?.prefix()
    }

    /// The local name of an element.
    pub fn local_name(&self, id: NodeId) -> Option<&str> {
        self.name_rec(id).map(NameRec::local)
    }

    /// The namespace name of an element (`None`: no namespace, or not an element).
    pub fn namespace(&self, id: NodeId) -> Option<&str> {
        self.namespace_str(self.name_rec(id)?.ns)
    }

    /// Whether `id` is an element with this namespace name and local name.
    pub fn has_name(&self, id: NodeId, namespace: Option<&str>, local_name: &str) -> bool {
        self.name_rec(id)
            .is_some_and(|n| n.local() == local_name && self.namespace_str(n.ns) == namespace)
    }

    /// The attributes of an element, in document order (namespace declarations excluded).
    pub fn attributes(&self, id: NodeId) -> impl Iterator<Item = Attribute<'_>> + '_ {
        let range = self.element_rec(id).map_or(0..0, |e| e.attrs.clone());
        self.attrs
            .get(range.start as usize..range.end as usize)
            .unwrap_or(&[])
            .iter()
            .filter_map(|a| self.attr_view(a))
    }

    /// The normalized value of the attribute with this namespace name (`None`: unprefixed)
    /// and local name.
    pub fn attribute(&self, id: NodeId, namespace: Option<&str>, local_name: &str) -> Option<&str> {
        self.attributes(id)
            .find(|a| a.local_name() == local_name && a.namespace() == namespace)
            .map(|a| a.value())
    }

    /// The namespace declarations made on this element, in document order.
    pub fn namespace_declarations(
        &self,
        id: NodeId,
    ) -> impl Iterator<Item = NamespaceDeclaration<'_>> + '_ {
        let range = self.element_rec(id).map_or(0..0, |e| e.ns_decls.clone());
        self.ns_decls
            .get(range.start as usize..range.end as usize)
            .unwrap_or(&[])
            .iter()
            .map(|d| NamespaceDeclaration {
                prefix: (d.prefix.len > 0).then(|| self.str(d.prefix)),
                uri: self.namespace_str(d.uri).unwrap_or(""),
            })
    }

    /// The namespace name bound to `prefix` (`None`: the default namespace) in the scope of
    /// element `id`; `None` if unbound (or, for the default namespace, undeclared or
    /// `xmlns=""`).
    pub fn lookup_namespace(&self, id: NodeId, prefix: Option<&str>) -> Option<&str> {
        if prefix == Some("xml") {
            return Some(XML_NAMESPACE);
        }
        std::iter::once(id)
            .chain(self.ancestors(id))
            .flat_map(|e| {
                self.namespace_declarations(e)
                    .filter(|d| d.prefix == prefix)
                    .take(1)
            })
            .map(|d| d.uri)
            .next()
            .filter(|uri| !uri.is_empty())
    }

    /// The namespaces in scope on element `id` (nearest declaration of each prefix; the
    /// implicit `xml` prefix and an empty default namespace are not listed), sorted by
    /// prefix (default first).
    pub fn in_scope_namespaces(&self, id: NodeId) -> Vec<NamespaceDeclaration<'_>> {
        let mut seen: Vec<NamespaceDeclaration<'_>> = Vec::new();
        for e in std::iter::once(id).chain(self.ancestors(id)) {
            for d in self.namespace_declarations(e) {
                if !seen.iter().any(|s| s.prefix == d.prefix) {
                    seen.push(d);
                }
            }
        }
        seen.retain(|d| !d.uri.is_empty() && d.prefix != Some("xml"));
        seen.sort_by(|a, b| a.prefix.cmp(&b.prefix));
        seen
    }

    /// The content of a text node or a comment (line ends normalized, references
    /// expanded); the data of a processing instruction.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match self.node(id)?.data {
            NodeData::Text(s) | NodeData::Comment(s) | NodeData::Pi { data: s, .. } => {
                Some(self.str(s))
            }
            _ => None,
        }
    }

    /// The target of a processing instruction.
    pub fn pi_target(&self, id: NodeId) -> Option<&str> {
        match self.node(id)?.data {
            NodeData::Pi { target, .. } => Some(self.str(target)),
            _ => None,
        }
    }

    /// The XPath string value of a node: for an element or the document, the text of all
    /// descendant text nodes in document order; for other nodes, [`Document::text`].
    pub fn text_content(&self, id: NodeId) -> String {
        match self.node(id).map(|n| n.data) {
            Some(NodeData::Element(_) | NodeData::Document) => self
                .descendants(id)
                .filter_map(|d| match self.node(d)?.data {
                    NodeData::Text(s) => Some(self.str(s)),
                    _ => None,
                })
                .collect(),
            _ => self.text(id).unwrap_or_default().to_owned(),
        }
    }

    /// The byte range of an element in the original input: from its `<` to just after the
    /// `>` of its end tag (or of its empty-element tag).
    pub fn byte_range(&self, id: NodeId) -> Option<Range<usize>> {
        let e = self.element_rec(id)?;
        Some(e.start as usize..e.end as usize)
    }

    /// The byte range of an element's start tag (or empty-element tag) in the original
    /// input.
    pub fn start_tag_range(&self, id: NodeId) -> Option<Range<usize>> {
        let e = self.element_rec(id)?;
        Some(e.start as usize..e.start_tag_end as usize)
    }

    /// The byte range of an element's end tag in the original input; `None` for an
    /// empty-element tag (`<a/>`).
    pub fn end_tag_range(&self, id: NodeId) -> Option<Range<usize>> {
        let e = self.element_rec(id)?;
        (e.end_tag_start != NONE).then_some(e.end_tag_start as usize..e.end as usize)
    }

    /// The elements with this namespace name (`None`: no namespace) and local name, in
    /// document order.
    pub fn elements_by_name<'a>(
        &'a self,
        namespace: Option<&'a str>,
        local_name: &'a str,
    ) -> impl Iterator<Item = NodeId> + 'a {
        (0..self.nodes.len() as u32)
            .map(NodeId)
            .filter(move |&id| self.has_name(id, namespace, local_name))
    }

    /// Whether an attribute is an identifier for [`Document::find_by_id`]: unqualified
    /// `Id`, `ID` or `id`, or `xml:id`.
    pub fn is_id_attribute(attribute: &Attribute<'_>) -> bool {
        match attribute.namespace() {
            None => matches!(attribute.local_name(), "Id" | "ID" | "id"),
            Some(ns) => ns == XML_NAMESPACE && attribute.local_name() == "id",
        }
    }

    /// The element whose identifier (an unqualified `Id`, `ID` or `id` attribute, or
    /// `xml:id`) is `value`, as a same-document reference `#value` resolves it.
    ///
    /// Returns `Ok(None)` if no element carries it and [`XmlError::DuplicateId`] if two
    /// elements do: an ambiguous reference is refused rather than resolved to either
    /// element (the signature-wrapping defence). The whole document is searched; in a
    /// pruned document, an Id carried by an element that was not kept is
    /// [`XmlError::NotKept`].
    pub fn find_by_id(&self, value: &str) -> Result<Option<NodeId>, XmlError> {
        let mut found: Option<NodeId> = None;
        for (index, node) in self.nodes.iter().enumerate() {
            let NodeData::Element(e) = node.data else {
                continue;
            };
            let Some(rec) = self.elements.get(e as usize) else {
                continue;
            };
            let attrs = self
                .attrs
                .get(rec.attrs.start as usize..rec.attrs.end as usize)
                .unwrap_or(&[]);
            let carries = attrs
                .iter()
                .filter_map(|a| self.attr_view(a))
                .any(|a| Self::is_id_attribute(&a) && a.value() == value);
            if carries {
                let id = NodeId(index as u32);
                if let Some(first) = found {
                    return Err(XmlError::DuplicateId {
                        value: value.to_owned(),
                        first,
                        second: id,
                    });
                }
                found = Some(id);
            }
        }
        if self.is_id_dropped(value) {
            return Err(XmlError::NotKept {
                what: format!("the element with Id `{value}`"),
            });
        }
        Ok(found)
    }
}
