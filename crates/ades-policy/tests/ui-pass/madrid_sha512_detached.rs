//! Madrid policy §3.5 and §3.2.2: RSA/SHA-512 with the content detached (explicit, for large
//! data) compiles, in one step (`sign`) and in two (`prepare`, then `sign`), and with the
//! optional calls in any order.

use ades_cades::{CadesBuilder, CadesSignature, ContentSource, Result};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DataFormat, RsaSoftwareKey, Sha512};
use ades_policy::MadridPolicy;

#[allow(dead_code)]
fn sign_detached(
    certificate: Certificate,
    chain: Vec<Certificate>,
    key: &RsaSoftwareKey,
    at: OffsetDateTime,
) -> Result<(CadesSignature, CadesSignature)> {
    let one_step = CadesBuilder::new(MadridPolicy::default())
        .detached(ContentSource::Bytes(b"large document".to_vec()))
        .data_format(DataFormat::mime("application/octet-stream"))
        .signer_certificate(certificate.clone(), chain.clone())
        .sign::<Sha512>(key, at)?;
    let prepared = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(certificate, chain)
        .data_format(DataFormat::mime("application/octet-stream"))
        .detached(ContentSource::Bytes(b"large document".to_vec()))
        .prepare::<Sha512>(at)?;
    let _bytes_for_a_remote_signer = prepared.to_be_signed();
    Ok((one_step, prepared.sign(key)?))
}

fn main() {}
