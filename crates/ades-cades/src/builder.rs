//! Creating CAdES signatures: a typed builder whose mandatory parts are type-state and whose
//! algorithm and packaging must be permitted by the policy `P`.
//!
//! ```text
//! CadesBuilder::new(policy)            CadesBuilder<P, NoCertificate, NoDataFormat, NoContent>
//!   .signer_certificate(cert, chain)   .. SigningCertificate ..
//!   .data_format(format)               .. DataFormat ..
//!   .attached(bytes) | .detached(src)  .. Attached | Detached
//!   .prepare::<Sha256>(time)?          Prepared<P, Sha256>: to_be_signed() for tokens / remote signers
//!   .finish(signature_value)?          CadesSignature
//! ```
//!
//! `prepare` freezes the signed attributes (the signing time included), so the bytes a
//! remote signer signs are exactly the bytes that end up in the signature.

use std::marker::PhantomData;

use ades_core::algorithm::{DigestType, RsaPkcs1v15, SignatureType};
use ades_core::ber;
use ades_core::digest::digest;
use ades_core::policy::format::Cades;
use ades_core::policy::packaging;
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsCounterSignature, PermitsPackaging, Policy,
};
use ades_core::signer::{SignatureValue, Signer, ToBeSigned};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DataFormat, DigestAlgorithm, SignatureAlgorithm, oid};

use crate::attributes::{self, Attribute, ContentReference, SignerLocation, encode_attributes};
use crate::error::{CadesError, Result};
use ades_core::cms::{CmsError, SignedData, SignerId, SignerInfo};

/// Type-state: no signer certificate yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCertificate;

/// Type-state: the signer certificate and its chain (embedded in the signature).
#[derive(Debug, Clone)]
pub struct SigningCertificate {
    certificate: Certificate,
    chain: Vec<Certificate>,
}

impl SigningCertificate {
    pub(crate) fn new(certificate: Certificate, chain: Vec<Certificate>) -> Self {
        SigningCertificate { certificate, chain }
    }
}

/// Type-state: no data format yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDataFormat;

/// Type-state: no content yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoContent;

/// Type-state: the content goes inside the signature (implicit, policy §3.2.2 default).
#[derive(Debug, Clone)]
pub struct Attached(Vec<u8>);

/// Type-state: the content stays outside (explicit, for large data, policy §3.2.2).
pub struct Detached(ContentSource);

/// Type-state: a new parallel signer on an existing signature (co-signature, policy §3.6.7).
pub struct CoSign {
    existing: SignedData,
    detached_content: Option<ContentSource>,
}

pub use ades_core::content::ContentSource;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Attached {}
    impl Sealed for super::Detached {}
    impl Sealed for super::CoSign {}
}

/// Content states a policy permits: they yield the content to embed and its digest.
pub trait ContentState<P>: sealed::Sealed {
    #[doc(hidden)]
    fn resolve(self, alg: DigestAlgorithm) -> Result<ResolvedContent>;
}

#[doc(hidden)]
pub struct ResolvedContent {
    base: SignedData,
    digest: Vec<u8>,
}

impl<P: PermitsPackaging<Cades, packaging::Attached>> ContentState<P> for Attached {
    fn resolve(self, alg: DigestAlgorithm) -> Result<ResolvedContent> {
        let digest = digest(alg, &self.0);
        Ok(ResolvedContent {
            base: SignedData::new(oid::ID_DATA, Some(self.0)),
            digest,
        })
    }
}

impl<P: PermitsPackaging<Cades, packaging::Detached>> ContentState<P> for Detached {
    fn resolve(self, alg: DigestAlgorithm) -> Result<ResolvedContent> {
        Ok(ResolvedContent {
            base: SignedData::new(oid::ID_DATA, None),
            digest: self.0.digest(alg)?,
        })
    }
}

impl<P> ContentState<P> for CoSign
where
    P: PermitsPackaging<Cades, packaging::Attached> + PermitsPackaging<Cades, packaging::Detached>,
{
    fn resolve(self, alg: DigestAlgorithm) -> Result<ResolvedContent> {
        let digest = match (self.existing.content(), self.detached_content) {
            (Some(content), _) => digest(alg, content),
            (None, Some(source)) => source.digest(alg)?,
            (None, None) => {
                return Err(CadesError::Content(
                    "co-signing a detached signature needs the signed content",
                ));
            }
        };
        Ok(ResolvedContent {
            base: self.existing,
            digest,
        })
    }
}

pub use ades_core::CommitmentType;

