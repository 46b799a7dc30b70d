//! Verification of signature values with a certificate's public key.
//!
//! RSA (PKCS#1 v1.5 and PSS), ECDSA on P-256, P-384 and P-521 with any digest, and Ed25519.
//! With the `aws-lc` feature (the default) RSA PKCS#1 v1.5 and Ed25519 run on aws-lc-rs, at
//! OpenSSL's speed; without it RSA runs on the pure-Rust `rsa` crate and Ed25519 is reported
//! as unsupported. ECDSA always runs on the RustCrypto curves, which verify a digest of any
//! length (FIPS 186-5 §6.4.2 truncation), so every digest/curve pair a foreign signer may
//! choose is covered.

mod ecdsa;
pub(crate) mod memo;
mod public_key;
mod rsa;

pub use self::ecdsa::{ecdsa_der_to_raw, ecdsa_raw_to_der};
pub(crate) use self::rsa::pkcs1v15_scheme;
pub use public_key::{Curve, VerifyingKey};

use crate::algorithm::SignatureAlgorithm;
use crate::certificate::Certificate;

/// Why a signature value does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The public key is not usable with the algorithm.
    #[error("the certificate's public key cannot verify {0}")]
    KeyMismatch(SignatureAlgorithm),
    /// The value is not a valid signature over the data.
    #[error("the signature value does not verify")]
    BadSignature,
    /// The certificate's public key is of a kind (algorithm, curve) this crate cannot read.
    #[error("the certificate's public key ({0}) is not supported")]
    UnsupportedKey(String),
    /// This build cannot verify the algorithm (Ed25519 without the `aws-lc` feature).
    #[error("{0} is not supported by this build (enable the `aws-lc` feature)")]
    Unsupported(SignatureAlgorithm),
}

/// Verifies `signature` over `message` (hashing it with the algorithm's digest).
///
/// ECDSA values are the DER `Ecdsa-Sig-Value` of CMS and X.509; convert XML-DSig's `r || s`
/// with [`ecdsa_raw_to_der`] first. The certificate's key is parsed once and cached.
pub fn verify_signature(
    signer: &Certificate,
    algorithm: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let key = signer.verifying_key().ok_or_else(|| {
        if public_key::is_supported(signer) {
            // A key of a kind we read that does not parse: a broken certificate.
            VerifyError::KeyMismatch(algorithm)
        } else {
            VerifyError::UnsupportedKey(signer.public_key_algorithm().to_string())
        }
    })?;
    key.verify(algorithm, message, signature)
}

/// Verifies an XML-DSig `SignatureValue`: as [`verify_signature`], with ECDSA values in the
/// `r || s` form XML-DSig uses (RFC 6931 §2.3.6).
pub fn verify_xmldsig_signature(
    signer: &Certificate,
    algorithm: SignatureAlgorithm,
    message: &[u8],
    value: &[u8],
) -> Result<(), VerifyError> {
    match algorithm {
        SignatureAlgorithm::Ecdsa(_) => {
            let der_value = ecdsa_raw_to_der(value).ok_or(VerifyError::BadSignature)?;
            verify_signature(signer, algorithm, message, &der_value)
        }
        _ => verify_signature(signer, algorithm, message, value),
    }
}

impl VerifyingKey {
    /// Verifies `signature` over `message` with this key.
    pub fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), VerifyError> {
        match (self, algorithm) {
            (
                Self::Rsa(key),
                SignatureAlgorithm::RsaPkcs1v15(_) | SignatureAlgorithm::RsaPss { .. },
            ) => rsa::verify(key, algorithm, message, signature),
            (Self::Ec(key), SignatureAlgorithm::Ecdsa(digest)) => {
                let hashed = crate::digest::digest(digest, message);
                ecdsa::verify_prehashed(key, &hashed, signature)
            }
            (Self::Ec(key), SignatureAlgorithm::EcdsaPlain(digest)) => {
                let der_value = ecdsa_raw_to_der(signature).ok_or(VerifyError::BadSignature)?;
                let hashed = crate::digest::digest(digest, message);
                ecdsa::verify_prehashed(key, &hashed, &der_value)
            }
            (Self::Ed25519(key), SignatureAlgorithm::Ed25519) => {
                verify_ed25519(key, message, signature)
            }
            _ => Err(VerifyError::KeyMismatch(algorithm)),
        }
    }
}

#[cfg(feature = "aws-lc")]
fn verify_ed25519(key: &[u8; 32], message: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
    use aws_lc_rs::signature::{ED25519, UnparsedPublicKey};
    UnparsedPublicKey::new(&ED25519, key)
        .verify(message, signature)
        .map_err(|_| VerifyError::BadSignature)
}

#[cfg(not(feature = "aws-lc"))]
fn verify_ed25519(_: &[u8; 32], _: &[u8], _: &[u8]) -> Result<(), VerifyError> {
    Err(VerifyError::Unsupported(SignatureAlgorithm::Ed25519))
}
