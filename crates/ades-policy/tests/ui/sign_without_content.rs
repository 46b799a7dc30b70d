//! Madrid policy §3.2.2 (CAdES packaging): the content is either attached (implicit, the
//! default) or detached (explicit). A builder that was given neither `.attached(..)` nor
//! `.detached(..)` has no content state the policy permits, so `prepare` and `sign` do not
//! compile.

use ades_cades::CadesBuilder;
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DataFormat, RsaSoftwareKey, Sha256};
use ades_policy::MadridPolicy;

fn sign_without_content(
    certificate: Certificate,
    chain: Vec<Certificate>,
    key: &RsaSoftwareKey,
    at: OffsetDateTime,
) {
    let builder = || {
        CadesBuilder::new(MadridPolicy::default())
            .signer_certificate(certificate.clone(), chain.clone())
            .data_format(DataFormat::mime("text/plain"))
    };
    let _ = builder().prepare::<Sha256>(at);
    let _ = builder().sign::<Sha256>(key, at);
}

fn main() {
    let _ = sign_without_content;
}
