//! The options every signing command shares: the key, the policy, the digest, the level, the
//! optional signed attributes and the trust used for the checks before signing.

use std::path::PathBuf;

use ades::core::PolicyHash;
use ades::{DigestAlgorithm, MadridPolicy, SignerIdentity, SigningOptions};

use crate::attribute_args::AttributeArgs;
use crate::error::CliError;
use crate::keys::KeyArgs;
use crate::output::read_file;
use crate::trust_args::TrustArgs;
use crate::values::{DigestArg, LevelArg, PolicyArg, XTypeArg};

/// Options of `sign`, `cosign` and `countersign`.
#[derive(Debug, clap::Args)]
pub(crate) struct SigningArgs {
    #[command(flatten)]
    pub(crate) key: KeyArgs,
    /// Signature policy (madrid: EPES; none: BES).
    #[arg(long, value_enum, ignore_case = true, default_value = "madrid")]
    pub(crate) policy: PolicyArg,
    #[command(flatten)]
    pub(crate) policy_hash: PolicyHashArgs,
    /// Digest algorithm (the policy must allow it: the Madrid policy allows sha1, deprecated,
    /// sha256 and sha512, §3.5).
    #[arg(long, value_enum, ignore_case = true, default_value = "sha256")]
    pub(crate) digest: DigestArg,
    /// Level: B (EPES under a policy, BES without; the default), BES, EPES, T (with --tsa;
    /// the default when --tsa is given), LT, LTA, or the policy's C, X, XL, A (with --tsa and
    /// --trust: the validation data is gathered online).
    #[arg(long, value_enum, ignore_case = true)]
    pub(crate) level: Option<LevelArg>,
    /// The -X time-stamp at the levels X, XL and A: 1 over the signature and the references,
    /// 2 over the references alone.
    #[arg(long, value_enum, default_value = "1")]
    pub(crate) x_type: XTypeArg,
    #[command(flatten)]
    pub(crate) attributes: AttributeArgs,
    #[command(flatten)]
    pub(crate) trust: TrustArgs,
}

impl SigningArgs {
    /// The library's options for a signature of `format`; `--tsa` without `--level` makes T.
    pub(crate) fn options(
        &self,
        format: ades::Format,
        has_tsa: bool,
    ) -> Result<SigningOptions, CliError> {
        let level = match (self.level, has_tsa) {
            (Some(l), _) => l.into(),
            (None, true) => ades::Level::T,
            (None, false) => ades::Level::B,
        };
        Ok(SigningOptions {
            format,
            level,
            policy: self.policy.policy(self.policy_hash.madrid()?),
            digest: self.digest.into(),
            attributes: self.attributes.attributes(),
            x_timestamp: self.x_type.into(),
            ..SigningOptions::default()
        })
    }

    /// The signer, loaded and checked against its certificate.
    pub(crate) fn identity(&self) -> Result<SignerIdentity, CliError> {
        self.key.load()
    }
}

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
    #[arg(long, value_enum, ignore_case = true, default_value = "sha256")]
    pub(crate) policy_hash_alg: DigestArg,
}

impl PolicyHashArgs {
    /// The Madrid policy with the configured hash.
    pub(crate) fn madrid(&self) -> Result<MadridPolicy, CliError> {
        if let Some(doc) = &self.policy_document {
            let alg: DigestAlgorithm = self.policy_hash_alg.into();
            return Ok(MadridPolicy::with_policy_document(alg, &read_file(doc)?));
        }
        if let Some(spec) = &self.policy_hash {
            let (alg, b64) = spec
                .split_once(':')
                .ok_or_else(|| CliError::Usage("--policy-hash takes ALG:BASE64".into()))?;
            let alg = DigestAlgorithm::from_name(alg).ok_or_else(|| {
                CliError::Usage(format!(
                    "--policy-hash: unknown digest {alg} (sha1, sha256, sha384, sha512)"
                ))
            })?;
            let hash = PolicyHash::from_base64(alg, b64)
                .map_err(|_| CliError::Usage("--policy-hash: the value is not base64".into()))?;
            return Ok(MadridPolicy::with_policy_hash(hash));
        }
        Ok(MadridPolicy::default())
    }
}
