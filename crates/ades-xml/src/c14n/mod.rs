//! Exact canonicalization of a [`Document`] node-set: Canonical XML 1.0, Exclusive XML
//! Canonicalization 1.0 (with the InclusiveNamespaces PrefixList) and Canonical XML 1.1,
//! each with and without comments.
//!
//! The input is a [`NodeSubset`]: the whole document or an element's subtree (what XML-DSig
//! same-document references select), minus excluded subtrees (enveloped-signature
//! transform, XPath Filter 2.0 `subtract`), or an explicit [`NodeSet`]. The output is
//! streamed to any [`std::io::Write`] in 64 KiB chunks.

mod base_uri;
mod canonicalizer;
mod error;
mod method;
mod output;
mod stream;
mod subset;

use std::io::Write;

use crate::xml::Document;

pub use error::C14nError;
pub use method::{
    C14N_10, C14N_10_WITH_COMMENTS, C14N_11, C14N_11_WITH_COMMENTS, C14nMethod, EXC_C14N,
    EXC_C14N_WITH_COMMENTS,
};
pub use stream::parse_and_canonicalize;
pub use subset::{NodeSet, NodeSubset, Scope};

/// Writes the canonical form of `subset` of `doc` under `method` to `out`.
///
/// Fails on a relative namespace URI (the specifications require it), on a subset rooted at
/// a node that is not an element, and on write errors. Nothing is written for an empty
/// node-set (a subtree whose apex is excluded).
///
/// For a pruned document ([`Document::parse_pruned`]), a whole-document node-set is
/// canonicalized as its input is parsed again (memory bounded by the open elements), and a
/// node-set that includes content the model did not keep is [`XmlError::NotKept`](crate::XmlError::NotKept).
pub fn canonicalize<W: Write + ?Sized>(
    doc: &Document,
    subset: &NodeSubset,
    method: &C14nMethod,
    out: &mut W,
) -> Result<(), C14nError> {
    match doc.source() {
        Some(source) => stream::canonicalize_pruned(doc, source, subset, method, out),
        None => canonicalizer::canonicalize(doc, subset, method, out),
    }
}

/// [`canonicalize`] into a new vector.
pub fn canonicalize_to_vec(
    doc: &Document,
    subset: &NodeSubset,
    method: &C14nMethod,
) -> Result<Vec<u8>, C14nError> {
    let mut out = Vec::new();
    canonicalize(doc, subset, method, &mut out)?;
    Ok(out)
}
