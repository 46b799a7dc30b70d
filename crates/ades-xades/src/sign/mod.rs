//! Creating XAdES signatures: a typed builder whose mandatory parts are type-state and whose
//! algorithm and packaging must be permitted by the policy `P`.
//!
//! ```text
//! XadesBuilder::new(policy)                     XadesBuilder<P, NoCertificate, NoDataFormat, NoContent>
//!   .signer_certificate(cert, chain)            .. SigningCertificate ..
//!   .data_format(format)                        .. DataFormat ..
//!   .internally_detached(name, bytes)           .. InternallyDetached   (policy §3.2.1 default)
//!   | .enveloped(xml) | .enveloping(bytes) | .detached(uri, source)
//!   .prepare::<Sha256>(time)?                   Prepared<P, Sha256>: to_be_signed() for remote signers
//!   .finish(signature_value)?                   XadesSignature
//! ```

pub(crate) mod draft;
mod layout;

use std::marker::PhantomData;

use ades_core::algorithm::{DigestType, RsaPkcs1v15, SignatureType};
use ades_core::content::ContentSource;
use ades_core::policy::format::Xades;
use ades_core::policy::{AllowedDigest, AllowedSignature, PermitsPackaging, Policy, packaging};
use ades_core::signer::{SignatureValue, Signer, ToBeSigned};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, CommitmentType, DataFormat, SignatureAlgorithm};

use crate::markup::Markup;
use crate::properties::write::{
    DataObjectFormatSpec, ProductionPlace, SignedPropertiesSpec, write_signed_properties,
};
use crate::{Error, Result};
use ades_xml::Limits;
use draft::{SignatureDraft, SignatureIds, signed_properties_reference};

#[doc(hidden)]
pub use layout::Layout;
pub(crate) use layout::file_uri;
pub use layout::{CoSign, Detached, Enveloped, Enveloping, InternallyDetached, Packaging};

/// Type-state: no signer certificate yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCertificate;

/// Type-state: the signer certificate and the chain to embed in `KeyInfo`.
#[derive(Debug, Clone)]
pub struct SigningCertificate {
    pub(crate) certificate: Certificate,
    pub(crate) chain: Vec<Certificate>,
}

/// Type-state: no data format yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDataFormat;

/// Type-state: no content yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoContent;

/// Optional signed properties (policy §3.6.5, Annex I).
#[derive(Debug, Clone, Default)]
pub struct XadesOptions {
    /// `SignatureProductionPlace`.
    pub place: Option<ProductionPlace>,
    /// `ClaimedRoles` (Facturae: `emisor`, `receptor`, `tercero`).
    pub claimed_roles: Vec<String>,
    /// `CommitmentTypeIndication` over all signed data objects.
    pub commitment: Option<CommitmentType>,
}

/// Builds a XAdES signature under policy `P`.
#[must_use]
pub struct XadesBuilder<P, C = NoCertificate, F = NoDataFormat, K = NoContent> {
    policy: P,
    certificate: C,
    data_format: F,
    content: K,
    options: XadesOptions,
    limits: Limits,
}

impl<P: Policy> XadesBuilder<P> {
    /// Starts a signature under `policy`.
    pub fn new(policy: P) -> Self {
        XadesBuilder {
            policy,
            certificate: NoCertificate,
            data_format: NoDataFormat,
            content: NoContent,
            options: XadesOptions::default(),
            limits: Limits::default(),
        }
    }
}

impl<P: Policy, C, F, K> XadesBuilder<P, C, F, K> {
    /// The signer certificate and the chain up to (not necessarily including) the root.
    pub fn signer_certificate(
        self,
        certificate: Certificate,
        chain: Vec<Certificate>,
    ) -> XadesBuilder<P, SigningCertificate, F, K> {
        XadesBuilder {
            policy: self.policy,
            certificate: SigningCertificate { certificate, chain },
            data_format: self.data_format,
            content: self.content,
            options: self.options,
            limits: self.limits,
        }
    }

    /// The format of the signed document (`DataObjectFormat`, mandatory under the policy).
    pub fn data_format(self, format: DataFormat) -> XadesBuilder<P, C, DataFormat, K> {
        XadesBuilder {
            policy: self.policy,
            certificate: self.certificate,
            data_format: format,
            content: self.content,
            options: self.options,
            limits: self.limits,
        }
    }

