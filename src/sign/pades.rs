//! PAdES through the front door: a detached CMS in the PDF, by incremental update.

use ades_core::policy::format::Pades;
use ades_core::policy::packaging::Detached;
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsPackaging, RuntimePolicy, WithDigest,
};
use ades_core::{Format, Policy, RsaPkcs1v15, SignatureValue, ToBeSigned};
use ades_pades::{PadesBuilder, PadesOptions, PreparedPdf, SignerCertificate, SourcePdf};
use time::OffsetDateTime;

use crate::error::{Error, OptionsError};
use crate::sign::{Finished, Job, Pending};

/// The signature dictionary, appearance and CMS attributes the options ask for; what PAdES
/// does not have (policy Annex I) is refused.
fn pades_options(job: &Job<'_>) -> Result<PadesOptions, Error> {
    let options = job.options;
    let attributes = &options.attributes;
    let refuse = |option| {
        Err(OptionsError::NotApplicable {
            option,
            format: Format::Pades,
        }
        .into())
    };
    if attributes.data_format.is_some() {
        return refuse("a data format (content-hints is not permitted in PAdES, Annex I)");
    }
    if options.content_timestamp {
        return refuse("a content time-stamp");
    }
    if attributes
        .place
        .as_ref()
        .is_some_and(|p| p.country.is_some())
    {
        return refuse("a country (the place is one /Location text)");
    }
    let pdf = &options.pdf;
    Ok(PadesOptions {
        location: attributes.place.as_ref().and_then(|p| p.city.clone()),
        reason: pdf.reason.clone(),
        contact_info: pdf.contact_info.clone(),
        name: pdf.name.clone(),
        claimed_roles: attributes.roles.clone(),
        commitment: attributes.commitment,
        appearance: pdf.appearance.clone(),
        field_name: pdf.field_name.clone(),
        allow_dynamic_content: pdf.allow_dynamic_content,
        contents_size: pdf.contents_size,
        expect_timestamp: job.plan.timestamp,
    })
}

/// Prepares the signature of `source`: the dynamic content check (§3.1.1), the signer
/// certificate's, the new revision with its placeholder, the byte ranges' digest and the
/// CMS's signed attributes.
pub(crate) fn prepare<P>(
    policy: &P,
    job: &Job<'_>,
    source: SourcePdf,
) -> Result<Box<dyn Pending>, Error>
where
    P: RuntimePolicy + PermitsPackaging<Pades, Detached>,
{
    let builder = PadesBuilder::new(policy.clone())
        .signer_certificate(job.certificate.clone(), job.chain.to_vec())
        .options(pades_options(job)?);
    let step = NewSigner {
        builder,
        source,
        time: job.plan.time,
    };
    Ok(policy.with_digest(job.options.digest, step)??)
}

struct NewSigner<P> {
    builder: PadesBuilder<P, SignerCertificate>,
    source: SourcePdf,
    time: OffsetDateTime,
}

impl<P: PermitsPackaging<Pades, Detached>> WithDigest<P> for NewSigner<P> {
    type Output = Result<Box<dyn Pending>, ades_pades::PadesError>;

    fn run<D>(self) -> Self::Output
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let prepared = self.builder.prepare::<D>(&self.source, self.time)?;
        Ok(Box::new(PdfPending {
            prepared,
            source: self.source,
        }))
    }
}

/// A prepared PAdES signature and the document it goes into.
struct PdfPending<P, D> {
    prepared: PreparedPdf<P, D>,
    source: SourcePdf,
}

impl<P, D> Pending for PdfPending<P, D>
where
    P: Policy,
    D: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, D>,
{
    fn to_be_signed(&self) -> &ToBeSigned {
        self.prepared.to_be_signed()
    }

    fn finish(self: Box<Self>, value: Vec<u8>) -> Result<Finished, Error> {
        let signature = self
            .prepared
            .finish(SignatureValue::<RsaPkcs1v15>::new(value))?;
        Ok(Finished::Pdf(Box::new((signature, self.source))))
    }
}
