//! PAdES signing (ETSI EN 319 142-1 B-B / B-T, TS 102 778-3 PAdES-BES/EPES) by incremental
//! update, with the CMS of [`PdfCmsBuilder`].
//!
//! ```text
//! PadesBuilder::new(policy)                 PadesBuilder<P, NoCertificate>
//!   .signer_certificate(cert, chain)        PadesBuilder<P, SignerCertificate>
//!   .options(options)
//!   .prepare::<Sha256>(&source, time)?      PreparedPdf<P, Sha256>: the revision is written,
//!                                           its byte ranges hashed; to_be_signed() for
//!                                           tokens and remote signers
//!   .finish(signature_value)?               PdfSignature: the CMS
//!   .with_signature_timestamp(&tsa, alg)?   PAdES-T (optional)
//!   .embed()?                               SignedPdf: the bytes to append
//! ```
//!
//! `PadesBuilder::sign` does all of it with a local key and, if the CMS does not fit the
//! space reserved for it, prepares again with a larger reserve once.

use std::marker::PhantomData;

use ades_cades::{CadesSignature, Prepared};

use crate::cms::PdfCmsBuilder;
use ades_core::algorithm::{DigestType, RsaPkcs1v15};
use ades_core::policy::format::Pades;
use ades_core::policy::packaging::Detached;
use ades_core::policy::{AllowedDigest, AllowedSignature, PermitsPackaging, Policy};
use ades_core::signer::{SignatureValue, Signer, ToBeSigned};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, CommitmentType, DigestAlgorithm};
use ades_tsp::TsaClient;

use crate::appearance::Appearance;
use crate::dynamic::{refusing, scan_dynamic_content};
use crate::layout::{FieldSpec, SignatureLayout, build};
use crate::pades_error::PadesError;
use crate::sigdict::encode_text_string;
use crate::source::SourcePdf;
use ades_pdf::Object;
use ades_pdf::format_pdf_date;

/// Bytes reserved for a signature time-stamp token when PAdES-T is asked for.
pub const TIMESTAMP_RESERVE: usize = 8 << 10;

/// The options of a PAdES signature (the signature dictionary, the optional signed
/// attributes, the appearance, the check of dynamic content).
#[derive(Debug, Clone, Default)]
pub struct PadesOptions {
    /// `/Location`: where the signature is made (policy Annex I: the PAdES place of the
    /// signer location).
    pub location: Option<String>,
    /// `/Reason`.
    pub reason: Option<String>,
    /// `/ContactInfo`.
    pub contact_info: Option<String>,
    /// `/Name`: the signer's name (default: the certificate's common name).
    pub name: Option<String>,
    /// Claimed roles (signer-attributes in the CMS).
    pub claimed_roles: Vec<String>,
    /// Commitment (commitment-type-indication in the CMS).
    pub commitment: Option<CommitmentType>,
    /// Invisible (default) or visible on a page.
    pub appearance: Appearance,
    /// The field name (default: the first free `Signature<n>`).
    pub field_name: Option<String>,
    /// Sign even if the document has dynamic content (policy §3.1.1 forbids it: only set this
    /// when the signer knowingly accepts it).
    pub allow_dynamic_content: bool,
    /// Bytes reserved for the CMS in `/Contents` (default: estimated from the certificates,
    /// plus [`TIMESTAMP_RESERVE`] when `expect_timestamp`).
    pub contents_size: Option<usize>,
    /// Reserve room for a signature time-stamp (PAdES-T).
    pub expect_timestamp: bool,
}

/// Type-state: no signer certificate yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCertificate;

/// Type-state: the signer certificate and the chain embedded in the CMS.
#[derive(Debug, Clone)]
pub struct SignerCertificate {
    pub(crate) certificate: Certificate,
    pub(crate) chain: Vec<Certificate>,
}

/// Builds a PAdES signature under policy `P` (which must permit detached CAdES in PDF).
#[derive(Debug, Clone)]
#[must_use]
pub struct PadesBuilder<P, C = NoCertificate> {
    policy: P,
    certificate: C,
    options: PadesOptions,
}

impl<P: Policy + PermitsPackaging<Pades, Detached>> PadesBuilder<P> {
    /// Starts a signature under `policy`.
    pub fn new(policy: P) -> Self {
        PadesBuilder {
            policy,
            certificate: NoCertificate,
            options: PadesOptions::default(),
        }
    }
}

