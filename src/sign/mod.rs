//! Signing with every choice made at run time: [`sign`], [`cosign`] and [`countersign`] take
//! the format, packaging, level, policy and digest as values ([`SigningOptions`]) and build the
//! signature with the type-state builders of `ades-cades`, `ades-xades` and `ades-pades`.
//!
//! The policy decides through its [`RuntimePolicy`](ades_core::policy::RuntimePolicy) bridge:
//! what its types refuse at compile time (SHA-384 under the Madrid policy, a counter-signature
//! in PAdES) is refused here with an [`Error::Refused`] naming the section. Before anything is
//! signed the signer certificate is checked as the policy asks (§3.6.2, [`SignerChecks`]), and a
//! PDF with dynamic content is refused (§3.1.1) unless the options accept it.

mod cades;
mod document;
mod multi;
mod packaged;
mod pades;
mod pending;
mod signed;
mod xades;

use ades_core::validation::ValidationDataSource;
use ades_core::{Certificate, Format, Level, Packaging, datetime};
use ades_policy::{PolicyVisitor, SigningPolicy};
use ades_tsp::TsaClient;
use time::OffsetDateTime;

use crate::error::{Error, OptionsError};
use crate::identity::SignerIdentity;
use crate::input::Input;
use crate::options::SigningOptions;
use crate::signer_checks::SignerChecks;

pub use pending::PreparedSignature;
pub use signed::Signed;

pub(crate) use pending::{Finished, Pending};

pub(crate) use document::Document;

/// What signing and extending may use beyond the signer: a time-stamp authority, how the
/// signer certificate is checked before signing, and where long-term levels get their
/// validation data.
#[derive(Clone, Copy)]
pub struct Services<'a> {
    /// The time-stamp authority for level T and above, and content time-stamps.
    pub tsa: Option<&'a TsaClient<'a>>,
    /// The checks before signing (policy §3.6.2).
    pub signer_checks: SignerChecks<'a>,
    /// Chains and revocation information for levels LT, LTA (and the policy's C, X, X-L, A):
    /// e.g. an online `ades::trust::ChainValidator`.
    pub validation_data: Option<&'a dyn ValidationDataSource>,
}

impl<'a> Services<'a> {
    /// Services that check the signer certificate with `signer_checks`, with no TSA and no
    /// validation data source.
    pub fn new(signer_checks: SignerChecks<'a>) -> Self {
        Services {
            tsa: None,
            signer_checks,
            validation_data: None,
        }
    }

    /// With a time-stamp authority.
    pub fn tsa(mut self, tsa: &'a TsaClient<'a>) -> Self {
        self.tsa = Some(tsa);
        self
    }

    /// With a source of validation data for the long-term levels.
    pub fn validation_data(mut self, source: &'a dyn ValidationDataSource) -> Self {
        self.validation_data = Some(source);
        self
    }
}

impl std::fmt::Debug for Services<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services")
            .field("tsa", &self.tsa)
            .field("signer_checks", &self.signer_checks)
            .field("validation_data", &self.validation_data.is_some())
            .finish()
    }
}

/// Signs `input` as `identity`: a new signature of the format, packaging and level the
/// `options` ask for ([`prepare`], then the identity's key, then [`PreparedSignature::finish`]).
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use ades::{Format, Input, Level, SignerChecks, SignerIdentity, SigningOptions, Services};
/// # let pki = ades_testkit::TestPki::shared();
/// let me = SignerIdentity::new(pki.signer1.key.clone(), pki.signer1.certificate.clone(), pki.chain())?;
/// let options = SigningOptions::new(Format::Xades).role("emisor");
/// # let checked = SignerChecks::CheckedByCaller;
/// let signed = ades::sign(Input::bytes(b"Acta".to_vec()).named("acta.txt"), &me, &options, &Services::new(checked))?;
/// assert_eq!(signed.level(), Level::Epes);
/// # Ok(()) }
/// ```
pub fn sign(
    input: Input,
    identity: &SignerIdentity,
    options: &SigningOptions,
    services: &Services<'_>,
) -> Result<Signed, Error> {
    prepare(
        input,
        identity.certificate(),
        identity.chain(),
        options,
        services,
    )?
    .sign(identity.signer(), services)
}

