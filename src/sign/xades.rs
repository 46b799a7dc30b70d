//! XAdES through the front door.

use ades_core::policy::format::Xades;
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsCounterSignature, RuntimePolicy, WithDigest,
};
use ades_core::{DataFormat, Policy, RsaPkcs1v15, Signer};
use ades_tsp::TsaClient;
use ades_xades::{
    CounterSignatureBuilder, Packaging as XadesPackaging, ProductionPlace, SigningCertificate,
    XadesBuilder, XadesOptions, XadesSignature,
};
use time::OffsetDateTime;

use crate::error::Error;
use crate::sign::{Job, Signed};

/// The signed properties the options ask for.
fn properties(job: &Job<'_>) -> XadesOptions {
    let attributes = &job.options.attributes;
    XadesOptions {
        place: attributes.place.as_ref().map(|p| ProductionPlace {
            city: p.city.clone(),
            country_name: p.country.clone(),
            ..ProductionPlace::default()
        }),
        claimed_roles: attributes.roles.clone(),
        commitment: attributes.commitment,
    }
}

/// A builder with the signer and the signed properties, ready for its content.
pub(crate) fn builder<P: Policy>(
    policy: &P,
    job: &Job<'_>,
    format: DataFormat,
) -> XadesBuilder<P, SigningCertificate, DataFormat> {
    XadesBuilder::new(policy.clone())
        .signer_certificate(
            job.identity.certificate().clone(),
            job.identity.chain().to_vec(),
        )
        .data_format(format)
        .options(properties(job))
}

/// Signs with the digest the options name (with a content time-stamp if asked), then adds
/// the signature time-stamp of level T.
pub(crate) fn finish<P, K>(
    policy: &P,
    job: &Job<'_>,
    builder: XadesBuilder<P, SigningCertificate, DataFormat, K>,
) -> Result<Signed, Error>
where
    P: RuntimePolicy,
    K: XadesPackaging,
{
    let step = NewSigner {
        builder,
        signer: job.identity.signer(),
        time: job.plan.time,
        content_tsa: job.content_tsa(),
    };
    let signature = policy.with_digest(job.options.digest, step)??;
    complete(job, signature)
}

fn complete(job: &Job<'_>, signature: XadesSignature) -> Result<Signed, Error> {
    let signature = match job.signature_tsa() {
        Some(tsa) => signature.with_signature_timestamp(tsa, job.options.digest)?,
        None => signature,
    };
    Ok(Signed::xades(
        signature,
        job.plan.level,
        job.plan.packaging,
        job.identity.certificate().subject_text(),
    ))
}

struct NewSigner<'a, P, K> {
    builder: XadesBuilder<P, SigningCertificate, DataFormat, K>,
    signer: &'a (dyn Signer + Send + Sync),
    time: OffsetDateTime,
    content_tsa: Option<&'a TsaClient<'a>>,
}

impl<P: Policy, K: XadesPackaging> WithDigest<P> for NewSigner<'_, P, K> {
    type Output = Result<XadesSignature, ades_xades::Error>;

    fn run<D>(self) -> Self::Output
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let prepared = match self.content_tsa {
            Some(tsa) => self
                .builder
                .prepare_with_content_timestamp::<D>(self.time, tsa)?,
            None => self.builder.prepare::<D>(self.time)?,
        };
        prepared.sign(self.signer)
    }
}

/// A counter-signature on the signature at `target` of the XML `document`.
pub(crate) fn countersign<P>(
    policy: &P,
    job: &Job<'_>,
    document: Vec<u8>,
    target: Vec<usize>,
) -> Result<Signed, Error>
where
    P: RuntimePolicy + PermitsCounterSignature<Xades>,
{
    let builder = CounterSignatureBuilder::new(policy.clone(), document, target)
        .signer_certificate(
            job.identity.certificate().clone(),
            job.identity.chain().to_vec(),
        )
        .options(properties(job));
    let step = CounterSigner {
        builder,
        signer: job.identity.signer(),
        time: job.plan.time,
    };
    let signature = policy.with_digest(job.options.digest, step)??;
    complete(job, signature)
}

struct CounterSigner<'a, P> {
    builder: CounterSignatureBuilder<P, SigningCertificate>,
    signer: &'a (dyn Signer + Send + Sync),
    time: OffsetDateTime,
}

impl<P: PermitsCounterSignature<Xades> + Policy> WithDigest<P> for CounterSigner<'_, P> {
    type Output = Result<XadesSignature, ades_xades::Error>;

    fn run<D>(self) -> Self::Output
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        self.builder.sign::<D>(self.signer, self.time)
    }
}
