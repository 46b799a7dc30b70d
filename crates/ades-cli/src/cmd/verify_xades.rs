//! `ades verify` on a XADES file.

use crate::cmd::verify::VerifyArgs;
use crate::error::CliError;

/// Validates every signature of a XADES file.
pub(crate) fn run(args: &VerifyArgs, _bytes: Vec<u8>) -> Result<u8, CliError> {
    Err(CliError::Usage(format!(
        "{}: XADES validation is not available in this build yet",
        args.signature.display()
    )))
}
