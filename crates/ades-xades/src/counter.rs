//! Counter-signatures (XAdES 1.3.2 §7.2.4, policy §3.6.6): a new `ds:Signature` inside the
//! `xades:CounterSignature` unsigned property of an existing signature, with a reference of
//! type `CountersignedSignature` to that signature's `ds:SignatureValue`.

use std::marker::PhantomData;

use ades_core::Certificate;
use ades_core::algorithm::RsaPkcs1v15;
use ades_core::policy::format::Xades;
use ades_core::policy::{AllowedDigest, AllowedSignature, PermitsCounterSignature, Policy};
use ades_core::time::OffsetDateTime;

use crate::context::FragmentContext;
use crate::extend::signature_value_digest;
use crate::names::{COUNTERSIGNED_SIGNATURE_TYPE, DS};
use crate::properties::write::DataObjectFormatSpec;
use crate::sign::draft::{DraftReference, SignatureIds};
use crate::sign::{
    NewSignature, NoCertificate, Prepared, SigningCertificate, XadesOptions, prepare_draft,
};
use crate::unsigned::{Splice, apply_splices, top_level_signatures, unsigned_slot};
use crate::{Error, Result};
use ades_xml::C14N_10;
use ades_xml::{Document, Limits, NodeId};

/// Builds a counter-signature on a signature of an existing XAdES document.
#[must_use]
pub struct CounterSignatureBuilder<P, C = NoCertificate> {
    policy: P,
    certificate: C,
    document: Vec<u8>,
    path: Vec<usize>,
    options: XadesOptions,
    limits: Limits,
}

impl<P: PermitsCounterSignature<Xades>> CounterSignatureBuilder<P> {
    /// Counter-signs the signature at `path` of `document`: `[0]` is the first top-level
    /// signature, `[0, 1]` the second counter-signature on it, and so on.
    pub fn new(policy: P, document: Vec<u8>, path: Vec<usize>) -> Self {
        CounterSignatureBuilder {
            policy,
            certificate: NoCertificate,
            document,
            path,
            options: XadesOptions::default(),
            limits: Limits::default(),
        }
    }
}

impl<P: PermitsCounterSignature<Xades>, C> CounterSignatureBuilder<P, C> {
    /// The counter-signer's certificate and chain.
    pub fn signer_certificate(
        self,
        certificate: Certificate,
        chain: Vec<Certificate>,
    ) -> CounterSignatureBuilder<P, SigningCertificate> {
        CounterSignatureBuilder {
            policy: self.policy,
            certificate: SigningCertificate { certificate, chain },
            document: self.document,
            path: self.path,
            options: self.options,
            limits: self.limits,
        }
    }

    /// Optional signed properties of the counter-signature.
    pub fn options(mut self, options: XadesOptions) -> Self {
        self.options = options;
        self
    }
}

impl<P: PermitsCounterSignature<Xades> + Policy> CounterSignatureBuilder<P, SigningCertificate> {
    /// Fixes the counter-signature's references and signed properties.
    pub fn prepare<D>(self, signing_time: OffsetDateTime) -> Result<Prepared<P, D>>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let digest = D::ALGORITHM;
        let document = with_signature_value_id(self.document, &self.path, &self.limits)?;
        let doc = Document::parse(&document, &self.limits)?;
        let target = find_signature(&doc, &self.path)?;
        let value_id = signature_value(&doc, target)
            .and_then(|v| doc.attribute(v, None, "Id"))
            .ok_or_else(|| Error::Structure("ds:SignatureValue without Id".into()))?
            .to_owned();
        let ids = SignatureIds::random();
        let reference = DraftReference {
            id: ids.reference(0),
            uri: format!("#{value_id}"),
            reference_type: Some(COUNTERSIGNED_SIGNATURE_TYPE),
            transforms: vec![C14N_10],
            digest: Some(signature_value_digest(&doc, target, digest)?),
        };
        let data_formats = [DataObjectFormatSpec {
            object_reference: format!("#{}", reference.id),
            description: Some("countersigned signature value".into()),
            mime_type: "text/xml".into(),
            encoding: None,
        }];
        let slot = unsigned_slot(&doc, target)?;
        let context = FragmentContext::inside(&doc, slot.parent)
            .declare(Some("xades"), &slot.namespace)
            .declare(Some("ds"), DS);
        let (draft, to_be_signed) = prepare_draft(NewSignature {
            policy: self.policy.identity(),
            certificate: &self.certificate,
            signing_time,
            digest,
            ids,
            references: vec![reference],
            objects: Vec::new(),
            context,
            data_formats: &data_formats,
            options: &self.options,
            limits: &self.limits,
            content_tsa: None,
        })?;
        let mut before = document[..slot.at].to_vec();
        before.extend_from_slice(slot.open.as_bytes());
        before.extend_from_slice(
            format!(
                "<xades:CounterSignature xmlns:xades=\"{}\">",
                slot.namespace
            )
            .as_bytes(),
        );
        let mut after = b"</xades:CounterSignature>".to_vec();
        after.extend_from_slice(slot.close.as_bytes());
        after.extend_from_slice(&document[slot.at..]);
        Ok(Prepared {
            policy: PhantomData,
            digest: PhantomData,
            certificate: self.certificate.certificate,
            draft,
            to_be_signed,
            before,
            after,
            packaging: "counter-signature",
        })
    }

    /// Prepares and signs with `signer` in one step.
    pub fn sign<D>(
        self,
        signer: &(impl ades_core::Signer + ?Sized),
        signing_time: OffsetDateTime,
    ) -> Result<crate::XadesSignature>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        self.prepare::<D>(signing_time)?.sign(signer)
    }
}

