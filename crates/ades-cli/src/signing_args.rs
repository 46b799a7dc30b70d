//! The options every signing command shares: the key, the policy, the digest, the level, the
//! optional signed attributes and the trust used for the checks before signing.

use crate::attribute_args::AttributeArgs;
use crate::creation_checks::check_before_signing;
use crate::error::CliError;
use crate::keys::{KeyArgs, SignerMaterial};
use crate::policy_args::PolicyHashArgs;
use crate::trust_args::TrustArgs;

/// Options of `sign`, `cosign` and `countersign`.
#[derive(Debug, clap::Args)]
pub(crate) struct SigningArgs {
    #[command(flatten)]
    pub(crate) key: KeyArgs,
    /// Signature policy: madrid (EPES, the default) or none (BES, no policy identifier).
    #[arg(long, default_value = "madrid")]
    pub(crate) policy: String,
    #[command(flatten)]
    pub(crate) policy_hash: PolicyHashArgs,
    /// Digest algorithm: sha256 (default), sha512, or sha1 (allowed by the policy but deprecated).
    #[arg(long, default_value = "sha256")]
    pub(crate) digest: String,
    /// Level: EPES/B (default), BES, or T (with --tsa, `sign` only).
    #[arg(long)]
    pub(crate) level: Option<String>,
    #[command(flatten)]
    pub(crate) attributes: AttributeArgs,
    #[command(flatten)]
    pub(crate) trust: TrustArgs,
}

impl SigningArgs {
    /// Loads the signer's key and certificates and checks them before signing (policy
    /// §3.6.2): a failure stops here, warnings are printed.
    pub(crate) fn load_checked(&self) -> Result<SignerMaterial, CliError> {
        let material = self.key.load()?;
        for warning in check_before_signing(&material, &self.trust)? {
            eprintln!("warning: {warning}");
        }
        Ok(material)
    }
}
