//! Reading a `ds:Signature` element: its `SignedInfo`, references, signature value, key
//! information and objects, in the order the XML-DSig schema fixes (anything else is a
//! structural error: an element out of place is how signature-wrapping attacks start).

use ades_core::Certificate;

use crate::dsig::transform::{Transform, with_prefix_list};
use crate::markup::decode_base64;
use crate::names::DS;
use crate::{Error, Result};
use ades_xml::C14nMethod;
use ades_xml::{Document, NodeId};

/// One `ds:Reference`.
#[derive(Debug, Clone)]
pub struct Reference {
    /// The element.
    pub node: NodeId,
    /// Its `Id`.
    pub id: Option<String>,
    /// Its `URI` (absent: the application knows the data).
    pub uri: Option<String>,
    /// Its `Type`.
    pub reference_type: Option<String>,
    /// The transforms, or why they cannot be applied.
    pub transforms: std::result::Result<Vec<Transform>, String>,
    /// `DigestMethod/@Algorithm`.
    pub digest_method: String,
    /// `DigestValue`.
    pub digest_value: Vec<u8>,
}

/// A `ds:Signature` as read from a document.
#[derive(Debug, Clone)]
pub struct SignatureElement {
    /// The `ds:Signature` element.
    pub node: NodeId,
    /// Its `Id`.
    pub id: Option<String>,
    /// `ds:SignedInfo`.
    pub signed_info: NodeId,
    /// `CanonicalizationMethod` of `SignedInfo`.
    pub canonicalization: C14nMethod,
    /// `SignatureMethod/@Algorithm`.
    pub signature_method: String,
    /// The references, in order.
    pub references: Vec<Reference>,
    /// `ds:SignatureValue`.
    pub signature_value_node: NodeId,
    /// The signature value.
    pub signature_value: Vec<u8>,
    /// The certificates of `KeyInfo/X509Data` that parse, in order.
    pub key_info_certificates: Vec<Certificate>,
    /// The bare public key of `KeyInfo/KeyValue/RSAKeyValue`, if any (plain XML-DSig
    /// signatures often carry no certificate).
    pub key_value: Option<ades_core::verify::VerifyingKey>,
    /// The `ds:Object` elements.
    pub objects: Vec<NodeId>,
}

impl SignatureElement {
    /// Reads the `ds:Signature` element `node`.
    pub fn read(doc: &Document, node: NodeId) -> Result<Self> {
        if !doc.has_name(node, Some(DS), "Signature") {
            return Err(Error::Structure("not a ds:Signature element".into()));
        }
        let mut children = doc.child_elements(node);
        let signed_info = expect(doc, children.next(), "SignedInfo")?;
        let signature_value_node = expect(doc, children.next(), "SignatureValue")?;
        let mut key_info = None;
        let mut objects = Vec::new();
        for child in children {
            match doc.local_name(child) {
                Some("KeyInfo")
                    if doc.has_name(child, Some(DS), "KeyInfo")
                        && key_info.is_none()
                        && objects.is_empty() =>
                {
                    key_info = Some(child);
                }
                Some("Object") if doc.has_name(child, Some(DS), "Object") => objects.push(child),
                _ => {
                    return Err(Error::Structure(format!(
                        "unexpected element {} in ds:Signature",
                        doc.name(child).unwrap_or("?")
                    )));
                }
            }
        }

        let mut si = doc.child_elements(signed_info);
        let c14n_node = expect(doc, si.next(), "CanonicalizationMethod")?;
        let c14n_uri = doc
            .attribute(c14n_node, None, "Algorithm")
            .unwrap_or_default();
        let canonicalization = C14nMethod::from_uri(c14n_uri)
            .map_err(|_| Error::Unsupported(format!("canonicalization method `{c14n_uri}`")))?;
        let canonicalization = with_prefix_list(doc, c14n_node, canonicalization);
        let method_node = expect(doc, si.next(), "SignatureMethod")?;
        let signature_method = doc
            .attribute(method_node, None, "Algorithm")
            .unwrap_or_default()
            .to_owned();
        let mut references = Vec::new();
        for r in si {
            if references.len() == doc.max_references() {
                return Err(Error::LimitExceeded("references in one SignedInfo"));
            }
            if !doc.has_name(r, Some(DS), "Reference") {
                return Err(Error::Structure(format!(
                    "unexpected element {} in ds:SignedInfo",
                    doc.name(r).unwrap_or("?")
                )));
            }
            references.push(read_reference(doc, r)?);
        }
        if references.is_empty() {
            return Err(Error::Structure("ds:SignedInfo has no ds:Reference".into()));
        }
        let signature_value = decode_base64(&doc.text_content(signature_value_node))
            .map_err(|e| Error::Structure(format!("ds:SignatureValue is not base64: {e}")))?;
        Ok(SignatureElement {
            node,
            id: doc.attribute(node, None, "Id").map(str::to_owned),
            signed_info,
            canonicalization,
            signature_method,
            references,
            signature_value_node,
            signature_value,
            key_info_certificates: key_info
                .map(|k| key_info_certificates(doc, k))
                .unwrap_or_default(),
            key_value: key_info.and_then(|k| rsa_key_value(doc, k)),
            objects,
        })
    }
}

