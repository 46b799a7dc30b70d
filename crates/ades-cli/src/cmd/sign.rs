//! `ades sign`: a new signature over a file, made by the library's front door.

use std::path::PathBuf;

use ades::http::HttpTransport;
use ades::tsp::TsaClient;
use ades::{Format, Input, Services, Signed};

use crate::error::CliError;
use crate::output::{beside_with_stem, default_output, note, write_atomically_with};
use crate::signing_args::SigningArgs;
use crate::values::{FormatArg, PackagingArg};

/// Options of `ades sign`.
#[derive(Debug, clap::Args)]
pub(crate) struct SignArgs {
    /// Signature format.
    #[arg(long, value_enum, ignore_case = true, default_value = "cades")]
    pub(crate) format: FormatArg,
    /// Packaging (default: attached for CAdES, internally-detached for XAdES, the PDF itself
    /// for PAdES).
    #[arg(long, value_enum, ignore_case = true)]
    pub(crate) packaging: Option<PackagingArg>,
    #[command(flatten)]
    pub(crate) signing: SigningArgs,
    #[command(flatten)]
    pub(crate) pades: crate::pades_args::PadesArgs,
    /// Time-stamp authority URL: adds a signature time-stamp (level T).
    #[arg(long)]
    pub(crate) tsa: Option<String>,
    /// Also time-stamp the content before signing (content time-stamp; needs --tsa).
    #[arg(long, requires = "tsa")]
    pub(crate) content_timestamp: bool,
    /// Output file (default: INPUT.csig for CAdES, INPUT.xsig for XAdES, STEM.signed.pdf for
    /// PAdES).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
    /// The file to sign.
    pub(crate) input: PathBuf,
}

/// Runs `ades sign`.
pub(crate) fn run(args: &SignArgs) -> Result<u8, CliError> {
    let format = Format::from(args.format);
    let mut options = args.signing.options(format, args.tsa.is_some())?;
    options.packaging = args.packaging.map(Into::into);
    options.content_timestamp = args.content_timestamp;
    options.pdf = args.pades.pdf_options()?;
    let identity = args.signing.identity()?;
    let (validator, trust_warning) = args.signing.trust.signer_validator(&identity)?;
    let transport = HttpTransport::new();
    let tsa = args
        .tsa
        .as_deref()
        .map(|url| TsaClient::new(url, &transport));
    let services = Services {
        tsa: tsa.as_ref(),
        signer_checks: args.signing.trust.signer_checks(&validator),
        validation_data: Some(&validator),
    };
    let signed = ades::sign(Input::path(&args.input), &identity, &options, &services)?;
    let out = args.output.clone().unwrap_or_else(|| match format {
        Format::Pades => beside_with_stem(&args.input, "signed"),
        _ => default_output(&args.input, format.suffix()),
    });
    write_signed(&signed, &out, &[&args.input])?;
    trust_warning
        .into_iter()
        .for_each(|w| note(&format!("warning: {w}")));
    let what = match signed.field_name() {
        Some(field) => format!("signature {field}"),
        None => format!("{} signature", signed.packaging()),
    };
    note(&format!(
        "{} {what} by {} written to {}",
        signed.level_reached(),
        signed.signer(),
        out.display()
    ));
    Ok(0)
}

/// Writes a signed file atomically, never over `inputs`, and prints its warnings; a PDF whose
/// original changed on disk while it was signed is an error.
pub(crate) fn write_signed(
    signed: &Signed,
    out: &std::path::Path,
    inputs: &[&std::path::Path],
) -> Result<(), CliError> {
    write_atomically_with(out, inputs, |file| Ok(signed.write_to(file)?))?;
    signed.check_input_unchanged()?;
    for w in signed.warnings() {
        note(&format!("warning: {w}"));
    }
    Ok(())
}
