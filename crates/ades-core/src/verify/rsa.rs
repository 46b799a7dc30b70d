//! RSA verification: aws-lc-rs where it covers the digest and key size, the pure-Rust `rsa`
//! crate for the rest (SHA-224, SHA-3, PSS salts other than the digest length, keys under
//! 1024 bits) and for builds without the `aws-lc` feature.

use std::sync::{Arc, OnceLock};

use der::Decode;

use super::VerifyError;
use crate::algorithm::{DigestAlgorithm, SignatureAlgorithm};
use crate::certificate::{MAX_RSA_BITS, MIN_RSA_BITS};

/// An RSA public key: the PKCS#1 `RSAPublicKey` DER, with each backend's parsed form made
/// on first use and kept.
#[derive(Clone)]
pub struct RsaKey {
    pkcs1_der: Arc<[u8]>,
    bits: usize,
    pure: Arc<OnceLock<Option<rsa::RsaPublicKey>>>,
    #[cfg(feature = "aws-lc")]
    fast: Arc<fast::ParsedKeys>,
}

impl std::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RsaKey({} bits)", self.bits)
    }
}

impl RsaKey {
    /// Reads a PKCS#1 `RSAPublicKey`; `None` when malformed or outside the accepted sizes.
    /// Integers with redundant leading zero bytes (some CAs' encoders write them) are read
    /// and kept in their minimal DER form, which both backends require.
    pub(crate) fn from_pkcs1_der(der_bytes: &[u8]) -> Option<Self> {
        use crate::ber::{INTEGER, Reader, SEQUENCE, constructed, unsigned_integer};
        let top = Reader::single(der_bytes).ok()?;
        let mut fields = top.expect_tag(SEQUENCE).ok()?.children().ok()?;
        let modulus = fields.read_tag(INTEGER).ok()?.content();
        let exponent = fields.read_tag(INTEGER).ok()?.content();
        if fields.next_element().ok()?.is_some()
            || modulus.first().is_some_and(|b| b & 0x80 != 0)
            || exponent.first().is_some_and(|b| b & 0x80 != 0)
        {
            return None; // trailing data or a negative number
        }
        let magnitude =
            |bytes: &[u8]| -> Vec<u8> { bytes.iter().copied().skip_while(|b| *b == 0).collect() };
        let modulus = magnitude(modulus);
        let bits = modulus
            .first()
            .map_or(0, |b| modulus.len() * 8 - b.leading_zeros() as usize);
        if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) || magnitude(exponent).is_empty() {
            return None;
        }
        let minimal = constructed(
            SEQUENCE,
            &[&unsigned_integer(&modulus), &unsigned_integer(exponent)],
        );
        Some(RsaKey {
            pkcs1_der: Arc::from(minimal),
            bits,
            pure: Arc::default(),
            #[cfg(feature = "aws-lc")]
            fast: Arc::default(),
        })
    }

    /// Modulus length in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The key for the `rsa` crate, parsed on first use.
    fn pure(&self) -> Option<&rsa::RsaPublicKey> {
        self.pure
            .get_or_init(|| {
                let key = pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(&self.pkcs1_der)
                    .ok()?;
                let n = rsa::BoxedUint::from_be_slice_vartime(key.modulus.as_bytes());
                let e = rsa::BoxedUint::from_be_slice_vartime(key.public_exponent.as_bytes());
                rsa::RsaPublicKey::new_with_size_limits(n, e, MIN_RSA_BITS..=MAX_RSA_BITS).ok()
            })
            .as_ref()
    }
}

/// Verifies an RSA signature value.
pub(super) fn verify(
    key: &RsaKey,
    algorithm: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    #[cfg(feature = "aws-lc")]
    if let Some(result) = fast::verify(key, algorithm, message, signature) {
        return result;
    }
    let pure = key.pure().ok_or(VerifyError::KeyMismatch(algorithm))?;
    let hashed = crate::digest::digest(algorithm.digest(), message);
    let result = match algorithm {
        SignatureAlgorithm::RsaPkcs1v15(d) => pure.verify(pkcs1v15_scheme(d), &hashed, signature),
        SignatureAlgorithm::RsaPss {
            digest,
            salt_length,
        } => verify_pss(pure, digest, usize::from(salt_length), &hashed, signature),
        _ => return Err(VerifyError::KeyMismatch(algorithm)),
    };
    result.map_err(|_| VerifyError::BadSignature)
}

