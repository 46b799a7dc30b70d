//! A new `ds:Signature` being assembled: rendered to markup, parsed in the context it will
//! live in, and completed in three passes — digests of the targets inside the signature
//! (`SignedProperties`, an enveloping `ds:Object`), then the canonical `SignedInfo` to sign,
//! then the signature value.

use ades_core::{Certificate, DigestAlgorithm, SignatureAlgorithm};

use crate::context::FragmentContext;
use crate::dsig::subset::DocRef;
use crate::dsig::transform::{Data, Here, Transform, digest_transformed};
use crate::markup::{Markup, base64, base64_lines};
use crate::names::{DS, ENVELOPED_SIGNATURE, SIGNED_PROPERTIES_TYPE, XADES_132};
use crate::{Error, Result};
use ades_xml::{C14N_10, C14nMethod, NodeSubset, canonicalize_to_vec};
use ades_xml::{Document, Limits, NodeId};

/// A reference of the new signature.
#[derive(Debug, Clone)]
pub(crate) struct DraftReference {
    pub(crate) id: String,
    pub(crate) uri: String,
    pub(crate) reference_type: Option<&'static str>,
    /// Transform algorithm URIs (enveloped-signature and canonicalizations only).
    pub(crate) transforms: Vec<&'static str>,
    /// Known digest; `None` for a target inside the signature, computed from the fragment.
    pub(crate) digest: Option<Vec<u8>>,
}

/// The new signature.
#[derive(Debug, Clone)]
pub(crate) struct SignatureDraft {
    pub(crate) ids: SignatureIds,
    pub(crate) algorithm: SignatureAlgorithm,
    pub(crate) digest: DigestAlgorithm,
    pub(crate) references: Vec<DraftReference>,
    pub(crate) certificates: Vec<Certificate>,
    /// `ds:Object` markup placed before the qualifying properties (enveloping content).
    pub(crate) objects: Vec<String>,
    /// `xades:SignedProperties` markup.
    pub(crate) signed_properties: String,
    pub(crate) context: FragmentContext,
}

/// The identifiers of a new signature's elements, derived from one random base.
#[derive(Debug, Clone)]
#[doc(hidden)]
pub struct SignatureIds {
    pub(crate) signature: String,
}

impl SignatureIds {
    pub(crate) fn random() -> Self {
        let n = ades_core::nonce::nonce(8);
        let hex: String = n.iter().take(8).map(|b| format!("{b:02x}")).collect();
        SignatureIds {
            signature: format!("Signature-{hex}"),
        }
    }
    pub(crate) fn signed_properties(&self) -> String {
        format!("{}-SignedProperties", self.signature)
    }
    pub(crate) fn signed_properties_reference(&self) -> String {
        format!("{}-SignedPropertiesRef", self.signature)
    }
    pub(crate) fn reference(&self, n: usize) -> String {
        format!("{}-Ref{n}", self.signature)
    }
    pub(crate) fn signature_value(&self) -> String {
        format!("{}-SignatureValue", self.signature)
    }
    pub(crate) fn key_info(&self) -> String {
        format!("{}-KeyInfo", self.signature)
    }
    pub(crate) fn object(&self, n: usize) -> String {
        format!("{}-Object{n}", self.signature)
    }
    pub(crate) fn qualifying_properties(&self) -> String {
        format!("{}-QualifyingProperties", self.signature)
    }
}

/// The signed properties reference: canonicalized with Canonical XML 1.0.
pub(crate) fn signed_properties_reference(ids: &SignatureIds) -> DraftReference {
    DraftReference {
        id: ids.signed_properties_reference(),
        uri: format!("#{}", ids.signed_properties()),
        reference_type: Some(SIGNED_PROPERTIES_TYPE),
        transforms: vec![C14N_10],
        digest: None,
    }
}

impl SignatureDraft {
    /// Computes the digests of the targets inside the signature, then the canonical
    /// `SignedInfo`: the bytes the signature value is computed over.
    ///
    /// With `content_tsa`, an `AllDataObjectsTimeStamp` over the data objects is obtained
    /// once their digests are known and added to the signed properties before those are
    /// digested (XAdES 1.3.2 §7.2.9).
    pub(crate) fn complete_digests(
        &mut self,
        limits: &Limits,
        content_tsa: Option<&ades_tsp::TsaClient<'_>>,
    ) -> Result<Vec<u8>> {
        let is_data = |r: &DraftReference| r.reference_type != Some(SIGNED_PROPERTIES_TYPE);
        self.digest_inside(limits, is_data)?;
        if let Some(tsa) = content_tsa {
            self.add_content_timestamp(tsa)?;
        }
        self.digest_inside(limits, |_| true)?;
        let markup = self.render_signed_info_only();
        let (doc, signature) = self.context.parse(&markup, limits)?;
        let signed_info = doc
            .child_elements(signature)
            .next()
            .ok_or_else(|| Error::Structure("SignedInfo missing".into()))?;
        Ok(canonicalize_to_vec(
            &doc,
            &NodeSubset::subtree(signed_info),
            &C14nMethod::Inclusive10 { comments: false },
        )?)
    }

    /// Computes the missing digests of the references `which` selects, whose targets are
    /// inside the signature.
    fn digest_inside(
        &mut self,
        limits: &Limits,
        which: impl Fn(&DraftReference) -> bool,
    ) -> Result<()> {
        if !self
            .references
            .iter()
            .any(|r| r.digest.is_none() && which(r))
        {
            return Ok(());
        }
        let markup = self.render(None);
        let (doc, signature) = self.context.parse(&markup, limits)?;
        for r in self
            .references
            .iter_mut()
            .filter(|r| r.digest.is_none() && which(r))
        {
            r.digest = Some(digest_inside(&doc, signature, r, self.digest, limits)?);
        }
        Ok(())
    }

