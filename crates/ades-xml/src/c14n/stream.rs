//! Canonicalization of a pruned document: the whole document, or the subtree of an element
//! held only as a path, is canonicalized while the input is parsed again, node by node, so
//! memory stays that of the open elements whatever the document's size; other node-sets
//! lie in the kept subtrees and go to the tree walk.

mod bindings;

use std::borrow::Cow;
use std::io::Write;

use crate::xml::{Document, EventSink, NodeId, XmlError, parse_into_sink, parse_pruned_with};

use super::canonicalizer::{
    self, Mode, SortedAttr, attribute_order, check_absolute, inherit_xml_attributes,
};
use super::error::C14nError;
use super::method::C14nMethod;
use super::output::Output;
use super::subset::{NodeSubset, Scope};
use bindings::OwnedBindings;

/// [`canonicalize`](super::canonicalize) for a document read by `Document::parse_pruned`.
pub(crate) fn canonicalize_pruned<W: Write + ?Sized>(
    doc: &Document,
    source: &[u8],
    subset: &NodeSubset,
    method: &C14nMethod,
    writer: &mut W,
) -> Result<(), C14nError> {
    let apex = match subset.scope() {
        Scope::Document => None,
        Scope::Subtree(apex) if doc.is_path_only(*apex) => Some(
            doc.byte_range(*apex)
                .ok_or_else(|| not_kept("a subtree"))?
                .start as u64,
        ),
        Scope::Nodes(set) if doc.path_only().any(|id| set.contains(id)) => {
            return Err(not_kept("a node-set"));
        }
        Scope::Subtree(_) | Scope::Nodes(_) => {
            return canonicalizer::canonicalize(doc, subset, method, writer);
        }
    };
    let mut excluded = Vec::new();
    for &x in subset.excluded() {
        let range = doc
            .byte_range(x)
            .ok_or_else(|| not_kept("a node excluded from the document"))?;
        excluded.push(range.start as u64);
    }
    excluded.sort_unstable();
    excluded.dedup();
    let mut sink = StreamSink::new(method, subset.keeps_comments(), writer);
    sink.excluded = excluded;
    sink.apex = apex;
    parse_into_sink(source, &doc.pruned_limits(), &mut sink)?;
    sink.finish()
}

/// Reads `source` keeping only its document element in the model (as
/// [`Document::parse_pruned`] with nothing to keep) and, in the same pass, writes the
/// canonical form of the whole document to `writer` (comments only if `keep_comments` and
/// the method keeps them): what enveloped signing needs in one reading of the input. On an
/// error the input is dropped.
pub fn parse_and_canonicalize<W: Write + ?Sized>(
    source: Vec<u8>,
    limits: &crate::Limits,
    method: &C14nMethod,
    keep_comments: bool,
    writer: &mut W,
) -> Result<Document, C14nError> {
    let mut sink = StreamSink::new(method, keep_comments, writer);
    let doc = parse_pruned_with(source, limits, &[], Some(&mut sink)).map_err(XmlError::from)?;
    sink.finish()?;
    Ok(doc)
}

impl<'w, W: Write + ?Sized> StreamSink<'w, W> {
    fn new(method: &C14nMethod, keep_comments: bool, writer: &'w mut W) -> Self {
        let (mode, prefixes) = canonicalizer::mode_of(method);
        StreamSink {
            mode,
            comments: method.with_comments() && keep_comments,
            inclusive_prefixes: prefixes.to_vec(),
            out: Output::new(writer),
            excluded: Vec::new(),
            apex: None,
            in_apex_from: None,
            depth: 0,
            skipped_from: None,
            root_done: false,
            scope: OwnedBindings::default(),
            rendered: OwnedBindings::default(),
            open: Vec::new(),
            names: String::new(),
            error: None,
        }
    }

    fn finish(self) -> Result<(), C14nError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.out.finish()?;
        Ok(())
    }
}

fn not_kept(what: &str) -> C14nError {
    C14nError::Xml(XmlError::NotKept {
        what: format!("canonicalizing {what} that includes dropped content"),
    })
}