fn expect(doc: &Document, node: Option<NodeId>, local: &str) -> Result<NodeId> {
    match node {
        Some(n) if doc.has_name(n, Some(DS), local) => Ok(n),
        Some(n) => Err(Error::Structure(format!(
            "expected ds:{local}, found {}",
            doc.name(n).unwrap_or("?")
        ))),
        None => Err(Error::Structure(format!("missing ds:{local}"))),
    }
}

pub(crate) fn read_reference(doc: &Document, node: NodeId) -> Result<Reference> {
    let mut children = doc.child_elements(node).peekable();
    let mut transforms = Ok(Vec::new());
    if let Some(&t) = children.peek()
        && doc.has_name(t, Some(DS), "Transforms")
    {
        children.next();
        let mut list = Vec::new();
        for tr in doc.child_elements(t) {
            if !doc.has_name(tr, Some(DS), "Transform") {
                return Err(Error::Structure(
                    "unexpected element in ds:Transforms".into(),
                ));
            }
            if list.len() == crate::dsig::transform::MAX_TRANSFORMS {
                return Err(Error::LimitExceeded("transforms in one reference"));
            }
            match Transform::read(doc, tr) {
                Ok(x) => list.push(x),
                Err(e @ (Error::Unsupported(_) | Error::Structure(_))) => {
                    transforms = Err(e.to_string());
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        if transforms.is_ok() {
            transforms = Ok(list);
        }
    }
    let method = expect(doc, children.next(), "DigestMethod")?;
    let value = expect(doc, children.next(), "DigestValue")?;
    let digest_value = decode_base64(&doc.text_content(value))
        .map_err(|e| Error::Structure(format!("ds:DigestValue is not base64: {e}")))?;
    Ok(Reference {
        node,
        id: doc.attribute(node, None, "Id").map(str::to_owned),
        uri: doc.attribute(node, None, "URI").map(str::to_owned),
        reference_type: doc.attribute(node, None, "Type").map(str::to_owned),
        transforms,
        digest_method: doc
            .attribute(method, None, "Algorithm")
            .unwrap_or_default()
            .to_owned(),
        digest_value,
    })
}

/// The key of `KeyInfo/KeyValue/RSAKeyValue` (`Modulus`, `Exponent`), if it reads.
fn rsa_key_value(doc: &Document, key_info: NodeId) -> Option<ades_core::verify::VerifyingKey> {
    let value = doc
        .child_elements(key_info)
        .find(|&k| doc.has_name(k, Some(DS), "KeyValue"))?;
    let rsa = doc
        .child_elements(value)
        .find(|&k| doc.has_name(k, Some(DS), "RSAKeyValue"))?;
    let part = |name: &str| {
        doc.child_elements(rsa)
            .find(|&c| doc.has_name(c, Some(DS), name))
            .and_then(|c| decode_base64(&doc.text_content(c)).ok())
    };
    ades_core::verify::VerifyingKey::rsa_from_components(&part("Modulus")?, &part("Exponent")?)
}

/// Every `X509Certificate` under `KeyInfo/X509Data` that parses.
fn key_info_certificates(doc: &Document, key_info: NodeId) -> Vec<Certificate> {
    doc.child_elements(key_info)
        .filter(|&d| doc.has_name(d, Some(DS), "X509Data"))
        .flat_map(|d| doc.child_elements(d).collect::<Vec<_>>())
        .filter(|&c| doc.has_name(c, Some(DS), "X509Certificate"))
        .filter_map(|c| decode_base64(&doc.text_content(c)).ok())
        .filter_map(|der| Certificate::from_der(&der).ok())
        .collect()
}
