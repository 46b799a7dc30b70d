//! The XML layer of the `ades` workspace: it reads XML safely and canonicalizes it exactly,
//! and knows nothing of signatures (XML-DSig and XAdES are built on it in `ades-xades`).
//!
//! * [`Document`]: a safe, read-only XML document model built with `quick-xml`. It keeps
//!   what exact canonicalization needs — element prefixes and namespace names, the namespace
//!   declarations made on each element in order, attributes in document order with raw and
//!   normalized values, text (references expanded, CDATA merged, line ends normalized),
//!   comments, processing instructions — and the byte range of every element in the
//!   original input, so that markup can later be inserted without re-serializing the
//!   document. [`Document::find_by_id`] refuses an Id carried by two elements (the defence
//!   against signature wrapping starts here).
//! * Security [`Limits`]: DTDs and custom entities are refused outright (no XXE, no
//!   "billion laughs"); nesting depth, attributes per element, attribute and text sizes,
//!   total size and node count are bounded, and every refusal is a typed [`XmlError`].
//!   Input must be UTF-8 (UTF-16 is refused, not transcoded).
//! * [`canonicalize`]: Canonical XML 1.0, Exclusive XML Canonicalization 1.0 (with the
//!   InclusiveNamespaces PrefixList) and Canonical XML 1.1, with and without comments, of
//!   the whole document, of an element's subtree (with inherited namespaces and `xml:*`
//!   attributes as the specifications say) or of an explicit node-set, minus excluded
//!   subtrees (enveloped-signature transform, XPath Filter 2.0 `subtract`), streamed to any
//!   `std::io::Write`.
//!
//! ```
//! use ades_xml::{C14nMethod, Document, Limits, NodeSubset, canonicalize_to_vec};
//!
//! let doc = Document::parse(br#"<a xmlns="urn:x"><b  Id="x" z="1" y='2'/></a>"#, &Limits::default())?;
//! let subset = NodeSubset::from_same_document_reference(&doc, "#x")?;
//! let c14n = canonicalize_to_vec(&doc, &subset, &C14nMethod::Inclusive10 { comments: false })?;
//! assert_eq!(c14n, br#"<b xmlns="urn:x" Id="x" y="2" z="1"></b>"#);
//! # Ok::<(), ades_xml::C14nError>(())
//! ```
//!
//! Design notes: `docs/xml.md` in the repository.

mod c14n;
mod xml;

pub use c14n::{
    C14N_10, C14N_10_WITH_COMMENTS, C14N_11, C14N_11_WITH_COMMENTS, C14nError, C14nMethod,
    EXC_C14N, EXC_C14N_WITH_COMMENTS, NodeSet, NodeSubset, Scope, canonicalize,
    canonicalize_to_vec, parse_and_canonicalize,
};
pub use xml::{
    Attribute, Children, Document, EncodingError, KeptName, Limit, Limits, NamespaceDeclaration,
    NamespaceError, NodeId, NodeKind, PrunedParseError, SyntaxError, WellFormednessError,
    XML_NAMESPACE, XMLNS_NAMESPACE, XmlError, transcode_to_utf8,
};
