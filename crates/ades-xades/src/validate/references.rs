//! Checking every `ds:Reference` of a signature: dereference the URI (same-document, or the
//! detached content), apply the transforms, compare digests. What matched is returned as
//! the signed objects — the nodes that were actually digested, never a fresh lookup.

use ades_core::CheckId;
use ades_core::report::CheckList;
use ades_core::validation::DetachedContent;
use ades_core::{DigestAlgorithm, SubIndication};

use crate::Error;
use crate::dsig::subset::DocRef;
use crate::dsig::transform::{Data, Here, Transform, narrowed_element, write_transformed};
use crate::dsig::{FilterOp, Reference, SignatureElement};
use crate::names::{DS, MANIFEST_TYPE, OBJECT_TYPE, SIGNED_PROPERTIES_TYPE, XADES_NAMESPACES};
use ades_xml::NodeSubset;
use ades_xml::Scope;
use ades_xml::{Document, Limits, NodeId};

/// One reference that verified: what it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedObject {
    /// The reference's `URI` (`None` when absent).
    pub uri: Option<String>,
    /// The reference's `Id`.
    pub reference_id: Option<String>,
    /// The reference's `Type`.
    pub reference_type: Option<String>,
    /// The element digested (for `#id` references), `None` for the whole document or
    /// external content.
    pub element: Option<NodeId>,
    /// Whether the whole document (minus any excluded signature) was digested.
    pub whole_document: bool,
    /// Whether the data came from outside the document (detached content).
    pub external: bool,
    /// Whether the transforms removed part of the element's subtree (XPath filters other
    /// than one `intersect` selecting the element): then the element is not entirely signed.
    pub filtered: bool,
}

/// Checks every reference; records a check per reference and returns those that matched.
pub(crate) fn check_references(
    doc: &Document,
    signature: &SignatureElement,
    detached: Option<&dyn DetachedContent>,
    limits: &Limits,
    checks: &mut CheckList,
) -> Result<Vec<SignedObject>, std::io::Error> {
    let external_count = external_count(&signature.references);
    let mut signed = Vec::new();
    for (i, reference) in signature.references.iter().enumerate() {
        let label = describe("reference", reference, i);
        let here = Here {
            doc,
            signature: signature.node,
        };
        if let Some(object) = check_one(
            doc,
            reference,
            here,
            &label,
            detached,
            external_count,
            limits,
            checks,
        )? {
            signed.push(object);
        }
    }
    Ok(signed)
}

/// Checks the references of a `ds:Manifest` the signature covers: for a signature, the
/// manifest's entries are the signed data objects. Returns whether every entry matched.
pub(crate) fn check_manifest(
    doc: &Document,
    manifest: NodeId,
    signature: &SignatureElement,
    detached: Option<&dyn DetachedContent>,
    limits: &Limits,
    checks: &mut CheckList,
) -> Result<bool, std::io::Error> {
    let mut references = Vec::new();
    for r in doc.child_elements(manifest) {
        if references.len() == limits.max_references {
            checks.fail(
                CheckId::Manifest,
                SubIndication::FormatFailure,
                "too many references in the ds:Manifest",
            );
            return Ok(false);
        }
        match crate::dsig::signature::read_reference(doc, r) {
            Ok(reference) => references.push(reference),
            Err(e) => {
                checks.fail(
                    CheckId::Manifest,
                    SubIndication::FormatFailure,
                    e.to_string(),
                );
                return Ok(false);
            }
        }
    }
    if references.is_empty() {
        checks.fail(
            CheckId::Manifest,
            SubIndication::SignedDataNotFound,
            "the ds:Manifest lists no reference",
        );
        return Ok(false);
    }
    let external = external_count(&references);
    let mut all = true;
    for (i, reference) in references.iter().enumerate() {
        let label = describe("manifest reference", reference, i);
        let here = Here {
            doc,
            signature: signature.node,
        };
        all &= check_one(
            doc, reference, here, &label, detached, external, limits, checks,
        )?
        .is_some();
    }
    Ok(all)
}

fn external_count(references: &[Reference]) -> usize {
    references
        .iter()
        .filter(|r| {
            r.uri
                .as_deref()
                .is_some_and(|u| !u.is_empty() && !u.starts_with('#'))
        })
        .count()
}

