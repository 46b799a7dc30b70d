//! Signature policies as types and as rule tables.
//!
//! [`MadridPolicy`] is the signature policy of the Madrid city council (OID
//! `2.16.724.1.8.1.1.1.1.0`, version 1.0 of 18 October 2012). As a type, its trait
//! implementations are the compile-time rules: only RSA with SHA-1 (deprecated), SHA-256 or
//! SHA-512 compiles (§3.5), the packagings of §3.2 are the only ones a builder accepts, and
//! PAdES has neither counter-signatures nor a data-format attribute (Annex I). As data, its
//! rule table ([`rules::MADRID`]) judges any parsed signature, ours or foreign.
//!
//! [`GenericAdes`] carries the format rules without a policy (what `ades verify` applies to
//! signatures naming no policy we know), and [`known`] lists the Spanish policies a
//! validator recognises: Madrid, the AGE framework policy v1.8 and v1.9, and Facturae 3.1.
//!
//! ```
//! use ades_policy::MadridPolicy;
//! use ades_core::Policy;
//!
//! let policy = MadridPolicy::default();
//! let identity = policy.policy_identity();
//! assert_eq!(identity.oid, Some(MadridPolicy::OID));
//! // The default SigPolicyHash is a documented stand-in (see MadridPolicy::DEFAULT_HASH_BASE64).
//! assert_eq!(identity.hash.value_base64(), MadridPolicy::DEFAULT_HASH_BASE64);
//! ```

pub mod csv;
mod facturae;
mod generic;
pub mod known;
mod madrid;
pub mod rules;
mod signing;

pub use facturae::FacturaePolicy;
pub use generic::GenericAdes;
pub use known::{KnownPolicy, Recognised};
pub use madrid::MadridPolicy;
pub use signing::{PolicyVisitor, SigningPolicy};
