//! Verification of signature values with a certificate's public key.

use crate::algorithm::{DigestAlgorithm, SignatureAlgorithm};
use crate::certificate::Certificate;
use crate::digest::digest;

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
}

/// Verifies `signature` over `message` (hashing it with the algorithm's digest).
pub fn verify_signature(
    signer: &Certificate,
    algorithm: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let hashed = digest(algorithm.digest(), message);
    verify_prehashed(signer, algorithm, &hashed, signature)
}

/// Verifies `signature` over a message whose digest is `hashed`.
pub fn verify_prehashed(
    signer: &Certificate,
    algorithm: SignatureAlgorithm,
    hashed: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let key = signer
        .rsa_public_key()
        .map_err(|_| VerifyError::KeyMismatch(algorithm))?;
    let result = match algorithm {
        SignatureAlgorithm::RsaPkcs1v15(d) => key.verify(pkcs1v15_scheme(d), hashed, signature),
        SignatureAlgorithm::RsaPss {
            digest,
            salt_length,
        } => {
            let salt = usize::from(salt_length);
            match digest {
                DigestAlgorithm::Sha1 => key.verify(
                    rsa::Pss::<sha1::Sha1>::new_with_salt(salt),
                    hashed,
                    signature,
                ),
                DigestAlgorithm::Sha256 => key.verify(
                    rsa::Pss::<sha2::Sha256>::new_with_salt(salt),
                    hashed,
                    signature,
                ),
                DigestAlgorithm::Sha384 => key.verify(
                    rsa::Pss::<sha2::Sha384>::new_with_salt(salt),
                    hashed,
                    signature,
                ),
                DigestAlgorithm::Sha512 => key.verify(
                    rsa::Pss::<sha2::Sha512>::new_with_salt(salt),
                    hashed,
                    signature,
                ),
            }
        }
    };
    result.map_err(|_| VerifyError::BadSignature)
}

/// The `rsa` crate's PKCS#1 v1.5 scheme (DigestInfo prefix) for a digest.
pub(crate) fn pkcs1v15_scheme(d: DigestAlgorithm) -> rsa::Pkcs1v15Sign {
    match d {
        DigestAlgorithm::Sha1 => rsa::Pkcs1v15Sign::new::<sha1::Sha1>(),
        DigestAlgorithm::Sha256 => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        DigestAlgorithm::Sha384 => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
        DigestAlgorithm::Sha512 => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
    }
}