fn verify_pss(
    key: &rsa::RsaPublicKey,
    digest: DigestAlgorithm,
    salt: usize,
    hashed: &[u8],
    signature: &[u8],
) -> rsa::Result<()> {
    use rsa::Pss;
    match digest {
        DigestAlgorithm::Sha1 => {
            key.verify(Pss::<sha1::Sha1>::new_with_salt(salt), hashed, signature)
        }
        DigestAlgorithm::Sha224 => {
            key.verify(Pss::<sha2::Sha224>::new_with_salt(salt), hashed, signature)
        }
        DigestAlgorithm::Sha256 => {
            key.verify(Pss::<sha2::Sha256>::new_with_salt(salt), hashed, signature)
        }
        DigestAlgorithm::Sha384 => {
            key.verify(Pss::<sha2::Sha384>::new_with_salt(salt), hashed, signature)
        }
        DigestAlgorithm::Sha512 => {
            key.verify(Pss::<sha2::Sha512>::new_with_salt(salt), hashed, signature)
        }
        DigestAlgorithm::Sha3_224 => key.verify(
            Pss::<sha3::Sha3_224>::new_with_salt(salt),
            hashed,
            signature,
        ),
        DigestAlgorithm::Sha3_256 => key.verify(
            Pss::<sha3::Sha3_256>::new_with_salt(salt),
            hashed,
            signature,
        ),
        DigestAlgorithm::Sha3_384 => key.verify(
            Pss::<sha3::Sha3_384>::new_with_salt(salt),
            hashed,
            signature,
        ),
        DigestAlgorithm::Sha3_512 => key.verify(
            Pss::<sha3::Sha3_512>::new_with_salt(salt),
            hashed,
            signature,
        ),
    }
}

/// The `rsa` crate's PKCS#1 v1.5 scheme (DigestInfo prefix) for a digest.
pub(crate) fn pkcs1v15_scheme(d: DigestAlgorithm) -> rsa::Pkcs1v15Sign {
    use rsa::Pkcs1v15Sign;
    match d {
        DigestAlgorithm::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
        DigestAlgorithm::Sha224 => Pkcs1v15Sign::new::<sha2::Sha224>(),
        DigestAlgorithm::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        DigestAlgorithm::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
        DigestAlgorithm::Sha512 => Pkcs1v15Sign::new::<sha2::Sha512>(),
        DigestAlgorithm::Sha3_224 => Pkcs1v15Sign::new::<sha3::Sha3_224>(),
        DigestAlgorithm::Sha3_256 => Pkcs1v15Sign::new::<sha3::Sha3_256>(),
        DigestAlgorithm::Sha3_384 => Pkcs1v15Sign::new::<sha3::Sha3_384>(),
        DigestAlgorithm::Sha3_512 => Pkcs1v15Sign::new::<sha3::Sha3_512>(),
    }
}

/// The aws-lc-rs fast path.
#[cfg(feature = "aws-lc")]
mod fast {
    use std::sync::OnceLock;

    use aws_lc_rs::signature::{self, ParsedPublicKey, RsaParameters};

    use super::{RsaKey, VerifyError};
    use crate::algorithm::{DigestAlgorithm, SignatureAlgorithm};

    /// The key parsed for each aws-lc-rs parameter set it was used with.
    #[derive(Default)]
    pub(super) struct ParsedKeys([OnceLock<Option<ParsedPublicKey>>; 7]);

    /// aws-lc-rs's parameters for `algorithm` with a key of `bits`, and their cache slot;
    /// `None` where it has none (SHA-224, SHA-3, other PSS salts, small keys).
    fn parameters(
        algorithm: SignatureAlgorithm,
        bits: usize,
    ) -> Option<(usize, &'static RsaParameters)> {
        let legacy = (1024..=8192).contains(&bits);
        let modern = (2048..=8192).contains(&bits);
        match algorithm {
            SignatureAlgorithm::RsaPkcs1v15(d) => match d {
                DigestAlgorithm::Sha1 if legacy => {
                    Some((0, &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY))
                }
                DigestAlgorithm::Sha256 if legacy => Some((
                    1,
                    &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                )),
                DigestAlgorithm::Sha384 if modern => {
                    Some((2, &signature::RSA_PKCS1_2048_8192_SHA384))
                }
                DigestAlgorithm::Sha512 if legacy => Some((
                    3,
                    &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                )),
                _ => None,
            },
            SignatureAlgorithm::RsaPss {
                digest,
                salt_length,
            } if modern && usize::from(salt_length) == digest.output_len() => match digest {
                DigestAlgorithm::Sha256 => Some((4, &signature::RSA_PSS_2048_8192_SHA256)),
                DigestAlgorithm::Sha384 => Some((5, &signature::RSA_PSS_2048_8192_SHA384)),
                DigestAlgorithm::Sha512 => Some((6, &signature::RSA_PSS_2048_8192_SHA512)),
                _ => None,
            },
            _ => None,
        }
    }

    /// `Some(result)` when aws-lc-rs handles the case, `None` to fall back.
    pub(super) fn verify(
        key: &RsaKey,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Option<Result<(), VerifyError>> {
        let (slot, params) = parameters(algorithm, key.bits)?;
        let parsed = key.fast.0[slot]
            .get_or_init(|| ParsedPublicKey::new(params, key.pkcs1_der.as_ref()).ok())
            .as_ref()?;
        Some(
            parsed
                .verify_sig(message, signature)
                .map_err(|_| VerifyError::BadSignature),
        )
    }
}
