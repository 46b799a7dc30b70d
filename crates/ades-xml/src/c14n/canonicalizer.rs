//! The canonicalization walk: one pass over the nodes of the subset in document order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

use crate::xml::{Document, NodeData, NodeId, XML_NAMESPACE};

use super::base_uri;
use super::error::C14nError;
use super::method::C14nMethod;
use super::output::Output;
use super::subset::{NodeSubset, Scope};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Inclusive10,
    Exclusive,
    Inclusive11,
}

/// Namespace bindings with undo: prefix ("" for the default namespace) → stack of URIs.
#[derive(Default)]
struct Bindings<'d> {
    map: HashMap<&'d str, Vec<&'d str>>,
    log: Vec<&'d str>,
}

impl<'d> Bindings<'d> {
    fn push(&mut self, prefix: &'d str, uri: &'d str) {
        self.map.entry(prefix).or_default().push(uri);
        self.log.push(prefix);
    }

    fn mark(&self) -> usize {
        self.log.len()
    }

    fn pop_to(&mut self, mark: usize) {
        while self.log.len() > mark {
            if let Some(prefix) = self.log.pop()
                && let Some(stack) = self.map.get_mut(prefix)
            {
                stack.pop();
            }
        }
    }

    fn get(&self, prefix: &str) -> Option<&'d str> {
        self.map.get(prefix).and_then(|s| s.last().copied())
    }

    fn iter(&self) -> impl Iterator<Item = (&'d str, &'d str)> + '_ {
        self.map
            .iter()
            .filter_map(|(&p, s)| s.last().map(|&u| (p, u)))
    }
}

struct Open<'d> {
    end: u32,
    visible: bool,
    qname: &'d str,
    scope_mark: usize,
    rendered_mark: usize,
}

pub(super) struct SortedAttr<'d> {
    pub(super) namespace: &'d str,
    pub(super) local: &'d str,
    pub(super) qname: &'d str,
    pub(super) value: Cow<'d, str>,
}

/// Canonical attribute order: namespace URI, then local name. Namespace names are interned
/// by the document, so equal ones usually share their address.
pub(super) fn attribute_order(a: &SortedAttr<'_>, b: &SortedAttr<'_>) -> std::cmp::Ordering {
    let same_namespace = std::ptr::eq(a.namespace, b.namespace) || a.namespace == b.namespace;
    if same_namespace {
        a.local.cmp(b.local)
    } else {
        a.namespace.cmp(b.namespace)
    }
}

struct Walker<'d, 'w, W: Write + ?Sized> {
    doc: &'d Document,
    subset: &'d NodeSubset,
    mode: Mode,
    comments: bool,
    inclusive_prefixes: Vec<&'d str>,
    out: Output<'w, W>,
    /// Every namespace declaration in scope at the current node.
    scope: Bindings<'d>,
    /// The declarations rendered by the visible ancestors of the current node.
    rendered: Bindings<'d>,
    open: Vec<Open<'d>>,
    ns_buf: Vec<(&'d str, &'d str)>,
    attr_buf: Vec<SortedAttr<'d>>,
}

/// The walk's mode for a method, with the prefixes exclusive canonicalization treats
/// inclusively.
pub(super) fn mode_of(method: &C14nMethod) -> (Mode, &[String]) {
    match method {
        C14nMethod::Inclusive10 { .. } => (Mode::Inclusive10, &[]),
        C14nMethod::Inclusive11 { .. } => (Mode::Inclusive11, &[]),
        C14nMethod::Exclusive10 {
            inclusive_prefixes, ..
        } => (Mode::Exclusive, inclusive_prefixes),
    }
}

pub(crate) fn canonicalize<W: Write + ?Sized>(
    doc: &Document,
    subset: &NodeSubset,
    method: &C14nMethod,
    writer: &mut W,
) -> Result<(), C14nError> {
    let (mode, inclusive_prefixes) = mode_of(method);
    let inclusive_prefixes = inclusive_prefixes.iter().map(String::as_str).collect();
    let mut walker = Walker {
        doc,
        subset,
        mode,
        comments: method.with_comments() && subset.keep_comments,
        inclusive_prefixes,
        out: Output::new(writer),
        scope: Bindings::default(),
        rendered: Bindings::default(),
        open: Vec::new(),
        ns_buf: Vec::new(),
        attr_buf: Vec::new(),
    };
    walker.run()?;
    walker.out.finish()?;
    Ok(())
}

