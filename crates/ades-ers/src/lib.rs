//! RFC 4998 evidence records for the `ades` workspace: the archive preservation of policy
//! §2.7 ("archivado y custodia") at the cost of one time-stamp for any number of documents.
//!
//! * [`create`]: one record per data object, all under one time-stamp over a hash tree;
//! * [`Verifier::verify`]: a record against its data object, every renewal and time-stamp;
//! * [`renew_timestamps`] and [`renew_hash_trees`]: renewal of many records with one
//!   time-stamp (RFC 4998 §5.2);
//! * [`EvidenceRecord`]: reading (others' records, DSS's among them) and writing the syntax.
//!
//! See `docs/archive.md` in the repository.

mod create;
mod renew;
mod syntax;
mod tree;
mod verify;
mod xml;

pub use create::{Batch, create};
pub use renew::{
    StampSource, renew_hash_trees, renew_hash_trees_with, renew_timestamps, renew_timestamps_with,
};
pub use syntax::{ArchiveTimeStamp, Chain, EvidenceRecord};
pub use verify::Verifier;
pub use xml::XML_ERS;

/// What can go wrong reading, making or renewing a record.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not an evidence record.
    #[error("not an RFC 4998 evidence record: {0}")]
    Malformed(String),
    /// Something this version does not do.
    #[error("not supported: {0}")]
    Unsupported(String),
    /// The time-stamp authority failed.
    #[error("time-stamp authority: {0}")]
    Tsa(#[from] ades_tsp::TspError),
    /// Reading a data object failed.
    #[error("reading a data object: {0}")]
    Io(#[from] std::io::Error),
}

impl From<ades_core::ber::BerError> for Error {
    fn from(e: ades_core::ber::BerError) -> Self {
        Error::Malformed(e.to_string())
    }
}

impl From<ades_core::Error> for Error {
    fn from(e: ades_core::Error) -> Self {
        Error::Malformed(e.to_string())
    }
}

/// This crate's results.
pub type Result<T> = std::result::Result<T, Error>;
