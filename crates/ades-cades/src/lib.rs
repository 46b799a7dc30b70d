//! CAdES signatures (ETSI TS 101 733 v1.7.3, EN 319 122-1 B-B) over CMS `SignedData`
//! (RFC 5652): creation with every attribute of the Madrid policy's Annex I, attached or
//! detached, parallel co-signatures and serial counter-signatures, and validation into an
//! EN 319 102-1 report.
//!
//! The crate is generic over the signature policy: [`CadesBuilder<P>`] only accepts the
//! algorithms and packagings `P` permits. The policies themselves live in `ades-policy`.

mod algorithm_protection;
mod archive;
mod archive_v2;
pub mod attributes;
mod builder;
mod error;
mod evidence;
mod extend;
mod extended;
mod long_term;
mod timestamps;
mod validate;

pub use ades_core::cms::{
    MAX_COUNTER_SIGNATURE_DEPTH, MAX_SIGNERS, SignedData, SignerId, SignerInfo,
};
pub use ades_tsp::LongTermServices;
pub use builder::{
    Attached, CadesBuilder, CadesSignature, CoSign, CommitmentType, ContentSource, ContentState,
    CounterSignatureBuilder, Detached, NoCertificate, NoContent, NoDataFormat, Prepared,
    SignatureOptions, SigningCertificate, check_signer_certificate, prepare_external_digest,
};
pub use error::{CadesError, CertificateProblem, Result};
pub use extend::{TimestampScope, add_signature_timestamps};
pub use extended::{extend_to_a, extend_to_form};
pub use long_term::{Extension, embedded, extend_to_lt, extend_to_lta};
pub use validate::{CadesValidator, Container};