pub(super) fn check_absolute(uri: &str) -> Result<(), C14nError> {
    if uri.is_empty() {
        return Ok(());
    }
    let bytes = uri.as_bytes();
    let scheme_len = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
        .unwrap_or(bytes.len());
    let has_scheme = scheme_len > 0
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(scheme_len) == Some(&b':');
    if has_scheme {
        Ok(())
    } else {
        Err(C14nError::RelativeNamespaceUri {
            uri: uri.to_owned(),
        })
    }
}

impl<'d, W: Write + ?Sized> Walker<'d, '_, W> {
    fn run(&mut self) -> Result<(), C14nError> {
        let doc = self.doc;
        let (start, end) = match &self.subset.scope {
            Scope::Document | Scope::Nodes(_) => (0u32, doc.nodes.len() as u32),
            Scope::Subtree(apex) => {
                if !doc.is_element(*apex) {
                    return Err(C14nError::NotAnElement(*apex));
                }
                (apex.0, doc.subtree_end(*apex))
            }
        };
        let mut excluded: Vec<u32> = self.subset.excluded.iter().map(|n| n.0).collect();
        excluded.sort_unstable();
        excluded.dedup();
        if let Scope::Subtree(apex) = &self.subset.scope {
            if excluded
                .iter()
                .any(|&x| doc.is_ancestor_or_self(NodeId(x), *apex))
            {
                return Ok(()); // the apex itself is excluded: empty node-set
            }
            // The namespaces in scope at the apex, outermost declarations first.
            let ancestors: Vec<NodeId> = doc.ancestors(*apex).collect();
            for &a in ancestors.iter().rev() {
                self.push_scope(a)?;
            }
        }
        let mut next_excluded = 0usize;
        let mut i = start;
        while i < end {
            while self.open.last().is_some_and(|o| o.end <= i) {
                self.close()?;
            }
            while excluded.get(next_excluded).is_some_and(|&x| x < i) {
                next_excluded += 1;
            }
            if excluded.get(next_excluded) == Some(&i) {
                i = doc.subtree_end(NodeId(i)).max(i + 1);
                continue;
            }
            let Some(node) = doc.nodes.get(i as usize) else {
                break;
            };
            let id = NodeId(i);
            match node.data {
                NodeData::Document => {}
                NodeData::Element(_) => self.open_element(id)?,
                NodeData::Text(s) => {
                    if self.visible(id) {
                        self.out.text(doc.str(s))?;
                    }
                }
                NodeData::Comment(s) => {
                    if self.comments && self.visible(id) {
                        self.top_level_before(id, node.parent)?;
                        self.out.raw("<!--")?;
                        self.out.raw(doc.str(s))?;
                        self.out.raw("-->")?;
                        self.top_level_after(id, node.parent)?;
                    }
                }
                NodeData::Pi { target, data } => {
                    if self.visible(id) {
                        self.top_level_before(id, node.parent)?;
                        self.out.raw("<?")?;
                        self.out.raw(doc.str(target))?;
                        let data = doc.str(data);
                        if !data.is_empty() {
                            self.out.raw(" ")?;
                            self.out.raw(data)?;
                        }
                        self.out.raw("?>")?;
                        self.top_level_after(id, node.parent)?;
                    }
                }
            }
            i += 1;
        }
        while !self.open.is_empty() {
            self.close()?;
        }
        Ok(())
    }

    /// Whether a node (already known not to be in an excluded subtree) is in the subset.
    fn visible(&self, id: NodeId) -> bool {
        match &self.subset.scope {
            Scope::Document | Scope::Subtree(_) => true,
            Scope::Nodes(set) => set.contains(id),
        }
    }

    /// Comments and PIs outside the document element: a line feed after those before it,
    /// before those after it (whether or not the document element is in the subset).
    fn top_level_before(&mut self, id: NodeId, parent: u32) -> Result<(), C14nError> {
        if parent == 0 && id.0 > self.doc.document_element {
            self.out.raw("\n")?;
        }
        Ok(())
    }

    fn top_level_after(&mut self, id: NodeId, parent: u32) -> Result<(), C14nError> {
        if parent == 0 && id.0 < self.doc.document_element {
            self.out.raw("\n")?;
        }
        Ok(())
    }

    fn push_scope(&mut self, element: NodeId) -> Result<(), C14nError> {
        let doc = self.doc;
        let Some(rec) = doc.element_rec(element) else {
            return Ok(());
        };
        for d in doc
            .ns_decls
            .get(rec.ns_decls.start as usize..rec.ns_decls.end as usize)
            .unwrap_or(&[])
        {
            let uri = doc.namespace_str(d.uri).unwrap_or("");
            check_absolute(uri)?;
            self.scope.push(doc.str(d.prefix), uri);
        }
        Ok(())
    }

    fn open_element(&mut self, id: NodeId) -> Result<(), C14nError> {
        let doc = self.doc;
        let Some(rec) = doc.element_rec(id) else {
            return Ok(());
        };
        let Some(name) = doc.names.get(rec.name as usize) else {
            return Ok(());
        };
        let visible = self.visible(id);
        let parent_visible = self.open.last().is_some_and(|o| o.visible);
        let scope_mark = self.scope.mark();
        self.push_scope(id)?;
        let rendered_mark = self.rendered.mark();
        if visible {
            self.out.raw("<")?;
            self.out.raw(&name.qname)?;
            self.namespaces(id, parent_visible)?;
            self.attributes(id, parent_visible)?;
            self.out.raw(">")?;
        }
        self.open.push(Open {
            end: rec.subtree_end,
            visible,
            qname: &name.qname,
            scope_mark,
            rendered_mark,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), C14nError> {
        let Some(open) = self.open.pop() else {
            return Ok(());
        };
        if open.visible {
            self.out.raw("</")?;
            self.out.raw(open.qname)?;
            self.out.raw(">")?;
        }
        self.scope.pop_to(open.scope_mark);
        self.rendered.pop_to(open.rendered_mark);
        Ok(())
    }

    /// Renders the namespace axis of a visible element.
    fn namespaces(&mut self, id: NodeId, parent_visible: bool) -> Result<(), C14nError> {
        let doc = self.doc;
        let mut candidates = std::mem::take(&mut self.ns_buf);
        candidates.clear();
        match self.mode {
            Mode::Inclusive10 | Mode::Inclusive11 => {
                if parent_visible {
                    // The output context equals the parent's scope: only this element's
                    // own declarations can differ.
                    candidates.extend(
                        doc.namespace_declarations(id)
                            .map(|d| (d.prefix.unwrap_or(""), d.uri)),
                    );
                } else {
                    candidates.extend(self.scope.iter());
                    if self.scope.get("").is_none() {
                        candidates.push(("", ""));
                    }
                }
            }
            Mode::Exclusive => {
                if let Some(name) = doc.name_rec(id) {
                    let uri = doc.namespace_str(name.ns).unwrap_or("");
                    candidates.push((name.prefix().unwrap_or(""), uri));
                }
                for a in doc.attributes(id) {
                    if let (Some(prefix), Some(uri)) = (a.prefix(), a.namespace()) {
                        candidates.push((prefix, uri));
                    }
                }
                for &p in &self.inclusive_prefixes {
                    if p == "#default" {
                        candidates.push(("", self.scope.get("").unwrap_or("")));
                    } else if let Some(uri) = self.scope.get(p) {
                        candidates.push((p, uri));
                    }
                }
            }
        }
        candidates.retain(|&(p, _)| p != "xml");
        candidates.sort_unstable_by(|a, b| a.0.cmp(b.0));
        candidates.dedup_by(|a, b| a.0 == b.0);
        for &(prefix, uri) in &candidates {
            if self.rendered.get(prefix).unwrap_or("") == uri {
                continue;
            }
            self.out.namespace(prefix, uri)?;
            self.rendered.push(prefix, uri);
        }
        self.ns_buf = candidates;
        Ok(())
    }

    /// Renders the attribute axis of a visible element, with the `xml:*` inheritance of the
    /// inclusive methods when the parent is not in the subset.
    fn attributes(&mut self, id: NodeId, parent_visible: bool) -> Result<(), C14nError> {
        let doc = self.doc;
        let mut attrs = std::mem::take(&mut self.attr_buf);
        attrs.clear();
        for a in doc.attributes(id) {
            attrs.push(SortedAttr {
                namespace: a.namespace().unwrap_or(""),
                local: a.local_name(),
                qname: a.name(),
                value: Cow::Borrowed(a.value()),
            });
        }
        if self.mode != Mode::Exclusive && !parent_visible {
            inherit_xml_attributes(doc, self.mode, id, &mut attrs, |a| self.visible_element(a));
        }
        if attrs.len() > 1 {
            attrs.sort_unstable_by(attribute_order);
        }
        for a in &attrs {
            self.out.attribute(a.qname, &a.value)?;
        }
        self.attr_buf = attrs;
        Ok(())
    }

    /// Whether an element outside the walk (an ancestor) is in the subset.
    fn visible_element(&self, id: NodeId) -> bool {
        match &self.subset.scope {
            Scope::Document => true,
            Scope::Subtree(apex) => {
                self.doc.is_ancestor_or_self(*apex, id)
                    && !self
                        .subset
                        .excluded
                        .iter()
                        .any(|&x| self.doc.is_ancestor_or_self(x, id))
            }
            Scope::Nodes(set) => set.contains(id),
        }
    }
}

/// The `xml:*` attributes an element whose parent is not in the node-set inherits from its
/// ancestors under the inclusive methods (all of them in 1.0; `xml:lang` and `xml:space` in
/// 1.1, whose `xml:base` is fixed up instead). `visible` tells whether an ancestor is in the
/// node-set (Canonical XML 1.1 joins `xml:base` only up to it).
pub(super) fn inherit_xml_attributes<'d>(
    doc: &'d Document,
    mode: Mode,
    id: NodeId,
    attrs: &mut Vec<SortedAttr<'d>>,
    visible: impl Fn(NodeId) -> bool,
) {
    let inheritable = |local: &str| match mode {
        Mode::Inclusive10 => true,
        _ => matches!(local, "lang" | "space"),
    };
    for ancestor in doc.ancestors(id) {
        for a in doc.attributes(ancestor) {
            if a.namespace() != Some(XML_NAMESPACE) || !inheritable(a.local_name()) {
                continue;
            }
            let present = attrs
                .iter()
                .any(|e| e.namespace == XML_NAMESPACE && e.local == a.local_name());
            if !present {
                attrs.push(SortedAttr {
                    namespace: XML_NAMESPACE,
                    local: a.local_name(),
                    qname: a.name(),
                    value: Cow::Borrowed(a.value()),
                });
            }
        }
    }
    if mode == Mode::Inclusive11 {
        fix_up_base(doc, id, attrs, visible);
    }
}

