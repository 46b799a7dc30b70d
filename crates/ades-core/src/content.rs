//! Content that is signed but not embedded: bytes, a stream hashed in bounded memory, or a
//! digest computed elsewhere.

use std::io::Read;

use crate::DigestAlgorithm;
use crate::digest::{digest, digest_reader};

/// Why the digest of detached content is not available.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ContentError {
    /// Reading the stream failed.
    #[error("reading the content: {0}")]
    Io(#[from] std::io::Error),
    /// A precomputed digest made with another algorithm than the signature's.
    #[error("the precomputed content digest is {given}, the signature needs {needed}")]
    DigestAlgorithm {
        /// The digest supplied.
        given: DigestAlgorithm,
        /// The digest needed.
        needed: DigestAlgorithm,
    },
}

/// Where detached content comes from.
pub enum ContentSource {
    /// The bytes.
    Bytes(Vec<u8>),
    /// A stream, hashed [`crate::digest::STREAM_BUFFER`] bytes at a time.
    Reader(Box<dyn Read + Send>),
    /// A digest computed elsewhere.
    Digest(DigestAlgorithm, Vec<u8>),
}

impl ContentSource {
    /// The digest of the content with `alg`.
    pub fn digest(self, alg: DigestAlgorithm) -> Result<Vec<u8>, ContentError> {
        match self {
            ContentSource::Bytes(b) => Ok(digest(alg, &b)),
            ContentSource::Reader(r) => Ok(digest_reader(alg, r)?),
            ContentSource::Digest(a, d) if a == alg => Ok(d),
            ContentSource::Digest(a, _) => Err(ContentError::DigestAlgorithm {
                given: a,
                needed: alg,
            }),
        }
    }
}

impl std::fmt::Debug for ContentSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ContentSource::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            ContentSource::Reader(_) => f.write_str("Reader"),
            ContentSource::Digest(a, _) => write!(f, "Digest({a})"),
        }
    }
}
