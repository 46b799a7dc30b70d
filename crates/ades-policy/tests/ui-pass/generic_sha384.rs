//! Contrast with Madrid policy §3.5: without a signature policy (`GenericAdes`, plain
//! CAdES-BES) SHA-384 is a permitted digest, so the refusal in `ui/sha384_not_allowed.rs`
//! comes from the Madrid policy and not from the builder.

use ades_cades::{CadesBuilder, CadesSignature, Result};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DataFormat, RsaSoftwareKey, Sha384};
use ades_policy::GenericAdes;

#[allow(dead_code)]
fn sign_generic_sha384(
    certificate: Certificate,
    chain: Vec<Certificate>,
    key: &RsaSoftwareKey,
    at: OffsetDateTime,
) -> Result<CadesSignature> {
    CadesBuilder::new(GenericAdes)
        .signer_certificate(certificate, chain)
        .data_format(DataFormat::mime("text/plain"))
        .attached(b"document".to_vec())
        .sign::<Sha384>(key, at)
}

fn main() {}