/// Canonical XML 1.1 §2.4: joins the `xml:base` values of the omitted ancestors (up to
/// the nearest ancestor in the subset) with the element's own.
fn fix_up_base<'d>(
    doc: &'d Document,
    id: NodeId,
    attrs: &mut Vec<SortedAttr<'d>>,
    visible: impl Fn(NodeId) -> bool,
) {
    let own = attrs
        .iter()
        .position(|a| a.namespace == XML_NAMESPACE && a.local == "base");
    let mut values: Vec<&str> = Vec::new();
    for ancestor in doc.ancestors(id) {
        if ancestor.0 == 0 || visible(ancestor) {
            break;
        }
        if let Some(v) = doc.attribute(ancestor, Some(XML_NAMESPACE), "base") {
            values.push(v);
        }
    }
    // From the element outwards, each outer value is the base of the inner result.
    let own_value = own.and_then(|i| attrs.get(i)).map(|a| a.value.to_string());
    let mut chain = own_value
        .into_iter()
        .chain(values.iter().map(|v| (*v).to_owned()));
    let Some(mut joined) = chain.next() else {
        return;
    };
    for outer in chain {
        joined = base_uri::join(&outer, &joined);
    }
    if let Some(i) = own {
        attrs.remove(i);
    }
    if !joined.is_empty() {
        attrs.push(SortedAttr {
            namespace: XML_NAMESPACE,
            local: "base",
            qname: "xml:base",
            value: Cow::Owned(joined),
        });
    }
}
