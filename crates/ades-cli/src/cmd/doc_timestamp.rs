//! `ades doc-timestamp`: a PAdES document time-stamp (`/Type /DocTimeStamp`, `/SubFilter
//! /ETSI.RFC3161`) appended to a PDF by incremental update. It proves that the document and
//! every signature in it existed at the token's time (EN 319 142-1 B-LTA; policy §4.3).

use std::io::Write;
use std::path::PathBuf;

use ades::pades::{SourcePdf, timestamp_document};
use ades::tsp::TsaClient;

use crate::error::CliError;
use crate::output::{beside_with_stem, note, write_atomically_with};

/// Options of `ades doc-timestamp`.
#[derive(Debug, clap::Args)]
pub(crate) struct DocTimestampArgs {
    #[command(flatten)]
    pub(crate) tsa: crate::tsa_args::TsaArgs,
    #[command(flatten)]
    pub(crate) network: crate::trust_args::NetworkArgs,
    /// Output PDF (default: INPUT-stem.timestamped.pdf beside the input).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
    /// The PDF to time-stamp.
    pub(crate) input: PathBuf,
}

/// Runs `ades doc-timestamp`.
pub(crate) fn run(args: &DocTimestampArgs) -> Result<u8, CliError> {
    let digest = args.tsa.digest();
    let source = SourcePdf::open(&args.input)?;
    let transport = args.network.transport();
    let tsa = TsaClient::new(args.tsa.tsa.as_str(), &transport);
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| beside_with_stem(&args.input, "timestamped"));
    let stamped = timestamp_document(&source, &tsa, digest)?;
    write_atomically_with(&out, &[&args.input], |file| {
        source.copy_original_to_file(file)?;
        file.write_all(stamped.appended())
            .map_err(|e| CliError::io(&out, e))
    })?;
    source.check_unchanged()?;
    note(&format!(
        "document time-stamp {} appended to a copy of {}: {}",
        stamped.field_name(),
        args.input.display(),
        out.display()
    ));
    Ok(0)
}
