//! Checking the XAdES signature of an ETSI TS 119 612 trusted list, for
//! [`ades_trust::tsl::UnverifiedTrustedList::verify`]: an enveloped signature over the whole
//! list, made by one of the scheme operator's certificates.

use ades_core::Certificate;
use ades_core::report::CheckList;
use ades_trust::tsl::TrustedListVerifier;

use crate::dsig::SignatureElement;
use crate::unsigned::top_level_signatures;
use crate::validate::references::check_references;
use ades_xml::{Document, Limits};
use ades_xml::{NodeSubset, canonicalize_to_vec};

/// Verifies trusted-list signatures with this crate's XML-DSig code.
#[derive(Debug, Clone, Default)]
pub struct XadesTrustedListVerifier {
    limits: Limits,
}

impl XadesTrustedListVerifier {
    /// A verifier with default reading limits.
    pub fn new() -> Self {
        Self::default()
    }
}

impl TrustedListVerifier for XadesTrustedListVerifier {
    fn verify(&self, xml: &[u8], expected_signers: &[Certificate]) -> Result<Certificate, String> {
        let doc = Document::parse(xml, &self.limits).map_err(|e| e.to_string())?;
        let root = doc.document_element();
        let signatures = top_level_signatures(&doc);
        let [node] = signatures.as_slice() else {
            return Err(format!(
                "a trusted list carries one signature, this one {}",
                signatures.len()
            ));
        };
        if doc.parent(*node) != Some(root) {
            return Err("the signature is not a child of the list's root element".into());
        }
        let signature = SignatureElement::read(&doc, *node).map_err(|e| e.to_string())?;
        let mut checks = CheckList::new();
        let signed = check_references(&doc, &signature, None, &self.limits, &mut checks)
            .map_err(|e| e.to_string())?;
        if let Some(failed) = checks
            .checks()
            .iter()
            .find(|c| c.outcome == ades_core::Outcome::Failed)
        {
            return Err(failed.detail.clone());
        }
        // The list itself must be what was signed, not some other element.
        if !signed
            .iter()
            .any(|o| o.whole_document || o.element == Some(root))
        {
            return Err("the signature does not cover the whole trusted list".into());
        }
        let algorithm =
            ades_core::SignatureAlgorithm::from_xmldsig_uri(&signature.signature_method)
                .ok_or_else(|| {
                    format!(
                        "signature method {} is not supported",
                        signature.signature_method
                    )
                })?;
        let signed_info = canonicalize_to_vec(
            &doc,
            &NodeSubset::subtree(signature.signed_info),
            &signature.canonicalization,
        )
        .map_err(|e| e.to_string())?;
        let signer = signature
            .key_info_certificates
            .iter()
            .find(|c| expected_signers.iter().any(|e| e.der() == c.der()))
            .ok_or("the list is not signed by an expected scheme operator certificate")?;
        ades_core::verify::verify_xmldsig_signature(
            signer,
            algorithm,
            &signed_info,
            &signature.signature_value,
        )
        .map_err(|e| format!("the list's signature does not verify: {e}"))?;
        Ok(signer.clone())
    }
}
