//! Trust anchors, chain building, path validation at a given time, and revocation.
//!
//! - [`TrustStore`]: anchors from PEM/DER files and directories;
//! - [`build_path`] / [`CertificatePath::validate_at`]: chain building from the certificates
//!   embedded in a signature plus the store, and RFC 5280 path validation at a time (signatures,
//!   validity, CA basic constraints and path length, keyCertSign, name chaining, unknown critical
//!   extensions), with a work budget against hostile input;
//! - [`Crl`], [`ocsp`]: CRLs and OCSP responses, parsed over their exact bytes and verified;
//! - [`RevocationChecker`]: OCSP from the certificate's AIA, then CRLs (given or from the CRL
//!   distribution points), over a pluggable `ades_core::transport::Transport`, cached;
//! - [`ChainValidator`]: all of it as the `ades_core::validation::CertificateValidator` every
//!   format crate uses, with the EN 319 102-1 sub-indications.
//!
//! - [`profiles`]: the Spanish certificate profiles of policy §4.1 (DNIe, FNMT-RCM, AC APE),
//!   recognised by their policy OIDs and reported.
//!
//! - [`tsl`]: ETSI TS 119 612 trusted lists, parsed unverified and accepted only through a
//!   [`tsl::TrustedListVerifier`] (the XAdES signature check `ades-xades` provides); a verified
//!   list gives the anchors of its services, each trusted only while the list shows its service
//!   trusted ([`TrustStore::add_trusted_list`], [`TrustStore::is_trusted_at`]).
//!
//! Not here yet: AIA certificate fetching.

mod collect;
mod crl;
mod name_constraints;
pub mod ocsp;
mod path;
pub mod profiles;
mod responder;
mod revocation;
pub mod shared_cache;
mod store;
pub mod tsl;
mod validator;

pub use ades_core::validation::CollectError;
pub use crl::{Crl, CrlError, MAX_CRL_ENTRIES, RevocationReason, RevokedEntry};
pub use path::{CertificatePath, MAX_PATH_LENGTH, PathError, build_path, build_path_at};
pub use revocation::{
    Evidence, MAX_CACHED, RevocationChecker, RevocationStats, RevocationStatus, StatusRequest,
    StatusSource,
};
#[cfg(feature = "redis")]
pub use shared_cache::RedisCache;
pub use shared_cache::SharedCache;
pub use store::{TrustError, TrustStore, TrustedPeriod};
pub use validator::ChainValidator;
