//! Madrid policy §3.5 (algorithms): RSA with SHA-1, SHA-256 or SHA-512 only. SHA-384 has no
//! `AllowedDigest<MadridPolicy>` implementation, so a CAdES builder under the policy cannot
//! be prepared with it.

use ades_cades::CadesBuilder;
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DataFormat, Sha384};
use ades_policy::MadridPolicy;

fn prepare_with_sha384(certificate: Certificate, chain: Vec<Certificate>, at: OffsetDateTime) {
    let _ = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(certificate, chain)
        .data_format(DataFormat::mime("text/plain"))
        .attached(b"document".to_vec())
        .prepare::<Sha384>(at);
}

fn main() {
    let _ = prepare_with_sha384;
}
