//! Services a signature validator plugs in: X.509 validation of the signer certificate (the
//! EN 319 102-1 §5.2.6 building block, implemented by `ades-trust`) and access to detached
//! content.

use std::io;

use time::OffsetDateTime;

use crate::DigestAlgorithm;
use crate::certificate::Certificate;
use crate::report::CheckList;

/// The times an X.509 validation is made at (EN 319 102-1 §5.2.6, §5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationTime {
    /// When the certificate must have been valid: the best signature time (the oldest valid
    /// signature time-stamp), or the validation time when nothing proves an earlier one.
    pub at: OffsetDateTime,
    /// Whether `at` is proven by a time-stamp (a proof of existence) rather than assumed.
    pub proven: bool,
    /// The current time (or `--at`), against which revocation data must be fresh.
    pub now: OffsetDateTime,
}

impl ValidationTime {
    /// Validation at `now`, with no proof of an earlier signing time.
    pub fn now(now: OffsetDateTime) -> Self {
        ValidationTime {
            at: now,
            proven: false,
            now,
        }
    }

    /// Validation at a proven time `at` (a time-stamp), with revocation data fresh at `now`.
    pub fn proven(at: OffsetDateTime, now: OffsetDateTime) -> Self {
        ValidationTime {
            at,
            proven: true,
            now,
        }
    }
}

/// Validates a signer certificate's chain, validity and status at a given time.
pub trait CertificateValidator {
    /// Records the checks of the X.509 validation of `signer` at `time`, building the chain
    /// from `pool` (certificates embedded in the signature) and the validator's own stores.
    /// Returns the chain that was validated, signer first, if one was built.
    fn validate_certificate(
        &self,
        signer: &Certificate,
        pool: &[Certificate],
        time: &ValidationTime,
        checks: &mut CheckList,
    ) -> Vec<Certificate>;
}

/// Detached content a validator hashes (possibly several times, once per digest algorithm).
pub trait DetachedContent {
    /// The digest of the content with `algorithm`.
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>>;
}

impl DetachedContent for [u8] {
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>> {
        Ok(crate::digest::digest(algorithm, self))
    }
}

impl DetachedContent for Vec<u8> {
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>> {
        Ok(crate::digest::digest(algorithm, self))
    }
}

/// Detached content in a file, streamed from disk each time it is hashed.
#[derive(Debug, Clone)]
pub struct FileContent(pub std::path::PathBuf);

impl DetachedContent for FileContent {
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>> {
        crate::digest::digest_reader(algorithm, std::fs::File::open(&self.0)?)
    }
}
