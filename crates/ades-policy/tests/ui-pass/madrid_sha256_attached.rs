//! Madrid policy §3.5 and §3.2.2: RSA/SHA-256 with the content attached (implicit, the
//! policy's default CAdES packaging) compiles once every mandatory part is given (signer
//! certificate, data format, content).

use ades_cades::{CadesBuilder, CadesSignature, Result};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DataFormat, RsaSoftwareKey, Sha256};
use ades_policy::MadridPolicy;

#[allow(dead_code)]
fn sign_attached(
    certificate: Certificate,
    chain: Vec<Certificate>,
    key: &RsaSoftwareKey,
    at: OffsetDateTime,
) -> Result<CadesSignature> {
    CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(certificate, chain)
        .data_format(DataFormat::mime("application/pdf"))
        .claimed_role("emisor")
        .attached(b"document".to_vec())
        .sign::<Sha256>(key, at)
}

fn main() {}
