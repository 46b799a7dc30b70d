//! `ades archive restamp`: renew the archived signatures whose newest time-stamp's TSA
//! certificate or hash algorithm ends within a window (policy §2.7): each gets one more
//! archive time-stamp (a document time-stamp for PDFs), or all of them are covered by
//! evidence records with a single TSA request (`--evidence-records`).

use std::path::{Path, PathBuf};

use ades::tsp::TsaClient;
use ades::{ExtendOptions, Input, Level};

use crate::error::CliError;
use crate::output::{note, print, read_file, write_atomically};

/// Options of `ades archive restamp`.
#[derive(Debug, clap::Args)]
pub(crate) struct RestampArgs {
    #[command(flatten)]
    tsa: crate::tsa_args::TsaArgs,
    #[command(flatten)]
    trust: crate::trust_args::TrustArgs,
    /// Renew what ends within this window: days (`90d`, `90`) or weeks (`12w`).
    #[arg(long, default_value = "90d", value_parser = window)]
    before: ades::core::time::Duration,
    /// Cover the files due with evidence records (one TSA request) instead of adding an
    /// archive time-stamp to each.
    #[arg(long)]
    evidence_records: bool,
    /// Only list what is due.
    #[arg(long)]
    dry_run: bool,
    /// Output folder (created if missing): renewed files keep their names.
    #[arg(short = 'o', long)]
    output: PathBuf,
    /// The signature files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Runs `ades archive restamp`.
pub(crate) fn run(args: &RestampArgs) -> Result<u8, CliError> {
    let now = ades::core::datetime::now();
    let digest = args.tsa.digest();
    let mut due = Vec::new();
    let mut listing = String::new();
    for file in &args.files {
        let bytes = read_file(file)?;
        match ades::renewal_due(&bytes, now, args.before, digest) {
            Ok(Some(why)) => {
                listing.push_str(&format!("due      {}: {why}\n", file.display()));
                due.push(file.clone());
            }
            Ok(None) => listing.push_str(&format!("not due  {}\n", file.display())),
            Err(e) => listing.push_str(&format!("skipped  {}: {e}\n", file.display())),
        }
    }
    print(&listing)?;
    if args.dry_run || due.is_empty() {
        note(&format!(
            "{} of {} file(s) due",
            due.len(),
            args.files.len()
        ));
        return Ok(0);
    }
    if args.evidence_records {
        let count =
            crate::cmd::archive::cover(&due, None, &args.tsa, &args.trust.network, &args.output)?;
        note(&format!(
            "{count} file(s) covered by evidence records under one time-stamp in {}",
            args.output.display()
        ));
        return Ok(0);
    }
    std::fs::create_dir_all(&args.output).map_err(|e| CliError::io(&args.output, e))?;
    let transport = args.trust.network.transport();
    let tsa = TsaClient::new(args.tsa.tsa.as_str(), &transport);
    let validator = args.trust.chain_validator(args.trust.store()?)?;
    let services = crate::trust_args::extension_services(&tsa, &validator);
    let options = ExtendOptions {
        digest,
        ..ExtendOptions::to(Level::Lta)
    };
    let bar = crate::progress::bar(due.len(), "re-stamping");
    for file in &due {
        bar.inc(1);
        let extended = ades::extend(Input::path(file), None, &options, &services)?;
        write_atomically(&output_of(file, &args.output)?, &extended.bytes, &[file])?;
    }
    bar.finish_and_clear();
    note(&format!(
        "{} file(s) re-stamped with an archive time-stamp ({digest}) into {}",
        due.len(),
        args.output.display()
    ));
    Ok(0)
}

fn output_of(file: &Path, output: &Path) -> Result<PathBuf, CliError> {
    file.file_name()
        .map(|n| output.join(n))
        .ok_or_else(|| CliError::Usage(format!("{}: not a file", file.display())))
}

/// `90d`, `90` (days) or `12w` (weeks).
fn window(text: &str) -> Result<ades::core::time::Duration, String> {
    let (number, unit) = match text.strip_suffix('w') {
        Some(n) => (n, 7),
        None => (text.strip_suffix('d').unwrap_or(text), 1),
    };
    number
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0 && *n <= 36_500)
        .map(|n| ades::core::time::Duration::days(n * unit))
        .ok_or_else(|| format!("`{text}`: a number of days (90d) or weeks (12w)"))
}
