//! The context a fragment is canonicalized in.
//!
//! Inclusive canonicalization of an element renders the namespaces in scope on it and the
//! `xml:*` attributes its ancestors carry, so a `ds:SignedInfo` canonicalizes differently
//! under `<Factura xmlns="urn:…">` than at the root. To compute digests and the signed bytes
//! of a new signature without re-parsing the (possibly large) document it goes into, the
//! signature is parsed inside a wrapper element that re-declares exactly that context.

use crate::markup::escape_attribute;
use crate::{Error, Result};
use ades_xml::{Document, Limits, NodeId, XML_NAMESPACE};

/// Namespaces in scope and inherited `xml:*` attributes at an insertion point.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FragmentContext {
    /// `(prefix, namespace)`; `None` is the default namespace.
    namespaces: Vec<(Option<String>, String)>,
    /// `(local name, value)` of inherited `xml:*` attributes, nearest first.
    xml_attributes: Vec<(String, String)>,
}

impl FragmentContext {
    /// A fragment that is the document element.
    pub(crate) fn root() -> Self {
        FragmentContext::default()
    }

    /// The context inside `element` (a fragment appended as its child).
    pub(crate) fn inside(doc: &Document, element: NodeId) -> Self {
        let namespaces = doc
            .in_scope_namespaces(element)
            .into_iter()
            .map(|d| (d.prefix.map(str::to_owned), d.uri.to_owned()))
            .collect();
        let mut xml_attributes: Vec<(String, String)> = Vec::new();
        for e in std::iter::once(element).chain(doc.ancestors(element)) {
            for a in doc.attributes(e) {
                if a.namespace() == Some(XML_NAMESPACE)
                    && !xml_attributes.iter().any(|(n, _)| n == a.local_name())
                {
                    xml_attributes.push((a.local_name().to_owned(), a.value().to_owned()));
                }
            }
        }
        FragmentContext {
            namespaces,
            xml_attributes,
        }
    }

    /// The context with `prefix` (`None`: default namespace) bound to `uri`, as a wrapper
    /// element declaring it would make it.
    pub(crate) fn declare(mut self, prefix: Option<&str>, uri: &str) -> Self {
        self.namespaces.retain(|(p, _)| p.as_deref() != prefix);
        self.namespaces
            .push((prefix.map(str::to_owned), uri.to_owned()));
        self
    }

    /// Parses `fragment` (one element) as it would be read at this insertion point; returns
    /// the document and the fragment's element.
    pub(crate) fn parse(&self, fragment: &str, limits: &Limits) -> Result<(Document, NodeId)> {
        let mut text = String::with_capacity(fragment.len() + 256);
        text.push_str("<ades-context");
        for (prefix, uri) in &self.namespaces {
            match prefix {
                Some(p) => text.push_str(&format!(" xmlns:{p}=\"")),
                None => text.push_str(" xmlns=\""),
            }
            escape_attribute(&mut text, uri);
            text.push('"');
        }
        for (name, value) in &self.xml_attributes {
            text.push_str(&format!(" xml:{name}=\""));
            escape_attribute(&mut text, value);
            text.push('"');
        }
        text.push('>');
        text.push_str(fragment);
        text.push_str("</ades-context>");
        let doc = Document::parse(text.as_bytes(), limits)?;
        let wrapper = doc.document_element();
        let element = doc
            .child_elements(wrapper)
            .next()
            .ok_or_else(|| Error::Structure("the fragment holds no element".into()))?;
        Ok((doc, element))
    }
}