/// Optional signed attributes (policy §3.6.5, Annex I).
#[derive(Debug, Clone, Default)]
pub struct SignatureOptions {
    /// signer-location.
    pub location: Option<SignerLocation>,
    /// signer-attributes: claimed roles (`emisor`, `receptor`, `tercero`).
    pub claimed_roles: Vec<String>,
    /// commitment-type-indication.
    pub commitment: Option<CommitmentType>,
    /// content-reference.
    pub content_reference: Option<ContentReference>,
    /// content-identifier.
    pub content_identifier: Option<Vec<u8>>,
    /// content-time-stamp: an RFC 3161 token over the content (obtained before signing).
    pub content_timestamp: Option<Vec<u8>>,
}

/// Builds a CAdES signature under policy `P`.
#[must_use]
pub struct CadesBuilder<P, C = NoCertificate, F = NoDataFormat, K = NoContent> {
    policy: P,
    certificate: C,
    data_format: F,
    content: K,
    options: SignatureOptions,
}

impl<P: Policy> CadesBuilder<P> {
    /// Starts a signature under `policy`.
    pub fn new(policy: P) -> Self {
        CadesBuilder {
            policy,
            certificate: NoCertificate,
            data_format: NoDataFormat,
            content: NoContent,
            options: SignatureOptions::default(),
        }
    }
}

impl<P: Policy, C, F, K> CadesBuilder<P, C, F, K> {
    /// The signer certificate and the chain up to (not necessarily including) the root.
    pub fn signer_certificate(
        self,
        certificate: Certificate,
        chain: Vec<Certificate>,
    ) -> CadesBuilder<P, SigningCertificate, F, K> {
        CadesBuilder {
            policy: self.policy,
            certificate: SigningCertificate { certificate, chain },
            data_format: self.data_format,
            content: self.content,
            options: self.options,
        }
    }

    /// The format of the signed document (content-hints, mandatory under the policy).
    pub fn data_format(self, format: DataFormat) -> CadesBuilder<P, C, DataFormat, K> {
        CadesBuilder {
            policy: self.policy,
            certificate: self.certificate,
            data_format: format,
            content: self.content,
            options: self.options,
        }
    }

    /// Embeds the content (attached / implicit).
    pub fn attached(self, content: impl Into<Vec<u8>>) -> CadesBuilder<P, C, F, Attached>
    where
        P: PermitsPackaging<Cades, packaging::Attached>,
    {
        self.with_content(Attached(content.into()))
    }

    /// Leaves the content out (detached / explicit); it is hashed from `source`.
    pub fn detached(self, source: ContentSource) -> CadesBuilder<P, C, F, Detached>
    where
        P: PermitsPackaging<Cades, packaging::Detached>,
    {
        self.with_content(Detached(source))
    }

    /// Adds a parallel signer to an existing signature; `detached_content` is needed when the
    /// existing signature does not hold its content.
    pub fn cosign(
        self,
        existing: SignedData,
        detached_content: Option<ContentSource>,
    ) -> CadesBuilder<P, C, F, CoSign> {
        self.with_content(CoSign {
            existing,
            detached_content,
        })
    }

    fn with_content<K2>(self, content: K2) -> CadesBuilder<P, C, F, K2> {
        CadesBuilder {
            policy: self.policy,
            certificate: self.certificate,
            data_format: self.data_format,
            content,
            options: self.options,
        }
    }

    /// Where the signer signs (signer-location).
    pub fn location(mut self, location: SignerLocation) -> Self {
        self.options.location = Some(location);
        self
    }

    /// A claimed role (signer-attributes); call again for several.
    pub fn claimed_role(mut self, role: impl Into<String>) -> Self {
        self.options.claimed_roles.push(role.into());
        self
    }

    /// The signer's commitment (commitment-type-indication).
    pub fn commitment(mut self, commitment: CommitmentType) -> Self {
        self.options.commitment = Some(commitment);
        self
    }

    /// content-reference.
    pub fn content_reference(mut self, reference: ContentReference) -> Self {
        self.options.content_reference = Some(reference);
        self
    }

    /// content-identifier.
    pub fn content_identifier(mut self, identifier: impl Into<Vec<u8>>) -> Self {
        self.options.content_identifier = Some(identifier.into());
        self
    }

    /// content-time-stamp (policy Annex I, optional): a token over the content's digest, e.g.
    /// `TsaClient::timestamp(Sha256, digest_of_content)`, obtained before signing.
    pub fn content_timestamp(mut self, token: &ades_tsp::TimeStampToken) -> Self {
        self.options.content_timestamp = Some(token.der().to_vec());
        self
    }

    /// All optional attributes at once.
    pub fn options(mut self, options: SignatureOptions) -> Self {
        self.options = options;
        self
    }
}

