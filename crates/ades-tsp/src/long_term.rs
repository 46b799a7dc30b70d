//! What extending a signature to a long-term level uses besides the signature itself: the
//! source of validation data, the time-stamp authority, and the signed content when an
//! archive time-stamp must cover detached data. Shared by the format crates.

use ades_core::DigestAlgorithm;
use ades_core::time::OffsetDateTime;
use ades_core::validation::{DetachedContent, ValidationDataSource};

use crate::TsaClient;

/// What long-term extension uses besides the signature.
#[derive(Clone, Copy)]
pub struct LongTermServices<'a> {
    /// Chains and revocation information (e.g. `ades_trust::ChainValidator`, online).
    pub source: &'a dyn ValidationDataSource,
    /// The time-stamp authority (signature time-stamps where missing, archive time-stamps).
    pub tsa: &'a TsaClient<'a>,
    /// The digest of new time-stamps' imprints and of the archive hash index.
    pub digest: DigestAlgorithm,
    /// The current time.
    pub now: OffsetDateTime,
    /// The signed content of a detached signature (an archive time-stamp covers it).
    pub content: Option<&'a dyn DetachedContent>,
}