/// Checks one reference; the signed object when its digest matches.
#[allow(clippy::too_many_arguments)]
fn check_one(
    doc: &Document,
    reference: &Reference,
    here: Here<'_>,
    label: &str,
    detached: Option<&dyn DetachedContent>,
    external_count: usize,
    limits: &Limits,
    checks: &mut CheckList,
) -> Result<Option<SignedObject>, std::io::Error> {
    let Some(algorithm) = DigestAlgorithm::from_xmldsig_uri(&reference.digest_method) else {
        checks.fail(
            CheckId::ReferenceDigest,
            SubIndication::CryptoConstraintsFailure,
            format!(
                "{label}: digest algorithm {} is not supported",
                reference.digest_method
            ),
        );
        return Ok(None);
    };
    let transforms = match &reference.transforms {
        Ok(t) => t,
        Err(why) => {
            checks.fail(
                CheckId::ReferenceDigest,
                SubIndication::SignedDataNotFound,
                format!("{label}: {why}"),
            );
            return Ok(None);
        }
    };
    let target = match dereference(doc, reference, detached, external_count) {
        Ok(t) => t,
        Err(Problem::NotFound(why)) => {
            checks.fail(
                CheckId::ReferenceDigest,
                SubIndication::SignedDataNotFound,
                format!("{label}: {why}"),
            );
            return Ok(None);
        }
        Err(Problem::Invalid(why)) => {
            checks.fail(
                CheckId::ReferenceDigest,
                SubIndication::FormatFailure,
                format!("{label}: {why}"),
            );
            return Ok(None);
        }
    };
    if let Some(why) = target
        .element
        .and_then(|e| type_contradiction(doc, reference, here.signature, e))
    {
        checks.fail(
            CheckId::ReferenceDigest,
            SubIndication::FormatFailure,
            format!("{label}: {why}"),
        );
        return Ok(None);
    }
    // The enveloped-signature transform over this signature, or a part of it, removes what
    // the reference points at: it covers nothing there (a `#SignedProperties` reference with
    // it digests the empty string).
    let strips_target = target
        .element
        .is_some_and(|e| doc.is_ancestor_or_self(here.signature, e))
        && transforms.iter().any(|t| {
            matches!(
                t,
                Transform::EnvelopedSignature | Transform::ExcludeEverySignature
            )
        });
    let mut object = SignedObject {
        uri: reference.uri.clone(),
        reference_id: reference.id.clone(),
        reference_type: reference.reference_type.clone(),
        element: target.element,
        whole_document: target.whole_document,
        external: target.external,
        filtered: filters_part(transforms) || strips_target,
    };
    match digest(target.data, transforms, here, algorithm, limits) {
        Ok(actual) if actual == reference.digest_value => {
            // An XPath Filter 2.0 `intersect` narrows the reference to the element it
            // selects only inside what was dereferenced.
            if !object.external
                && let Some(e) = narrowed_element(doc, transforms)
                && (object.whole_document
                    || object
                        .element
                        .is_some_and(|t| doc.is_ancestor_or_self(t, e)))
            {
                object.element = Some(e);
                object.whole_document = false;
            }
            checks.pass(
                CheckId::ReferenceDigest,
                format!("{label}: {algorithm} digest matches"),
            );
            Ok(Some(object))
        }
        Ok(_) => {
            checks.fail(
                CheckId::ReferenceDigest,
                SubIndication::HashFailure,
                format!("{label}: the {algorithm} digest does not match: the data was modified after signing"),
            );
            Ok(None)
        }
        // Reading the detached content failed: not a verdict on the signature.
        Err(Error::Io(e)) => Err(e),
        Err(e) => {
            checks.fail(
                CheckId::ReferenceDigest,
                SubIndication::FormatFailure,
                format!("{label}: {e}"),
            );
            Ok(None)
        }
    }
}

