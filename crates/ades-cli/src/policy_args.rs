//! Policy options shared by the commands.

use std::path::PathBuf;

use ades_core::{DigestAlgorithm, PolicyHash};
use ades_policy::MadridPolicy;

use crate::error::CliError;
use crate::output::read_file;

/// How the Madrid policy's SigPolicyHash is configured.
#[derive(Debug, clap::Args)]
pub(crate) struct PolicyHashArgs {
    /// Recompute the Madrid SigPolicyHash from this policy document (default: the documented
    /// stand-in, SHA-256 of the policy text).
    #[arg(long, conflicts_with = "policy_hash")]
    pub(crate) policy_document: Option<PathBuf>,
    /// The Madrid SigPolicyHash as ALG:BASE64 (e.g. sha256:RYnre5i/…).
    #[arg(long)]
    pub(crate) policy_hash: Option<String>,
    /// Digest algorithm for --policy-document.
    #[arg(long, default_value = "sha256")]
    pub(crate) policy_hash_alg: String,
}

impl PolicyHashArgs {
    /// The Madrid policy with the configured hash.
    pub(crate) fn madrid(&self) -> Result<MadridPolicy, CliError> {
        if let Some(doc) = &self.policy_document {
            let alg = parse_digest(&self.policy_hash_alg)?;
            return Ok(MadridPolicy::with_policy_document(alg, &read_file(doc)?));
        }
        if let Some(spec) = &self.policy_hash {
            let (alg, b64) = spec
                .split_once(':')
                .ok_or_else(|| CliError::Usage("--policy-hash takes ALG:BASE64".into()))?;
            let hash = PolicyHash::from_base64(parse_digest(alg)?, b64)
                .map_err(|_| CliError::Usage("--policy-hash: the value is not base64".into()))?;
            return Ok(MadridPolicy::with_policy_hash(hash));
        }
        Ok(MadridPolicy::default())
    }
}

/// A digest algorithm named on the command line.
pub(crate) fn parse_digest(name: &str) -> Result<DigestAlgorithm, CliError> {
    DigestAlgorithm::from_name(name)
        .ok_or_else(|| CliError::Usage(format!("unknown digest {name} (sha1, sha256, sha512)")))
}
