//! `ades sign --format xades`.

use crate::cmd::sign::SignArgs;
use crate::error::CliError;

/// Runs `ades sign --format xades`.
pub(crate) fn run(_args: &SignArgs) -> Result<u8, CliError> {
    Err(CliError::Usage(
        "--format xades: not available in this build yet".into(),
    ))
}
