//! Madrid policy §3.5: SHA-1 is deprecated but still allowed, so with the deprecation
//! acknowledged (`#[allow(deprecated)]`) a SHA-1 signature under the policy compiles.
//! Compare `ui/sha1_is_deprecated.rs`.

use ades_cades::{CadesBuilder, CadesSignature, Result};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DataFormat, RsaSoftwareKey};
use ades_policy::MadridPolicy;

#[allow(dead_code, deprecated)]
fn sign_sha1(
    certificate: Certificate,
    chain: Vec<Certificate>,
    key: &RsaSoftwareKey,
    at: OffsetDateTime,
) -> Result<CadesSignature> {
    CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(certificate, chain)
        .data_format(DataFormat::mime("text/plain"))
        .attached(b"document".to_vec())
        .sign::<ades_core::Sha1>(key, at)
}

fn main() {}