struct OpenTag {
    visible: bool,
    /// Where the element's qualified name starts in `StreamSink::names`.
    name_start: usize,
    scope_mark: usize,
    rendered_mark: usize,
}

struct StreamSink<'w, W: Write + ?Sized> {
    mode: Mode,
    comments: bool,
    inclusive_prefixes: Vec<String>,
    out: Output<'w, W>,
    /// Start offsets of the excluded elements, sorted.
    excluded: Vec<u64>,
    /// The start offset of the subtree's root, for a subtree (`None`: the whole document).
    apex: Option<u64>,
    /// Inside the subtree: the depth of its root.
    in_apex_from: Option<usize>,
    /// Open elements, excluded ones included.
    depth: usize,
    /// Inside an excluded subtree: the depth of its root.
    skipped_from: Option<usize>,
    /// Whether the document element has ended (for the line feeds around top-level nodes).
    root_done: bool,
    /// Every declaration in scope.
    scope: OwnedBindings,
    /// The declarations rendered by the open output elements.
    rendered: OwnedBindings,
    open: Vec<OpenTag>,
    /// The qualified names of the open elements, one after the other.
    names: String,
    error: Option<C14nError>,
}

impl<W: Write + ?Sized> StreamSink<'_, W> {
    fn active(&self) -> bool {
        self.skipped_from.is_none() && self.error.is_none()
    }

    /// Whether what is read now is in the node-set (exclusions aside).
    fn visible(&self) -> bool {
        self.apex.is_none() || self.in_apex_from.is_some()
    }

    fn fail(&mut self, e: C14nError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn open_element(&mut self, doc: &Document, id: NodeId) -> Result<(), C14nError> {
        let visible = self.visible();
        let parent_visible = self.open.last().is_some_and(|o| o.visible);
        let scope_mark = self.scope.mark();
        for d in doc.namespace_declarations(id) {
            self.scope.push(d.prefix.unwrap_or(""), d.uri);
        }
        if visible && !parent_visible {
            // What is in scope now is declared by this element and its ancestors only.
            for uri in self.scope.uris() {
                check_absolute(uri)?;
            }
        } else if visible {
            for d in doc.namespace_declarations(id) {
                check_absolute(d.uri)?;
            }
        }
        let rendered_mark = self.rendered.mark();
        let name_start = self.names.len();
        let qname = doc.name(id).unwrap_or_default();
        self.names.push_str(qname);
        if visible {
            self.out.raw("<")?;
            self.out.raw(qname)?;
            self.namespaces(doc, id, parent_visible)?;
            self.attributes(doc, id, parent_visible)?;
            self.out.raw(">")?;
        }
        self.open.push(OpenTag {
            visible,
            name_start,
            scope_mark,
            rendered_mark,
        });
        Ok(())
    }

    /// The namespace axis, as the tree walk renders it when every ancestor is visible.
    fn namespaces(
        &mut self,
        doc: &Document,
        id: NodeId,
        parent_visible: bool,
    ) -> Result<(), C14nError> {
        // Borrowed from the document and from the scope, which the loop below leaves alone.
        let mut candidates: Vec<(&str, &str)> = Vec::new();
        match self.mode {
            Mode::Inclusive10 | Mode::Inclusive11 => {
                if parent_visible {
                    candidates.extend(
                        doc.namespace_declarations(id)
                            .map(|d| (d.prefix.unwrap_or(""), d.uri)),
                    );
                } else {
                    candidates.extend(self.scope.in_scope());
                    if self.scope.get("").is_none() {
                        candidates.push(("", ""));
                    }
                }
            }
            Mode::Exclusive => {
                candidates.push((
                    doc.prefix(id).unwrap_or(""),
                    doc.namespace(id).unwrap_or(""),
                ));
                for a in doc.attributes(id) {
                    if let (Some(prefix), Some(uri)) = (a.prefix(), a.namespace()) {
                        candidates.push((prefix, uri));
                    }
                }
                for p in &self.inclusive_prefixes {
                    if p == "#default" {
                        candidates.push(("", self.scope.get("").unwrap_or("")));
                    } else if let Some(uri) = self.scope.get(p) {
                        candidates.push((p, uri));
                    }
                }
            }
        }
        candidates.retain(|&(p, _)| p != "xml");
        if candidates.len() > 1 {
            candidates.sort_by(|a, b| a.0.cmp(b.0));
            candidates.dedup_by(|a, b| a.0 == b.0);
        }
        for &(prefix, uri) in &candidates {
            if self.rendered.get(prefix).unwrap_or("") == uri {
                continue;
            }
            self.out.namespace(prefix, uri)?;
            self.rendered.push(prefix, uri);
        }
        Ok(())
    }

    /// The attribute axis, with what the first visible element inherits from its
    /// ancestors, none of which is visible.
    fn attributes(
        &mut self,
        doc: &Document,
        id: NodeId,
        parent_visible: bool,
    ) -> Result<(), C14nError> {
        let mut attrs: Vec<SortedAttr<'_>> = doc
            .attributes(id)
            .map(|a| SortedAttr {
                namespace: a.namespace().unwrap_or(""),
                local: a.local_name(),
                qname: a.name(),
                value: Cow::Borrowed(a.value()),
            })
            .collect();
        if self.mode != Mode::Exclusive && !parent_visible {
            inherit_xml_attributes(doc, self.mode, id, &mut attrs, |_| false);
        }
        attrs.sort_unstable_by(attribute_order);
        for a in &attrs {
            self.out.attribute(a.qname, &a.value)?;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), C14nError> {
        if let Some(tag) = self.open.pop() {
            if tag.visible {
                self.out.raw("</")?;
                self.out
                    .raw(self.names.get(tag.name_start..).unwrap_or_default())?;
                self.out.raw(">")?;
            }
            self.names.truncate(tag.name_start);
            self.scope.pop_to(tag.scope_mark);
            self.rendered.pop_to(tag.rendered_mark);
        }
        Ok(())
    }

    /// A comment or processing instruction: outside the document element, a line feed after
    /// those before it and before those after it.
    fn top_level_node(&mut self, top_level: bool, parts: &[&str]) -> Result<(), C14nError> {
        if top_level && self.root_done {
            self.out.raw("\n")?;
        }
        for p in parts {
            self.out.raw(p)?;
        }
        if top_level && !self.root_done {
            self.out.raw("\n")?;
        }
        Ok(())
    }
}

impl<W: Write + ?Sized> EventSink for StreamSink<'_, W> {
    fn start(&mut self, doc: &Document, element: NodeId, position: u64) {
        self.depth += 1;
        if !self.active() {
            return;
        }
        if self.excluded.binary_search(&position).is_ok() {
            self.skipped_from = Some(self.depth);
            return;
        }
        if self.apex == Some(position) {
            self.in_apex_from = Some(self.depth);
        }
        if let Err(e) = self.open_element(doc, element) {
            self.fail(e);
        }
    }

    fn text(&mut self, text: &str) {
        if self.active()
            && self.visible()
            && let Err(e) = self.out.text(text)
        {
            self.fail(e.into());
        }
    }

    fn comment(&mut self, text: &str, top_level: bool) {
        if self.active()
            && self.visible()
            && self.comments
            && let Err(e) = self.top_level_node(top_level, &["<!--", text, "-->"])
        {
            self.fail(e);
        }
    }

    fn pi(&mut self, target: &str, data: &str, top_level: bool) {
        if !self.active() || !self.visible() {
            return;
        }
        let separator = if data.is_empty() { "" } else { " " };
        if let Err(e) = self.top_level_node(top_level, &["<?", target, separator, data, "?>"]) {
            self.fail(e);
        }
    }

    fn end(&mut self) {
        if self.skipped_from == Some(self.depth) {
            self.skipped_from = None;
        } else if self.active()
            && let Err(e) = self.close()
        {
            self.fail(e);
        }
        if self.in_apex_from == Some(self.depth) {
            self.in_apex_from = None;
            // Nothing after the subtree is in the node-set.
            self.apex = Some(u64::MAX);
        }
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.root_done = true;
        }
    }
}
