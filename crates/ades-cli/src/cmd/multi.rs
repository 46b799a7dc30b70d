//! `ades cosign` and `ades countersign`: more signers on an existing CAdES or XAdES signature.

use std::path::PathBuf;

use ades::{Input, Services, SignaturePath};

use crate::cmd::sign::write_signed;
use crate::error::CliError;
use crate::output::{default_output, note};
use crate::signing_args::SigningArgs;

/// Options of `ades cosign` and `ades countersign`.
#[derive(Debug, clap::Args)]
pub(crate) struct MultiArgs {
    #[command(flatten)]
    pub(crate) signing: SigningArgs,
    /// The signed content, for a detached CAdES signature (co-signing only).
    #[arg(long)]
    pub(crate) content: Option<PathBuf>,
    /// Which signature to counter-sign: 1 is the first signer, 1/2 the second counter-signature
    /// on it (default 1).
    #[arg(long, default_value = "1")]
    pub(crate) signer: SignaturePath,
    /// Output file (default: SIGNATURE with `.cosigned.csig` / `.countersigned.csig`, or
    /// `.xsig` for XAdES).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
    /// The existing signature.
    pub(crate) signature: PathBuf,
}

/// Which operation.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Operation {
    /// A parallel signer.
    CoSign,
    /// A serial signer over one signature value.
    CounterSign,
}

/// Runs `ades cosign` or `ades countersign`.
pub(crate) fn run(args: &MultiArgs, operation: Operation) -> Result<u8, CliError> {
    // The format is the existing signature's: the front door detects it.
    let options = args.signing.options(ades::Format::Cades, false)?;
    let identity = args.signing.identity()?;
    let (validator, _) = args.signing.trust.signer_validator(&identity)?;
    let services = Services::new(args.signing.trust.signer_checks(&validator));
    let signature = Input::path(&args.signature);
    let (signed, suffix, what) = match operation {
        Operation::CoSign => (
            ades::cosign(
                signature,
                args.content.as_ref().map(Input::path),
                &identity,
                &options,
                &services,
            )?,
            "cosigned",
            "co-signature",
        ),
        Operation::CounterSign => (
            ades::countersign(signature, &args.signer, &identity, &options, &services)?,
            "countersigned",
            "counter-signature",
        ),
    };
    let out = args.output.clone().unwrap_or_else(|| {
        default_output(
            &args.signature,
            &format!(".{suffix}{}", signed.format().suffix()),
        )
    });
    let mut inputs = vec![args.signature.as_path()];
    inputs.extend(args.content.as_deref());
    write_signed(&signed, &out, &inputs)?;
    note(&format!(
        "{what} by {} written to {}",
        signed.signer(),
        out.display()
    ));
    Ok(0)
}
