//! `ds:Transforms`: reading them and applying them to what a reference selects, ending in
//! the octets whose digest the reference carries (XML-DSig §4.4.3.2, §6.6).

use std::io::Write;

use ades_core::DigestAlgorithm;
use ades_core::digest::Digester;

use crate::dsig::subset::{DocRef, contains, node_at};
use crate::dsig::xpath::LocationPath;
use crate::markup::decode_base64;
use crate::names::{BASE64, DS, ENVELOPED_SIGNATURE, XPATH, XPATH_FILTER2, XPATH_FILTER2_NS};
use crate::{Error, Result};
use ades_xml::{C14nMethod, NodeSubset, canonicalize};
use ades_xml::{Document, Limits, NodeId, NodeKind};

/// Most transforms one reference may chain (a bound against hostile signatures).
pub const MAX_TRANSFORMS: usize = 16;

/// The namespace of `ec:InclusiveNamespaces`.
const EXC_C14N_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

/// One `ds:Transform`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transform {
    /// Removes the signature the reference belongs to.
    EnvelopedSignature,
    /// A canonicalization: node-set to octets.
    Canonicalize(C14nMethod),
    /// Decodes base64 text.
    Base64,
    /// XPath 1.0 `not(ancestor-or-self::ds:Signature)`: removes every signature.
    ExcludeEverySignature,
    /// XPath Filter 2.0: set operations with the subtrees the expressions select.
    Filter2(Vec<(FilterOp, FilterPath)>),
}

/// An XPath Filter 2.0 operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOp {
    /// Keep only nodes in the selected subtrees.
    Intersect,
    /// Remove the selected subtrees.
    Subtract,
    /// Add the selected subtrees back.
    Union,
}

/// An XPath Filter 2.0 expression with the element it was written in (for `here()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterPath {
    path: LocationPath,
    here: NodeId,
}

impl Transform {
    /// The transform a `ds:Transform` element describes.
    pub(crate) fn read(doc: &Document, element: NodeId) -> Result<Self> {
        let algorithm = doc
            .attribute(element, None, "Algorithm")
            .unwrap_or_default();
        match algorithm {
            ENVELOPED_SIGNATURE => Ok(Transform::EnvelopedSignature),
            BASE64 => Ok(Transform::Base64),
            XPATH => read_xpath(doc, element),
            XPATH_FILTER2 => read_filter2(doc, element),
            other => {
                let method = C14nMethod::from_uri(other)
                    .map_err(|_| Error::Unsupported(format!("transform algorithm `{other}`")))?;
                Ok(Transform::Canonicalize(with_prefix_list(
                    doc, element, method,
                )))
            }
        }
    }
}

/// Adds the `InclusiveNamespaces PrefixList` of an exclusive canonicalization element.
pub(crate) fn with_prefix_list(doc: &Document, element: NodeId, method: C14nMethod) -> C14nMethod {
    match &method {
        C14nMethod::Exclusive10 { .. } => doc
            .child_elements(element)
            .find(|&c| doc.has_name(c, Some(EXC_C14N_NS), "InclusiveNamespaces"))
            .and_then(|c| doc.attribute(c, None, "PrefixList"))
            .map_or(method.clone(), |list| {
                method.clone().with_inclusive_prefixes(list)
            }),
        _ => method,
    }
}

fn read_xpath(doc: &Document, element: NodeId) -> Result<Transform> {
    let xpath = doc
        .child_elements(element)
        .find(|&c| doc.has_name(c, Some(DS), "XPath"))
        .ok_or_else(|| Error::Structure("XPath transform without ds:XPath".into()))?;
    let text: String = doc.text_content(xpath).split_whitespace().collect();
    // The one XPath 1.0 filter signing tools write (AutoFirma, enveloped signatures).
    if let Some(prefix) = text
        .strip_prefix("not(ancestor-or-self::")
        .and_then(|r| r.strip_suffix(":Signature)"))
        && doc.lookup_namespace(xpath, Some(prefix)) == Some(DS)
    {
        return Ok(Transform::ExcludeEverySignature);
    }
    Err(Error::Unsupported(format!("XPath transform `{text}`")))
}

