//! Builds a [`Document`] from `quick-xml` events: encoding checks, well-formedness checks
//! the tokenizer does not make, namespace resolution, limits.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::chars::{
    check_chars, is_xml_space, push_normalized_attribute, push_normalized_eol, resolve_reference,
    split_qname,
};
use super::document::{
    AttrRec, Document, ElementRec, NONE, NameRec, NodeData, NodeId, NodeRec, NsDeclRec, Span,
    XML_NAMESPACE, XMLNS_NAMESPACE,
};
use super::error::{
    EncodingError, Limit, NamespaceError, SyntaxError, WellFormednessError, XmlError,
};
use super::limits::Limits;
use super::prune::{Dropped, EventSink, KeptName, id_hash};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

impl Document {
    /// Parses a UTF-8 XML 1.0 document.
    ///
    /// Refused with a typed [`XmlError`]: a DTD (`<!DOCTYPE`), an entity other than the five
    /// predefined ones, input that is not UTF-8 (UTF-16 is not transcoded; a declared
    /// encoding other than UTF-8 is accepted only when the content is plain ASCII), markup
    /// that is not well-formed or not namespace-well-formed, characters XML 1.0 forbids,
    /// and anything beyond `limits`. A UTF-8 byte-order mark is skipped (byte offsets still
    /// count it).
    pub fn parse(input: &[u8], limits: &Limits) -> Result<Document, XmlError> {
        parse_with(input, limits, None, None).map(|(doc, _)| doc)
    }
}

/// Parses `input` as [`Document::parse`] does; with `keep`, keeps only those subtrees and
/// the path to them (see [`Document::parse_pruned`]); with `sink`, hands every node that is
/// not kept to it.
pub(crate) fn parse_with<'l>(
    input: &[u8],
    limits: &'l Limits,
    keep: Option<&'l [KeptName<'l>]>,
    sink: Option<&'l mut dyn EventSink>,
) -> Result<(Document, Dropped), XmlError> {
    if input.len() > limits.max_total_size || input.len() >= u32::MAX as usize {
        return Err(XmlError::InputTooLarge {
            size: input.len(),
            max: limits.max_total_size.min(u32::MAX as usize - 1),
        });
    }
    check_not_utf16(input)?;
    let (base, body) = match input.strip_prefix(UTF8_BOM) {
        Some(rest) => (UTF8_BOM.len() as u64, rest),
        None => (0, input),
    };
    let text = std::str::from_utf8(body).map_err(|e| XmlError::Encoding {
        position: base + e.valid_up_to() as u64,
        kind: EncodingError::InvalidUtf8,
    })?;
    let mut builder = Builder::new(limits, base);
    builder.keep = keep;
    builder.sink = sink;
    builder.run(text)
}

fn check_not_utf16(input: &[u8]) -> Result<(), XmlError> {
    let utf16 = input.starts_with(b"\xFE\xFF")
        || input.starts_with(b"\xFF\xFE")
        || input.starts_with(b"\x00\x00\xFE\xFF")
        || input.starts_with(b"\x00<")
        || (input.starts_with(b"<\x00") && input.len() > 2);
    if utf16 {
        return Err(XmlError::Encoding {
            position: 0,
            kind: EncodingError::Utf16,
        });
    }
    Ok(())
}

struct OpenElement {
    node: u32,
    element: u32,
    pushed_prefixes: u32,
    /// The model's size before this element: what dropping it truncates to.
    marks: Marks,
    /// Whether a kept subtree lies inside (a pruned parse then keeps the element).
    needed: bool,
}

/// Lengths of the model's vectors, and the parent's last child, before an element.
#[derive(Clone, Copy)]
struct Marks {
    nodes: usize,
    elements: usize,
    attrs: usize,
    ns_decls: usize,
    strings: usize,
    parent_last_child: u32,
}

/// Scratch attribute collected before the element's namespace scope is known.
struct PendingAttr {
    qname_start: u32,
    qname_len: u32,
    raw: Span,
    value: Span,
}