    /// Time-stamps the data object (its digest is the imprint: the concatenation of one data
    /// object is that object) and writes the token into the signed data object properties.
    fn add_content_timestamp(&mut self, tsa: &ades_tsp::TsaClient<'_>) -> Result<()> {
        let data: Vec<&DraftReference> = self
            .references
            .iter()
            .filter(|r| r.reference_type != Some(SIGNED_PROPERTIES_TYPE))
            .collect();
        let [one] = data.as_slice() else {
            return Err(Error::Unsupported(
                "a content time-stamp over several data objects".into(),
            ));
        };
        let imprint = one
            .digest
            .clone()
            .ok_or_else(|| Error::Structure("the data object digest is missing".into()))?;
        let token = tsa.timestamp(self.digest, imprint)?;
        let mut m = Markup::new();
        crate::properties::write::write_timestamp(
            &mut m,
            "xades:AllDataObjectsTimeStamp",
            &format!("{}-AllDataObjectsTimeStamp", self.ids.signature),
            token.der(),
        );
        let close = "</xades:SignedDataObjectProperties>";
        let at = self.signed_properties.rfind(close).ok_or_else(|| {
            Error::Structure("no SignedDataObjectProperties to hold the time-stamp".into())
        })?;
        self.signed_properties.insert_str(at, &m.into_string());
        Ok(())
    }

    /// The `ds:Signature` markup; without a value, an empty `SignatureValue`.
    pub(crate) fn render(&self, value: Option<&[u8]>) -> String {
        let mut m = Markup::new();
        self.open_signature(&mut m);
        self.write_signed_info(&mut m);
        m.leaf(
            "ds:SignatureValue",
            &[("Id", &self.ids.signature_value())],
            &value.map(base64_lines).unwrap_or_default(),
        );
        m.open("ds:KeyInfo", &[("Id", &self.ids.key_info())])
            .open("ds:X509Data", &[]);
        for c in &self.certificates {
            m.leaf("ds:X509Certificate", &[], &base64_lines(c.der()));
        }
        m.close("ds:X509Data").close("ds:KeyInfo");
        for o in &self.objects {
            m.raw(o);
        }
        m.open("ds:Object", &[]).open(
            "xades:QualifyingProperties",
            &[
                ("Id", &self.ids.qualifying_properties()),
                ("Target", &format!("#{}", self.ids.signature)),
            ],
        );
        m.raw(&self.signed_properties);
        m.close("xades:QualifyingProperties").close("ds:Object");
        m.close("ds:Signature");
        m.into_string()
    }

    /// `ds:Signature` holding only `SignedInfo`: enough to canonicalize `SignedInfo` in its
    /// real namespace context without parsing the rest again.
    fn render_signed_info_only(&self) -> String {
        let mut m = Markup::new();
        self.open_signature(&mut m);
        self.write_signed_info(&mut m);
        m.close("ds:Signature");
        m.into_string()
    }

    fn open_signature(&self, m: &mut Markup) {
        m.open(
            "ds:Signature",
            &[
                ("xmlns:ds", DS),
                ("xmlns:xades", XADES_132),
                ("Id", &self.ids.signature),
            ],
        );
    }

    fn write_signed_info(&self, m: &mut Markup) {
        m.open("ds:SignedInfo", &[]);
        m.empty("ds:CanonicalizationMethod", &[("Algorithm", C14N_10)]);
        m.empty(
            "ds:SignatureMethod",
            &[("Algorithm", self.algorithm.xmldsig_uri())],
        );
        for r in &self.references {
            let mut attrs = vec![("Id", r.id.as_str())];
            if let Some(t) = r.reference_type {
                attrs.push(("Type", t));
            }
            attrs.push(("URI", r.uri.as_str()));
            m.open("ds:Reference", &attrs);
            if !r.transforms.is_empty() {
                m.open("ds:Transforms", &[]);
                for t in &r.transforms {
                    m.empty("ds:Transform", &[("Algorithm", t)]);
                }
                m.close("ds:Transforms");
            }
            m.empty(
                "ds:DigestMethod",
                &[("Algorithm", self.digest.xmldsig_uri())],
            );
            m.leaf(
                "ds:DigestValue",
                &[],
                &r.digest.as_deref().map(base64).unwrap_or_default(),
            );
            m.close("ds:Reference");
        }
        m.close("ds:SignedInfo");
    }
}

/// The digest of a same-document reference whose target is inside the new signature.
fn digest_inside(
    doc: &Document,
    signature: NodeId,
    reference: &DraftReference,
    algorithm: DigestAlgorithm,
    limits: &Limits,
) -> Result<Vec<u8>> {
    let subset = NodeSubset::from_same_document_reference(doc, &reference.uri)?;
    let transforms = reference
        .transforms
        .iter()
        .map(|uri| match *uri {
            ENVELOPED_SIGNATURE => Ok(Transform::EnvelopedSignature),
            other => Ok(Transform::Canonicalize(C14nMethod::from_uri(other)?)),
        })
        .collect::<Result<Vec<_>>>()?;
    digest_transformed(
        Data::Nodes {
            doc: DocRef::Borrowed(doc),
            subset,
        },
        &transforms,
        Here { doc, signature },
        algorithm,
        limits,
    )
}