fn read_filter2(doc: &Document, element: NodeId) -> Result<Transform> {
    let mut filters = Vec::new();
    for xpath in doc
        .child_elements(element)
        .filter(|&c| doc.has_name(c, Some(XPATH_FILTER2_NS), "XPath"))
    {
        let op = match doc.attribute(xpath, None, "Filter") {
            Some("intersect") => FilterOp::Intersect,
            Some("subtract") => FilterOp::Subtract,
            Some("union") => FilterOp::Union,
            other => {
                return Err(Error::Structure(format!(
                    "XPath Filter 2.0 with Filter={other:?}"
                )));
            }
        };
        let path = LocationPath::parse(doc, xpath, &doc.text_content(xpath))
            .map_err(|e| Error::Unsupported(e.to_string()))?;
        filters.push((op, FilterPath { path, here: xpath }));
    }
    if filters.is_empty() {
        return Err(Error::Structure(
            "XPath Filter 2.0 transform without XPath".into(),
        ));
    }
    Ok(Transform::Filter2(filters))
}

/// The signature a reference belongs to, in the document being signed or validated: what
/// the enveloped-signature transform removes and where `here()` is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Here<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) signature: NodeId,
}

/// What a reference points at, before and between transforms.
pub(crate) enum Data<'d> {
    /// A node-set of a document.
    Nodes {
        /// The document.
        doc: DocRef<'d>,
        /// The nodes.
        subset: NodeSubset,
    },
    /// An octet stream.
    Octets(Vec<u8>),
    /// Detached content, streamed when no transform needs it in memory.
    External(&'d dyn ades_core::validation::DetachedContent),
}

/// Applies `transforms` to `data` and returns the digest with `algorithm` of the result
/// (a final node-set is canonicalized with Canonical XML 1.0, XML-DSig §4.4.3.2).
/// `signature` is the `ds:Signature` the reference belongs to, in the borrowed document.
pub(crate) fn digest_transformed(
    data: Data<'_>,
    transforms: &[Transform],
    here: Here<'_>,
    algorithm: DigestAlgorithm,
    limits: &Limits,
) -> Result<Vec<u8>> {
    let mut digester = Digester::new(algorithm);
    write_transformed(data, transforms, here, &mut digester, limits)?;
    Ok(digester.finish())
}

/// Applies `transforms` to `data` and writes the resulting octets to `out`; a final node-set
/// is canonicalized with Canonical XML 1.0 (XML-DSig §4.4.3.2).
pub(crate) fn write_transformed(
    data: Data<'_>,
    transforms: &[Transform],
    here: Here<'_>,
    out: &mut dyn Write,
    limits: &Limits,
) -> Result<()> {
    let default = C14nMethod::Inclusive10 { comments: false };
    write_transformed_with(data, transforms, here, out, limits, &default)
}

/// As [`write_transformed`], a final node-set canonicalized with `node_set_method` (an
/// archive time-stamp's own method, EN 319 132-1 §5.5.2).
pub(crate) fn write_transformed_with(
    data: Data<'_>,
    transforms: &[Transform],
    here: Here<'_>,
    out: &mut dyn Write,
    limits: &Limits,
    node_set_method: &C14nMethod,
) -> Result<()> {
    if transforms.len() > MAX_TRANSFORMS {
        return Err(Error::LimitExceeded("transforms in one reference"));
    }
    // A final canonicalization is streamed to the output instead of into memory.
    let (last, rest) = match transforms.split_last() {
        Some((Transform::Canonicalize(m), rest)) => (Some(m), rest),
        _ => (None, transforms),
    };
    // Detached content never holds this signature, whatever it carries.
    let origin = match data {
        Data::External(_) => Origin::Content,
        _ => Origin::SignatureDocument,
    };
    let mut data = data;
    for t in rest {
        data = apply(t, data, here, origin, limits)?;
    }
    match (data, last) {
        (Data::Nodes { doc, subset }, _) => {
            canonicalize(&doc, &subset, last.unwrap_or(node_set_method), out)?;
        }
        // Detached content without transforms is streamed, never held in memory.
        (Data::External(content), None) => content.write_to(out).map_err(Error::Io)?,
        (Data::External(content), Some(method)) => {
            let doc = Document::parse(&read(content)?, limits)?;
            canonicalize(&doc, &NodeSubset::document(), method, out)?;
        }
        (Data::Octets(bytes), Some(method)) => {
            let doc = Document::parse(&bytes, limits)?;
            canonicalize(&doc, &NodeSubset::document(), method, out)?;
        }
        (Data::Octets(bytes), None) => out.write_all(&bytes).map_err(Error::Io)?,
    }
    Ok(())
}

