//! Services a signature validator plugs in: X.509 validation of the signer certificate (the
//! EN 319 102-1 §5.2.6 building block, implemented by `ades-trust`) and access to detached
//! content.

use std::io;

use time::OffsetDateTime;

use crate::DigestAlgorithm;
use crate::certificate::Certificate;
use crate::report::CheckList;

/// Validates a signer certificate's chain, validity and status at a given time.
pub trait CertificateValidator {
    /// Records the checks of the X.509 validation of `signer` at `at`, building the chain
    /// from `pool` (certificates embedded in the signature) and the validator's own stores.
    /// Returns the chain that was validated, signer first, if one was built.
    fn validate_certificate(
        &self,
        signer: &Certificate,
        pool: &[Certificate],
        at: OffsetDateTime,
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
