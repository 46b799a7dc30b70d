//! `ades verify`: the validation report of every signature in a file (CAdES, or an RFC 3161
//! time-stamp token or response over a file).

use std::path::{Path, PathBuf};

use ades_cades::{CadesValidator, SignedData};
use ades_core::policy::PolicySelector;
use ades_core::time::OffsetDateTime;
use ades_core::validation::{DetachedContent, FileContent};
use ades_core::{ValidationReport, datetime, oid};
use ades_policy::known::KnownPolicy;
use ades_policy::{Recognised, known};
use ades_trust::ChainValidator;

use crate::cmd::verify_tst;
use crate::error::CliError;
use crate::output::read_file;
use crate::policy_args::PolicyHashArgs;
use crate::trust_args::TrustArgs;

/// Report formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// Human-readable text.
    Text,
    /// One JSON object.
    Json,
}

/// Options of `ades verify`.
#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    pub(crate) trust: TrustArgs,
    /// Demand this policy (madrid, age, age-1.8, facturae); by default the policy the
    /// signature names is applied when it is one we know, generic AdES rules otherwise.
    #[arg(long)]
    pub(crate) policy: Option<String>,
    #[command(flatten)]
    pub(crate) policy_hash: PolicyHashArgs,
    /// The signed (or time-stamped) content of a detached signature or token (default:
    /// SIGNATURE without its .csig/.p7s/.tst/.tsr suffix, if present).
    #[arg(long)]
    pub(crate) content: Option<PathBuf>,
    /// Validate as of this time (RFC 3339, e.g. 2026-01-31T12:00:00Z).
    #[arg(long)]
    pub(crate) at: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: ReportFormat,
    /// The signature file.
    pub(crate) signature: PathBuf,
}

/// Runs `ades verify`; the exit code is the worst indication (0 passed, 1 failed, 2 indeterminate).
pub(crate) fn run(args: &VerifyArgs) -> Result<u8, CliError> {
    let bytes = read_file(&args.signature)?;
    if looks_like(&bytes, b"%PDF") {
        return crate::cmd::verify_pades::run(args, bytes);
    }
    if looks_like(&bytes, b"<") {
        return crate::cmd::verify_xades::run(args, bytes);
    }
    let setup = VerifySetup::new(args)?;
    let name = args.signature.display().to_string();
    let content = args
        .content
        .clone()
        .or_else(|| guess_content(&args.signature, &bytes))
        .map(FileContent);
    if let Some(token) = verify_tst::as_time_stamp(&bytes) {
        let report = verify_tst::validate(
            &token,
            &name,
            content.as_ref().map(|c| c as &dyn DetachedContent),
            setup
                .chain()
                .map(|c| c as &dyn ades_core::validation::CertificateValidator),
            setup.at.unwrap_or_else(datetime::now),
        );
        print_report(&report, args.format)?;
        return Ok(report.worst().exit_code());
    }
    let mut cades = CadesValidator::new(setup.selector());
    if let Some(chain) = setup.chain() {
        cades = cades.certificate_validator(chain);
    }
    if let Some(c) = &content {
        cades = cades.detached_content(c);
    }
    if let Some(t) = setup.at {
        cades = cades.at(t);
    }
    let report = cades.validate(&bytes, &name)?;
    print_report(&report, args.format)?;
    Ok(report.worst().exit_code())
}

/// What every validation needs from the command line: the chain validator, the policy to
/// apply and the validation time.
pub(crate) struct VerifySetup {
    validator: ChainValidator,
    use_chain: bool,
    /// `--at`.
    pub(crate) at: Option<OffsetDateTime>,
    demanded: Option<KnownPolicy>,
    recognised: Recognised,
}

impl VerifySetup {
    pub(crate) fn new(args: &VerifyArgs) -> Result<Self, CliError> {
        let validator = args.trust.chain_validator(args.trust.store()?)?;
        let at = match &args.at {
            Some(text) => Some(datetime::parse_rfc3339(text).map_err(|e| {
                CliError::Usage(format!("--at {text}: not an RFC 3339 time ({e})"))
            })?),
            None => None,
        };
        let madrid = args.policy_hash.madrid()?;
        let demanded = match &args.policy {
            Some(name) => Some(known::by_name(name, &madrid).ok_or_else(|| {
                CliError::Usage(format!(
                    "unknown policy {name} (madrid, age, age-1.8, facturae)"
                ))
            })?),
            None => None,
        };
        Ok(VerifySetup {
            validator,
            use_chain: !args.trust.trust.is_empty(),
            at,
            demanded,
            recognised: Recognised::new(madrid),
        })
    }

    /// The policy rules to apply: the demanded policy, else the one a signature names.
    pub(crate) fn selector(&self) -> &dyn PolicySelector {
        match &self.demanded {
            Some(p) => p,
            None => &self.recognised,
        }
    }

    /// The certificate validator, when trust anchors were given.
    pub(crate) fn chain(&self) -> Option<&ChainValidator> {
        self.use_chain.then_some(&self.validator)
    }
}

pub(crate) fn print_report(
    report: &ValidationReport,
    format: ReportFormat,
) -> Result<(), CliError> {
    match format {
        ReportFormat::Json => {
            let text =
                serde_json::to_string_pretty(report).map_err(|e| CliError::Other(e.to_string()))?;
            println!("{text}");
        }
        ReportFormat::Text => print!("{report}"),
    }
    Ok(())
}

pub(crate) fn looks_like(bytes: &[u8], prefix: &[u8]) -> bool {
    let trimmed = bytes.trim_ascii_start();
    let trimmed = trimmed.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(trimmed);
    trimmed.starts_with(prefix)
}

/// For a detached signature or a time-stamp, the file beside it without the suffix.
fn guess_content(signature: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let needs_content = match SignedData::from_bytes(bytes) {
        Ok(sd) => sd.is_detached() || sd.content_type() == oid::ID_CT_TST_INFO,
        Err(_) => verify_tst::as_time_stamp(bytes).is_some(),
    };
    if !needs_content {
        return None;
    }
    let name = signature.to_str()?;
    [
        ".csig", ".p7s", ".p7m", ".sig", ".cms", ".cades", ".tst", ".tsr",
    ]
    .iter()
    .filter_map(|s| name.strip_suffix(s))
    .map(PathBuf::from)
    .find(|p| p.is_file())
    .inspect(|p| eprintln!("using {} as the signed content", p.display()))
}
