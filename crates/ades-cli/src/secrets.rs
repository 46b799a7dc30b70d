//! Reading passwords, PINs and tokens: from a file (first line), an environment variable, or a
//! prompt without echo when standard input is a terminal. Never from argv; always zeroized.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::error::CliError;
use crate::output::read_file;

/// The secret given by `--…-file` or `--…-env`, if either was given.
pub(crate) fn given(
    file: Option<&PathBuf>,
    env: Option<&String>,
    what: &str,
) -> Result<Option<Zeroizing<String>>, CliError> {
    if let Some(path) = file {
        return first_line(path, what).map(Some);
    }
    env.map(|var| from_env(var)).transpose()
}

/// The first line of a file.
fn first_line(path: &Path, what: &str) -> Result<Zeroizing<String>, CliError> {
    let text = Zeroizing::new(String::from_utf8(read_file(path)?).map_err(|_| {
        CliError::Usage(format!("{}: the {what} file is not UTF-8", path.display()))
    })?);
    Ok(Zeroizing::new(
        text.lines().next().unwrap_or_default().to_owned(),
    ))
}

/// The value of an environment variable.
pub(crate) fn from_env(var: &str) -> Result<Zeroizing<String>, CliError> {
    std::env::var(var)
        .map(Zeroizing::new)
        .map_err(|_| CliError::Usage(format!("environment variable {var} is not set")))
}

/// Asks on the terminal for the `what` (password, PIN) of `whose`; `hint` names the options
/// to use when there is no terminal.
pub(crate) fn prompt(what: &str, whose: &str, hint: &str) -> Result<Zeroizing<String>, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(format!(
            "{whose} needs a {what}: use {hint}"
        )));
    }
    rpassword::prompt_password(format!("{what} for {whose}: "))
        .map(Zeroizing::new)
        .map_err(|e| CliError::Other(format!("cannot read the {what}: {e}")))
}