/// The first step of signing with a key held elsewhere: checks the signer `certificate`
/// (with `chain`, embedded in the signature), reads `input` and fixes every signed
/// attribute; the [`PreparedSignature`] hands out the bytes to be signed and takes their
/// signature value back.
pub fn prepare(
    input: Input,
    certificate: &Certificate,
    chain: &[Certificate],
    options: &SigningOptions,
    services: &Services<'_>,
) -> Result<PreparedSignature, Error> {
    let plan = Plan::new(options, services)?;
    let warnings = signer_checks(certificate, chain, services)?;
    let document = Document::prepare(input, &plan, options)?;
    let job = Job::new(certificate, chain, options, plan, services);
    let pending = options.policy.visit(NewSignature { job, document })?;
    Ok(PreparedSignature::new(
        pending,
        plan,
        options.digest,
        certificate.subject_text(),
        advisories(warnings, options, &plan),
    ))
}

/// The warnings of a signing run: the checks before signing's, then what the options chose
/// that the policy only tolerates.
fn advisories(mut warnings: Vec<String>, options: &SigningOptions, plan: &Plan) -> Vec<String> {
    if options.digest == ades_core::DigestAlgorithm::Sha1 {
        warnings.push(
            "SHA-1 is allowed by the Madrid policy (§3.5) but deprecated; prefer SHA-256 or SHA-512"
                .into(),
        );
    }
    if matches!(options.policy, SigningPolicy::Madrid(_))
        && plan.format == Format::Xades
        && matches!(plan.packaging, Packaging::Enveloping | Packaging::Detached)
    {
        warnings.push(format!(
            "the Madrid policy (§3.2.1) proposes the internally detached structure and admits enveloped signatures; {} is accepted by XML-DSig validators but is not one of them",
            plan.packaging
        ));
    }
    warnings
}

/// Adds a parallel signature (policy §3.6.7) to an existing CAdES or XAdES signature;
/// `content` is the signed data of a detached CAdES signature.
pub fn cosign(
    signature: Input,
    content: Option<Input>,
    identity: &SignerIdentity,
    options: &SigningOptions,
    services: &Services<'_>,
) -> Result<Signed, Error> {
    let existing = signature.read_all()?;
    let format = crate::sniff(&existing)
        .ok_or_else(|| Error::UnknownFormat("the signature to co-sign".into()))?;
    if format == Format::Pades {
        return Err(OptionsError::CosignPdf.into());
    }
    let options = &SigningOptions {
        format,
        ..options.clone()
    };
    let (job, warnings) = multi_job(identity, options, services)?;
    let pending = options.policy.visit(CoSignature {
        job,
        existing,
        content,
    })?;
    PreparedSignature::new(
        pending,
        job.plan,
        options.digest,
        identity.certificate().subject_text(),
        warnings,
    )
    .sign(identity.signer(), services)
}

/// Counter-signs (policy §3.6.6) the signature at `target` of an existing CAdES or XAdES
/// signature (a PAdES signature cannot be counter-signed: Annex I).
pub fn countersign(
    signature: Input,
    target: &SignaturePath,
    identity: &SignerIdentity,
    options: &SigningOptions,
    services: &Services<'_>,
) -> Result<Signed, Error> {
    let existing = signature.read_all()?;
    let format = crate::sniff(&existing)
        .ok_or_else(|| Error::UnknownFormat("the signature to counter-sign".into()))?;
    let options = &SigningOptions {
        format,
        ..options.clone()
    };
    let (job, warnings) = multi_job(identity, options, services)?;
    let pending = options.policy.visit(CounterSignature {
        job,
        existing,
        target: target.indices().to_vec(),
    })?;
    PreparedSignature::new(
        pending,
        job.plan,
        options.digest,
        identity.certificate().subject_text(),
        warnings,
    )
    .sign(identity.signer(), services)
}

