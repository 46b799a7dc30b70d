//! `ades timestamp`: an RFC 3161 time-stamp token over a file (hashed as a stream).

use std::path::PathBuf;

use ades::core::digest::digest_reader;
use ades::tsp::TsaClient;

use crate::error::CliError;
use crate::output::{default_output, note, write_atomically};

/// Options of `ades timestamp`.
#[derive(Debug, clap::Args)]
pub(crate) struct TimestampArgs {
    #[command(flatten)]
    pub(crate) tsa: crate::tsa_args::TsaArgs,
    #[command(flatten)]
    pub(crate) network: crate::trust_args::NetworkArgs,
    /// Output token (default: INPUT.tst).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
    /// The file to time-stamp.
    pub(crate) input: PathBuf,
}

/// Runs `ades timestamp`.
pub(crate) fn run(args: &TimestampArgs) -> Result<u8, CliError> {
    let digest = args.tsa.digest();
    let file = std::fs::File::open(&args.input).map_err(|e| CliError::io(&args.input, e))?;
    let hash = digest_reader(digest, file).map_err(|e| CliError::io(&args.input, e))?;
    let transport = args.network.transport();
    let token = TsaClient::new(args.tsa.tsa.as_str(), &transport).timestamp(digest, hash)?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.input, ".tst"));
    write_atomically(&out, token.der(), &[&args.input])?;
    note(&format!(
        "{}; written to {}",
        ades::tsp::describe(&token),
        out.display()
    ));
    Ok(0)
}
