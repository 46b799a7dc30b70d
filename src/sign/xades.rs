//! XAdES through the front door.

use ades_core::policy::format::Xades;
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsCounterSignature, RuntimePolicy, WithDigest,
};
use ades_core::{DataFormat, Policy, RsaPkcs1v15, SignatureValue, ToBeSigned};
use ades_tsp::TsaClient;
use ades_xades::{
    CounterSignatureBuilder, Packaging as XadesPackaging, Prepared, ProductionPlace,
    SigningCertificate, XadesBuilder, XadesOptions,
};
use time::OffsetDateTime;

use crate::error::Error;
use crate::sign::{Finished, Job, Pending};

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
        .signer_certificate(job.certificate.clone(), job.chain.to_vec())
        .data_format(format)
        .options(properties(job))
}

/// Fixes the signed properties and references with the digest the options name (with a
/// content time-stamp if asked).
pub(crate) fn prepare<P, K>(
    policy: &P,
    job: &Job<'_>,
    builder: XadesBuilder<P, SigningCertificate, DataFormat, K>,
) -> Result<Box<dyn Pending>, Error>
where
    P: RuntimePolicy,
    K: XadesPackaging,
{
    let step = NewSigner {
        builder,
        time: job.plan.time,
        content_tsa: job.content_tsa,
    };
    Ok(policy.with_digest(job.options.digest, step)??)
}

struct NewSigner<'a, P, K> {
    builder: XadesBuilder<P, SigningCertificate, DataFormat, K>,
    time: OffsetDateTime,
    content_tsa: Option<&'a TsaClient<'a>>,
}

impl<P: Policy, K: XadesPackaging> WithDigest<P> for NewSigner<'_, P, K> {
    type Output = Result<Box<dyn Pending>, ades_xades::Error>;

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
        Ok(Box::new(prepared))
    }
}

/// A prepared XAdES signature waits for its value.
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
        Ok(Finished::Xml(
            (*self).finish(SignatureValue::<RsaPkcs1v15>::new(value))?,
        ))
    }
}

/// A counter-signature on the signature at `target` of the XML `document`.
pub(crate) fn countersign<P>(
    policy: &P,
    job: &Job<'_>,
    document: Vec<u8>,
    target: Vec<usize>,
) -> Result<Box<dyn Pending>, Error>
where
    P: RuntimePolicy + PermitsCounterSignature<Xades>,
{
    let builder = CounterSignatureBuilder::new(policy.clone(), document, target)
        .signer_certificate(job.certificate.clone(), job.chain.to_vec())
        .options(properties(job));
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

impl<P: PermitsCounterSignature<Xades> + Policy> WithDigest<P> for CounterSigner<P> {
    type Output = Result<Box<dyn Pending>, ades_xades::Error>;

    fn run<D>(self) -> Self::Output
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        Ok(Box::new(self.builder.prepare::<D>(self.time)?))
    }
}