impl<P: Policy, K> CadesBuilder<P, SigningCertificate, DataFormat, K> {
    /// Fixes the signed attributes for a signature with digest `D` made at `signing_time`.
    ///
    /// Checks the signer certificate first (validity at `signing_time`, nonRepudiation key
    /// usage; policy §3.6.2 c).
    pub fn prepare<D>(self, signing_time: OffsetDateTime) -> Result<Prepared<P, D>>
    where
        K: ContentState<P>,
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let alg = D::ALGORITHM;
        let cert = &self.certificate.certificate;
        check_signer_certificate(cert, signing_time)?;
        let resolved = self.content.resolve(alg)?;
        let content_type = resolved.base.content_type();
        let mut attrs = vec![
            attributes::content_type(&content_type),
            attributes::signing_time(signing_time)?,
            attributes::message_digest(&resolved.digest),
        ];
        attrs.extend(common_attributes(&self.policy, cert, alg)?);
        attrs.push(attributes::content_hints(
            self.data_format.description_or_mime(),
            &content_type,
        ));
        attrs.extend(optional_attributes(&self.options));
        Prepared::new(
            self.policy,
            self.certificate,
            attrs,
            Target::NewSigner(resolved.base),
        )
    }

    /// Prepares and signs with `signer` in one step.
    pub fn sign<D>(
        self,
        signer: &(impl Signer + ?Sized),
        signing_time: OffsetDateTime,
    ) -> Result<CadesSignature>
    where
        K: ContentState<P>,
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        self.prepare::<D>(signing_time)?.sign(signer)
    }
}

/// Builds a counter-signature (policy §3.6.6): a signer ratifies an existing signature by
/// signing its signature value. Only policies that permit counter-signatures in CAdES have it.
#[must_use]
pub struct CounterSignatureBuilder<P, C = NoCertificate> {
    policy: P,
    certificate: C,
    existing: SignedData,
    path: Vec<usize>,
    options: SignatureOptions,
}

impl<P: PermitsCounterSignature<Cades>> CounterSignatureBuilder<P> {
    /// Counter-signs the signer at `path` of `existing`: `[0]` is the first top-level signer,
    /// `[0, 1]` the second counter-signature on it, and so on.
    pub fn new(policy: P, existing: SignedData, path: Vec<usize>) -> Self {
        CounterSignatureBuilder {
            policy,
            certificate: NoCertificate,
            existing,
            path,
            options: SignatureOptions::default(),
        }
    }
}

impl<P: PermitsCounterSignature<Cades>, C> CounterSignatureBuilder<P, C> {
    /// The counter-signer's certificate and chain.
    pub fn signer_certificate(
        self,
        certificate: Certificate,
        chain: Vec<Certificate>,
    ) -> CounterSignatureBuilder<P, SigningCertificate> {
        CounterSignatureBuilder {
            policy: self.policy,
            certificate: SigningCertificate { certificate, chain },
            existing: self.existing,
            path: self.path,
            options: self.options,
        }
    }

    /// Optional attributes of the counter-signature.
    pub fn options(mut self, options: SignatureOptions) -> Self {
        self.options = options;
        self
    }
}

impl<P: PermitsCounterSignature<Cades>> CounterSignatureBuilder<P, SigningCertificate> {
    /// Fixes the counter-signature's signed attributes. Per RFC 5652 §11.4 they hold no
    /// content-type; the message-digest is over the counter-signed signature value.
    pub fn prepare<D>(self, signing_time: OffsetDateTime) -> Result<Prepared<P, D>>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let alg = D::ALGORITHM;
        let cert = &self.certificate.certificate;
        check_signer_certificate(cert, signing_time)?;
        let (first, rest) = self.path.split_first().ok_or(CmsError::NoSuchSigner(0))?;
        let mut existing = self.existing;
        let target = existing
            .signer_infos_mut()
            .get_mut(*first)
            .ok_or(CmsError::NoSuchSigner(*first + 1))?
            .descendant_mut(rest)?;
        let value_digest = digest(alg, target.signature());
        let mut attrs = vec![
            attributes::signing_time(signing_time)?,
            attributes::message_digest(&value_digest),
        ];
        attrs.extend(common_attributes(&self.policy, cert, alg)?);
        attrs.extend(optional_attributes(&self.options));
        Prepared::new(
            self.policy,
            self.certificate,
            attrs,
            Target::CounterSign(existing, self.path),
        )
    }

    /// Prepares and signs with `signer` in one step.
    pub fn sign<D>(
        self,
        signer: &(impl Signer + ?Sized),
        signing_time: OffsetDateTime,
    ) -> Result<CadesSignature>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        self.prepare::<D>(signing_time)?.sign(signer)
    }
}

