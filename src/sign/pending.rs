//! Two-step signing: [`prepare`](crate::prepare) fixes everything that is signed and hands out
//! the bytes to be signed; [`PreparedSignature::finish`] takes the signature value made
//! elsewhere (a token, a remote service, a browser) and completes the signature.
//!
//! The signing time and every signed attribute are frozen between the two steps (what EU DSS
//! means by "the signing time and parameters MUST be the same" between getDataToSign and
//! signDocument): the prepared value carries them, and `finish` verifies the value with the
//! signer certificate before assembling anything.

use ades_cades::CadesSignature;
use ades_core::{Level, RsaPkcs1v15, Signer, ToBeSigned};
use ades_pades::{PdfSignature, SourcePdf};
use ades_xades::XadesSignature;

use crate::error::{Error, OptionsError};
use crate::sign::{Plan, Services, Signed};

/// A signature whose signed data is fixed, waiting for its value; whatever its format.
pub(crate) trait Pending: Send {
    /// The bytes to sign and the algorithm.
    fn to_be_signed(&self) -> &ToBeSigned;

    /// Completes the structure with `value` (verified with the signer certificate).
    fn finish(self: Box<Self>, value: Vec<u8>) -> Result<Finished, Error>;
}

/// A completed structure, before level T.
pub(crate) enum Finished {
    Cms(CadesSignature),
    Xml(XadesSignature),
    Pdf(Box<(PdfSignature, SourcePdf)>),
}

/// A signature prepared by [`prepare`](crate::prepare), waiting for its signature value.
#[must_use]
pub struct PreparedSignature {
    pending: Box<dyn Pending>,
    plan: Plan,
    digest: ades_core::DigestAlgorithm,
    signer: String,
    warnings: Vec<String>,
}

impl PreparedSignature {
    pub(crate) fn new(
        pending: Box<dyn Pending>,
        plan: Plan,
        digest: ades_core::DigestAlgorithm,
        signer: String,
        warnings: Vec<String>,
    ) -> Self {
        PreparedSignature {
            pending,
            plan,
            digest,
            signer,
            warnings,
        }
    }

    /// The bytes to sign and the algorithm (their digest, for signers that sign digests:
    /// [`ToBeSigned::digest`]).
    pub fn to_be_signed(&self) -> &ToBeSigned {
        self.pending.to_be_signed()
    }

    /// Whether level T was asked for: [`PreparedSignature::finish`] then needs a TSA.
    pub fn needs_tsa(&self) -> bool {
        self.plan.timestamp
    }

    /// The warnings of the checks made so far.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Signs the bytes with `signer` and finishes.
    pub fn sign(self, signer: &dyn Signer, services: &Services<'_>) -> Result<Signed, Error> {
        let value = self
            .to_be_signed()
            .sign_with::<RsaPkcs1v15>(signer)
            .map_err(ades_core::Error::from)?;
        self.finish(value.into_bytes(), services)
    }

    /// Completes the signature with `value`, the signature of [`Self::to_be_signed`] made
    /// elsewhere; a value that does not verify with the signer certificate is refused. Level
    /// T adds the signature time-stamp from the services' TSA now, LT and LTA their
    /// validation data and archive time-stamp.
    pub fn finish(self, value: Vec<u8>, services: &Services<'_>) -> Result<Signed, Error> {
        let tsa = match (self.plan.timestamp, services.tsa) {
            (true, None) => return Err(OptionsError::LevelNeedsTsa(self.plan.level).into()),
            (true, Some(tsa)) => Some(tsa),
            (false, _) => None,
        };
        let (plan, digest, signer) = (self.plan, self.digest, self.signer);
        let signed = match self.pending.finish(value)? {
            Finished::Cms(s) => {
                let s = match tsa {
                    Some(tsa) => s.with_signature_timestamp(tsa, digest)?,
                    None => s,
                };
                let s = crate::long_term::raise_cades(s, plan.target(digest), None, services)?;
                Signed::cades(s, plan.level, plan.packaging, signer)
            }
            Finished::Xml(s) => {
                let s = match tsa {
                    Some(tsa) => s.with_signature_timestamp(tsa, digest)?,
                    None => s,
                };
                match plan.level {
                    level if level.is_long_term() => {
                        let (bytes, _) = crate::long_term::extend_xml(
                            s.as_bytes(),
                            plan.target(digest),
                            None,
                            services,
                        )?;
                        Signed::xades_extended(bytes, plan.level, plan.packaging, signer)
                    }
                    _ => Signed::xades(s, plan.level, plan.packaging, signer),
                }
            }
            Finished::Pdf(pdf) => {
                let (signature, source) = *pdf;
                let signature = match tsa {
                    Some(tsa) => signature.with_signature_timestamp(tsa, digest)?,
                    None => signature,
                };
                let signed = signature.embed()?;
                match plan.level {
                    Level::Lt | Level::Lta => {
                        let field = signed.field_name().to_owned();
                        let bytes = crate::long_term::extend_pdf(
                            signed.to_vec(&source)?,
                            plan.level,
                            digest,
                            services,
                        )?;
                        Signed::pades_in_memory(bytes, field, plan.level, signer)
                    }
                    _ => Signed::pades(signed, source, plan.level, signer),
                }
            }
        };
        Ok(signed.with_warnings(self.warnings))
    }
}

impl std::fmt::Debug for PreparedSignature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedSignature")
            .field("format", &self.plan.format)
            .field("level", &self.plan.level)
            .field("signer", &self.signer)
            .finish_non_exhaustive()
    }
}