    /// The policy's `<documento>` structure (§3.2.1) around `content`, named `file_name`.
    pub fn internally_detached(
        self,
        file_name: impl Into<String>,
        content: impl Into<Vec<u8>>,
    ) -> XadesBuilder<P, C, F, InternallyDetached>
    where
        P: PermitsPackaging<Xades, packaging::InternallyDetached>,
    {
        self.with_content(InternallyDetached {
            file_name: file_name.into(),
            content: content.into(),
        })
    }

    /// Signs the XML document `xml` enveloped: the signature becomes the last child of its
    /// root element. DTDs are refused.
    pub fn enveloped(self, xml: impl Into<Vec<u8>>) -> XadesBuilder<P, C, F, Enveloped>
    where
        P: PermitsPackaging<Xades, packaging::Enveloped>,
    {
        self.with_content(Enveloped { xml: xml.into() })
    }

    /// Embeds `content`, base64-encoded, in a `ds:Object` of the signature.
    pub fn enveloping(self, content: impl Into<Vec<u8>>) -> XadesBuilder<P, C, F, Enveloping>
    where
        P: PermitsPackaging<Xades, packaging::Enveloping>,
    {
        self.with_content(Enveloping {
            content: content.into(),
        })
    }

    /// References content kept outside, by the relative URI `file_name` (percent-encoded as
    /// needed); the content is hashed from `source`.
    pub fn detached(self, file_name: &str, source: ContentSource) -> XadesBuilder<P, C, F, Detached>
    where
        P: PermitsPackaging<Xades, packaging::Detached>,
    {
        self.with_content(Detached {
            uri: file_uri(file_name),
            source,
        })
    }

    /// Adds a parallel signature (policy §3.6.7) to an internally detached `document`,
    /// signing the same element as its first signature.
    pub fn cosign(self, document: impl Into<Vec<u8>>) -> XadesBuilder<P, C, F, CoSign>
    where
        P: PermitsPackaging<Xades, packaging::InternallyDetached>,
    {
        self.with_content(CoSign {
            document: document.into(),
        })
    }

    fn with_content<K2>(self, content: K2) -> XadesBuilder<P, C, F, K2> {
        XadesBuilder {
            policy: self.policy,
            certificate: self.certificate,
            data_format: self.data_format,
            content,
            options: self.options,
            limits: self.limits,
        }
    }

    /// Optional signed properties.
    pub fn options(mut self, options: XadesOptions) -> Self {
        self.options = options;
        self
    }

    /// Reading limits for the document to sign (enveloped) and the signature itself.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

impl<P: Policy, K: Packaging> XadesBuilder<P, SigningCertificate, DataFormat, K> {
    /// Fixes the signed properties and the references for a signature with digest `D` made
    /// at `signing_time`, after checking the signer certificate (policy §3.6.2 c).
    pub fn prepare<D>(self, signing_time: OffsetDateTime) -> Result<Prepared<P, D>>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        self.prepare_with::<D>(signing_time, None)
    }

    /// As [`XadesBuilder::prepare`], with an `AllDataObjectsTimeStamp` from `tsa` over the
    /// signed data (policy Annex I, optional): it proves the data existed before signing.
    pub fn prepare_with_content_timestamp<D>(
        self,
        signing_time: OffsetDateTime,
        tsa: &ades_tsp::TsaClient<'_>,
    ) -> Result<Prepared<P, D>>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        self.prepare_with::<D>(signing_time, Some(tsa))
    }

    fn prepare_with<D>(
        self,
        signing_time: OffsetDateTime,
        content_tsa: Option<&ades_tsp::TsaClient<'_>>,
    ) -> Result<Prepared<P, D>>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let digest = D::ALGORITHM;
        let ids = SignatureIds::random();
        let layout = self
            .content
            .layout(&ids, digest, &self.data_format, &self.limits)?;
        let data_formats: Vec<DataObjectFormatSpec> = layout
            .references
            .iter()
            .map(|r| DataObjectFormatSpec {
                object_reference: format!("#{}", r.id),
                description: self.data_format.description.clone(),
                mime_type: self.data_format.mime_type.clone(),
                encoding: layout
                    .encoding
                    .map(str::to_owned)
                    .or_else(|| self.data_format.encoding.clone()),
            })
            .collect();
        let (draft, to_be_signed) = prepare_draft(NewSignature {
            policy: self.policy.identity(),
            certificate: &self.certificate,
            signing_time,
            digest,
            ids,
            references: layout.references,
            objects: layout.objects,
            context: layout.context,
            data_formats: &data_formats,
            options: &self.options,
            limits: &self.limits,
            content_tsa,
        })?;
        Ok(Prepared {
            policy: PhantomData,
            digest: PhantomData,
            certificate: self.certificate.certificate,
            draft,
            to_be_signed,
            before: layout.before,
            after: layout.after,
            packaging: layout.name,
        })
    }

    /// Prepares and signs with `signer` in one step.
    pub fn sign<D>(
        self,
        signer: &(impl Signer + ?Sized),
        signing_time: OffsetDateTime,
    ) -> Result<XadesSignature>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        self.prepare::<D>(signing_time)?.sign(signer)
    }
}