impl<P: Policy + PermitsPackaging<Pades, Detached>, C> PadesBuilder<P, C> {
    /// The signer certificate and the chain to embed.
    pub fn signer_certificate(
        self,
        certificate: Certificate,
        chain: Vec<Certificate>,
    ) -> PadesBuilder<P, SignerCertificate> {
        PadesBuilder {
            policy: self.policy,
            certificate: SignerCertificate { certificate, chain },
            options: self.options,
        }
    }

    /// Every option at once.
    pub fn options(mut self, options: PadesOptions) -> Self {
        self.options = options;
        self
    }

    /// `/Location`.
    pub fn location(mut self, location: impl Into<String>) -> Self {
        self.options.location = Some(location.into());
        self
    }

    /// `/Reason`.
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.options.reason = Some(reason.into());
        self
    }

    /// A visible signature on `page` (from 1) at `[x, y, width, height]` points.
    pub fn visible(mut self, page: usize, rect: [f64; 4]) -> Self {
        self.options.appearance = Appearance::Visible {
            page,
            rect,
            lines: Vec::new(),
        };
        self
    }

    /// Signs even if the document has dynamic content (policy §3.1.1 forbids it).
    pub fn allow_dynamic_content(mut self) -> Self {
        self.options.allow_dynamic_content = true;
        self
    }
}