struct Builder<'l> {
    limits: &'l Limits,
    /// A pruned parse: the names whose subtrees are kept.
    keep: Option<&'l [KeptName<'l>]>,
    /// In a kept subtree: the depth of its root.
    kept_from: Option<usize>,
    /// Receives what a pruned parse does not keep.
    sink: Option<&'l mut dyn EventSink>,
    dropped: Dropped,
    base: u64,
    doc: Document,
    open: Vec<OpenElement>,
    /// prefix ("" for the default namespace) → stack of namespace indices.
    bindings: HashMap<Box<str>, Vec<u32>>,
    pushed: Vec<Box<str>>,
    namespace_index: HashMap<Box<str>, u32>,
    /// qualified name → [(namespace, name index)].
    name_index: HashMap<Box<str>, Vec<(u32, u32)>>,
    /// Start of the text node being accumulated in `doc.strings`, if any.
    pending_text: Option<u32>,
    pending_attrs: Vec<PendingAttr>,
    /// Qualified names of `pending_attrs`.
    scratch_names: String,
    root_closed: bool,
    seen_event: bool,
    xml_ns: u32,
    empty_ns: u32,
}

impl<'l> Builder<'l> {
    fn new(limits: &'l Limits, base: u64) -> Self {
        let doc = Document {
            nodes: vec![NodeRec {
                parent: NONE,
                first_child: NONE,
                last_child: NONE,
                next_sibling: NONE,
                data: NodeData::Document,
            }],
            elements: Vec::new(),
            attrs: Vec::new(),
            ns_decls: Vec::new(),
            names: Vec::new(),
            namespaces: Vec::new(),
            strings: String::new(),
            document_element: NONE,
            max_references: limits.max_references,
            pruned: None,
        };
        let mut b = Builder {
            limits,
            keep: None,
            kept_from: None,
            sink: None,
            dropped: Dropped::default(),
            base,
            doc,
            open: Vec::new(),
            bindings: HashMap::new(),
            pushed: Vec::new(),
            namespace_index: HashMap::new(),
            name_index: HashMap::new(),
            pending_text: None,
            pending_attrs: Vec::new(),
            scratch_names: String::new(),
            root_closed: false,
            seen_event: false,
            xml_ns: 0,
            empty_ns: 0,
        };
        b.xml_ns = b.intern_namespace(XML_NAMESPACE);
        b.empty_ns = b.intern_namespace("");
        b.bindings.insert("xml".into(), vec![b.xml_ns]);
        b
    }

    fn run(mut self, text: &str) -> Result<(Document, Dropped), XmlError> {
        if self.keep.is_none() {
            self.doc.strings.reserve(text.len() / 2);
        }
        let mut reader = quick_xml::Reader::from_str(text);
        loop {
            let position = self.base + reader.buffer_position();
            let event = reader.read_event().map_err(|e| XmlError::Syntax {
                position: self.base + reader.error_position(),
                source: SyntaxError(e),
            })?;
            let first = !self.seen_event;
            self.seen_event = true;
            match event {
                Event::Text(t) => self.text(&t, position)?,
                Event::GeneralRef(r) => {
                    self.require_inside(position)?;
                    let c = resolve_reference(&r, position)?;
                    self.start_text();
                    self.doc.strings.push(c);
                    self.check_text_len(position)?;
                }
                Event::CData(c) => {
                    self.require_inside(position)?;
                    check_chars(&c, position)?;
                    self.start_text();
                    push_normalized_eol(&mut self.doc.strings, &c);
                    self.check_text_len(position)?;
                }
                Event::Start(e) => {
                    self.flush_text(position)?;
                    self.start(&e, position, self.base + reader.buffer_position())?;
                }
                Event::Empty(e) => {
                    self.flush_text(position)?;
                    let end = self.base + reader.buffer_position();
                    self.start(&e, position, end)?;
                    self.end(position, end);
                }
                Event::End(_) => {
                    self.flush_text(position)?;
                    self.end(position, self.base + reader.buffer_position());
                }
                Event::Comment(c) => {
                    self.flush_text(position)?;
                    check_chars(&c, position)?;
                    if c.contains("--") || c.ends_with('-') {
                        return Err(XmlError::NotWellFormed {
                            position,
                            kind: WellFormednessError::DoubleHyphenInComment,
                        });
                    }
                    let span = self.push_str_eol(&c, position)?;
                    if self.pruning() {
                        let top_level = self.open.is_empty();
                        if let Some(sink) = self.sink.as_mut() {
                            sink.comment(self.doc.str(span), top_level);
                        }
                        self.doc.strings.truncate(span.start as usize);
                    } else {
                        self.add_node(NodeData::Comment(span), position)?;
                    }
                }
                Event::PI(pi) => {
                    self.flush_text(position)?;
                    check_chars(&pi, position)?;
                    let target = pi.target();
                    if !super::chars::is_ncname(target) {
                        return Err(XmlError::NotWellFormed {
                            position,
                            kind: WellFormednessError::InvalidName(target.to_owned()),
                        });
                    }
                    if target.eq_ignore_ascii_case("xml") {
                        return Err(XmlError::NotWellFormed {
                            position,
                            kind: WellFormednessError::ReservedPiTarget(target.to_owned()),
                        });
                    }
                    // The PI's string value starts after the white space following the target.
                    let data = pi.content().trim_start_matches([' ', '\t', '\r', '\n']);
                    let target = self.push_str_eol(target, position)?;
                    let data = self.push_str_eol(data, position)?;
                    if self.pruning() {
                        let top_level = self.open.is_empty();
                        if let Some(sink) = self.sink.as_mut() {
                            sink.pi(self.doc.str(target), self.doc.str(data), top_level);
                        }
                        self.doc.strings.truncate(target.start as usize);
                    } else {
                        self.add_node(NodeData::Pi { target, data }, position)?;
                    }
                }
                Event::Decl(d) => {
                    if !first || position != self.base {
                        return Err(XmlError::NotWellFormed {
                            position,
                            kind: WellFormednessError::MisplacedDeclaration,
                        });
                    }
                    check_declaration(&d, text, position)?;
                }
                Event::DocType(_) => return Err(XmlError::Dtd { position }),
                Event::Eof => break,
            }
        }
        let end = self.base + text.len() as u64;
        if let Some(open) = self.open.last() {
            let name = self
                .doc
                .elements
                .get(open.element as usize)
                .and_then(|e| self.doc.names.get(e.name as usize))
                .map(|n| n.qname.to_string())
                .unwrap_or_default();
            return Err(XmlError::NotWellFormed {
                position: end,
                kind: WellFormednessError::UnclosedElement(name),
            });
        }
        if self.doc.document_element == NONE {
            return Err(XmlError::NotWellFormed {
                position: end,
                kind: WellFormednessError::NoRootElement,
            });
        }
        self.doc.strings.shrink_to_fit();
        self.dropped.skeleton.sort_unstable();
        Ok((self.doc, self.dropped))
    }

