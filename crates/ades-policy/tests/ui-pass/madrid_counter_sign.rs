//! Madrid policy §3.6.6 and Annex I: counter-signatures are permitted in CAdES
//! (`PermitsCounterSignature<Cades>`), so a counter-signature builder under the policy
//! compiles.

use ades_cades::{CadesSignature, CounterSignatureBuilder, Result, SignedData};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, RsaSoftwareKey, Sha256};
use ades_policy::MadridPolicy;

#[allow(dead_code)]
fn counter_sign(
    existing: SignedData,
    certificate: Certificate,
    chain: Vec<Certificate>,
    key: &RsaSoftwareKey,
    at: OffsetDateTime,
) -> Result<CadesSignature> {
    CounterSignatureBuilder::new(MadridPolicy::default(), existing, vec![0])
        .signer_certificate(certificate, chain)
        .sign::<Sha256>(key, at)
}

fn main() {}