impl<P: Policy + PermitsPackaging<Pades, Detached>> PadesBuilder<P, SignerCertificate> {
    /// Checks the document, writes the new revision with a `/Contents` placeholder, hashes
    /// the byte ranges with `D` and fixes the CMS's signed attributes; `time` becomes `/M`.
    ///
    /// # Errors
    /// [`PadesError::DynamicContent`] (policy §3.1.1) unless allowed, [`PadesError::Encrypted`],
    /// PDF errors, and the CMS builder's (an unusable signer certificate).
    pub fn prepare<D>(
        &self,
        source: &SourcePdf,
        time: OffsetDateTime,
    ) -> Result<PreparedPdf<P, D>, PadesError>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let reserve = self
            .options
            .contents_size
            .unwrap_or_else(|| self.estimate(self.options.expect_timestamp));
        self.prepare_with_reserve(source, time, reserve)
    }

    fn prepare_with_reserve<D>(
        &self,
        source: &SourcePdf,
        time: OffsetDateTime,
        reserve: usize,
    ) -> Result<PreparedPdf<P, D>, PadesError>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let pdf = source.pdf();
        if pdf.is_encrypted() {
            return Err(PadesError::Encrypted);
        }
        // Policy §3.1.1 and Annex II: no signature over dynamic content unless the signer
        // explicitly accepts it.
        if !self.options.allow_dynamic_content {
            let findings = scan_dynamic_content(pdf)?;
            let refused: Vec<_> = refusing(&findings).into_iter().cloned().collect();
            if !refused.is_empty() {
                return Err(PadesError::DynamicContent(refused));
            }
        }
        // Refuse an unusable certificate before writing anything.
        ades_cades::check_signer_certificate(&self.certificate.certificate, time)?;
        let spec = self.field_spec(time);
        let layout = build(pdf, &spec, reserve)?;
        let digest = byte_range_digest(source, &layout, D::ALGORITHM)?;
        let mut cms = PdfCmsBuilder::new(self.policy.clone()).signer_certificate(
            self.certificate.certificate.clone(),
            self.certificate.chain.clone(),
        );
        for role in &self.options.claimed_roles {
            cms = cms.claimed_role(role.clone());
        }
        if let Some(c) = self.options.commitment {
            cms = cms.commitment(c);
        }
        let prepared = cms.prepare::<D>(digest.clone(), time)?;
        Ok(PreparedPdf {
            cms: prepared,
            layout,
            digest,
            time,
            digest_type: PhantomData,
        })
    }

    /// Prepares, signs with `signer`, adds a signature time-stamp from `tsa` if given
    /// (PAdES-T) and embeds the CMS; prepares once more with a larger reserve if the CMS does
    /// not fit.
    pub fn sign<D>(
        &self,
        source: &SourcePdf,
        signer: &(impl Signer + ?Sized),
        time: OffsetDateTime,
        tsa: Option<&TsaClient<'_>>,
    ) -> Result<SignedPdf, PadesError>
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let mut reserve = self
            .options
            .contents_size
            .unwrap_or_else(|| self.estimate(tsa.is_some() || self.options.expect_timestamp));
        let mut attempts = 0;
        loop {
            attempts += 1;
            let prepared = self.prepare_with_reserve::<D>(source, time, reserve)?;
            let mut signature = prepared.sign(signer)?;
            if let Some(tsa) = tsa {
                signature = signature.with_signature_timestamp(tsa, D::ALGORITHM)?;
            }
            match signature.embed() {
                Err(PadesError::ContentsTooSmall { needed, .. }) if attempts < 2 => {
                    reserve = needed + needed / 4 + 1024;
                }
                other => return other,
            }
        }
    }

    /// The bytes to reserve for the CMS: the certificates, the signed attributes, the value.
    fn estimate(&self, timestamp: bool) -> usize {
        let certificates: usize = std::iter::once(&self.certificate.certificate)
            .chain(&self.certificate.chain)
            .map(|c| c.der().len())
            .sum();
        let key = self
            .certificate
            .certificate
            .public_key_bits()
            .unwrap_or(4096)
            .div_ceil(8);
        let base = certificates + 2 * key + 2048;
        let base = base + base / 4;
        if timestamp {
            base + TIMESTAMP_RESERVE
        } else {
            base
        }
    }

    fn field_spec(&self, time: OffsetDateTime) -> FieldSpec {
        let o = &self.options;
        let signer_name = o
            .name
            .clone()
            .or_else(|| self.certificate.certificate.common_name())
            .unwrap_or_else(|| self.certificate.certificate.subject_text());
        let mut entries: Vec<(&'static str, Object)> = vec![
            ("Type", Object::name("Sig")),
            ("Filter", Object::name("Adobe.PPKLite")),
            ("SubFilter", Object::name("ETSI.CAdES.detached")),
            // Policy Annex I: in PAdES the signing time is /M.
            ("M", encode_text_string(&format_pdf_date(time)).into()),
            ("Name", encode_text_string(&signer_name).into()),
        ];
        for (key, value) in [
            ("Location", &o.location),
            ("Reason", &o.reason),
            ("ContactInfo", &o.contact_info),
        ] {
            if let Some(v) = value {
                entries.push((key, encode_text_string(v).into()));
            }
        }
        let appearance = match &o.appearance {
            Appearance::Visible { page, rect, lines } if lines.is_empty() => Appearance::Visible {
                page: *page,
                rect: *rect,
                lines: vec![
                    format!("Firmado por {signer_name}"),
                    format!("Fecha: {}", ades_core::datetime::rfc3339(time)),
                ],
            },
            other => other.clone(),
        };
        FieldSpec {
            field_name: o.field_name.clone(),
            appearance,
            entries,
        }
    }
}

/// The digest with `alg` of the original followed by the new revision without `/Contents`.
pub(crate) fn byte_range_digest(
    source: &SourcePdf,
    layout: &SignatureLayout,
    alg: DigestAlgorithm,
) -> Result<Vec<u8>, PadesError> {
    let mut digester = source.digest_original(alg)?;
    let (before, after) = layout.signed_parts();
    digester.update(before);
    digester.update(after);
    Ok(digester.finish())
}

/// A signature whose revision is written and whose signed attributes are fixed, waiting for
/// its signature value.
#[must_use]
pub struct PreparedPdf<P, D> {
    cms: Prepared<P, D>,
    layout: SignatureLayout,
    digest: Vec<u8>,
    time: OffsetDateTime,
    digest_type: PhantomData<D>,
}

impl<P: Policy, D: DigestType> PreparedPdf<P, D> {
    /// The bytes to sign (the DER signed attributes) and the algorithm.
    pub fn to_be_signed(&self) -> &ToBeSigned {
        self.cms.to_be_signed()
    }

    /// The digest of the byte ranges (the message-digest attribute).
    pub fn byte_range_digest(&self) -> &[u8] {
        &self.digest
    }

    /// The `/ByteRange` the signature will have.
    pub fn byte_range(&self) -> [usize; 4] {
        self.layout.byte_range
    }

