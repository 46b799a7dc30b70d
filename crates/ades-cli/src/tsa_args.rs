//! The time-stamp authority options of `timestamp`, `doc-timestamp` and `extend`.

use ades_core::DigestAlgorithm;

use crate::error::CliError;
use crate::policy_args::parse_digest;

/// Which TSA to ask, and the digest of the imprint.
#[derive(Debug, clap::Args)]
pub(crate) struct TsaArgs {
    /// Time-stamp authority URL.
    #[arg(long)]
    pub(crate) tsa: String,
    /// Digest algorithm of the imprint.
    #[arg(long, default_value = "sha256")]
    pub(crate) digest: String,
}

impl TsaArgs {
    /// The imprint's digest algorithm.
    pub(crate) fn digest(&self) -> Result<DigestAlgorithm, CliError> {
        parse_digest(&self.digest)
    }
}