/// Fixes the signed attributes of a new signer over content hashed elsewhere, for CMS
/// profiles that embed a signature in another container (PAdES, EN 319 142-1 B-B): a detached
/// `SignedData` with content-type `id-data`, the `message_digest` given, the signing-certificate
/// and policy attributes, then `extra` (the profile's own signed attributes, in order). Unlike
/// [`CadesBuilder::prepare`] it adds neither signing-time nor content-hints: the profile decides.
///
/// Checks the signer certificate at `signing_time` first (policy §3.6.2 c).
pub fn prepare_external_digest<P, D>(
    policy: P,
    certificate: Certificate,
    chain: Vec<Certificate>,
    message_digest: Vec<u8>,
    extra: Vec<Attribute>,
    signing_time: OffsetDateTime,
) -> Result<Prepared<P, D>>
where
    P: Policy,
    D: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, D>,
{
    check_signer_certificate(&certificate, signing_time)?;
    let mut attrs = vec![
        attributes::content_type(&oid::ID_DATA),
        attributes::message_digest(&message_digest),
    ];
    attrs.extend(common_attributes(&policy, &certificate, D::ALGORITHM)?);
    attrs.extend(extra);
    Prepared::new(
        policy,
        SigningCertificate::new(certificate, chain),
        attrs,
        Target::NewSigner(SignedData::new(oid::ID_DATA, None)),
    )
}

/// Signing-certificate and policy attributes, shared by signatures and counter-signatures.
pub(crate) fn common_attributes<P: Policy>(
    policy: &P,
    cert: &Certificate,
    alg: DigestAlgorithm,
) -> Result<Vec<Attribute>> {
    let mut attrs = Vec::new();
    // Annex I: ESS signing-certificate for SHA-1, signing-certificate-v2 for SHA-2.
    attrs.push(if alg == DigestAlgorithm::Sha1 {
        attributes::signing_certificate_v1(cert)?
    } else {
        attributes::signing_certificate_v2(cert, alg)?
    });
    // §3.6.3: the identifier of the policy version used, with its hash and URL.
    if let Some(identity) = policy.identity() {
        attrs.push(attributes::signature_policy(identity)?);
    }
    Ok(attrs)
}

fn optional_attributes(options: &SignatureOptions) -> Vec<Attribute> {
    let mut attrs = Vec::new();
    if let Some(location) = &options.location {
        attrs.push(attributes::signer_location(location));
    }
    if !options.claimed_roles.is_empty() {
        attrs.push(attributes::signer_roles(&options.claimed_roles));
    }
    if let Some(c) = options.commitment {
        attrs.push(attributes::commitment_type(&c.oid()));
    }
    if let Some(r) = &options.content_reference {
        attrs.push(attributes::content_reference(r));
    }
    if let Some(id) = &options.content_identifier {
        attrs.push(attributes::content_identifier(id));
    }
    if let Some(token) = &options.content_timestamp {
        attrs.push(Attribute::single(
            oid::ATTR_CONTENT_TIMESTAMP,
            token.clone(),
        ));
    }
    attrs
}

/// Checks the signer certificate before signing (policy §3.6.2 c): valid at the signing time
/// and with a key usage for signing documents.
pub fn check_signer_certificate(cert: &Certificate, at: OffsetDateTime) -> Result<()> {
    ades_core::certificate::check_signing_certificate(cert, at).map_err(|problem| {
        CadesError::SignerCertificate {
            subject: cert.subject_text(),
            problem,
        }
    })
}

pub(crate) enum Target {
    NewSigner(SignedData),
    CounterSign(SignedData, Vec<usize>),
}

/// A signature whose signed attributes are fixed, waiting for its signature value.
#[must_use]
pub struct Prepared<P, D> {
    policy: PhantomData<P>,
    digest: PhantomData<D>,
    certificate: SigningCertificate,
    signed_attributes: Vec<Attribute>,
    signed_attrs_implicit: Vec<u8>,
    to_be_signed: ToBeSigned,
    target: Target,
}

impl<P: Policy, D: DigestType> Prepared<P, D> {
    pub(crate) fn new(
        _policy: P,
        certificate: SigningCertificate,
        signed_attributes: Vec<Attribute>,
        target: Target,
    ) -> Result<Self> {
        let signed_set = encode_attributes(ber::SET, &signed_attributes);
        let signed_attrs_implicit =
            encode_attributes(ber::context_constructed(0), &signed_attributes);
        let algorithm = RsaPkcs1v15::with_digest(D::ALGORITHM);
        Ok(Prepared {
            policy: PhantomData,
            digest: PhantomData,
            certificate,
            signed_attributes,
            signed_attrs_implicit,
            to_be_signed: ToBeSigned::new(signed_set, algorithm),
            target,
        })
    }