    /// Whether what is read now is outside every kept subtree of a pruned parse.
    fn pruning(&self) -> bool {
        self.keep.is_some() && self.kept_from.is_none()
    }

    fn require_inside(&self, position: u64) -> Result<(), XmlError> {
        if self.open.is_empty() {
            return Err(XmlError::NotWellFormed {
                position,
                kind: WellFormednessError::TextOutsideRoot,
            });
        }
        Ok(())
    }

    fn text(&mut self, t: &str, position: u64) -> Result<(), XmlError> {
        if self.open.is_empty() {
            if t.bytes().all(is_xml_space) {
                return Ok(());
            }
            return Err(XmlError::NotWellFormed {
                position,
                kind: WellFormednessError::TextOutsideRoot,
            });
        }
        check_chars(t, position)?;
        if let Some(i) = t.find("]]>") {
            return Err(XmlError::NotWellFormed {
                position: position + i as u64,
                kind: WellFormednessError::CdataEndInText,
            });
        }
        self.start_text();
        push_normalized_eol(&mut self.doc.strings, t);
        self.check_text_len(position)
    }

    fn start_text(&mut self) {
        if self.pending_text.is_none() {
            self.pending_text = Some(self.doc.strings.len() as u32);
        }
    }

    fn check_text_len(&self, position: u64) -> Result<(), XmlError> {
        let start = self.pending_text.unwrap_or(0) as usize;
        if self.doc.strings.len() - start > self.limits.max_text_len {
            return Err(XmlError::LimitExceeded {
                position,
                limit: Limit::TextSize,
                max: self.limits.max_text_len,
            });
        }
        Ok(())
    }

    /// Closes the text node being accumulated (no-op if none).
    fn flush_text(&mut self, position: u64) -> Result<(), XmlError> {
        if let Some(start) = self.pending_text.take() {
            let len = self.doc.strings.len() as u32 - start;
            if self.pruning() {
                if let Some(sink) = self.sink.as_mut()
                    && len > 0
                {
                    sink.text(self.doc.str(Span { start, len }));
                }
                self.doc.strings.truncate(start as usize);
                return Ok(());
            }
            if len > 0 {
                self.add_node(NodeData::Text(Span { start, len }), position)?;
            }
        }
        Ok(())
    }

