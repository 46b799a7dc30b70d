//! `ades verify` on a PDF: every signature and document time-stamp of the file, with what the
//! later revisions changed (ades_pades::PadesValidator). A broken PDF is a report with
//! TOTAL-FAILED / FORMAT_FAILURE, never an error.

use ades_pades::PadesValidator;

use crate::cmd::verify::{VerifyArgs, VerifySetup, print_report};
use crate::error::CliError;

/// Validates every signature of a PDF file; the exit code is the worst indication.
pub(crate) fn run(args: &VerifyArgs, bytes: Vec<u8>) -> Result<u8, CliError> {
    if args.content.is_some() {
        return Err(CliError::Usage(
            "--content: a PDF signature signs the PDF itself, there is no detached content".into(),
        ));
    }
    let setup = VerifySetup::new(args)?;
    let mut pades = PadesValidator::new(setup.selector());
    if let Some(chain) = setup.chain() {
        pades = pades.certificate_validator(chain);
    }
    if let Some(t) = setup.at {
        pades = pades.at(t);
    }
    let report = pades.validate(bytes, &args.signature.display().to_string());
    print_report(&report, args.format)?;
    Ok(report.worst().exit_code())
}
