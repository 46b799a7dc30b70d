//! `ades verify`: the validation report of every signature in a file.

use std::path::{Path, PathBuf};

use ades_cades::{CadesValidator, SignedData};
use ades_core::policy::PolicySelector;
use ades_core::validation::FileContent;
use ades_core::{ValidationReport, datetime};
use ades_policy::{Recognised, known};
use ades_trust::{ChainValidator, Crl, RevocationChecker, TrustStore};
use ades_tsp::HttpTransport;

use crate::error::CliError;
use crate::output::read_file;
use crate::policy_args::PolicyHashArgs;
use crate::report_text;

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
    /// Trust anchor certificates (PEM/DER file or a directory); repeatable.
    #[arg(long)]
    pub(crate) trust: Vec<PathBuf>,
    /// Demand this policy (madrid, age, age-1.8, facturae); by default the policy the
    /// signature names is applied when it is one we know, generic AdES rules otherwise.
    #[arg(long)]
    pub(crate) policy: Option<String>,
    #[command(flatten)]
    pub(crate) policy_hash: PolicyHashArgs,
    /// The signed content of a detached signature (default: SIGNATURE without its .csig/.p7s suffix, if present).
    #[arg(long)]
    pub(crate) content: Option<PathBuf>,
    /// Validate as of this time (RFC 3339, e.g. 2026-01-31T12:00:00Z).
    #[arg(long)]
    pub(crate) at: Option<String>,
    /// CRL files to use for revocation checking (DER or PEM); repeatable.
    #[arg(long)]
    pub(crate) crl: Vec<PathBuf>,
    /// Do not contact OCSP responders, CRL distribution points or anything else on the network:
    /// revocation is checked only against the given CRLs.
    #[arg(long)]
    pub(crate) offline: bool,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: ReportFormat,
    /// The signature file.
    pub(crate) signature: PathBuf,
}

/// Runs `ades verify`; the exit code is the worst indication (0 passed, 1 failed, 2 indeterminate).
pub(crate) fn run(args: &VerifyArgs) -> Result<u8, CliError> {
    let bytes = read_file(&args.signature)?;
    if looks_like(&bytes, b"%PDF") || looks_like(&bytes, b"<") {
        return Err(CliError::Usage(format!(
            "{}: XAdES and PAdES validation are not available in this version yet",
            args.signature.display()
        )));
    }
    let mut store = TrustStore::new();
    for t in &args.trust {
        if t.is_dir() {
            store.add_directory(t)?;
        } else {
            store.add_file(t)?;
        }
    }
    let chain_validator =
        ChainValidator::new(store).with_revocation(revocation_checker(&args.crl, args.offline)?);
    let madrid = args.policy_hash.madrid()?;
    let demanded = match &args.policy {
        Some(name) => Some(known::by_name(name, &madrid).ok_or_else(|| {
            CliError::Usage(format!(
                "unknown policy {name} (madrid, age, age-1.8, facturae)"
            ))
        })?),
        None => None,
    };
    let recognised = Recognised::new(madrid);
    let selector: &dyn PolicySelector = match &demanded {
        Some(p) => p,
        None => &recognised,
    };
    let content = args
        .content
        .clone()
        .or_else(|| guess_content(&args.signature, &bytes));
    let content = content.map(FileContent);
    let mut validator = CadesValidator::new(selector);
    if !args.trust.is_empty() {
        validator = validator.certificate_validator(&chain_validator);
    }
    if let Some(c) = &content {
        validator = validator.detached_content(c);
    }
    if let Some(at) = &args.at {
        let t = datetime::parse_rfc3339(at)
            .map_err(|e| CliError::Usage(format!("--at {at}: not an RFC 3339 time ({e})")))?;
        validator = validator.at(t);
    }
    let report = validator.validate(&bytes, &args.signature.display().to_string())?;
    print_report(&report, args.format)?;
    Ok(report.worst().exit_code())
}

/// Revocation checking as the options ask: online (OCSP, then CRL distribution points) unless
/// `--offline`, always with the given CRL files.
pub(crate) fn revocation_checker(
    crls: &[PathBuf],
    offline: bool,
) -> Result<RevocationChecker, CliError> {
    let mut checker = if offline {
        RevocationChecker::offline()
    } else {
        RevocationChecker::online(Box::new(HttpTransport::new()))
    };
    for path in crls {
        let crl = Crl::from_bytes(&read_file(path)?)
            .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
        checker.add_crl(path.display().to_string(), crl);
    }
    Ok(checker)
}

fn print_report(report: &ValidationReport, format: ReportFormat) -> Result<(), CliError> {
    match format {
        ReportFormat::Json => {
            let text =
                serde_json::to_string_pretty(report).map_err(|e| CliError::Other(e.to_string()))?;
            println!("{text}");
        }
        ReportFormat::Text => print!("{}", report_text::render(report)),
    }
    Ok(())
}

fn looks_like(bytes: &[u8], prefix: &[u8]) -> bool {
    let trimmed = bytes.trim_ascii_start();
    let trimmed = trimmed.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(trimmed);
    trimmed.starts_with(prefix)
}

/// For a detached signature, the file beside it without the signature suffix.
fn guess_content(signature: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let detached = SignedData::from_bytes(bytes).ok()?.is_detached();
    if !detached {
        return None;
    }
    let name = signature.to_str()?;
    [".csig", ".p7s", ".p7m", ".sig", ".cms", ".cades"]
        .iter()
        .filter_map(|s| name.strip_suffix(s))
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .inspect(|p| eprintln!("using {} as the detached content", p.display()))
}
