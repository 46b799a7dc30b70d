//! Where the signed data and the signature go (policy §3.2.1, §3.4): the packagings a
//! [`XadesBuilder`](super::XadesBuilder) can produce, each laying out the references, the
//! document around the signature and the namespace context the signature lives in.

use ades_core::content::ContentSource;
use ades_core::digest::Digester;
use ades_core::{DataFormat, DigestAlgorithm};

use crate::context::FragmentContext;
use crate::dsig::subset::DocRef;
use crate::dsig::transform::{Data, Here, Transform, digest_transformed};
use crate::markup::{Markup, base64_lines};
use crate::names::{BASE64, ENVELOPED_SIGNATURE};
use crate::sign::draft::{DraftReference, SignatureIds};
use crate::{Error, Result};
use ades_xml::{C14N_10, NodeSubset};
use ades_xml::{Document, Limits};

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The references, objects and surrounding document of a new signature.
#[derive(Debug)]
#[doc(hidden)]
pub struct Layout {
    pub(crate) references: Vec<DraftReference>,
    pub(crate) objects: Vec<String>,
    pub(crate) context: FragmentContext,
    pub(crate) before: Vec<u8>,
    pub(crate) after: Vec<u8>,
    /// `Encoding` of the signed data in `DataObjectFormat`, when the packaging fixes it.
    pub(crate) encoding: Option<&'static str>,
    /// The packaging's name in reports and messages.
    pub(crate) name: &'static str,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::InternallyDetached {}
    impl Sealed for super::Enveloped {}
    impl Sealed for super::Enveloping {}
    impl Sealed for super::Detached {}
    impl Sealed for super::CoSign {}
}

/// A packaging: lays out a new signature around its data.
pub trait Packaging: sealed::Sealed {
    #[doc(hidden)]
    fn layout(
        self,
        ids: &SignatureIds,
        digest: DigestAlgorithm,
        format: &DataFormat,
        limits: &Limits,
    ) -> Result<Layout>;
}

/// The policy's structure (§3.2.1): `<documento>` holding the original, base64-encoded, in
/// `<documentoOriginal Id="original">`, and the signature beside it referencing `#original`.
#[derive(Debug, Clone)]
pub struct InternallyDetached {
    pub(crate) file_name: String,
    pub(crate) content: Vec<u8>,
}

/// The signature as the last child of the signed XML document's root (Facturae invoices).
#[derive(Debug, Clone)]
pub struct Enveloped {
    pub(crate) xml: Vec<u8>,
}

/// The data, base64-encoded, inside a `ds:Object` of the signature.
#[derive(Debug, Clone)]
pub struct Enveloping {
    pub(crate) content: Vec<u8>,
}

/// The data stays outside; the signature references it by URI.
#[derive(Debug)]
pub struct Detached {
    pub(crate) uri: String,
    pub(crate) source: ContentSource,
}

/// A parallel signature (policy §3.6.7) beside the existing ones of an internally detached
/// document, over the same signed element.
#[derive(Debug, Clone)]
pub struct CoSign {
    pub(crate) document: Vec<u8>,
}

impl Packaging for CoSign {
    fn layout(
        self,
        ids: &SignatureIds,
        digest: DigestAlgorithm,
        _format: &DataFormat,
        limits: &Limits,
    ) -> Result<Layout> {
        let doc = Document::parse(&self.document, limits)?;
        let uri = signed_element_uri(&doc)?;
        let target = doc
            .find_by_id(&uri[1..])?
            .ok_or_else(|| Error::Structure(format!("no element {uri} to co-sign")))?;
        let parent = doc
            .parent(target)
            .filter(|&p| doc.is_element(p))
            .ok_or_else(|| Error::Structure("the signed element has no parent element".into()))?;
        let at = doc
            .end_tag_range(parent)
            .map(|r| r.start)
            .ok_or_else(|| Error::Structure("the signed element's parent has no end tag".into()))?;
        let value = digest_nodes(&doc, &uri, digest, limits)?;
        Ok(Layout {
            references: vec![DraftReference {
                id: ids.reference(0),
                uri,
                reference_type: None,
                transforms: vec![C14N_10],
                digest: Some(value),
            }],
            objects: Vec::new(),
            context: FragmentContext::inside(&doc, parent),
            before: self.document[..at].to_vec(),
            after: self.document[at..].to_vec(),
            encoding: Some(BASE64),
            name: "internally detached (co-signature)",
        })
    }
}

