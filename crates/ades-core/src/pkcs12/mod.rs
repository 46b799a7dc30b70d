//! PKCS#12 (RFC 7292) reading and writing, in password-privacy and password-integrity mode.
//!
//! [`read`] takes the `.p12`/`.pfx` files that OpenSSL, Windows, Java and the Spanish
//! certification authorities export: BER or DER; certificates and keys encrypted with
//! PBES2 (PBKDF2 with HMAC-SHA-1/-224/-256/-384/-512 and AES-128/192/256-CBC, AES-GCM or
//! DES-EDE3-CBC) or with the legacy PKCS#12 schemes (`pbeWithSHAAnd3-KeyTripleDES-CBC`,
//! `…2-KeyTripleDES-CBC`, `…128BitRC2-CBC`, `…40BitRC2-CBC`); integrity by the classic
//! HMAC (SHA-1 and SHA-2) or PBMAC1 (RFC 9579), or none at all. RC4 and the public-key
//! modes are refused with a typed error.
//!
//! [`write()`] produces what OpenSSL 3 writes by default (PBES2 / AES-256-CBC with an
//! HMAC-SHA-256 MAC) or, for old consumers, what Windows used to write (3DES with an
//! HMAC-SHA-1 MAC).
//!
//! Hostile input is bounded: files above [`MAX_FILE_SIZE`], iteration counts above
//! [`MAX_ITERATIONS`] (or above [`MAX_TOTAL_ITERATIONS`] in total) and deep nesting are
//! refused. Decrypted key material lives in buffers that are wiped on drop.

mod asn1;
mod hash;
mod identity;
mod kdf;
mod limits;
mod mac;
mod parse;
mod pbe;
mod write;

use const_oid::ObjectIdentifier;
use rand_core::CryptoRng;

pub use limits::{MAX_FILE_SIZE, MAX_ITERATIONS, MAX_TOTAL_ITERATIONS};

use crate::ber::BerError;
use crate::certificate::Certificate;
use crate::error::{CertificateError, KeyError};
use crate::key::RsaSoftwareKey;
use kdf::PasswordForm;
use limits::Budget;
use parse::{Decoder, Pfx};