    fn push_str_eol(&mut self, s: &str, position: u64) -> Result<Span, XmlError> {
        if s.len() > self.limits.max_text_len {
            return Err(XmlError::LimitExceeded {
                position,
                limit: Limit::TextSize,
                max: self.limits.max_text_len,
            });
        }
        let start = self.doc.strings.len() as u32;
        push_normalized_eol(&mut self.doc.strings, s);
        Ok(Span {
            start,
            len: self.doc.strings.len() as u32 - start,
        })
    }

    fn push_str(&mut self, s: &str) -> Span {
        let start = self.doc.strings.len() as u32;
        self.doc.strings.push_str(s);
        Span {
            start,
            len: s.len() as u32,
        }
    }

    fn check_node_count(&self, position: u64) -> Result<(), XmlError> {
        if self.doc.nodes.len() >= self.limits.max_nodes {
            return Err(XmlError::LimitExceeded {
                position,
                limit: Limit::Nodes,
                max: self.limits.max_nodes,
            });
        }
        Ok(())
    }

    fn add_node(&mut self, data: NodeData, position: u64) -> Result<u32, XmlError> {
        self.check_node_count(position)?;
        Ok(self.link_node(data))
    }

    fn link_node(&mut self, data: NodeData) -> u32 {
        let parent = self.open.last().map_or(0, |o| o.node);
        let id = self.doc.nodes.len() as u32;
        self.doc.nodes.push(NodeRec {
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            data,
        });
        if let Some(p) = self.doc.nodes.get_mut(parent as usize) {
            let previous = p.last_child;
            p.last_child = id;
            if previous == NONE {
                p.first_child = id;
            } else if let Some(prev) = self.doc.nodes.get_mut(previous as usize) {
                prev.next_sibling = id;
            }
        }
        id
    }

    fn intern_namespace(&mut self, uri: &str) -> u32 {
        if let Some(&i) = self.namespace_index.get(uri) {
            return i;
        }
        let i = self.doc.namespaces.len() as u32;
        self.doc.namespaces.push(uri.into());
        self.namespace_index.insert(uri.into(), i);
        i
    }

    fn intern_name(&mut self, qname: &str, prefix_len: usize, ns: u32) -> u32 {
        if let Some(list) = self.name_index.get(qname)
            && let Some(&(_, i)) = list.iter().find(|(n, _)| *n == ns)
        {
            return i;
        }
        let i = self.doc.names.len() as u32;
        self.doc.names.push(NameRec {
            qname: qname.into(),
            prefix_len: prefix_len as u32,
            ns,
        });
        self.name_index
            .entry(qname.into())
            .or_default()
            .push((ns, i));
        i
    }

