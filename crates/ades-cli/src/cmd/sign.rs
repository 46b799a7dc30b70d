//! `ades sign`: a new signature over a file, made by the library's front door.

use std::path::{Path, PathBuf};

use ades::tsp::TsaClient;
use ades::{Format, Input, Services, Signed};

use crate::batch::{BatchArgs, for_each_file};
use crate::error::CliError;
use crate::output::{beside_with_stem, default_output, note, write_atomically_with};
use crate::signing_args::SigningArgs;
use crate::trust_args::TrustArgs;
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
    #[command(flatten)]
    pub(crate) batch: BatchArgs,
    /// The files to sign (or folders: every file in them that is not a signature).
    #[arg(required_unless_present = "manifest")]
    pub(crate) inputs: Vec<PathBuf>,
}

/// Runs `ades sign` on one file, or on each of many (every core, one summary; the exit code
/// is the worst).
pub(crate) fn run(args: &SignArgs) -> Result<u8, CliError> {
    let format = Format::from(args.format);
    let mut options = args.signing.options(format, args.tsa.is_some())?;
    options.packaging = args.packaging.map(Into::into);
    options.content_timestamp = args.content_timestamp;
    options.pdf = args.pades.pdf_options()?;
    let identity = args.signing.identity()?;
    let (validator, trust_warning) = args.signing.trust.signer_validator(&identity)?;
    trust_warning
        .into_iter()
        .for_each(|w| note(&format!("warning: {w}")));
    let transport = args.signing.trust.network.transport();
    let tsa = args
        .tsa
        .as_deref()
        .map(|url| TsaClient::new(url, &transport));
    let sign_one = |input: &Path| -> Result<PathBuf, CliError> {
        let services = Services {
            tsa: tsa.as_ref(),
            signer_checks: args.signing.trust.signer_checks(&validator),
            validation_data: Some(&validator),
        };
        let with_code = match format {
            Format::Pades => {
                args.pades
                    .with_verification_code(&options.pdf, input, identity.certificate())?
            }
            _ => None,
        };
        let file_options;
        let options = match with_code {
            Some(pdf) => {
                file_options = ades::SigningOptions {
                    pdf,
                    ..options.clone()
                };
                &file_options
            }
            None => &options,
        };
        let signed = ades::sign(Input::path(input), &identity, options, &services)?;
        let out = args.output.clone().unwrap_or_else(|| match format {
            Format::Pades => beside_with_stem(input, "signed"),
            _ => default_output(input, format.suffix()),
        });
        write_signed(&signed, &out, &[input])?;
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
        Ok(out)
    };
    let code = if args.batch.is_batch(&args.inputs) {
        if args.output.is_some() {
            return Err(CliError::Usage(
                "-o takes one input; with many, each signature is written beside its file".into(),
            ));
        }
        sign_batch(args, format, &sign_one)?
    } else {
        let input = args.inputs.first().map(PathBuf::as_path);
        sign_one(input.ok_or_else(|| CliError::Usage("no file to sign".into()))?)?;
        0
    };
    TrustArgs::warn_about_shared_cache(&validator);
    Ok(code)
}

/// Signs every file of the batch with `sign_one`; a file that cannot be signed is reported
/// and the others go on.
fn sign_batch(
    args: &SignArgs,
    format: Format,
    sign_one: &(dyn Fn(&Path) -> Result<PathBuf, CliError> + Sync),
) -> Result<u8, CliError> {
    // A folder is signed file by file; signatures already in it are not signed again.
    let wanted: fn(&Path) -> bool = match format {
        Format::Pades => |p| {
            let name = p.to_string_lossy().to_ascii_lowercase();
            name.ends_with(".pdf") && !name.ends_with(".signed.pdf")
        },
        _ => |p| !crate::cmd::verify::looks_like_signature(p),
    };
    for_each_file(&args.batch, &args.inputs, wanted, "sign", sign_one)
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