/// The job of a co- or counter-signature, after the signer checks; these are made at the
/// basic level (time-stamp them afterwards with [`extend`](crate::extend)).
fn multi_job<'a>(
    identity: &'a SignerIdentity,
    options: &'a SigningOptions,
    services: &Services<'a>,
) -> Result<(Job<'a>, Vec<String>), Error> {
    if options.level == Level::T || options.content_timestamp {
        return Err(OptionsError::NotApplicable {
            option: "a time-stamp at signing (co- and counter-signatures are time-stamped with extend)",
            format: options.format,
        }
        .into());
    }
    let plan = Plan::new(options, services)?;
    let warnings = signer_checks(identity.certificate(), identity.chain(), services)?;
    let job = Job::new(
        identity.certificate(),
        identity.chain(),
        options,
        plan,
        services,
    );
    Ok((job, warnings))
}

/// Which signature of a file: `1` is the first signer, `1/2` the second counter-signature
/// on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignaturePath(Vec<usize>);

impl SignaturePath {
    /// The first signer.
    pub fn first() -> Self {
        SignaturePath(vec![0])
    }

    /// The zero-based indices, top-level signer first.
    pub fn indices(&self) -> &[usize] {
        &self.0
    }
}

impl std::str::FromStr for SignaturePath {
    type Err = OptionsError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split('/')
            .map(|p| match p.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n - 1),
                _ => Err(OptionsError::BadSignaturePath(s.to_owned())),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(SignaturePath)
    }
}

/// The options checked against each other: what will be made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    pub(crate) format: Format,
    pub(crate) packaging: Packaging,
    /// With a signature time-stamp (level T).
    pub(crate) timestamp: bool,
    /// The level the result has.
    pub(crate) level: Level,
    /// The type of the -X time-stamp of an extended form.
    pub(crate) x: ades_core::XTimestamp,
    pub(crate) time: OffsetDateTime,
}

impl Plan {
    /// Where a long-term level takes the signature, with time-stamps by `digest`.
    pub(crate) fn target(&self, digest: ades_core::DigestAlgorithm) -> crate::long_term::Target {
        crate::long_term::Target {
            level: self.level,
            digest,
            x: self.x,
        }
    }

    fn new(options: &SigningOptions, services: &Services<'_>) -> Result<Self, Error> {
        let has_identifier = options.policy.has_identifier();
        let timestamp = match options.level {
            Level::B => false,
            Level::Bes if has_identifier => return Err(OptionsError::BesWithPolicy.into()),
            Level::Epes if !has_identifier => return Err(OptionsError::EpesWithoutPolicy.into()),
            Level::Bes | Level::Epes => false,
            level if services.tsa.is_none() => {
                return Err(OptionsError::LevelNeedsTsa(level).into());
            }
            Level::T => true,
            level if level.is_long_term() => {
                crate::long_term::check_supported(options.format, level, services)?;
                true
            }
            other => return Err(OptionsError::LevelNotMade(other).into()),
        };
        if options.content_timestamp && services.tsa.is_none() {
            return Err(OptionsError::ContentTimestampNeedsTsa.into());
        }
        let format = options.format;
        let packaging = options
            .packaging
            .unwrap_or_else(|| default_packaging(format));
        let fits = match format {
            Format::Cades => matches!(packaging, Packaging::Attached | Packaging::Detached),
            Format::Xades => packaging != Packaging::Attached,
            Format::Pades => packaging == Packaging::Detached,
            _ => false,
        };
        if !fits {
            return Err(OptionsError::PackagingNotForFormat { format, packaging }.into());
        }
        let level = match (options.level, timestamp, has_identifier) {
            (level, _, _) if level.is_long_term() => level,
            (_, true, _) => Level::T,
            (_, false, true) => Level::Epes,
            (_, false, false) => Level::Bes,
        };
        Ok(Plan {
            format,
            packaging,
            timestamp,
            level,
            x: options.x_timestamp,
            time: options.signing_time.unwrap_or_else(datetime::now),
        })
    }
}

