//! Madrid policy §3.6.4 b) and Annex I: the reference to the signer certificate (ESS
//! signing-certificate(-v2)) is mandatory. A builder that was never given
//! `.signer_certificate(..)` has neither `prepare` nor `sign`.

use ades_cades::CadesBuilder;
use ades_core::time::OffsetDateTime;
use ades_core::{DataFormat, RsaSoftwareKey, Sha256};
use ades_policy::MadridPolicy;

fn sign_without_certificate(key: &RsaSoftwareKey, at: OffsetDateTime) {
    let builder = || {
        CadesBuilder::new(MadridPolicy::default())
            .data_format(DataFormat::mime("text/plain"))
            .attached(b"document".to_vec())
    };
    let _ = builder().prepare::<Sha256>(at);
    let _ = builder().sign::<Sha256>(key, at);
}

fn main() {
    let _ = sign_without_certificate;
}