    /// The bytes to sign (the DER `SET OF` signed attributes) and the algorithm to use.
    pub fn to_be_signed(&self) -> &ToBeSigned {
        &self.to_be_signed
    }

    /// Signs with `signer`, refusing a key that does not belong to the signer certificate.
    pub fn sign(self, signer: &(impl Signer + ?Sized)) -> Result<CadesSignature>
    where
        RsaPkcs1v15: AllowedSignature<P, D>,
        D: AllowedDigest<P>,
    {
        if let Some(spki) = signer.public_key_info_der()
            && self
                .certificate
                .certificate
                .public_key_info_der()
                .ok()
                .as_deref()
                != Some(spki.as_slice())
        {
            return Err(CadesError::KeyMismatch);
        }
        let value = self.to_be_signed.sign_with::<RsaPkcs1v15>(signer)?;
        self.finish(value)
    }

    /// Completes the signature with a value made elsewhere (token, remote service). The value
    /// is verified with the signer certificate first (unless the signer that made it checked
    /// it, [`Signer::verifies_values`]).
    pub fn finish<A>(self, value: SignatureValue<A>) -> Result<CadesSignature>
    where
        A: AllowedSignature<P, D>,
        D: AllowedDigest<P>,
    {
        let algorithm: SignatureAlgorithm = A::with_digest(D::ALGORITHM);
        let cert = &self.certificate.certificate;
        let checked = cert
            .public_key_info_der()
            .is_ok_and(|spki| value.is_checked_with(&spki));
        if !checked {
            ades_core::verify::verify_signature(
                cert,
                algorithm,
                self.to_be_signed.bytes(),
                value.as_bytes(),
            )
            .map_err(|_| CadesError::BadSignatureValue)?;
        }
        let issuer = cert.issuer_der()?;
        let signer_info = SignerInfo::assemble(
            SignerId::IssuerAndSerial {
                issuer,
                serial: cert.serial_number().to_vec(),
            },
            D::ALGORITHM.algorithm_identifier(),
            self.signed_attrs_implicit,
            self.signed_attributes,
            algorithm.algorithm_identifier(),
            value.into_bytes(),
        )?;
        let mut signed_data = match self.target {
            Target::NewSigner(mut sd) => {
                sd.signer_infos_mut().push(signer_info);
                sd
            }
            Target::CounterSign(mut sd, path) => {
                let (first, rest) = path.split_first().ok_or(CmsError::NoSuchSigner(0))?;
                let top = sd
                    .signer_infos_mut()
                    .get_mut(*first)
                    .ok_or(CmsError::NoSuchSigner(*first + 1))?;
                top.descendant_mut(rest)?.add_counter_signature(signer_info);
                top.refresh_counter_signatures();
                sd
            }
        };
        signed_data.add_digest_algorithm(D::ALGORITHM.algorithm_identifier());
        signed_data.add_certificate(cert);
        for c in &self.certificate.chain {
            signed_data.add_certificate(c);
        }
        Ok(CadesSignature { signed_data })
    }
}

/// A finished CAdES signature.
#[derive(Debug, Clone)]
pub struct CadesSignature {
    signed_data: SignedData,
}

impl From<SignedData> for CadesSignature {
    fn from(signed_data: SignedData) -> Self {
        CadesSignature { signed_data }
    }
}

impl CadesSignature {
    /// The DER encoding (`.csig`).
    pub fn to_der(&self) -> Vec<u8> {
        self.signed_data.to_der()
    }

    /// The structure.
    pub fn signed_data(&self) -> &SignedData {
        &self.signed_data
    }

    /// Unwraps the structure (to co-sign or counter-sign it further).
    pub fn into_signed_data(self) -> SignedData {
        self.signed_data
    }

    /// Extends the signature to CAdES-T: a signature time-stamp from `tsa` on every signer
    /// that lacks one (policy §4.2: before the signer certificate expires).
    pub fn with_signature_timestamp(
        mut self,
        tsa: &ades_tsp::TsaClient<'_>,
        algorithm: DigestAlgorithm,
    ) -> Result<Self> {
        crate::extend::add_signature_timestamps(
            &mut self.signed_data,
            tsa,
            algorithm,
            crate::extend::TimestampScope::Missing,
        )?;
        Ok(self)
    }
}