    fn lookup(&self, prefix: &str) -> Option<u32> {
        self.bindings.get(prefix).and_then(|s| s.last().copied())
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        position: u64,
        start_tag_end: u64,
    ) -> Result<(), XmlError> {
        if self.open.is_empty() && self.root_closed {
            return Err(XmlError::NotWellFormed {
                position,
                kind: WellFormednessError::MultipleRootElements,
            });
        }
        if self.open.len() >= self.limits.max_depth {
            return Err(XmlError::LimitExceeded {
                position,
                limit: Limit::Depth,
                max: self.limits.max_depth,
            });
        }
        self.check_node_count(position)?;
        let marks = self.marks();
        let not_wf = |kind| XmlError::NotWellFormed { position, kind };
        let qname = e.name().into_inner();
        let Some((prefix, _local)) = split_qname(qname) else {
            return Err(not_wf(WellFormednessError::InvalidName(qname.to_owned())));
        };
        check_chars(e, position)?;
        if !attributes_separated(e) {
            return Err(not_wf(WellFormednessError::AttributesNotSeparated));
        }

        // Attributes and namespace declarations.
        let ns_start = self.doc.ns_decls.len() as u32;
        let pushed_before = self.pushed.len();
        self.pending_attrs.clear();
        let mut names = std::mem::take(&mut self.scratch_names);
        names.clear();
        let mut count = 0usize;
        for attr in e.attributes() {
            let attr = attr.map_err(|err| XmlError::Syntax {
                position,
                source: SyntaxError(quick_xml::Error::InvalidAttr(err)),
            })?;
            count += 1;
            if count > self.limits.max_attributes {
                return Err(XmlError::LimitExceeded {
                    position,
                    limit: Limit::Attributes,
                    max: self.limits.max_attributes,
                });
            }
            if attr.value.len() > self.limits.max_attribute_len {
                return Err(XmlError::LimitExceeded {
                    position,
                    limit: Limit::AttributeSize,
                    max: self.limits.max_attribute_len,
                });
            }
            let key = attr.key.into_inner();
            let raw: &str = &attr.value;
            let declared = if key == "xmlns" {
                Some("")
            } else {
                key.strip_prefix("xmlns:")
            };
            if let Some(declared) = declared {
                if declared.is_empty() && key != "xmlns" {
                    return Err(not_wf(WellFormednessError::InvalidName(key.to_owned())));
                }
                let mut uri = String::new();
                push_normalized_attribute(&mut uri, raw, position)?;
                self.declare(declared, &uri, position, ns_start as usize)?;
                continue;
            }
            if split_qname(key).is_none() {
                return Err(not_wf(WellFormednessError::InvalidName(key.to_owned())));
            }
            let qname_start = names.len() as u32;
            names.push_str(key);
            let raw_span = self.push_str(raw);
            let value_start = self.doc.strings.len() as u32;
            push_normalized_attribute(&mut self.doc.strings, raw, position)?;
            let value_len = self.doc.strings.len() as u32 - value_start;
            if value_len as usize > self.limits.max_attribute_len {
                return Err(XmlError::LimitExceeded {
                    position,
                    limit: Limit::AttributeSize,
                    max: self.limits.max_attribute_len,
                });
            }
            self.pending_attrs.push(PendingAttr {
                qname_start,
                qname_len: key.len() as u32,
                raw: raw_span,
                value: Span {
                    start: value_start,
                    len: value_len,
                },
            });
        }
        let ns_end = self.doc.ns_decls.len() as u32;

        // The element's own name.
        let element_ns = match prefix {
            Some("xmlns") => {
                return Err(namespace_error(
                    position,
                    NamespaceError::Reserved(qname.to_owned()),
                ));
            }
            Some(p) => self.lookup(p).ok_or_else(|| {
                namespace_error(position, NamespaceError::UnboundPrefix(p.to_owned()))
            })?,
            None => match self.lookup("") {
                Some(ns) if ns != self.empty_ns => ns,
                _ => NONE,
            },
        };
        let name = self.intern_name(qname, prefix.map_or(0, str::len), element_ns);

        // Attribute names (unprefixed attributes are in no namespace).
        let attrs_start = self.doc.attrs.len() as u32;
        let pending = std::mem::take(&mut self.pending_attrs);
        for a in &pending {
            let start = a.qname_start as usize;
            let key = names.get(start..start + a.qname_len as usize).unwrap_or("");
            let (prefix, _) = split_qname(key).unwrap_or((None, ""));
            let ns = match prefix {
                Some(p) => self.lookup(p).ok_or_else(|| {
                    namespace_error(position, NamespaceError::UnboundPrefix(p.to_owned()))
                })?,
                None => NONE,
            };
            let name = self.intern_name(key, prefix.map_or(0, str::len), ns);
            self.doc.attrs.push(AttrRec {
                name,
                raw: a.raw,
                value: a.value,
            });
        }
        self.pending_attrs = pending;
        self.scratch_names = names;
        let attrs_end = self.doc.attrs.len() as u32;
        self.check_duplicate_attributes(attrs_start, attrs_end, position)?;

        let element = self.doc.elements.len() as u32;
        self.doc.elements.push(ElementRec {
            name,
            attrs: attrs_start..attrs_end,
            ns_decls: ns_start..ns_end,
            subtree_end: NONE,
            start: position as u32,
            start_tag_end: start_tag_end as u32,
            end_tag_start: NONE,
            end: NONE,
        });
        let node = self.link_node(NodeData::Element(element));
        if self.open.is_empty() {
            self.doc.document_element = node;
        }
        self.open.push(OpenElement {
            node,
            element,
            pushed_prefixes: (self.pushed.len() - pushed_before) as u32,
            marks,
            needed: false,
        });
        if self.pruning() {
            if self.is_kept(NodeId(node)) {
                self.kept_from = Some(self.open.len());
                self.open.iter_mut().for_each(|o| o.needed = true);
            } else if let Some(sink) = self.sink.as_mut() {
                sink.start(&self.doc, NodeId(node), position);
            }
        }
        Ok(())
    }

