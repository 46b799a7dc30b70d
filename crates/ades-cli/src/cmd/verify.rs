//! `ades verify`: the validation report of every signature in a file (CAdES, XAdES, PAdES,
//! or an RFC 3161 time-stamp token or response over a file).

use std::path::{Path, PathBuf};

use ades::core::validation::{DetachedContent, FileContent};
use ades::policy::Recognised;
use ades::{Format, Input, PolicyChoice, ValidationOptions, ValidationReport};

use crate::error::CliError;
use crate::output::{note, print, read_file};
use crate::signing_args::PolicyHashArgs;
use crate::trust_args::TrustArgs;
use crate::values::DemandedPolicyArg;

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
    /// Demand this policy; by default the policy the signature names is applied when it is
    /// one we know, generic AdES rules otherwise.
    #[arg(long, value_enum, ignore_case = true)]
    pub(crate) policy: Option<DemandedPolicyArg>,
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
    let at = match &args.at {
        Some(text) => Some(
            ades::core::datetime::parse_rfc3339(text)
                .map_err(|e| CliError::Usage(format!("--at {text}: not an RFC 3339 time ({e})")))?,
        ),
        None => None,
    };
    let madrid = args.policy_hash.madrid()?;
    let policy = match args.policy {
        Some(demanded) => PolicyChoice::Demand(demanded.known(&madrid).ok_or_else(|| {
            CliError::Other(format!("the policy {demanded:?} could not be set up"))
        })?),
        None => PolicyChoice::Recognise(Recognised::new(madrid)),
    };
    let validator = args.trust.chain_validator(args.trust.store()?)?;
    let has_anchors = !args.trust.trust.is_empty() || !args.trust.trust_list.is_empty();
    let bytes = read_file(&args.signature)?;
    let content = match &args.content {
        Some(path) => Some(FileContent(path.clone())),
        None => guess_content(&args.signature, &bytes).map(FileContent),
    };
    let name = args.signature.display().to_string();
    let report = ades::validate(
        Input::bytes(bytes).named(name),
        &ValidationOptions {
            policy: Some(&policy),
            certificate_validator: has_anchors
                .then_some(&validator as &dyn ades::core::validation::CertificateValidator),
            detached_content: content.as_ref().map(|c| c as &dyn DetachedContent),
            at,
        },
    )?;
    print_report(&report, args.format)?;
    Ok(report.worst().exit_code())
}

/// Prints a report as text or JSON.
pub(crate) fn print_report(
    report: &ValidationReport,
    format: ReportFormat,
) -> Result<(), CliError> {
    match format {
        ReportFormat::Json => {
            let text =
                serde_json::to_string_pretty(report).map_err(|e| CliError::Other(e.to_string()))?;
            print(&format!("{text}\n"))
        }
        ReportFormat::Text => print(&report.to_string()),
    }
}

/// For a detached CAdES signature or a time-stamp, the file beside it without the suffix.
fn guess_content(signature: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let needs_content = match ades::sniff(bytes) {
        Some(Format::TimeStampToken) => true,
        Some(Format::Cades) => ades::cades::SignedData::from_bytes(bytes)
            .map(|sd| sd.is_detached())
            .unwrap_or(false),
        _ => false,
    };
    let name = signature.to_str().filter(|_| needs_content)?;
    let found = [
        ".csig", ".p7s", ".p7m", ".sig", ".cms", ".cades", ".tst", ".tsr",
    ]
    .iter()
    .filter_map(|s| name.strip_suffix(s))
    .map(PathBuf::from)
    .find(|p| p.is_file());
    if let Some(p) = &found {
        note(&format!("using {} as the signed content", p.display()));
    }
    found
}