/// The same-document element the first signature signs (`#original` in the policy's
/// structure): what a co-signature signs too.
fn signed_element_uri(doc: &Document) -> Result<String> {
    use crate::names::{DS, SIGNED_PROPERTIES_TYPE};
    let first = crate::unsigned::top_level_signatures(doc)
        .into_iter()
        .next()
        .ok_or_else(|| Error::Structure("the document holds no signature to co-sign".into()))?;
    let signature = crate::dsig::SignatureElement::read(doc, first)?;
    signature
        .references
        .iter()
        .filter(|r| r.reference_type.as_deref() != Some(SIGNED_PROPERTIES_TYPE))
        .filter_map(|r| r.uri.clone())
        .find(|u| u.len() > 1 && u.starts_with('#') && !u.contains('('))
        .filter(|u| {
            doc.find_by_id(&u[1..])
                .ok()
                .flatten()
                .is_some_and(|e| !doc.ancestors(e).any(|a| doc.has_name(a, Some(DS), "Signature")))
        })
        .ok_or_else(|| {
            Error::Unsupported(
                "co-signing needs the internally detached structure (a signed element beside the signatures); enveloped and enveloping signatures cannot take a parallel signature without breaking the first".into(),
            )
        })
}

impl Packaging for InternallyDetached {
    fn layout(
        self,
        ids: &SignatureIds,
        digest: DigestAlgorithm,
        _format: &DataFormat,
        limits: &Limits,
    ) -> Result<Layout> {
        let mut original = Markup::new();
        original.leaf(
            "documentoOriginal",
            &[
                ("Id", "original"),
                ("encoding", "base64"),
                ("nombreFichero", &self.file_name),
            ],
            &base64_lines(&self.content),
        );
        let original = original.into_string();
        let document = format!("<documento>{original}</documento>");
        let doc = Document::parse(document.as_bytes(), limits)?;
        let uri = "#original";
        let value = digest_nodes(&doc, uri, digest, limits)?;
        Ok(Layout {
            references: vec![DraftReference {
                id: ids.reference(0),
                uri: uri.to_owned(),
                reference_type: None,
                transforms: vec![C14N_10],
                digest: Some(value),
            }],
            objects: Vec::new(),
            context: FragmentContext::root(),
            before: format!("{XML_DECLARATION}<documento>{original}").into_bytes(),
            after: b"</documento>\n".to_vec(),
            encoding: Some(BASE64),
            name: "internally detached",
        })
    }
}

/// Where an enveloped signature is inserted into the document element.
enum Split {
    /// At this offset: the start of the document element's end tag.
    BeforeEndTag(usize),
    /// Into `<root …/>`, whose start tag ends at `tag_end`, opened as `<root …>…</name>`.
    OpenEmpty { tag_end: usize, name: String },
}