    fn marks(&self) -> Marks {
        let parent = self.open.last().map_or(0, |o| o.node);
        Marks {
            nodes: self.doc.nodes.len(),
            elements: self.doc.elements.len(),
            attrs: self.doc.attrs.len(),
            ns_decls: self.doc.ns_decls.len(),
            strings: self.doc.strings.len(),
            parent_last_child: self
                .doc
                .nodes
                .get(parent as usize)
                .map_or(NONE, |p| p.last_child),
        }
    }

    fn is_kept(&self, element: NodeId) -> bool {
        self.keep
            .unwrap_or(&[])
            .iter()
            .any(|k| self.doc.has_name(element, k.namespace, k.local_name))
    }

    /// A pruned parse leaves an element that holds nothing kept: it goes from the model
    /// (its identifiers remembered, so that a lookup that would have found it fails).
    fn drop_element(&mut self, open: &OpenElement) {
        let ids: Vec<u64> = self
            .doc
            .attributes(NodeId(open.node))
            .filter(Document::is_id_attribute)
            .map(|a| id_hash(a.value()))
            .collect();
        self.dropped.ids.extend(ids);
        let m = open.marks;
        self.doc.nodes.truncate(m.nodes);
        self.doc.elements.truncate(m.elements);
        self.doc.attrs.truncate(m.attrs);
        self.doc.ns_decls.truncate(m.ns_decls);
        self.doc.strings.truncate(m.strings);
        let parent = self.open.last().map_or(0, |o| o.node);
        if let Some(p) = self.doc.nodes.get_mut(parent as usize) {
            p.last_child = m.parent_last_child;
            if m.parent_last_child == NONE {
                p.first_child = NONE;
            }
        }
        if let Some(previous) = self.doc.nodes.get_mut(m.parent_last_child as usize) {
            previous.next_sibling = NONE;
        }
    }

    fn declare(
        &mut self,
        prefix: &str,
        uri: &str,
        position: u64,
        this_element_start: usize,
    ) -> Result<(), XmlError> {
        let reserved =
            |what: &str| namespace_error(position, NamespaceError::Reserved(what.to_owned()));
        if !prefix.is_empty() && !super::chars::is_ncname(prefix) {
            return Err(XmlError::NotWellFormed {
                position,
                kind: WellFormednessError::InvalidName(format!("xmlns:{prefix}")),
            });
        }
        match prefix {
            "xmlns" => return Err(reserved("xmlns:xmlns")),
            "xml" if uri != XML_NAMESPACE => return Err(reserved("xmlns:xml")),
            "xml" => {}
            _ if uri == XML_NAMESPACE || uri == XMLNS_NAMESPACE => return Err(reserved(uri)),
            "" => {}
            _ if uri.is_empty() => {
                return Err(namespace_error(
                    position,
                    NamespaceError::EmptyPrefixBinding(prefix.to_owned()),
                ));
            }
            _ => {}
        }
        let already = self
            .doc
            .ns_decls
            .get(this_element_start..)
            .unwrap_or(&[])
            .iter()
            .any(|d| self.doc.str(d.prefix) == prefix);
        if already {
            let name = if prefix.is_empty() {
                "xmlns".to_owned()
            } else {
                format!("xmlns:{prefix}")
            };
            return Err(namespace_error(
                position,
                NamespaceError::DuplicateAttribute(name),
            ));
        }
        let ns = self.intern_namespace(uri);
        let prefix_span = self.push_str(prefix);
        self.doc.ns_decls.push(NsDeclRec {
            prefix: prefix_span,
            uri: ns,
        });
        self.bindings.entry(prefix.into()).or_default().push(ns);
        self.pushed.push(prefix.into());
        Ok(())
    }

    fn check_duplicate_attributes(
        &self,
        start: u32,
        end: u32,
        position: u64,
    ) -> Result<(), XmlError> {
        let attrs = self
            .doc
            .attrs
            .get(start as usize..end as usize)
            .unwrap_or(&[]);
        for (i, a) in attrs.iter().enumerate() {
            let Some(na) = self.doc.names.get(a.name as usize) else {
                continue;
            };
            if na.ns == NONE {
                continue; // same qname duplicates were caught by the tokenizer
            }
            for b in attrs.iter().skip(i + 1) {
                if let Some(nb) = self.doc.names.get(b.name as usize)
                    && nb.ns == na.ns
                    && nb.local() == na.local()
                {
                    return Err(namespace_error(
                        position,
                        NamespaceError::DuplicateAttribute(nb.qname.to_string()),
                    ));
                }
            }
        }
        Ok(())
    }

