//! XAdES-T: adding `SignatureTimeStamp` unsigned properties (XAdES 1.3.2 §7.3) to the
//! signatures of a document. The time-stamp covers the `ds:SignatureValue` element
//! canonicalized with Canonical XML 1.0, as the property's `CanonicalizationMethod` says.

use ades_core::DigestAlgorithm;

use crate::c14n::{C14N_10, C14nMethod, NodeSubset, canonicalize};
use crate::markup::{Markup, base64_lines};
use crate::names::DS;
use crate::unsigned::{Splice, apply_splices, top_level_signatures, unsigned_slot};
use crate::xml::{Document, Limits, NodeId};
use crate::{Error, Result};

/// Time-stamps the signatures of `xml` (all top-level ones, or only the one with `Id`
/// `only`) with `tsa` and returns the extended document. Signed bytes are not touched.
pub fn add_signature_timestamps(
    xml: &[u8],
    tsa: &ades_tsp::TsaClient<'_>,
    digest: DigestAlgorithm,
    only: Option<&str>,
    limits: &Limits,
) -> Result<Vec<u8>> {
    let doc = Document::parse(xml, limits)?;
    let targets: Vec<NodeId> = top_level_signatures(&doc)
        .into_iter()
        .filter(|&s| only.is_none_or(|id| doc.attribute(s, None, "Id") == Some(id)))
        .collect();
    if targets.is_empty() {
        return Err(Error::Structure(match only {
            Some(id) => format!("no ds:Signature with Id {id}"),
            None => "the document holds no ds:Signature".into(),
        }));
    }
    let mut splices = Vec::new();
    for (n, signature) in targets.into_iter().enumerate() {
        let imprint = signature_value_digest(&doc, signature, digest)?;
        let token = tsa.timestamp(digest, imprint)?;
        let slot = unsigned_slot(&doc, signature)?;
        let base = doc
            .attribute(signature, None, "Id")
            .map_or_else(|| format!("Signature{n}"), str::to_owned);
        let id = format!("{base}-SignatureTimeStamp-{}", random_suffix());
        let property = timestamp_property(&slot.namespace, "SignatureTimeStamp", &id, token.der());
        splices.push(Splice {
            at: slot.at,
            text: format!("{}{property}{}", slot.open, slot.close),
        });
    }
    Ok(apply_splices(xml, splices))
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

fn random_suffix() -> String {
    ades_core::nonce::nonce(4)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
