//! The error type of `ades-core`.

use const_oid::ObjectIdentifier;

use crate::ber::BerError;
use crate::pkcs12::Pkcs12Error;

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `ades-core`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A DER structure could not be decoded or encoded.
    #[error("ASN.1 error: {0}")]
    Asn1(#[from] der::Error),
    /// A BER/DER element is malformed.
    #[error(transparent)]
    Ber(#[from] BerError),
    /// An algorithm identifier this crate does not implement.
    #[error("unsupported algorithm {oid}")]
    UnsupportedAlgorithm {
        /// The identifier found.
        oid: ObjectIdentifier,
    },
    /// A private key could not be loaded.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A PKCS#12 file could not be read.
    #[error(transparent)]
    Pkcs12(#[from] Pkcs12Error),
    /// A certificate could not be parsed or lacks something required.
    #[error(transparent)]
    Certificate(#[from] CertificateError),
    /// The private-key operation failed.
    #[error(transparent)]
    Signer(#[from] SignerError),
    /// Reading input failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Why a private key could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Neither PKCS#8 nor PKCS#1, in PEM or DER.
    #[error("not a PKCS#8 or PKCS#1 private key (PEM or DER)")]
    UnrecognisedFormat,
    /// The key is encrypted and no password was given.
    #[error("the private key is encrypted: a password is needed")]
    PasswordRequired,
    /// The password does not decrypt the key.
    #[error("wrong password for the encrypted private key")]
    WrongPassword,
    /// The key is not an RSA key.
    #[error("unsupported key algorithm {oid} (only RSA keys can sign under the policy, §3.5)")]
    NotRsa {
        /// The key algorithm found.
        oid: ObjectIdentifier,
    },
    /// The key's numbers are inconsistent.
    #[error("invalid RSA key: {0}")]
    InvalidRsa(#[source] rsa::Error),
    /// The private key does not belong to the certificate's public key.
    #[error("the private key does not match the certificate's public key")]
    CertificateMismatch,
}

/// Why a certificate cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateError {
    /// The bytes are not an X.509 certificate.
    #[error("not an X.509 certificate: {0}")]
    Decode(#[source] der::Error),
    /// The bytes are not one well-formed DER element.
    #[error("not an X.509 certificate: {0}")]
    Malformed(#[source] BerError),
    /// No certificate in a PEM file.
    #[error("no certificate found in the PEM input")]
    NoCertificate,
    /// The public key cannot be read.
    #[error("unsupported or malformed public key ({oid})")]
    PublicKey {
        /// The key algorithm.
        oid: ObjectIdentifier,
    },
}

/// A failure of the private-key operation, from a software key, a token or a remote service.
#[derive(Debug, thiserror::Error)]
#[error("signing failed: {message}")]
pub struct SignerError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl SignerError {
    /// A failure described by a message.
    pub fn new(message: impl Into<String>) -> Self {
        SignerError {
            message: message.into(),
            source: None,
        }
    }

    /// A failure caused by another error.
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        SignerError {
            message: message.into(),
            source: Some(Box::new(source)),
        }
    }
}