    fn end(&mut self, position: u64, end: u64) {
        let Some(open) = self.open.pop() else {
            return; // the tokenizer refuses unmatched end tags
        };
        for _ in 0..open.pushed_prefixes {
            if let Some(prefix) = self.pushed.pop()
                && let Some(stack) = self.bindings.get_mut(&prefix)
            {
                stack.pop();
            }
        }
        let subtree_end = self.doc.nodes.len() as u32;
        if let Some(e) = self.doc.elements.get_mut(open.element as usize) {
            e.subtree_end = subtree_end;
            e.end = end as u32;
            if e.start_tag_end != end as u32 {
                e.end_tag_start = position as u32;
            }
        }
        if self.open.is_empty() {
            self.root_closed = true;
        }
        if let Some(from) = self.kept_from {
            if self.open.len() < from {
                self.kept_from = None;
            }
            return;
        }
        if self.keep.is_some() {
            if let Some(sink) = self.sink.as_mut() {
                sink.end();
            }
            if open.needed || self.open.is_empty() {
                self.dropped.skeleton.push(open.node);
            } else {
                self.drop_element(&open);
            }
        }
    }
}

/// Whether every quoted attribute value in a tag's content is followed by white space or the
/// end of the tag (the tokenizer accepts `a="1"b="2"`).
fn attributes_separated(tag: &str) -> bool {
    let mut quote: Option<u8> = None;
    let mut bytes = tag.bytes().peekable();
    while let Some(b) = bytes.next() {
        match quote {
            Some(q) if b == q => {
                quote = None;
                if bytes.peek().is_some_and(|&n| !is_xml_space(n)) {
                    return false;
                }
            }
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None => {}
        }
    }
    true
}

fn namespace_error(position: u64, kind: NamespaceError) -> XmlError {
    XmlError::Namespace { position, kind }
}

fn check_declaration(
    decl: &quick_xml::events::BytesDecl<'_>,
    text: &str,
    position: u64,
) -> Result<(), XmlError> {
    let version = decl.version().map_err(|e| XmlError::Syntax {
        position,
        source: SyntaxError(e),
    })?;
    if version != "1.0" {
        return Err(XmlError::NotWellFormed {
            position,
            kind: WellFormednessError::UnsupportedVersion(version.into_owned()),
        });
    }
    // version, then optionally encoding, then optionally standalone (yes / no), nothing else.
    let malformed = XmlError::NotWellFormed {
        position,
        kind: WellFormednessError::MalformedDeclaration,
    };
    let mut expected = ["version", "encoding", "standalone"].into_iter();
    for attr in quick_xml::events::attributes::Attributes::new(decl, 3) {
        let attr = attr.map_err(|e| XmlError::Syntax {
            position,
            source: SyntaxError(quick_xml::Error::InvalidAttr(e)),
        })?;
        let key = attr.key.into_inner();
        if !expected.by_ref().any(|k| k == key) {
            return Err(malformed);
        }
        if key == "standalone" && !matches!(&*attr.value, "yes" | "no") {
            return Err(malformed);
        }
    }
    if !attributes_separated(decl) {
        return Err(malformed);
    }
    if let Some(encoding) = decl.encoding() {
        let encoding = encoding.map_err(|e| XmlError::Syntax {
            position,
            source: SyntaxError(quick_xml::Error::InvalidAttr(e)),
        })?;
        let name = encoding.to_ascii_lowercase();
        let utf8 = matches!(name.as_str(), "utf-8" | "utf8");
        // ASCII-compatible single-byte encodings read plain ASCII exactly as UTF-8 does.
        let ascii_compatible = matches!(
            name.as_str(),
            "us-ascii"
                | "ascii"
                | "iso-8859-1"
                | "iso8859-1"
                | "latin1"
                | "iso-8859-15"
                | "windows-1252"
                | "cp1252"
        );
        let readable = utf8 || (ascii_compatible && text.is_ascii());
        if !readable {
            return Err(XmlError::Encoding {
                position,
                kind: EncodingError::Unsupported(encoding.into_owned()),
            });
        }
    }
    Ok(())
}