/// Why the element a reference points to is not where or what its `Type` declares, if it is
/// not: a `ds:Object`-typed reference must stay inside the signature, a `ds:Manifest` or
/// `SignedProperties` one must name that element. A reference typed as a signature object but
/// resolved by `Id` to an element elsewhere is how signature-wrapping attacks move the signed
/// data where the application does not look (EU DSS refuses it the same way by default).
fn type_contradiction(
    doc: &Document,
    reference: &Reference,
    signature: NodeId,
    element: NodeId,
) -> Option<String> {
    let named = |namespaces: &[&str], local: &str| {
        namespaces
            .iter()
            .any(|ns| doc.has_name(element, Some(ns), local))
    };
    let found = doc.local_name(element).unwrap_or("?");
    match reference.reference_type.as_deref()? {
        OBJECT_TYPE if !doc.ancestors(element).any(|a| a == signature) => Some(format!(
            "its Type says ds:Object but its URI names a <{found}> element outside the signature: the reference is refused (signature wrapping)"
        )),
        MANIFEST_TYPE if !named(&[DS], "Manifest") => Some(format!(
            "its Type says ds:Manifest but its URI names a <{found}> element"
        )),
        SIGNED_PROPERTIES_TYPE if !named(&XADES_NAMESPACES, "SignedProperties") => Some(format!(
            "its Type says SignedProperties but its URI names a <{found}> element"
        )),
        _ => None,
    }
}

/// Whether transforms remove nodes beyond the enveloping signature: XPath filters, except a
/// single XPath Filter 2.0 `intersect` (which selects the element the reference then covers).
fn filters_part(transforms: &[Transform]) -> bool {
    transforms.iter().any(|t| match t {
        Transform::ExcludeEverySignature => true,
        Transform::Filter2(filters) => !matches!(filters.as_slice(), [(FilterOp::Intersect, _)]),
        _ => false,
    })
}

fn digest(
    data: Data<'_>,
    transforms: &[Transform],
    here: Here<'_>,
    algorithm: DigestAlgorithm,
    limits: &Limits,
) -> Result<Vec<u8>, Error> {
    let mut d = ades_core::digest::Digester::new(algorithm);
    write_transformed(data, transforms, here, &mut d, limits)?;
    Ok(d.finish())
}

fn describe(what: &str, reference: &Reference, index: usize) -> String {
    let n = index + 1;
    match (&reference.uri, &reference.id) {
        (Some(uri), _) if uri.is_empty() => format!("{what} {n} (whole document)"),
        (Some(uri), _) => format!("{what} {n} ({uri})"),
        (None, Some(id)) => format!("{what} {n} (Id {id}, no URI)"),
        (None, None) => format!("{what} {n} (no URI)"),
    }
}

pub(crate) struct Target<'d> {
    pub(crate) data: Data<'d>,
    pub(crate) element: Option<NodeId>,
    pub(crate) whole_document: bool,
    pub(crate) external: bool,
}

pub(crate) enum Problem {
    NotFound(String),
    Invalid(String),
}

/// What a reference URI points at.
pub(crate) fn dereference<'d>(
    doc: &'d Document,
    reference: &Reference,
    detached: Option<&'d dyn DetachedContent>,
    external_count: usize,
) -> Result<Target<'d>, Problem> {
    let uri = reference.uri.as_deref();
    match uri {
        Some(u) if u.is_empty() || u.starts_with('#') => {
            let subset = NodeSubset::from_same_document_reference(doc, u).map_err(|e| match e {
                ades_xml::C14nError::IdNotFound(id) => {
                    Problem::NotFound(format!("no element with Id `{id}` in the document"))
                }
                other => Problem::Invalid(other.to_string()),
            })?;
            let (element, whole_document) = match subset.scope() {
                Scope::Subtree(e) => (Some(*e), false),
                _ => (None, true),
            };
            Ok(Target {
                data: Data::Nodes {
                    doc: DocRef::Borrowed(doc),
                    subset,
                },
                element,
                whole_document,
                external: false,
            })
        }
        _ => {
            let Some(content) = detached else {
                return Err(Problem::NotFound(
                    "detached content: the signed file was not supplied (--content)".into(),
                ));
            };
            // With several external references, the content must be the one named.
            if external_count > 1 {
                let wanted = uri.and_then(|u| u.rsplit('/').next()).map(percent_decode);
                if content.name().is_none() || content.name() != wanted {
                    return Err(Problem::NotFound(format!(
                        "detached content {} was not supplied",
                        uri.unwrap_or("(no URI)")
                    )));
                }
            }
            Ok(Target {
                data: Data::External(content),
                element: None,
                whole_document: false,
                external: true,
            })
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
