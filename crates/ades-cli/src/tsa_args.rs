//! The time-stamp authority options of `timestamp`, `doc-timestamp`, `extend` and `archive`.
//! How long the TSA may take is `--network-timeout` (`crate::trust_args::NetworkArgs`): a
//! command flattens it beside these options, or gets it with its `TrustArgs`.

use ades::DigestAlgorithm;

use crate::values::DigestArg;

/// Which TSA to ask, and the digest of the imprint.
#[derive(Debug, clap::Args)]
pub(crate) struct TsaArgs {
    /// Time-stamp authority URL.
    #[arg(long)]
    pub(crate) tsa: String,
    /// Digest algorithm of the imprint.
    #[arg(long, value_enum, ignore_case = true, default_value = "sha256")]
    pub(crate) digest: DigestArg,
}

impl TsaArgs {
    /// The imprint's digest algorithm.
    pub(crate) fn digest(&self) -> DigestAlgorithm {
        self.digest.into()
    }
}
