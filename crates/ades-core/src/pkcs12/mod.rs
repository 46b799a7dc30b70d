//! PKCS#12 (RFC 7292) reading and writing. STUB: being implemented.

use crate::ber::BerError;
use crate::certificate::Certificate;
use crate::error::KeyError;
use crate::key::RsaSoftwareKey;

/// Why a PKCS#12 file cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Pkcs12Error {
    /// Malformed structure.
    #[error("malformed PKCS#12 file: {0}")]
    Malformed(#[from] BerError),
    /// The MAC does not verify: almost always a wrong password.
    #[error("wrong password for the PKCS#12 file (integrity check failed)")]
    WrongPassword,
    /// No private key inside.
    #[error("the PKCS#12 file holds no private key")]
    NoPrivateKey,
    /// The key inside is unusable.
    #[error("the PKCS#12 private key is unusable: {0}")]
    Key(#[from] KeyError),
}

/// A private key with its certificate and chain, as read from a PKCS#12 file.
#[derive(Debug)]
pub struct Pkcs12Identity {
    /// The private key.
    pub key: RsaSoftwareKey,
    /// The certificate of the key.
    pub certificate: Certificate,
    /// The other certificates in the file (issuers).
    pub chain: Vec<Certificate>,
    /// The friendly name of the key, if any.
    pub friendly_name: Option<String>,
}

/// Reads a PKCS#12 file.
pub fn read(_der: &[u8], _password: &str) -> Result<Pkcs12Identity, Pkcs12Error> {
    Err(Pkcs12Error::NoPrivateKey)
}