/// Detached content in memory, for a transform that needs its octets.
fn read(content: &dyn ades_core::validation::DetachedContent) -> Result<Vec<u8>> {
    content.read().map_err(Error::Io)
}

/// Where the data a reference transforms comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// The signature's own document (the signature may be in it).
    SignatureDocument,
    /// Detached content given by the caller.
    Content,
}

fn apply<'d>(
    transform: &Transform,
    data: Data<'d>,
    here: Here<'_>,
    origin: Origin,
    limits: &Limits,
) -> Result<Data<'d>> {
    match transform {
        Transform::Canonicalize(method) => {
            let (doc, subset) = into_nodes(data, limits)?;
            let mut out = Vec::new();
            canonicalize(&doc, &subset, method, &mut out)?;
            Ok(Data::Octets(out))
        }
        Transform::Base64 => {
            let octets = match data {
                Data::Octets(bytes) => bytes,
                Data::External(content) => read(content)?,
                Data::Nodes { doc, subset } => text_of(&doc, &subset).into_bytes(),
            };
            let text = String::from_utf8(octets)
                .map_err(|_| Error::Structure("base64 transform over non-text octets".into()))?;
            let bytes = decode_base64(&text)
                .map_err(|e| Error::Structure(format!("base64 transform: {e}")))?;
            Ok(Data::Octets(bytes))
        }
        Transform::EnvelopedSignature => {
            let (doc, subset) = into_nodes(data, limits)?;
            let subset = match own_signature(&doc, here, origin)? {
                Some(s) => subset.excluding(s),
                None => subset,
            };
            Ok(Data::Nodes { subset, doc })
        }
        Transform::ExcludeEverySignature => {
            let (doc, mut subset) = into_nodes(data, limits)?;
            let signatures: Vec<NodeId> = doc.elements_by_name(Some(DS), "Signature").collect();
            for s in signatures {
                subset = subset.excluding(s);
            }
            Ok(Data::Nodes { doc, subset })
        }
        Transform::Filter2(filters) => {
            let (doc, subset) = into_nodes(data, limits)?;
            if matches!(doc, DocRef::Owned(_)) {
                return Err(Error::Unsupported(
                    "XPath Filter 2.0 after a transform that produced octets".into(),
                ));
            }
            let subset = filter2(&doc, &subset, filters);
            Ok(Data::Nodes { doc, subset })
        }
    }
}

/// The signature a reference belongs to, in the node-set's document: itself in the
/// signature's document; in a document parsed from its octets (a canonicalization before
/// the enveloped-signature transform), the `ds:Signature` with the same `Id`, or none (nothing
/// to remove, as other XML-DSig implementations do); none in detached content, which cannot
/// hold it (a `ds:Signature` given its `Id` there is content like any other).
fn own_signature(doc: &DocRef<'_>, here: Here<'_>, origin: Origin) -> Result<Option<NodeId>> {
    if origin == Origin::Content {
        return Ok(None);
    }
    match doc {
        DocRef::Borrowed(_) => Ok(Some(here.signature)),
        DocRef::Owned(parsed) => {
            let Some(id) = here.doc.attribute(here.signature, None, "Id") else {
                return Ok(None);
            };
            let found: Vec<NodeId> = parsed
                .elements_by_name(Some(DS), "Signature")
                .filter(|&s| parsed.attribute(s, None, "Id") == Some(id))
                .collect();
            match found.as_slice() {
                [] => Ok(None),
                [one] => Ok(Some(*one)),
                _ => Err(Error::Structure(format!("two signatures with Id {id}"))),
            }
        }
    }
}

