//! `ades verify` on an XML file: every XAdES signature and counter-signature of it.

use ades_core::validation::FileContent;
use ades_xades::XadesValidator;

use crate::cmd::verify::{VerifyArgs, VerifySetup, print_report};
use crate::error::CliError;

/// Validates every signature of an XML document; the exit code is the worst indication.
pub(crate) fn run(args: &VerifyArgs, bytes: Vec<u8>) -> Result<u8, CliError> {
    let setup = VerifySetup::new(args)?;
    let content = args.content.clone().map(FileContent);
    let mut validator = XadesValidator::new(setup.selector());
    if let Some(chain) = setup.chain() {
        validator = validator.certificate_validator(chain);
    }
    if let Some(c) = &content {
        validator = validator.detached_content(c);
    }
    if let Some(t) = setup.at {
        validator = validator.at(t);
    }
    let report = validator
        .validate(&bytes, &args.signature.display().to_string())
        .map_err(|e| CliError::Other(format!("reading the detached content: {e}")))?;
    print_report(&report, args.format)?;
    Ok(report.worst().exit_code())
}