impl Packaging for Enveloped {
    fn layout(
        self,
        ids: &SignatureIds,
        digest: DigestAlgorithm,
        _format: &DataFormat,
        limits: &Limits,
    ) -> Result<Layout> {
        // URI="" with the enveloped-signature transform: the whole document without comments
        // and without this signature, which is not there yet, canonicalized into the digest
        // as the input is read; only the document element is kept in memory.
        let mut digester = Digester::new(digest);
        let doc = ades_xml::parse_and_canonicalize(
            self.xml,
            limits,
            &ades_xml::C14nMethod::Inclusive10 { comments: false },
            false,
            &mut digester,
        )?;
        let value = digester.finish();
        let root = doc.document_element();
        let context = FragmentContext::inside(&doc, root);
        // Where the signature goes: before the end tag, or in `<root …/>` opened for it.
        let split = match doc.end_tag_range(root) {
            Some(end) => Split::BeforeEndTag(end.start),
            None => Split::OpenEmpty {
                tag_end: doc
                    .start_tag_range(root)
                    .ok_or_else(|| Error::Structure("document element without a tag".into()))?
                    .end,
                name: doc.name(root).unwrap_or_default().to_owned(),
            },
        };
        // The input is split in place, not copied.
        let mut before = doc.into_source().unwrap_or_default();
        let (before, after) = match split {
            Split::BeforeEndTag(at) => {
                let after = before.split_off(at);
                (before, after)
            }
            Split::OpenEmpty { tag_end, name } => {
                let rest = before.split_off(tag_end);
                before.truncate(tag_end - 2);
                before.push(b'>');
                let mut after = format!("</{name}>").into_bytes();
                after.extend_from_slice(&rest);
                (before, after)
            }
        };
        Ok(Layout {
            references: vec![DraftReference {
                id: ids.reference(0),
                uri: String::new(),
                reference_type: None,
                transforms: vec![ENVELOPED_SIGNATURE, C14N_10],
                digest: Some(value),
            }],
            objects: Vec::new(),
            context,
            before,
            after,
            encoding: None,
            name: "enveloped",
        })
    }
}

impl Packaging for Enveloping {
    fn layout(
        self,
        ids: &SignatureIds,
        _digest: DigestAlgorithm,
        format: &DataFormat,
        _limits: &Limits,
    ) -> Result<Layout> {
        let object_id = ids.object(0);
        let mut object = Markup::new();
        object.leaf(
            "ds:Object",
            &[
                ("Id", &object_id),
                ("MimeType", &format.mime_type),
                ("Encoding", BASE64),
            ],
            &base64_lines(&self.content),
        );
        Ok(Layout {
            references: vec![DraftReference {
                id: ids.reference(0),
                uri: format!("#{object_id}"),
                reference_type: None,
                transforms: vec![C14N_10],
                digest: None,
            }],
            objects: vec![object.into_string()],
            context: FragmentContext::root(),
            before: XML_DECLARATION.as_bytes().to_vec(),
            after: b"\n".to_vec(),
            encoding: Some(BASE64),
            name: "enveloping",
        })
    }
}

impl Packaging for Detached {
    fn layout(
        self,
        ids: &SignatureIds,
        digest: DigestAlgorithm,
        _format: &DataFormat,
        _limits: &Limits,
    ) -> Result<Layout> {
        let value = self.source.digest(digest)?;
        Ok(Layout {
            references: vec![DraftReference {
                id: ids.reference(0),
                uri: self.uri,
                reference_type: None,
                transforms: Vec::new(),
                digest: Some(value),
            }],
            objects: Vec::new(),
            context: FragmentContext::root(),
            before: XML_DECLARATION.as_bytes().to_vec(),
            after: b"\n".to_vec(),
            encoding: None,
            name: "detached",
        })
    }
}

/// The digest of a same-document reference canonicalized with Canonical XML 1.0.
fn digest_nodes(
    doc: &Document,
    uri: &str,
    digest: DigestAlgorithm,
    limits: &Limits,
) -> Result<Vec<u8>> {
    let subset = NodeSubset::from_same_document_reference(doc, uri)?;
    digest_transformed(
        Data::Nodes {
            doc: DocRef::Borrowed(doc),
            subset,
        },
        &[Transform::Canonicalize(ades_xml::C14nMethod::Inclusive10 {
            comments: false,
        })],
        Here {
            doc,
            signature: doc.document_element(),
        },
        digest,
        limits,
    )
}

/// A relative URI for a file name: unreserved characters kept, everything else
/// percent-encoded (RFC 3986).
pub(crate) fn file_uri(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