fn into_nodes<'d>(data: Data<'d>, limits: &Limits) -> Result<(DocRef<'d>, NodeSubset)> {
    match data {
        Data::Nodes { doc, subset } => Ok((doc, subset)),
        Data::Octets(bytes) => Ok((
            DocRef::Owned(Box::new(Document::parse(&bytes, limits)?)),
            NodeSubset::document(),
        )),
        Data::External(content) => Ok((
            DocRef::Owned(Box::new(Document::parse(&read(content)?, limits)?)),
            NodeSubset::document(),
        )),
    }
}

fn text_of(doc: &Document, subset: &NodeSubset) -> String {
    let mut text = String::new();
    for index in 0..doc.node_count() {
        let id = node_at(index);
        if doc.kind(id) == Some(NodeKind::Text) && contains(doc, subset, id) {
            text.push_str(doc.text(id).unwrap_or_default());
        }
    }
    text
}

fn filter2(doc: &Document, input: &NodeSubset, filters: &[(FilterOp, FilterPath)]) -> NodeSubset {
    use ades_xml::NodeSet;
    // XPath Filter 2.0 §3.3: the filters combine, starting from the whole document, and the
    // result is intersected with the input node-set.
    let count = doc.node_count();
    let mut keep = vec![true; count];
    for (op, filter) in filters {
        let mut selected = vec![false; count];
        if filter.path.is_root() {
            selected.iter_mut().for_each(|s| *s = true);
        } else {
            for apex in filter.path.select(doc, filter.here) {
                for n in std::iter::once(apex).chain(doc.descendants(apex)) {
                    if let Some(s) = selected.get_mut(n.index()) {
                        *s = true;
                    }
                }
            }
        }
        for (k, s) in keep.iter_mut().zip(&selected) {
            *k = match op {
                FilterOp::Intersect => *k && *s,
                FilterOp::Subtract => *k && !*s,
                FilterOp::Union => *k || *s,
            };
        }
    }
    let mut set = NodeSet::new(doc);
    for (index, k) in keep.iter().enumerate() {
        let id = node_at(index);
        if *k && contains(doc, input, id) {
            set.insert(id);
        }
    }
    let subset = NodeSubset::nodes(set);
    if input.keeps_comments() {
        subset
    } else {
        subset.without_comments()
    }
}

/// The element whose subtree a reference's transforms narrow its data to, when an XPath
/// Filter 2.0 `intersect` selects exactly one element (how some producers reference the
/// signed properties with `URI=""`).
pub(crate) fn narrowed_element(doc: &Document, transforms: &[Transform]) -> Option<NodeId> {
    transforms.iter().find_map(|t| match t {
        Transform::Filter2(filters) => match filters.as_slice() {
            [(FilterOp::Intersect, f)] => match f.path.select(doc, f.here).as_slice() {
                [one] => Some(*one),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The enveloped-signature transform removes the reference's own signature from its
    /// document (here parsed again after a canonicalization), never from detached content,
    /// where a `ds:Signature` carrying its `Id` is content a third party may have added.
    #[test]
    fn the_enveloped_transform_removes_only_the_own_signature() {
        let limits = Limits::default();
        let xml = format!(
            r#"<doc><p>texto</p><ds:Signature xmlns:ds="{DS}" Id="S"><ds:SignedInfo/></ds:Signature></doc>"#
        );
        let doc = Document::parse(xml.as_bytes(), &limits).unwrap();
        let signature = doc.elements_by_name(Some(DS), "Signature").next().unwrap();
        let here = Here {
            doc: &doc,
            signature,
        };
        let transforms = [
            Transform::Canonicalize(C14nMethod::Inclusive10 { comments: false }),
            Transform::EnvelopedSignature,
        ];
        let run = |data: Data<'_>| {
            let mut out = Vec::new();
            write_transformed(data, &transforms, here, &mut out, &limits).unwrap();
            String::from_utf8(out).unwrap()
        };
        let own = run(Data::Nodes {
            doc: DocRef::Borrowed(&doc),
            subset: NodeSubset::document(),
        });
        assert_eq!(own, "<doc><p>texto</p></doc>");
        let detached = xml.replace("texto", "otro texto").into_bytes();
        let content = run(Data::External(&detached));
        assert!(content.contains("otro texto"), "{content}");
        assert!(content.contains("Id=\"S\""), "{content}");
    }
}
