//! `ades cosign` and `ades countersign` on a XAdES file.

use crate::cmd::multi::{MultiArgs, Operation};
use crate::error::CliError;

/// Adds a parallel or a counter-signature to a XAdES file.
pub(crate) fn run(
    _args: &MultiArgs,
    _operation: Operation,
    _bytes: Vec<u8>,
) -> Result<u8, CliError> {
    Err(CliError::Usage(
        "XAdES co- and counter-signatures are not available in this build yet".into(),
    ))
}