    /// The signing time written as `/M`.
    pub fn signing_time(&self) -> OffsetDateTime {
        self.time
    }

    /// Completes the CMS with a value made elsewhere (verified with the certificate first).
    pub fn finish<A>(self, value: SignatureValue<A>) -> Result<PdfSignature, PadesError>
    where
        A: AllowedSignature<P, D>,
        D: AllowedDigest<P>,
    {
        Ok(PdfSignature {
            cms: self.cms.finish(value)?,
            layout: self.layout,
        })
    }

    /// Signs with `signer` (refusing a key that is not the certificate's).
    pub fn sign(self, signer: &(impl Signer + ?Sized)) -> Result<PdfSignature, PadesError>
    where
        RsaPkcs1v15: AllowedSignature<P, D>,
        D: AllowedDigest<P>,
    {
        Ok(PdfSignature {
            cms: self.cms.sign(signer)?,
            layout: self.layout,
        })
    }
}

/// A complete CMS for a written revision, not yet embedded.
#[derive(Debug)]
pub struct PdfSignature {
    cms: CadesSignature,
    layout: SignatureLayout,
}

impl PdfSignature {
    /// The CMS.
    pub fn cms(&self) -> &CadesSignature {
        &self.cms
    }

    /// Adds a signature time-stamp (PAdES-T, EN 319 142-1 B-T) from `tsa` over the signature
    /// value, with imprint algorithm `algorithm`.
    pub fn with_signature_timestamp(
        self,
        tsa: &TsaClient<'_>,
        algorithm: DigestAlgorithm,
    ) -> Result<Self, PadesError> {
        Ok(PdfSignature {
            cms: self.cms.with_signature_timestamp(tsa, algorithm)?,
            layout: self.layout,
        })
    }

    /// Writes the CMS into `/Contents`.
    ///
    /// # Errors
    /// [`PadesError::ContentsTooSmall`] if it does not fit: prepare again with a larger
    /// [`PadesOptions::contents_size`].
    pub fn embed(self) -> Result<SignedPdf, PadesError> {
        let mut layout = self.layout;
        layout.fill_contents(&self.cms.to_der())?;
        Ok(SignedPdf::from_layout(layout))
    }
}

/// A signed (or time-stamped) document: the original followed by [`SignedPdf::appended`].
#[derive(Debug, Clone)]
pub struct SignedPdf {
    appended: Vec<u8>,
    base: usize,
    byte_range: [usize; 4],
    field_name: String,
}

impl SignedPdf {
    /// A revision without a signature (a DSS update).
    pub(crate) fn from_update(appended: ades_pdf::Appended) -> Self {
        SignedPdf {
            base: appended.base_offset(),
            appended: appended.into_bytes(),
            byte_range: [0; 4],
            field_name: String::new(),
        }
    }

    pub(crate) fn from_layout(layout: SignatureLayout) -> Self {
        SignedPdf {
            appended: layout.appended,
            base: layout.base,
            byte_range: layout.byte_range,
            field_name: layout.field_name,
        }
    }

    /// The new revision: the bytes to append to the original.
    pub fn appended(&self) -> &[u8] {
        &self.appended
    }

    /// The length of the original (where the new revision starts).
    pub fn original_len(&self) -> usize {
        self.base
    }

    /// The signature's `/ByteRange`.
    pub fn byte_range(&self) -> [usize; 4] {
        self.byte_range
    }

    /// The name of the new signature field.
    pub fn field_name(&self) -> &str {
        &self.field_name
    }

    /// Writes the whole signed document: `source` (which must be the document signed)
    /// followed by the new revision.
    pub fn write_to(
        &self,
        source: &SourcePdf,
        out: &mut dyn std::io::Write,
    ) -> Result<(), PadesError> {
        if source.len() != self.base as u64 {
            return Err(PadesError::InputChanged("the source".to_owned()));
        }
        source.copy_original_to(out)?;
        out.write_all(&self.appended)
            .map_err(|e| PadesError::io("output", e))
    }

    /// The whole signed document in memory.
    pub fn to_vec(&self, source: &SourcePdf) -> Result<Vec<u8>, PadesError> {
        let mut out = Vec::with_capacity(self.base + self.appended.len());
        self.write_to(source, &mut out)?;
        Ok(out)
    }
}
