//! CAdES through the front door: the builder from the options, prepared with the digest
//! chosen at run time.

use ades_cades::attributes::SignerLocation;
use ades_cades::{
    CadesBuilder, ContentState, CounterSignatureBuilder, Prepared, SignatureOptions, SignedData,
    SigningCertificate,
};
use ades_core::content::ContentSource;
use ades_core::policy::format::Cades;
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsCounterSignature, RuntimePolicy, WithDigest,
};
use ades_core::{DataFormat, Policy, RsaPkcs1v15, SignatureValue, ToBeSigned, digest};
use time::OffsetDateTime;

use crate::error::Error;
use crate::input::Input;
use crate::sign::{Finished, Job, Pending};

/// The optional signed attributes, with a content time-stamp over `content_digest` (the
/// digest of the content, given when the options ask for a content time-stamp).
pub(crate) fn attributes(
    job: &Job<'_>,
    content_digest: Option<Vec<u8>>,
) -> Result<SignatureOptions, Error> {
    let attributes = &job.options.attributes;
    let content_timestamp = match (job.content_tsa, content_digest) {
        (Some(tsa), Some(digest)) => {
            Some(tsa.timestamp(job.options.digest, digest)?.der().to_vec())
        }
        _ => None,
    };
    Ok(SignatureOptions {
        location: attributes.place.as_ref().map(|p| SignerLocation {
            country: p.country.clone(),
            locality: p.city.clone(),
            postal_address: Vec::new(),
        }),
        claimed_roles: attributes.roles.clone(),
        commitment: attributes.commitment,
        content_timestamp,
        ..SignatureOptions::default()
    })
}

/// A builder with the signer and the options, ready for its content.
pub(crate) fn builder<P: Policy>(
    policy: &P,
    job: &Job<'_>,
    format: DataFormat,
    options: SignatureOptions,
) -> CadesBuilder<P, SigningCertificate, DataFormat> {
    CadesBuilder::new(policy.clone())
        .signer_certificate(job.certificate.clone(), job.chain.to_vec())
        .data_format(format)
        .options(options)
}

/// The digest of attached content, when a content time-stamp needs it.
pub(crate) fn attached_digest(job: &Job<'_>, bytes: &[u8]) -> Option<Vec<u8>> {
    job.content_tsa
        .map(|_| digest::digest(job.options.digest, bytes))
}

/// Detached content with a content time-stamp is hashed once, for the time-stamp and the
/// message digest both: the source becomes its digest, which is returned too.
pub(crate) fn detached_source(
    job: &Job<'_>,
    source: ContentSource,
) -> Result<(ContentSource, Option<Vec<u8>>), Error> {
    if job.content_tsa.is_none() {
        return Ok((source, None));
    }
    let alg = job.options.digest;
    let digest = source.digest(alg).map_err(ades_cades::CadesError::from)?;
    Ok((ContentSource::Digest(alg, digest.clone()), Some(digest)))
}

/// Fixes the signed attributes with the digest the options name (the policy must allow it).
pub(crate) fn prepare<P, K>(
    policy: &P,
    job: &Job<'_>,
    builder: CadesBuilder<P, SigningCertificate, DataFormat, K>,
) -> Result<Box<dyn Pending>, Error>
where
    P: RuntimePolicy,
    K: ContentState<P>,
{
    let step = NewSigner {
        builder,
        time: job.plan.time,
    };
    Ok(policy.with_digest(job.options.digest, step)??)
}

struct NewSigner<P, K> {
    builder: CadesBuilder<P, SigningCertificate, DataFormat, K>,
    time: OffsetDateTime,
}

impl<P: Policy, K: ContentState<P>> WithDigest<P> for NewSigner<P, K> {
    type Output = Result<Box<dyn Pending>, ades_cades::CadesError>;

    fn run<D>(self) -> Self::Output
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        Ok(Box::new(self.builder.prepare::<D>(self.time)?))
    }
}

/// A prepared CAdES signer waits for its value.
impl<P, D> Pending for Prepared<P, D>
where
    P: Policy,
    D: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, D>,
{
    fn to_be_signed(&self) -> &ToBeSigned {
        Prepared::to_be_signed(self)
    }

    fn finish(self: Box<Self>, value: Vec<u8>) -> Result<Finished, Error> {
        Ok(Finished::Cms(
            (*self).finish(SignatureValue::<RsaPkcs1v15>::new(value))?,
        ))
    }
}

/// A co-signature over the content of `existing` (attached) or `content` (detached).
pub(crate) fn cosign<P>(
    policy: &P,
    job: &Job<'_>,
    existing: &[u8],
    content: Option<Input>,
) -> Result<Box<dyn Pending>, Error>
where
    P: RuntimePolicy
        + ades_core::policy::PermitsPackaging<Cades, ades_core::policy::packaging::Attached>
        + ades_core::policy::PermitsPackaging<Cades, ades_core::policy::packaging::Detached>,
{
    let existing = SignedData::from_bytes(existing)?;
    let (source, head) = match content {
        Some(mut input) => {
            let head = input.head(512)?;
            (
                Some(ContentSource::Reader(input.into_reader()?)),
                Some(head),
            )
        }
        None => (None, None),
    };
    let format = match (
        &job.options.attributes.data_format,
        existing.content(),
        &head,
    ) {
        (Some(f), _, _) => f.clone(),
        (None, Some(c), _) => DataFormat::detect(None, c),
        (None, None, Some(h)) => DataFormat::detect(None, h),
        (None, None, None) => DataFormat::mime("application/octet-stream"),
    };
    let options = attributes(job, None)?;
    let builder = builder(policy, job, format, options).cosign(existing, source);
    prepare(policy, job, builder)
}

/// A counter-signature on the signature at `target` of `existing`.
pub(crate) fn countersign<P>(
    policy: &P,
    job: &Job<'_>,
    existing: &[u8],
    target: Vec<usize>,
) -> Result<Box<dyn Pending>, Error>
where
    P: RuntimePolicy + PermitsCounterSignature<Cades>,
{
    let existing = SignedData::from_bytes(existing)?;
    let options = attributes(job, None)?;
    let builder = CounterSignatureBuilder::new(policy.clone(), existing, target)
        .signer_certificate(job.certificate.clone(), job.chain.to_vec())
        .options(options);
    let step = CounterSigner {
        builder,
        time: job.plan.time,
    };
    Ok(policy.with_digest(job.options.digest, step)??)
}

struct CounterSigner<P> {
    builder: CounterSignatureBuilder<P, SigningCertificate>,
    time: OffsetDateTime,
}

impl<P: PermitsCounterSignature<Cades>> WithDigest<P> for CounterSigner<P> {
    type Output = Result<Box<dyn Pending>, ades_cades::CadesError>;

    fn run<D>(self) -> Self::Output
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        Ok(Box::new(self.builder.prepare::<D>(self.time)?))
    }
}
