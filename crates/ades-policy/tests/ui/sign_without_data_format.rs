//! Madrid policy §3.6.4 d) and Annex I: the format of the signed object (CAdES
//! content-hints) is mandatory. A builder that was never given `.data_format(..)` has
//! neither `prepare` nor `sign`.

use ades_cades::CadesBuilder;
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, RsaSoftwareKey, Sha256};
use ades_policy::MadridPolicy;

fn sign_without_data_format(
    certificate: Certificate,
    chain: Vec<Certificate>,
    key: &RsaSoftwareKey,
    at: OffsetDateTime,
) {
    let builder = || {
        CadesBuilder::new(MadridPolicy::default())
            .signer_certificate(certificate.clone(), chain.clone())
            .attached(b"document".to_vec())
    };
    let _ = builder().prepare::<Sha256>(at);
    let _ = builder().sign::<Sha256>(key, at);
}

fn main() {
    let _ = sign_without_data_format;
}
