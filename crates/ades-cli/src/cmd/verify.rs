//! `ades verify`: the validation report of every signature in a file (CAdES, XAdES, PAdES,
//! or an RFC 3161 time-stamp token or response over a file), or of every file of a batch.

use std::path::{Path, PathBuf};

use ades::core::validation::{DetachedContent, FileContent};
use ades::policy::Recognised;
use ades::trust::ChainValidator;
use ades::{Format, Input, PolicyChoice, ValidationOptions, ValidationReport};

use crate::batch::BatchArgs;
use crate::error::CliError;
use crate::output::{note, print, write_atomically};
use crate::signing_args::PolicyHashArgs;
use crate::trust_args::TrustArgs;
use crate::values::DemandedPolicyArg;

/// Report formats of `--report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// Human-readable text.
    Text,
    /// One JSON object (schema: docs/reports.md).
    Json,
    /// The ETSI TS 119 102-2 XML validation report.
    EtsiXml,
    /// One self-contained HTML page.
    Html,
}

impl ReportFormat {
    /// The report in this format.
    pub(crate) fn render(self, report: &ValidationReport) -> String {
        match self {
            ReportFormat::Text => report.to_string(),
            ReportFormat::Json => {
                let json = ades::report::json(report);
                format!(
                    "{}\n",
                    serde_json::to_string_pretty(&json).unwrap_or_default()
                )
            }
            ReportFormat::EtsiXml => ades::report::etsi_xml(report),
            ReportFormat::Html => ades::report::html(report),
        }
    }

    /// The file suffix of a report in this format (`--report-dir`).
    fn suffix(self) -> &'static str {
        match self {
            ReportFormat::Text => "report.txt",
            ReportFormat::Json => "report.json",
            ReportFormat::EtsiXml => "report.xml",
            ReportFormat::Html => "report.html",
        }
    }
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
    /// SIGNATURE without its .csig/.p7s/.tst/.tsr suffix, if present). One signature only.
    #[arg(long)]
    pub(crate) content: Option<PathBuf>,
    /// Validate as of this time (RFC 3339, e.g. 2026-01-31T12:00:00Z).
    #[arg(long)]
    pub(crate) at: Option<String>,
    /// Report format (`--format` is the older name).
    #[arg(long = "report", alias = "format", value_enum, default_value = "text")]
    pub(crate) report: ReportFormat,
    /// Write the report to this file instead of standard output (one signature file only).
    #[arg(short = 'o', long, conflicts_with_all = ["json_lines", "report_dir"])]
    pub(crate) output: Option<PathBuf>,
    /// Write each file's report beside the others in this folder, as NAME.report.EXT.
    #[arg(long, value_name = "DIR", conflicts_with = "json_lines")]
    pub(crate) report_dir: Option<PathBuf>,
    /// One JSON report per line on standard output, for scripts (any number of files).
    #[arg(long)]
    pub(crate) json_lines: bool,
    #[command(flatten)]
    pub(crate) batch: BatchArgs,
    /// Also check this secure verification code (CSV, policy §4.1.2) against the file and its
    /// first signer, and record the result in the report (a `csv` check; exit 1 when it
    /// does not match). One file only.
    #[arg(long, requires = "csv_secret_file")]
    pub(crate) csv_code: Option<String>,
    /// The issuing body's CSV secret (with --csv-code).
    #[arg(long, value_name = "FILE", requires = "csv_code")]
    pub(crate) csv_secret_file: Option<PathBuf>,
    /// The issuing body named in the CSV (with --csv-code).
    #[arg(long, default_value = "Ayuntamiento de Madrid")]
    pub(crate) csv_issuer: String,
    /// Signature files, or folders whose signatures (.csig .p7s .p7m .xsig .xml .pdf .tst
    /// .tsr …) are all validated.
    #[arg(required_unless_present = "manifest")]
    pub(crate) signatures: Vec<PathBuf>,
}

/// What every validation of a run shares.
pub(crate) struct Verifier {
    policy: PolicyChoice,
    validator: ChainValidator,
    has_anchors: bool,
    at: Option<ades::core::time::OffsetDateTime>,
    content: Option<PathBuf>,
}

/// Runs `ades verify`; the exit code is the worst indication (0 passed, 1 failed, 2
/// indeterminate; 4 when a file could not be read).
pub(crate) fn run(args: &VerifyArgs) -> Result<u8, CliError> {
    let verifier = Verifier::new(args)?;
    let code = if args.batch.is_batch(&args.signatures) {
        if args.content.is_some() || args.output.is_some() || args.csv_code.is_some() {
            return Err(CliError::Usage(
                "--content, --csv-code and -o take one signature file; for many, use --report-dir or --json-lines"
                    .into(),
            ));
        }
        crate::cmd::verify_batch::run(args, &verifier)?
    } else {
        let path = args.signatures.first().map(PathBuf::as_path);
        let path = path.ok_or_else(|| CliError::Usage("no signature file given".into()))?;
        let (mut report, mut code) = verifier.verify(path);
        if let Some(csv) = &args.csv_code {
            code = crate::batch::worse(code, record_csv(args, csv, path, &mut report)?);
        }
        if let Some(text) = emit(args, &report, path)? {
            print(&text)?;
        }
        code
    };
    TrustArgs::warn_about_shared_cache(&verifier.validator);
    Ok(code)
}