/// Why a PKCS#12 file cannot be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Pkcs12Error {
    /// Malformed structure.
    #[error("malformed PKCS#12 file: {0}")]
    Malformed(#[from] BerError),
    /// A well-formed element with a value the structure does not allow.
    #[error("invalid PKCS#12 file: {what}")]
    Invalid {
        /// The element at fault.
        what: &'static str,
    },
    /// The file is larger than [`MAX_FILE_SIZE`].
    #[error("the PKCS#12 file has {size} bytes; at most {max} are accepted")]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// A `PFX` version other than 3.
    #[error("unsupported PKCS#12 version {version} (only v3 exists)")]
    UnsupportedVersion {
        /// The version found.
        version: u64,
    },
    /// A content type other than `data` or `encryptedData` (for example the public-key
    /// integrity or privacy modes, `signedData` and `envelopedData`).
    #[error("unsupported PKCS#12 content type {oid} (only password-protected files are supported)")]
    UnsupportedContentType {
        /// The content type found.
        oid: ObjectIdentifier,
    },
    /// An encryption, MAC or key-derivation algorithm that is not implemented (RC4, scrypt, …).
    #[error("unsupported algorithm {oid} in the PKCS#12 file")]
    UnsupportedAlgorithm {
        /// The algorithm found.
        oid: ObjectIdentifier,
    },
    /// Missing or malformed parameters of an algorithm.
    #[error("invalid parameters for algorithm {oid} in the PKCS#12 file")]
    InvalidParameters {
        /// The algorithm whose parameters are at fault.
        oid: ObjectIdentifier,
    },
    /// An iteration count of 0 or above [`MAX_ITERATIONS`].
    #[error("iteration count {iterations} is outside 1..={max}")]
    IterationCount {
        /// The iteration count found or asked for.
        iterations: u64,
        /// The limit.
        max: u32,
    },
    /// The key derivations of the file add up to more than [`MAX_TOTAL_ITERATIONS`].
    #[error("the PKCS#12 file asks for more than {max} key-derivation iterations in total")]
    WorkLimit {
        /// The limit.
        max: u64,
    },
    /// `safeContentsBag`s nested too deep.
    #[error("PKCS#12 safe contents nested deeper than {max} levels")]
    TooDeep {
        /// The limit.
        max: usize,
    },
    /// The MAC does not verify: almost always a wrong password.
    #[error("wrong password for the PKCS#12 file (integrity check failed)")]
    WrongPassword,
    /// No private key inside.
    #[error("the PKCS#12 file holds no private key")]
    NoPrivateKey,
    /// A private key but no certificate inside.
    #[error("the PKCS#12 file holds no certificate")]
    NoCertificate,
    /// None of the certificates carries the public key of the private key.
    #[error("no certificate in the PKCS#12 file matches its private key")]
    NoMatchingCertificate,
    /// A certificate inside cannot be parsed.
    #[error("a certificate in the PKCS#12 file is unusable: {0}")]
    Certificate(#[from] CertificateError),
    /// The key inside is unusable (or, when writing, does not match the certificate).
    #[error("the PKCS#12 private key is unusable: {0}")]
    Key(#[from] KeyError),
    /// Encryption failed while writing (an internal error: the parameters are fixed).
    #[error("encrypting the PKCS#12 contents failed")]
    EncryptionFailed,
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
///
/// The MAC, when present, is checked first (a mismatch is [`Pkcs12Error::WrongPassword`]);
/// without one, a failed decryption is reported the same way. The key must be RSA. The
/// certificate is the one carrying the key's public key (preferring a matching
/// `localKeyId`); the other certificates form the chain, in file order.
///
/// An empty password also matches files protected with "no password" (OpenSSL's `NULL`),
/// and a non-ASCII one also matches files from OpenSSL before 1.1.0, which encoded it byte
/// by byte.
pub fn read(der: &[u8], password: &str) -> Result<Pkcs12Identity, Pkcs12Error> {
    if der.len() > MAX_FILE_SIZE {
        return Err(Pkcs12Error::TooLarge {
            size: der.len(),
            max: MAX_FILE_SIZE,
        });
    }
    let pfx = Pfx::parse(der)?;
    let candidates = PasswordForm::candidates(password);
    let contents = match &pfx.mac {
        Some(mac) => {
            let mut budget = Budget::new();
            let mut matched = None;
            for form in &candidates {
                if mac.verify(&pfx.auth_safe, form, &mut budget)? {
                    matched = Some(form);
                    break;
                }
            }
            let form = matched.ok_or(Pkcs12Error::WrongPassword)?;
            Decoder::new(form, &mut budget, true).decode(&pfx.auth_safe)?
        }
        None => decode_without_mac(&pfx, &candidates)?,
    };
    identity::select(contents)
}

/// Without a MAC, the password form is the first one that decrypts everything.
fn decode_without_mac(
    pfx: &Pfx<'_>,
    candidates: &[PasswordForm],
) -> Result<parse::Contents, Pkcs12Error> {
    for form in candidates {
        let mut budget = Budget::new();
        match Decoder::new(form, &mut budget, false).decode(&pfx.auth_safe) {
            Err(Pkcs12Error::WrongPassword) => continue,
            other => return other,
        }
    }
    Err(Pkcs12Error::WrongPassword)
}

/// How [`write()`] encrypts the key and the certificates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pkcs12Encryption {
    /// PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC for key and certificates, and an
    /// HMAC-SHA-256 MAC: what OpenSSL 3 writes by default.
    #[default]
    Aes256Cbc,
    /// `pbeWithSHAAnd3-KeyTripleDES-CBC` for key and certificates and an HMAC-SHA-1 MAC:
    /// what older Windows and Java versions write and still read.
    Legacy3Des,
}

/// Options of [`write()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOptions {
    /// The encryption schemes.
    pub encryption: Pkcs12Encryption,
    /// Iteration count of every key derivation (encryption and MAC), 1 to [`MAX_ITERATIONS`].
    pub iterations: u32,
    /// `friendlyName` attribute of the key and its certificate.
    pub friendly_name: Option<String>,
}

impl Default for WriteOptions {
    /// AES-256-CBC, 2048 iterations (OpenSSL's default), no friendly name.
    fn default() -> Self {
        WriteOptions {
            encryption: Pkcs12Encryption::default(),
            iterations: 2048,
            friendly_name: None,
        }
    }
}

/// Writes a PKCS#12 file with `key`, its `certificate` and the `chain` certificates.
///
/// The key goes into a `pkcs8ShroudedKeyBag`, the certificates into one encrypted
/// `SafeContents`; key and certificate share a `localKeyId` (the SHA-1 of the certificate)
/// and the optional friendly name. Salts and IVs come from `rng`, so a seeded generator
/// gives reproducible output. Fails with [`KeyError::CertificateMismatch`] (as
/// [`Pkcs12Error::Key`]) if the certificate is not the key's.
pub fn write(
    key: &RsaSoftwareKey,
    certificate: &Certificate,
    chain: &[Certificate],
    password: &str,
    options: &WriteOptions,
    rng: &mut impl CryptoRng,
) -> Result<Vec<u8>, Pkcs12Error> {
    write::write(key, certificate, chain, password, options, rng)
}
