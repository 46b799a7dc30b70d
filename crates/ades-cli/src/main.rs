//! `ades`: sign, co-sign, counter-sign, verify and inspect advanced electronic signatures
//! under the signature policy of the Madrid city council.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod attribute_args;
mod batch;
mod cmd;
mod error;
mod keys;
mod output;
mod pades_args;
mod progress;
mod secrets;
mod signing_args;
mod token_keys;
mod trust_args;
mod tsa_args;
mod values;

/// Advanced electronic signatures (CAdES, XAdES, PAdES) under the Madrid city council signature
/// policy (OID 2.16.724.1.8.1.1.1.1.0).
///
/// Exit codes: 0 success / TOTAL-PASSED, 1 TOTAL-FAILED, 2 INDETERMINATE, 3 usage error,
/// 4 input/output or processing error.
#[derive(Debug, Parser)]
#[command(name = "ades", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Make the test PKI, sign a sample document attached and detached, validate both.
    Demo(cmd::demo::DemoArgs),
    /// Sign a file (EPES under the Madrid policy by default: CAdES, or --format xades|pades).
    Sign(Box<cmd::sign::SignArgs>),
    /// Add a parallel signature to an existing CAdES or XAdES (internally detached) signature.
    Cosign(Box<cmd::multi::MultiArgs>),
    /// Counter-sign a signature of an existing CAdES or XAdES file (not PAdES: Annex I).
    Countersign(Box<cmd::multi::MultiArgs>),
    /// Extend anyone's signatures: to LT or LTA (validation data, archive time-stamp) in every
    /// format; CAdES and XAdES also to T and to the policy's C, X, XL, A (§4.3).
    Extend(cmd::extend::ExtendArgs),
    /// Evidence records (RFC 4998) for an archive (policy §2.7): create, verify, renew.
    #[command(subcommand)]
    Archive(cmd::archive::ArchiveCommand),
    /// Get an RFC 3161 time-stamp token over a file.
    Timestamp(cmd::timestamp::TimestampArgs),
    /// Append a PAdES document time-stamp to a PDF (by incremental update).
    DocTimestamp(cmd::doc_timestamp::DocTimestampArgs),
    /// Validate every signature of a file, or of many files, and report (exit 0 passed, 1
    /// failed, 2 indeterminate, 4 a file could not be read: the worst over a batch).
    Verify(Box<cmd::verify::VerifyArgs>),
    /// Secure verification codes (policy §4.1.2): make one for a document, check one.
    #[command(subcommand)]
    Csv(cmd::csv::CsvCommand),
    /// Show the structure of a signature without judging it.
    Inspect(cmd::inspect::InspectArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { error::EXIT_USAGE } else { 0 });
        }
    };
    let result = match &cli.command {
        Command::Demo(a) => cmd::demo::run(a),
        Command::Sign(a) => cmd::sign::run(a),
        Command::Cosign(a) => cmd::multi::run(a, cmd::multi::Operation::CoSign),
        Command::Countersign(a) => cmd::multi::run(a, cmd::multi::Operation::CounterSign),
        Command::Extend(a) => cmd::extend::run(a),
        Command::Timestamp(a) => cmd::timestamp::run(a),
        Command::Archive(a) => cmd::archive::run(a),
        Command::DocTimestamp(a) => cmd::doc_timestamp::run(a),
        Command::Verify(a) => cmd::verify::run(a),
        Command::Inspect(a) => cmd::inspect::run(a),
        Command::Csv(c) => cmd::csv::run(c),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            output::note(&format!("ades: error: {e}"));
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                output::note(&format!("  caused by: {s}"));
                source = s.source();
            }
            if let Some(hint) = e.hint() {
                output::note(&format!("  hint: {hint}"));
            }
            ExitCode::from(e.exit_code())
        }
    }
}
