//! `ades extend`: raise an existing CAdES or XAdES signature to a higher level (T: a
//! signature time-stamp on every signer without one).

use std::path::PathBuf;

use ades_cades::{SignedData, TimestampScope, add_signature_timestamps};
use ades_http::HttpTransport;
use ades_tsp::TsaClient;

use crate::error::CliError;
use crate::output::{default_output, read_file, write_atomically};

/// Options of `ades extend`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExtendArgs {
    /// Target level: T (signature time-stamp).
    #[arg(long)]
    pub(crate) to: String,
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
    match args.to.to_ascii_uppercase().as_str() {
        "T" | "B-T" => {}
        other => {
            return Err(CliError::Usage(format!(
                "--to {other}: this version extends to T only (long-term levels are being built)"
            )));
        }
    }
    let digest = args.tsa.digest()?;
    let bytes = read_file(&args.signature)?;
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(args.tsa.tsa.as_str(), &transport);
    if crate::cmd::verify::looks_like(&bytes, b"<") {
        return extend_xades(args, &bytes, &tsa, digest);
    }
    let mut signed_data = SignedData::from_bytes(&bytes)?;
    let scope = if args.again {
        TimestampScope::All
    } else {
        TimestampScope::Missing
    };
    let added = add_signature_timestamps(&mut signed_data, &tsa, digest, scope)?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.signature, ".t.csig"));
    write_atomically(&out, &signed_data.to_der(), &[&args.signature])?;
    eprintln!(
        "{added} signature time-stamp(s) added; written to {}",
        out.display()
    );
    Ok(0)
}

/// `ades extend` on a XAdES file: a `SignatureTimeStamp` on each top-level signature.
fn extend_xades(
    args: &ExtendArgs,
    bytes: &[u8],
    tsa: &TsaClient<'_>,
    digest: ades_core::DigestAlgorithm,
) -> Result<u8, CliError> {
    let targets = if args.again {
        ades_xades::StampTargets::All
    } else {
        ades_xades::StampTargets::Missing
    };
    let (extended, added) = ades_xades::add_signature_timestamps(
        bytes,
        tsa,
        digest,
        targets,
        &ades_xades::Limits::default(),
    )?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.signature, ".t.xsig"));
    write_atomically(&out, &extended, &[&args.signature])?;
    eprintln!(
        "{added} signature time-stamp(s) added; written to {}",
        out.display()
    );
    Ok(0)
}
