//! Trust anchors, chain building and path validation at a given time.
//!
//! This release holds the trust store (PEM/DER files, a directory of certificates), chain
//! building from the certificates embedded in a signature plus the store, and RFC 5280 path
//! validation at a given time (signatures, validity, CA basic constraints and path length,
//! keyCertSign, name chaining, unknown critical extensions), with a work budget against
//! hostile input. It implements `ades_core::validation::CertificateValidator`, so every format
//! crate uses it the same way.
//!
//! Not yet here (see the trust issue): revocation (CRL, OCSP), ETSI TS 119 612 trusted lists,
//! AIA fetching. Until then revocation is reported as not checked, which keeps a signature
//! INDETERMINATE rather than passing it unchecked.

mod path;
mod store;
mod validator;

pub use path::{CertificatePath, MAX_PATH_LENGTH, PathError, build_path};
pub use store::{TrustError, TrustStore};
pub use validator::ChainValidator;
