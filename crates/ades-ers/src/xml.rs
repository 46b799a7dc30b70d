//! RFC 6283 XML evidence records, read into the same model as RFC 4998 ones. What differs is
//! what renewals cover: a time-stamp renewal covers the previous `ArchiveTimeStamp` element,
//! a hash-tree renewal the `ArchiveTimeStampSequence` of the chains before it, each
//! canonicalized with its chain's `CanonicalizationMethod` in its document (a record embedded
//! in a XAdES signature is canonicalized there).

use ades_core::DigestAlgorithm;
use ades_core::algorithm::AlgorithmId;
use ades_xml::{C14nMethod, Document, Limits, NodeId, NodeSubset, canonicalize_to_vec};

use crate::syntax::{ArchiveTimeStamp, Chain, EvidenceRecord};
use crate::{Error, Result};

/// The namespace of RFC 6283.
pub const XML_ERS: &str = "urn:ietf:params:xml:ns:ers";

impl EvidenceRecord {
    /// Reads an XML evidence record (RFC 6283) document.
    pub fn from_xml(bytes: &[u8]) -> Result<Self> {
        let doc = Document::parse(bytes, &Limits::default())
            .map_err(|e| Error::Malformed(e.to_string()))?;
        Self::from_xml_element(&doc, doc.document_element())
    }

    /// Reads the XML evidence record `element` of `doc`.
    pub fn from_xml_element(doc: &Document, element: NodeId) -> Result<Self> {
        if !doc.has_name(element, Some(XML_ERS), "EvidenceRecord") {
            return Err(Error::Malformed("not an ers:EvidenceRecord element".into()));
        }
        let sequence = child(doc, element, "ArchiveTimeStampSequence")?;
        let chain_elements = ordered(doc, sequence, "ArchiveTimeStampChain");
        let mut chains = Vec::new();
        let mut sequence_inputs = Vec::new();
        let mut digest_algorithms = Vec::new();
        for (c, &chain) in chain_elements.iter().enumerate() {
            let alg_uri = doc
                .attribute(child(doc, chain, "DigestMethod")?, None, "Algorithm")
                .unwrap_or_default();
            let algorithm = DigestAlgorithm::from_xmldsig_uri(alg_uri).map(|a| AlgorithmId {
                oid: a.oid(),
                parameters: None,
            });
            let method = child(doc, chain, "CanonicalizationMethod")
                .ok()
                .and_then(|m| doc.attribute(m, None, "Algorithm"))
                .and_then(|uri| C14nMethod::from_uri(uri).ok())
                .unwrap_or(C14nMethod::Inclusive10 { comments: false });
            // The sequence as it was when this chain began: without it and the later ones
            // (RFC 6283 §3.2.2); some writers keep comments, or cover the chains before.
            let mut subset = NodeSubset::subtree(sequence);
            for &later in &chain_elements[c..] {
                subset = subset.excluding(later);
            }
            let mut chains_before = Vec::new();
            for &earlier in &chain_elements[..c] {
                chains_before.extend(c14n(
                    doc,
                    &NodeSubset::subtree(earlier).without_comments(),
                    &method,
                )?);
            }
            sequence_inputs.push(vec![
                c14n(doc, &subset.clone().without_comments(), &method)?,
                c14n(doc, &subset, &with_comments(&method))?,
                chains_before,
            ]);
            let mut stamps = Vec::new();
            for stamp in ordered(doc, chain, "ArchiveTimeStamp") {
                let tree = doc
                    .child_elements(stamp)
                    .find(|&t| doc.has_name(t, Some(XML_ERS), "HashTree"))
                    .map(|t| {
                        ordered(doc, t, "Sequence")
                            .into_iter()
                            .map(|s| {
                                doc.child_elements(s)
                                    .filter(|&v| doc.has_name(v, Some(XML_ERS), "DigestValue"))
                                    .map(|v| base64(&doc.text_content(v)))
                                    .collect::<Result<Vec<_>>>()
                            })
                            .collect::<Result<Vec<_>>>()
                    })
                    .transpose()?;
                let time_stamp = child(doc, stamp, "TimeStamp")?;
                let token = doc
                    .descendants(time_stamp)
                    .find(|&t| doc.has_name(t, Some(XML_ERS), "TimeStampToken"))
                    .ok_or_else(|| {
                        Error::Malformed("an ArchiveTimeStamp without its token".into())
                    })?;
                let token = base64(&doc.text_content(token))?;
                // RFC 6283 §3.2.2: the previous ArchiveTimeStamp element, canonicalized; some
                // writers keep its comments, or cover the token as RFC 4998 does.
                let renewal = vec![
                    c14n(doc, &NodeSubset::subtree(stamp).without_comments(), &method)?,
                    c14n(doc, &NodeSubset::subtree(stamp), &with_comments(&method))?,
                    c14n(
                        doc,
                        &NodeSubset::subtree(time_stamp).without_comments(),
                        &method,
                    )?,
                    token.clone(),
                ];
                stamps.push(ArchiveTimeStamp::read_xml(
                    algorithm.clone(),
                    tree,
                    token,
                    renewal,
                ));
            }
            if stamps.is_empty() {
                return Err(Error::Malformed("an empty ArchiveTimeStampChain".into()));
            }
            if let Some(a) = &algorithm
                && !digest_algorithms.contains(a)
            {
                digest_algorithms.push(a.clone());
            }
            chains.push(Chain { stamps });
        }
        if chains.is_empty() {
            return Err(Error::Malformed("no ArchiveTimeStampChain".into()));
        }
        Ok(EvidenceRecord::from_xml_parts(
            digest_algorithms,
            chains,
            sequence_inputs,
        ))
    }
}

fn child(doc: &Document, parent: NodeId, local: &str) -> Result<NodeId> {
    doc.child_elements(parent)
        .find(|&c| doc.has_name(c, Some(XML_ERS), local))
        .ok_or_else(|| Error::Malformed(format!("no ers:{local}")))
}

/// The children named `local`, by their `Order` attribute (document order when absent).
fn ordered(doc: &Document, parent: NodeId, local: &str) -> Vec<NodeId> {
    let mut found: Vec<(u64, usize, NodeId)> = doc
        .child_elements(parent)
        .filter(|&c| doc.has_name(c, Some(XML_ERS), local))
        .enumerate()
        .map(|(i, c)| {
            let order = doc
                .attribute(c, None, "Order")
                .and_then(|o| o.trim().parse().ok())
                .unwrap_or(u64::MAX);
            (order, i, c)
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, _, c)| c).collect()
}

fn c14n(doc: &Document, subset: &NodeSubset, method: &C14nMethod) -> Result<Vec<u8>> {
    canonicalize_to_vec(doc, subset, method).map_err(|e| Error::Malformed(e.to_string()))
}

fn base64(text: &str) -> Result<Vec<u8>> {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|e| Error::Malformed(format!("base64: {e}")))
}

/// `method` keeping comments.
fn with_comments(method: &C14nMethod) -> C14nMethod {
    match method {
        C14nMethod::Inclusive10 { .. } => C14nMethod::Inclusive10 { comments: true },
        C14nMethod::Inclusive11 { .. } => C14nMethod::Inclusive11 { comments: true },
        C14nMethod::Exclusive10 {
            inclusive_prefixes, ..
        } => C14nMethod::Exclusive10 {
            comments: true,
            inclusive_prefixes: inclusive_prefixes.clone(),
        },
    }
}
