//! Errors of the command line, each with its exit code.

/// Exit code for usage errors (bad flags, unsupported combinations).
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
    /// Signing or reading failed.
    #[error(transparent)]
    Cades(#[from] ades_cades::CadesError),
    /// A key, certificate or PKCS#12 file is unusable.
    #[error(transparent)]
    Core(#[from] ades_core::Error),
    /// Trust anchors could not be loaded.
    #[error(transparent)]
    Trust(#[from] ades_trust::TrustError),
    /// A check required before signing failed (policy §3.6.2).
    #[error("{0}")]
    Refused(String),
    /// Making or extending a XAdES signature failed.
    #[error(transparent)]
    Xades(#[from] ades_xades::Error),
    /// Time-stamping failed.
    #[error(transparent)]
    Tsp(#[from] ades_tsp::TspError),
    /// Something else with a message.
    #[error("{0}")]
    Other(String),
}

impl CliError {
    /// The process exit code for this error.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
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
}

impl From<ades_core::cms::CmsError> for CliError {
    fn from(e: ades_core::cms::CmsError) -> Self {
        CliError::Cades(e.into())
    }
}

impl From<ades_core::KeyError> for CliError {
    fn from(e: ades_core::KeyError) -> Self {
        CliError::Core(e.into())
    }
}

impl From<ades_core::pkcs12::Pkcs12Error> for CliError {
    fn from(e: ades_core::pkcs12::Pkcs12Error) -> Self {
        CliError::Core(e.into())
    }
}

impl From<ades_core::CertificateError> for CliError {
    fn from(e: ades_core::CertificateError) -> Self {
        CliError::Core(e.into())
    }
}