/// What a new signature (top-level or counter-signature) is made of.
pub(crate) struct NewSignature<'a> {
    pub(crate) policy: Option<&'a ades_core::PolicyIdentity>,
    pub(crate) certificate: &'a SigningCertificate,
    pub(crate) signing_time: OffsetDateTime,
    pub(crate) digest: ades_core::DigestAlgorithm,
    pub(crate) ids: SignatureIds,
    pub(crate) references: Vec<draft::DraftReference>,
    pub(crate) objects: Vec<String>,
    pub(crate) context: crate::context::FragmentContext,
    pub(crate) data_formats: &'a [DataObjectFormatSpec],
    pub(crate) options: &'a XadesOptions,
    pub(crate) limits: &'a Limits,
    /// Where to get an `AllDataObjectsTimeStamp`, if one is wanted.
    pub(crate) content_tsa: Option<&'a ades_tsp::TsaClient<'a>>,
}

/// Writes the signed properties, adds their reference and computes the bytes to sign.
pub(crate) fn prepare_draft(new: NewSignature<'_>) -> Result<(SignatureDraft, ToBeSigned)> {
    let cert = &new.certificate.certificate;
    ades_core::certificate::check_signing_certificate(cert, new.signing_time).map_err(
        |problem| Error::SignerCertificate {
            subject: cert.subject_text(),
            problem,
        },
    )?;
    let mut properties = Markup::new();
    write_signed_properties(
        &mut properties,
        &SignedPropertiesSpec {
            id: &new.ids.signed_properties(),
            signing_time: new.signing_time,
            certificate: cert,
            digest: new.digest,
            policy: new.policy,
            place: new.options.place.as_ref(),
            roles: &new.options.claimed_roles,
            data_formats: new.data_formats,
            commitment: new.options.commitment,
        },
    );
    let mut references = new.references;
    references.push(signed_properties_reference(&new.ids));
    let mut certificates = vec![cert.clone()];
    certificates.extend(
        new.certificate
            .chain
            .iter()
            .filter(|c| c.der() != cert.der())
            .cloned(),
    );
    let algorithm = RsaPkcs1v15::with_digest(new.digest);
    let mut draft = SignatureDraft {
        ids: new.ids,
        algorithm,
        digest: new.digest,
        references,
        certificates,
        objects: new.objects,
        signed_properties: properties.into_string(),
        context: new.context,
    };
    let signed_info = draft.complete_digests(new.limits, new.content_tsa)?;
    Ok((draft, ToBeSigned::new(signed_info, algorithm)))
}

/// A signature whose references and signed properties are fixed, waiting for its value.
#[must_use]
pub struct Prepared<P, D> {
    pub(crate) policy: PhantomData<P>,
    pub(crate) digest: PhantomData<D>,
    pub(crate) certificate: Certificate,
    pub(crate) draft: SignatureDraft,
    pub(crate) to_be_signed: ToBeSigned,
    pub(crate) before: Vec<u8>,
    pub(crate) after: Vec<u8>,
    pub(crate) packaging: &'static str,
}

impl<P: Policy, D: DigestType> Prepared<P, D> {
    /// The bytes to sign (the canonical `SignedInfo`) and the algorithm to use.
    pub fn to_be_signed(&self) -> &ToBeSigned {
        &self.to_be_signed
    }