/// The packaging a new signature gets when none is asked for: the policy's proposals
/// (CAdES attached §3.2.2, XAdES `<documento>` §3.2.1, PAdES inside the PDF).
pub fn default_packaging(format: Format) -> Packaging {
    match format {
        Format::Xades => Packaging::InternallyDetached,
        Format::Pades => Packaging::Detached,
        _ => Packaging::Attached,
    }
}

fn signer_checks(
    certificate: &Certificate,
    chain: &[Certificate],
    services: &Services<'_>,
) -> Result<Vec<String>, Error> {
    Ok(services
        .signer_checks
        .run(certificate, chain, datetime::now())?)
}

/// Everything preparing a signature needs but the policy and the content.
#[derive(Clone, Copy)]
pub(crate) struct Job<'a> {
    pub(crate) certificate: &'a Certificate,
    pub(crate) chain: &'a [Certificate],
    pub(crate) options: &'a SigningOptions,
    pub(crate) plan: Plan,
    /// The TSA for a content time-stamp, when the options ask for one.
    pub(crate) content_tsa: Option<&'a TsaClient<'a>>,
}

impl<'a> Job<'a> {
    fn new(
        certificate: &'a Certificate,
        chain: &'a [Certificate],
        options: &'a SigningOptions,
        plan: Plan,
        services: &Services<'a>,
    ) -> Self {
        Job {
            certificate,
            chain,
            options,
            plan,
            content_tsa: services.tsa.filter(|_| options.content_timestamp),
        }
    }
}

/// A new signature over a document, under the policy as a type.
struct NewSignature<'a> {
    job: Job<'a>,
    document: Document,
}

impl PolicyVisitor for NewSignature<'_> {
    type Output = Result<Box<dyn Pending>, Error>;

    fn visit<P: ades_core::policy::RuntimePolicy>(self, policy: P) -> Self::Output {
        let (format, packaging) = (self.job.plan.format, self.job.plan.packaging);
        let step = Packaged {
            policy: policy.clone(),
            job: self.job,
            document: self.document,
        };
        policy.with_packaging(format, packaging, step)?
    }
}

/// A new signature, once the policy has permitted its format and packaging.
pub(crate) struct Packaged<'a, P> {
    pub(crate) policy: P,
    pub(crate) job: Job<'a>,
    pub(crate) document: Document,
}

/// A co-signature, under the policy as a type.
struct CoSignature<'a> {
    job: Job<'a>,
    existing: Vec<u8>,
    content: Option<Input>,
}

impl PolicyVisitor for CoSignature<'_> {
    type Output = Result<Box<dyn Pending>, Error>;

    fn visit<P: ades_core::policy::RuntimePolicy>(self, policy: P) -> Self::Output {
        let format = self.job.plan.format;
        let step = multi::CoSign {
            policy: policy.clone(),
            job: self.job,
            existing: self.existing,
            content: self.content,
        };
        policy.with_co_signature(format, step)?
    }
}

/// A counter-signature, under the policy as a type.
struct CounterSignature<'a> {
    job: Job<'a>,
    existing: Vec<u8>,
    target: Vec<usize>,
}

impl PolicyVisitor for CounterSignature<'_> {
    type Output = Result<Box<dyn Pending>, Error>;

    fn visit<P: ades_core::policy::RuntimePolicy>(self, policy: P) -> Self::Output {
        let format = self.job.plan.format;
        let step = multi::CounterSign {
            policy: policy.clone(),
            job: self.job,
            existing: self.existing,
            target: self.target,
        };
        policy.with_counter_signature(format, step)?
    }
}
