//! The errors of the front door.
//!
//! A signature that does not validate is not an error: validation returns a report whose
//! indication says so. These errors mean that signing could not be done, or that validation
//! could not be evaluated at all.

use std::path::Path;

use ades_core::policy::Refusal;
use ades_core::{Format, Level, Packaging};

use crate::signer_checks::SignerCheckFailure;

/// Why the front door could not sign, extend or validate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The policy does not permit what was asked (a digest, a packaging, a counter-signature
    /// in PAdES): the refusal names the section.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The options contradict each other or do not apply.
    #[error(transparent)]
    Options(#[from] OptionsError),
    /// The signer certificate does not pass the checks before signing (policy §3.6.2).
    #[error(transparent)]
    SignerCheck(#[from] SignerCheckFailure),
    /// The private key does not belong to the signer certificate.
    #[error("the private key does not match the signer certificate")]
    KeyMismatch,
    /// No signer certificate was found where one was expected.
    #[error("no certificate: give the signer's certificate (PEM or DER)")]
    NoCertificate,
    /// The input is larger than what is read into memory (PDFs are read in bounded memory;
    /// CMS and XML files are read whole).
    #[error("{what}: {size} bytes, more than the {limit} read into memory for validation")]
    TooLarge {
        /// The input.
        what: String,
        /// Its size (at least), in bytes.
        size: u64,
        /// The most read.
        limit: u64,
    },
    /// The input is not a signature of a format this library reads.
    #[error("{0}: not a CAdES, XAdES or PAdES signature, nor a time-stamp token")]
    UnknownFormat(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A key, certificate or PKCS#12 file is unusable.
    #[error(transparent)]
    Core(#[from] ades_core::Error),
    /// Making a CAdES signature failed.
    #[error(transparent)]
    Cades(#[from] ades_cades::CadesError),
    /// Making a XAdES signature failed.
    #[error(transparent)]
    Xades(#[from] ades_xades::Error),
    /// Making a PAdES signature failed (a PDF that cannot be signed, dynamic content, …).
    #[error(transparent)]
    Pades(#[from] ades_pades::PadesError),
    /// The time-stamp authority failed.
    #[error(transparent)]
    Timestamp(#[from] ades_tsp::TspError),
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// Whether the error is in what was asked for (options, a refused choice) rather than in
    /// the input or the environment: the command line exits with its usage code for these.
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Refused(_) | Error::Options(_))
    }
}

impl From<ades_core::KeyError> for Error {
    fn from(e: ades_core::KeyError) -> Self {
        Error::Core(e.into())
    }
}

impl From<ades_core::pkcs12::Pkcs12Error> for Error {
    fn from(e: ades_core::pkcs12::Pkcs12Error) -> Self {
        Error::Core(e.into())
    }
}

impl From<ades_core::CertificateError> for Error {
    fn from(e: ades_core::CertificateError) -> Self {
        Error::Core(e.into())
    }
}

impl From<ades_core::cms::CmsError> for Error {
    fn from(e: ades_core::cms::CmsError) -> Self {
        Error::Cades(e.into())
    }
}

/// Options that contradict each other or do not apply to the format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OptionsError {
    /// A time-stamped level without a time-stamp authority.
    #[error("level {0} needs a time-stamp authority")]
    LevelNeedsTsa(Level),
    /// A level this version does not make.
    #[error("level {0} is not made by this version")]
    LevelNotMade(Level),
    /// A level this version does not make in this format yet.
    #[error("level {level} is not made for {format} by this version")]
    LevelNotMadeFor {
        /// The format.
        format: Format,
        /// The level.
        level: Level,
    },
    /// A long-term level without a source of validation data.
    #[error(
        "level {0} embeds validation data: give a source of chains and revocation information (trust anchors with online OCSP/CRL)"
    )]
    LevelNeedsValidationData(Level),
    /// BES names no policy, but a policy was chosen.
    #[error(
        "level BES carries no signature policy: sign under policy none, or ask for EPES (or B)"
    )]
    BesWithPolicy,
    /// EPES names a policy, but none was chosen.
    #[error("level EPES needs a signature policy (madrid or facturae)")]
    EpesWithoutPolicy,
    /// A packaging that is not one of the format's.
    #[error("{packaging} is not a {format} packaging")]
    PackagingNotForFormat {
        /// The format.
        format: Format,
        /// The packaging asked for.
        packaging: Packaging,
    },
    /// An option that the format does not have.
    #[error("{option} does not apply to {format}")]
    NotApplicable {
        /// The option.
        option: &'static str,
        /// The format.
        format: Format,
    },
    /// A content time-stamp without a time-stamp authority.
    #[error("a content time-stamp needs a time-stamp authority")]
    ContentTimestampNeedsTsa,
    /// Detached CAdES co-signing without the signed content.
    #[error("co-signing a detached signature needs the signed content")]
    ContentNeeded,
    /// Co-signing a PDF: a PDF gets more signatures by being signed again.
    #[error(
        "a signed PDF gets another signature by being signed again (incremental update), not co-signed"
    )]
    CosignPdf,
    /// A signature path that does not name a signature (`1`, `1/2`, numbers from 1).
    #[error("signature path {0}: numbers from 1, separated by /")]
    BadSignaturePath(String),
}