    /// Signs with `signer`, refusing a key that does not belong to the signer certificate.
    pub fn sign(self, signer: &(impl Signer + ?Sized)) -> Result<XadesSignature>
    where
        RsaPkcs1v15: AllowedSignature<P, D>,
        D: AllowedDigest<P>,
    {
        if let Some(spki) = signer.public_key_info_der()
            && self.certificate.public_key_info_der().ok().as_deref() != Some(spki.as_slice())
        {
            return Err(Error::KeyMismatch);
        }
        let value = self.to_be_signed.sign_with::<RsaPkcs1v15>(signer)?;
        self.finish(value)
    }

    /// Completes the signature with a value made elsewhere (token, remote service); the
    /// value is verified with the signer certificate first.
    pub fn finish<A>(self, value: SignatureValue<A>) -> Result<XadesSignature>
    where
        A: AllowedSignature<P, D>,
        D: AllowedDigest<P>,
    {
        let algorithm: SignatureAlgorithm = A::with_digest(D::ALGORITHM);
        let checked = self
            .certificate
            .public_key_info_der()
            .is_ok_and(|spki| value.is_checked_with(&spki));
        if !checked {
            ades_core::verify::verify_xmldsig_signature(
                &self.certificate,
                algorithm,
                self.to_be_signed.bytes(),
                value.as_bytes(),
            )
            .map_err(|_| Error::BadSignatureValue)?;
        }
        let markup = self.draft.render(Some(value.as_bytes()));
        let mut bytes = self.before;
        let placed = bytes.len()..bytes.len() + markup.len();
        bytes.extend_from_slice(markup.as_bytes());
        bytes.extend_from_slice(&self.after);
        Ok(XadesSignature {
            bytes,
            signature_id: self.draft.ids.signature,
            packaging: self.packaging,
            placed,
            context: self.draft.context,
        })
    }
}

/// A finished XAdES document.
#[derive(Debug, Clone)]
pub struct XadesSignature {
    bytes: Vec<u8>,
    signature_id: String,
    packaging: &'static str,
    /// Where the new `ds:Signature` is in `bytes`.
    placed: std::ops::Range<usize>,
    /// The namespace context it was made in, to read it again without the document.
    context: crate::context::FragmentContext,
}

impl XadesSignature {
    /// The XML document.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Unwraps the XML document.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The `Id` of the new `ds:Signature`.
    pub fn signature_id(&self) -> &str {
        &self.signature_id
    }

    /// The packaging (`internally detached`, `enveloped`, `enveloping`, `detached`).
    pub fn packaging(&self) -> &'static str {
        self.packaging
    }

    /// Adds a `SignatureTimeStamp` (XAdES-T) from `tsa` to this signature (a counter-signature
    /// too). Only the new signature is read again, in its context, not the whole document.
    pub fn with_signature_timestamp(
        self,
        tsa: &ades_tsp::TsaClient<'_>,
        digest: ades_core::DigestAlgorithm,
    ) -> Result<XadesSignature> {
        let markup = self
            .bytes
            .get(self.placed.clone())
            .and_then(|m| std::str::from_utf8(m).ok())
            .ok_or_else(|| Error::Structure("the new signature is not where it was put".into()))?;
        let (doc, signature) = self.context.parse(markup, &Limits::default())?;
        let splice = crate::extend::signature_timestamp(&doc, signature, tsa, digest)?;
        // Offsets in the parsed fragment count from its wrapper; the signature starts the
        // fragment.
        let fragment_start = doc
            .byte_range(signature)
            .map(|r| r.start)
            .ok_or_else(|| Error::Structure("the new signature has no byte range".into()))?;
        let at = splice
            .at
            .checked_sub(fragment_start)
            .map(|offset| self.placed.start + offset)
            .ok_or_else(|| Error::Structure("the time-stamp falls outside the signature".into()))?;
        let inserted = splice.text.len();
        let bytes = crate::unsigned::apply_splices(
            &self.bytes,
            vec![crate::unsigned::Splice {
                at,
                text: splice.text,
            }],
        );
        Ok(XadesSignature {
            bytes,
            placed: self.placed.start..self.placed.end + inserted,
            ..self
        })
    }
}
