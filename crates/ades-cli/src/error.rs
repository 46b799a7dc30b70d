//! Errors of the command line, each with its exit code.

/// Exit code for usage errors (bad flags, a choice the policy refuses).
pub(crate) const EXIT_USAGE: u8 = 3;
/// Exit code for input/output and processing errors.
pub(crate) const EXIT_ERROR: u8 = 4;

/// A failure that ends the command.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The library refused or failed.
    #[error(transparent)]
    Ades(#[from] ades::Error),
    /// Trust anchors or CRLs could not be loaded.
    #[error(transparent)]
    Trust(#[from] ades::trust::TrustError),
    /// Something else with a message.
    #[error("{0}")]
    Other(String),
}

impl CliError {
    /// The process exit code for this error.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::Ades(e) if e.is_usage() => EXIT_USAGE,
            _ => EXIT_ERROR,
        }
    }

    /// An I/O error on `path`.
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        CliError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// A hint to print after the error, when there is an obvious next step.
    pub(crate) fn hint(&self) -> Option<&'static str> {
        match self {
            CliError::Ades(ades::Error::SignerCheck(f)) if f.revocation_unknown => {
                Some("use --offline to sign without the revocation check (policy §3.6.2 c)")
            }
            _ => None,
        }
    }
}

impl From<ades::core::Error> for CliError {
    fn from(e: ades::core::Error) -> Self {
        CliError::Ades(e.into())
    }
}

impl From<ades::tsp::TspError> for CliError {
    fn from(e: ades::tsp::TspError) -> Self {
        CliError::Ades(e.into())
    }
}

impl From<ades::pades::PadesError> for CliError {
    fn from(e: ades::pades::PadesError) -> Self {
        CliError::Ades(e.into())
    }
}

impl From<ades::cades::CadesError> for CliError {
    fn from(e: ades::cades::CadesError) -> Self {
        CliError::Ades(e.into())
    }
}

impl From<ades::xades::Error> for CliError {
    fn from(e: ades::xades::Error) -> Self {
        CliError::Ades(e.into())
    }
}

impl From<ades::core::cms::CmsError> for CliError {
    fn from(e: ades::core::cms::CmsError) -> Self {
        CliError::Ades(e.into())
    }
}