/// The signature at `path`: top-level signatures, then counter-signatures, by position.
pub(crate) fn find_signature(doc: &Document, path: &[usize]) -> Result<NodeId> {
    let describe = || {
        path.iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join("/")
    };
    let (first, rest) = path
        .split_first()
        .ok_or_else(|| Error::Structure("empty signature path".into()))?;
    let mut current = *top_level_signatures(doc)
        .get(*first)
        .ok_or_else(|| Error::Structure(format!("no signature {}", describe())))?;
    for &i in rest {
        current = *counter_signatures(doc, current)
            .get(i)
            .ok_or_else(|| Error::Structure(format!("no signature {}", describe())))?;
    }
    Ok(current)
}

/// The counter-signatures directly on `signature`.
pub fn counter_signatures(doc: &Document, signature: NodeId) -> Vec<NodeId> {
    let Some(qp) = crate::unsigned::qualifying_properties(doc, signature) else {
        return Vec::new();
    };
    let ns = doc.namespace(qp).unwrap_or_default();
    doc.child_elements(qp)
        .filter(|&c| doc.has_name(c, Some(ns), "UnsignedProperties"))
        .flat_map(|up| doc.child_elements(up).collect::<Vec<_>>())
        .filter(|&c| doc.has_name(c, Some(ns), "UnsignedSignatureProperties"))
        .flat_map(|usp| doc.child_elements(usp).collect::<Vec<_>>())
        .filter(|&c| doc.has_name(c, Some(ns), "CounterSignature"))
        .flat_map(|cs| doc.child_elements(cs).collect::<Vec<_>>())
        .filter(|&s| doc.has_name(s, Some(DS), "Signature"))
        .collect()
}

fn signature_value(doc: &Document, signature: NodeId) -> Option<NodeId> {
    doc.child_elements(signature)
        .find(|&c| doc.has_name(c, Some(DS), "SignatureValue"))
}

/// Gives the target's `ds:SignatureValue` an `Id` if it has none (the value is not signed
/// by its own signature, so adding the attribute invalidates nothing).
fn with_signature_value_id(document: Vec<u8>, path: &[usize], limits: &Limits) -> Result<Vec<u8>> {
    let doc = Document::parse(&document, limits)?;
    let target = find_signature(&doc, path)?;
    let value = signature_value(&doc, target)
        .ok_or_else(|| Error::Structure("ds:Signature without ds:SignatureValue".into()))?;
    if doc.attribute(value, None, "Id").is_some() {
        return Ok(document);
    }
    let tag = doc
        .start_tag_range(value)
        .ok_or_else(|| Error::Structure("ds:SignatureValue without a tag".into()))?;
    let self_closing = document.get(tag.end.saturating_sub(2)..tag.end) == Some(b"/>");
    let at = if self_closing {
        tag.end - 2
    } else {
        tag.end - 1
    };
    let id = format!(
        "SignatureValue-{}",
        ades_core::nonce::nonce(6)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    Ok(apply_splices(
        &document,
        vec![Splice {
            at,
            text: format!(" Id=\"{id}\""),
        }],
    ))
}
