//! The error type of `ades-cades`.

/// Result with [`CadesError`].
pub type Result<T, E = CadesError> = std::result::Result<T, E>;

/// Why a CAdES signature could not be made or read.
///
/// A signature that can be read but is invalid is not an error: the validator reports it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CadesError {
    /// A lower-level failure (keys, certificates, ASN.1).
    #[error(transparent)]
    Core(#[from] ades_core::Error),
    /// The CMS structure is malformed.
    #[error(transparent)]
    Cms(#[from] ades_core::cms::CmsError),
    /// The policy has no OID, which CAdES needs (e.g. Facturae, identified by URL).
    #[error("the policy {name} has no OID and cannot be named in a CAdES signature")]
    PolicyWithoutOid {
        /// Policy name.
        name: &'static str,
    },
    /// The signer certificate cannot sign (expired, not yet valid, no signing key usage).
    #[error("the signer certificate {subject} cannot sign: {problem}")]
    SignerCertificate {
        /// Subject of the certificate.
        subject: String,
        /// What is wrong with it.
        problem: CertificateProblem,
    },
    /// The private key does not belong to the signer certificate.
    #[error("the private key does not match the signer certificate")]
    KeyMismatch,
    /// The signature value returned by the signer does not verify with the certificate.
    #[error(
        "the signature value does not verify with the signer certificate (wrong key or signer fault)"
    )]
    BadSignatureValue,
    /// A detached signature needs the content, or digest algorithms disagree.
    #[error("content: {0}")]
    Content(&'static str),
    /// The detached content could not be hashed.
    #[error(transparent)]
    DetachedContent(#[from] ades_core::content::ContentError),
    /// The time-stamp authority failed or answered wrongly.
    #[error(transparent)]
    Timestamp(#[from] ades_tsp::TspError),
    /// The time-stamp is later than the signer certificate's expiry (policy §4.2).
    #[error(
        "the time-stamp ({time}) is after the signer certificate expired ({expiry}): policy §4.2 requires it before"
    )]
    TimestampAfterExpiry {
        /// genTime.
        time: String,
        /// notAfter of the signer certificate.
        expiry: String,
    },
    /// The validation data of a certificate could not be gathered (revoked, no chain, no
    /// revocation information): the signature cannot be made long-term.
    #[error("cannot make the signature long-term: {0}")]
    ValidationData(ades_core::validation::CollectError),
    /// Reading the content failed.
    #[error("reading the content failed: {0}")]
    Io(#[from] std::io::Error),
}

impl From<ades_core::ber::BerError> for CadesError {
    fn from(e: ades_core::ber::BerError) -> Self {
        CadesError::Core(e.into())
    }
}

impl From<ades_core::der::Error> for CadesError {
    fn from(e: ades_core::der::Error) -> Self {
        CadesError::Core(e.into())
    }
}

impl From<ades_core::SignerError> for CadesError {
    fn from(e: ades_core::SignerError) -> Self {
        CadesError::Core(e.into())
    }
}

pub use ades_core::certificate::CertificateProblem;
