//! XAdES-T: adding `SignatureTimeStamp` unsigned properties (XAdES 1.3.2 §7.3) to the
//! signatures of a document. The time-stamp covers the `ds:SignatureValue` element
//! canonicalized with Canonical XML 1.0, as the property's `CanonicalizationMethod` says.

use ades_core::DigestAlgorithm;

use crate::markup::{Markup, base64_lines};
use crate::names::DS;
use crate::unsigned::{Splice, apply_splices, top_level_signatures, unsigned_slot};
use crate::{Error, Result};
use ades_xml::{C14N_10, C14nMethod, NodeSubset, canonicalize};
use ades_xml::{Document, Limits, NodeId};

/// Which signatures of a document to time-stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StampTargets<'a> {
    /// Every top-level signature.
    All,
    /// Top-level signatures without a `SignatureTimeStamp` yet.
    Missing,
    /// The signature with this `Id`.
    Id(&'a str),
}

/// Time-stamps the chosen top-level signatures of `xml` with `tsa` and returns the extended
/// document and how many time-stamps were added. Signed bytes are not touched.
pub fn add_signature_timestamps(
    xml: &[u8],
    tsa: &ades_tsp::TsaClient<'_>,
    digest: DigestAlgorithm,
    targets: StampTargets<'_>,
    limits: &Limits,
) -> Result<(Vec<u8>, usize)> {
    let doc = Document::parse(xml, limits)?;
    let all = top_level_signatures(&doc);
    if all.is_empty() {
        return Err(Error::Structure(
            "the document holds no ds:Signature".into(),
        ));
    }
    let chosen: Vec<NodeId> = all
        .into_iter()
        .filter(|&s| match targets {
            StampTargets::All => true,
            StampTargets::Missing => !has_signature_timestamp(&doc, s),
            StampTargets::Id(id) => doc.attribute(s, None, "Id") == Some(id),
        })
        .collect();
    if let (StampTargets::Id(id), true) = (targets, chosen.is_empty()) {
        return Err(Error::Structure(format!("no ds:Signature with Id {id}")));
    }
    let mut splices = Vec::new();
    let added = chosen.len();
    for signature in chosen {
        splices.push(signature_timestamp(&doc, signature, tsa, digest)?);
    }
    Ok((apply_splices(xml, splices), added))
}

/// Whether a signature already carries a `SignatureTimeStamp`.
fn has_signature_timestamp(doc: &Document, signature: NodeId) -> bool {
    crate::unsigned::qualifying_properties(doc, signature).is_some_and(|qp| {
        doc.descendants(qp)
            .any(|n| doc.local_name(n) == Some("SignatureTimeStamp"))
    })
}

/// The insertion that adds a `SignatureTimeStamp` from `tsa` to `signature` of `doc` (offsets
/// in `doc`'s input).
pub(crate) fn signature_timestamp(
    doc: &Document,
    signature: NodeId,
    tsa: &ades_tsp::TsaClient<'_>,
    digest: DigestAlgorithm,
) -> Result<Splice> {
    let imprint = signature_value_digest(doc, signature, digest)?;
    let token = tsa.timestamp(digest, imprint)?;
    let slot = unsigned_slot(doc, signature)?;
    let base = doc.attribute(signature, None, "Id").unwrap_or("Signature");
    let id = format!("{base}-SignatureTimeStamp-{}", random_suffix());
    let property = timestamp_property(&slot.namespace, "SignatureTimeStamp", &id, token.der());
    Ok(Splice {
        at: slot.at,
        text: format!("{}{property}{}", slot.open, slot.close),
    })
}

/// The digest of a signature's `ds:SignatureValue` canonicalized with Canonical XML 1.0:
/// the message imprint of its signature time-stamp.
pub(crate) fn signature_value_digest(
    doc: &Document,
    signature: NodeId,
    digest: DigestAlgorithm,
) -> Result<Vec<u8>> {
    signature_value_digest_with(
        doc,
        signature,
        digest,
        &C14nMethod::Inclusive10 { comments: false },
    )
}

/// As [`signature_value_digest`] with another canonicalization.
pub(crate) fn signature_value_digest_with(
    doc: &Document,
    signature: NodeId,
    digest: DigestAlgorithm,
    method: &C14nMethod,
) -> Result<Vec<u8>> {
    let value = doc
        .child_elements(signature)
        .find(|&c| doc.has_name(c, Some(DS), "SignatureValue"))
        .ok_or_else(|| Error::Structure("ds:Signature without ds:SignatureValue".into()))?;
    let mut d = ades_core::digest::Digester::new(digest);
    canonicalize(doc, &NodeSubset::subtree(value), method, &mut d)?;
    Ok(d.finish())
}

/// An `XAdESTimeStampType` property, with its own namespace declarations so it can be
/// inserted anywhere.
pub(crate) fn timestamp_property(namespace: &str, local: &str, id: &str, token: &[u8]) -> String {
    let name = format!("xades:{local}");
    let mut m = Markup::new();
    m.open(
        &name,
        &[("xmlns:xades", namespace), ("xmlns:ds", DS), ("Id", id)],
    );
    m.empty("ds:CanonicalizationMethod", &[("Algorithm", C14N_10)]);
    m.leaf("xades:EncapsulatedTimeStamp", &[], &base64_lines(token));
    m.close(&name);
    m.into_string()
}

pub(crate) fn random_suffix() -> String {
    ades_core::nonce::nonce(4)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