/// Checks `--csv-code` against the file and its first signer, records the `csv` check in the
/// first signature's report, and returns the exit code it implies (1 when it does not match).
fn record_csv(
    args: &VerifyArgs,
    code: &str,
    path: &Path,
    report: &mut ValidationReport,
) -> Result<u8, CliError> {
    let Some(secret) = &args.csv_secret_file else {
        return Ok(0);
    };
    let signer = report
        .signatures
        .first()
        .map(|s| crate::cmd::csv::signer_name(&s.signer))
        .unwrap_or_default();
    let verdict = crate::cmd::csv::judge(secret, &args.csv_issuer, code, path, &signer)?;
    let (outcome, detail, exit) = match verdict {
        Ok(what) => (
            ades::core::Outcome::Passed,
            format!("the code {code} was {what}"),
            0,
        ),
        Err(e) => (
            ades::core::Outcome::Failed,
            format!("the code {code}: {e}"),
            1,
        ),
    };
    if let Some(first) = report.signatures.first_mut() {
        first.checks.push(ades::core::Check {
            name: ades::CheckId::Csv,
            scope: None,
            outcome,
            detail,
            rule: Some(ades::core::RuleRef::new(ades::MadridPolicy::NAME, "§4.1.2")),
            sub_indication: None,
        });
    }
    Ok(exit)
}

/// Writes one file's report where the options say: `-o` or `--report-dir` (written here),
/// or standard output (returned: a JSON line or the report, printed by the caller).
pub(crate) fn emit(
    args: &VerifyArgs,
    report: &ValidationReport,
    path: &Path,
) -> Result<Option<String>, CliError> {
    if args.json_lines {
        let line = serde_json::to_string(&ades::report::json(report))
            .map_err(|e| CliError::Other(e.to_string()))?;
        return Ok(Some(format!("{line}\n")));
    }
    let text = args.report.render(report);
    match (&args.output, &args.report_dir) {
        (Some(out), _) => write_atomically(out, text.as_bytes(), &[path]).map(|()| None),
        (None, Some(dir)) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "signature".into());
            let out = dir.join(format!("{name}.{}", args.report.suffix()));
            write_atomically(&out, text.as_bytes(), &[path]).map(|()| None)
        }
        (None, None) => Ok(Some(text)),
    }
}

impl Verifier {
    fn new(args: &VerifyArgs) -> Result<Self, CliError> {
        let at = match &args.at {
            Some(text) => Some(ades::core::datetime::parse_rfc3339(text).map_err(|e| {
                CliError::Usage(format!("--at {text}: not an RFC 3339 time ({e})"))
            })?),
            None => None,
        };
        let madrid = args.policy_hash.madrid()?;
        let policy = match args.policy {
            Some(demanded) => PolicyChoice::Demand(demanded.known(&madrid).ok_or_else(|| {
                CliError::Other(format!("the policy {demanded:?} could not be set up"))
            })?),
            None => PolicyChoice::Recognise(Recognised::new(madrid)),
        };
        Ok(Verifier {
            policy,
            validator: args.trust.chain_validator(args.trust.store()?)?,
            has_anchors: !args.trust.trust.is_empty() || !args.trust.trust_list.is_empty(),
            at,
            content: args.content.clone(),
        })
    }

    /// The report on one file and its exit code; a file that cannot be read gets a report
    /// saying so (and exit code 4).
    pub(crate) fn verify(&self, path: &Path) -> (ValidationReport, u8) {
        let name = path.display().to_string();
        let now = self.at.unwrap_or_else(ades::core::datetime::now);
        let unreadable = |e: std::io::Error| {
            let why = format!("the file could not be read: {e}");
            (ValidationReport::unreadable_file(name.clone(), why, now), 4)
        };
        let (input, content) = match read_head(path) {
            Err(e) => return unreadable(e),
            // A PDF is read by the library, in bounded memory when it is large; a file too
            // large to read into memory is refused by the library, unread.
            Ok(head)
                if ades::sniff(&head) == Some(Format::Pades)
                    || std::fs::metadata(path).is_ok_and(|m| m.len() > ades::MAX_IN_MEMORY) =>
            {
                (Input::path(path), None)
            }
            Ok(_) => {
                let bytes = match std::fs::read(path) {
                    Ok(b) => b,
                    Err(e) => return unreadable(e),
                };
                let content = match &self.content {
                    Some(path) => Some(FileContent(path.clone())),
                    None => guess_content(path, &bytes).map(FileContent),
                };
                (Input::bytes(bytes), content)
            }
        };
        let options = ValidationOptions {
            policy: Some(&self.policy),
            certificate_validator: self
                .has_anchors
                .then_some(&self.validator as &dyn ades::core::validation::CertificateValidator),
            detached_content: content.as_ref().map(|c| c as &dyn DetachedContent),
            at: self.at,
        };
        match ades::validate(input.named(name.clone()), &options) {
            Ok(report) => {
                let code = report.worst().exit_code();
                (report, code)
            }
            Err(e) => (
                ValidationReport::unreadable_file(name, e.to_string(), now),
                4,
            ),
        }
    }
}

/// The first KiB of a file (enough to recognise a PDF).
fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)?
        .take(1024)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// Whether a file found in a folder is taken as a signature to validate (by its suffix).
pub(crate) fn looks_like_signature(path: &Path) -> bool {
    const SUFFIXES: [&str; 12] = [
        "csig", "p7s", "p7m", "sig", "cms", "cades", "xsig", "xml", "xades", "pdf", "tst", "tsr",
    ];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(e)))
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
