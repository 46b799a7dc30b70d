//! PAdES through the front door: a detached CMS in the PDF, by incremental update.

use ades_core::policy::format::Pades;
use ades_core::policy::packaging::Detached;
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsPackaging, RuntimePolicy, WithDigest,
};
use ades_core::{Format, RsaPkcs1v15, Signer};
use ades_pades::{PadesBuilder, PadesOptions, SignedPdf, SignerCertificate, SourcePdf};
use ades_tsp::TsaClient;
use time::OffsetDateTime;

use crate::error::{Error, OptionsError};
use crate::sign::{Job, Signed};

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

/// Signs `source` (level T with the job's TSA): the dynamic content check (§3.1.1) and the
/// signer certificate's are the builder's.
pub(crate) fn sign<P>(policy: &P, job: &Job<'_>, source: SourcePdf) -> Result<Signed, Error>
where
    P: RuntimePolicy + PermitsPackaging<Pades, Detached>,
{
    let builder = PadesBuilder::new(policy.clone())
        .signer_certificate(
            job.identity.certificate().clone(),
            job.identity.chain().to_vec(),
        )
        .options(pades_options(job)?);
    let step = NewSigner {
        builder,
        source: &source,
        signer: job.identity.signer(),
        time: job.plan.time,
        tsa: job.signature_tsa(),
    };
    let signed = policy.with_digest(job.options.digest, step)??;
    Ok(Signed::pades(
        signed,
        source,
        job.plan.level,
        job.identity.certificate().subject_text(),
    ))
}

struct NewSigner<'a, P> {
    builder: PadesBuilder<P, SignerCertificate>,
    source: &'a SourcePdf,
    signer: &'a (dyn Signer + Send + Sync),
    time: OffsetDateTime,
    tsa: Option<&'a TsaClient<'a>>,
}

impl<P: PermitsPackaging<Pades, Detached>> WithDigest<P> for NewSigner<'_, P> {
    type Output = Result<SignedPdf, ades_pades::PadesError>;

    fn run<D>(self) -> Self::Output
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        self.builder
            .sign::<D>(self.source, self.signer, self.time, self.tsa)
    }
}
