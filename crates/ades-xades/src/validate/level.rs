//! The level a signature's unsigned properties reach (XAdES 1.3.2 §6, Annex B).

use crate::unsigned::qualifying_properties;
use ades_core::Level;
use ades_xml::{Document, NodeId};

/// BES, EPES, T, C, X, X-L or A.
pub(crate) fn level(doc: &Document, signature: NodeId, has_policy: bool) -> Level {
    let names: Vec<&str> = qualifying_properties(doc, signature)
        .map(|qp| {
            doc.child_elements(qp)
                .filter(|&c| doc.local_name(c) == Some("UnsignedProperties"))
                .flat_map(|up| doc.child_elements(up).collect::<Vec<_>>())
                .filter(|&c| doc.local_name(c) == Some("UnsignedSignatureProperties"))
                .flat_map(|usp| doc.child_elements(usp).collect::<Vec<_>>())
                .filter_map(|p| doc.local_name(p))
                .collect()
        })
        .unwrap_or_default();
    let has = |n: &str| names.contains(&n);
    let referenced = has("CompleteCertificateRefs") || has("CompleteCertificateRefsV2");
    let x_stamped = has("SigAndRefsTimeStamp")
        || has("RefsOnlyTimeStamp")
        || has("SigAndRefsTimeStampV2")
        || has("RefsOnlyTimeStampV2");
    let values = has("CertificateValues") && has("RevocationValues");
    if has("ArchiveTimeStamp") && !referenced && values {
        Level::Lta
    } else if has("ArchiveTimeStamp") {
        Level::A
    } else if values && x_stamped {
        Level::Xl
    } else if values && !referenced && has("SignatureTimeStamp") {
        Level::Lt
    } else if x_stamped {
        Level::X
    } else if has("CompleteCertificateRefs") {
        Level::C
    } else if has("SignatureTimeStamp") {
        Level::T
    } else if has_policy {
        Level::Epes
    } else {
        Level::Bes
    }
}
