//! `ades extend`: raise an existing CAdES or XAdES signature to a higher level.

use std::path::PathBuf;

use ades::http::HttpTransport;
use ades::tsp::TsaClient;
use ades::{ExtendOptions, Input};

use crate::error::CliError;
use crate::output::{default_output, note, write_atomically};
use crate::values::LevelArg;

/// Options of `ades extend`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExtendArgs {
    /// Target level.
    #[arg(long, value_enum, ignore_case = true)]
    pub(crate) to: LevelArg,
    #[command(flatten)]
    pub(crate) tsa: crate::tsa_args::TsaArgs,
    /// Time-stamp every signer again, even those already time-stamped.
    #[arg(long)]
    pub(crate) again: bool,
    /// Output file (default: SIGNATURE with `.t.csig`, or `.t.xsig` for XAdES).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
    /// The signature to extend.
    pub(crate) signature: PathBuf,
}

/// Runs `ades extend`.
pub(crate) fn run(args: &ExtendArgs) -> Result<u8, CliError> {
    let options = ExtendOptions {
        to: args.to.into(),
        digest: args.tsa.digest(),
        again: args.again,
    };
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(args.tsa.tsa.as_str(), &transport);
    let extended = ades::extend(Input::path(&args.signature), &options, &tsa)?;
    let out = args.output.clone().unwrap_or_else(|| {
        let suffix = format!(
            ".{}{}",
            options.to.name().to_lowercase(),
            extended.format.suffix()
        );
        default_output(&args.signature, &suffix)
    });
    write_atomically(&out, &extended.bytes, &[&args.signature])?;
    note(&format!(
        "{} signature time-stamp(s) added; written to {}",
        extended.timestamped,
        out.display()
    ));
    Ok(0)
}
