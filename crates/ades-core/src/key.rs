//! Software RSA keys from PKCS#8 (plain or encrypted) and PKCS#1, in PEM or DER, and from
//! PKCS#12 files. The key material is zeroized when dropped (the `rsa` crate's keys are
//! `ZeroizeOnDrop`; decrypted intermediate buffers are held in [`zeroize::Zeroizing`]; aws-lc
//! clears every buffer it frees).
//!
//! With the `aws-lc` feature (the default) the key is also parsed once into aws-lc-rs, which
//! signs PKCS#1 v1.5 with SHA-256/384/512 in constant time at OpenSSL's speed; SHA-1 and
//! other digests use the `rsa` crate (blinded).

use der::Encode;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use zeroize::Zeroizing;

use crate::algorithm::SignatureAlgorithm;
use crate::certificate::Certificate;
use crate::error::{KeyError, SignerError};
use crate::signer::Signer;
use crate::verify::pkcs1v15_scheme;

#[cfg(feature = "aws-lc")]
use std::sync::Arc;

/// An RSA private key held in memory.
#[derive(Clone)]
pub struct RsaSoftwareKey {
    key: rsa::RsaPrivateKey,
    /// The DER `SubjectPublicKeyInfo`, made once.
    spki: Option<std::sync::Arc<[u8]>>,
    /// The same key in aws-lc-rs, when it accepts it (2048 to 8192 bits).
    #[cfg(feature = "aws-lc")]
    fast: Option<Arc<aws_lc_rs::rsa::KeyPair>>,
}

impl RsaSoftwareKey {
    /// Wraps an `rsa` crate key.
    pub fn from_rsa(key: rsa::RsaPrivateKey) -> Self {
        #[cfg(feature = "aws-lc")]
        let fast = key.to_pkcs8_der().ok().and_then(|doc| {
            aws_lc_rs::rsa::KeyPair::from_pkcs8(doc.as_bytes())
                .ok()
                .map(Arc::new)
        });
        let spki = key
            .to_public_key()
            .to_public_key_der()
            .ok()
            .and_then(|doc| {
                spki::SubjectPublicKeyInfoRef::try_from(doc.as_bytes())
                    .ok()?
                    .to_der()
                    .ok()
            })
            .map(std::sync::Arc::from);
        RsaSoftwareKey {
            key,
            spki,
            #[cfg(feature = "aws-lc")]
            fast,
        }
    }

    /// Loads a key from PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`) or
    /// DER (PKCS#8, encrypted PKCS#8 or PKCS#1). `password` is needed for encrypted keys.
    pub fn load(bytes: &[u8], password: Option<&[u8]>) -> Result<Self, KeyError> {
        if let Some((label, der_bytes)) = pem_block(bytes) {
            return match label.as_str() {
                "PRIVATE KEY" => Self::from_pkcs8_der(&der_bytes),
                "RSA PRIVATE KEY" => Self::from_pkcs1_der(&der_bytes),
                "ENCRYPTED PRIVATE KEY" => Self::from_encrypted_pkcs8_der(&der_bytes, password),
                _ => Err(KeyError::UnrecognisedFormat),
            };
        }
        Self::from_pkcs8_der(bytes)
            .or_else(|_| Self::from_pkcs1_der(bytes))
            .or_else(|e| match password {
                Some(_) => Self::from_encrypted_pkcs8_der(bytes, password),
                None if pkcs8::EncryptedPrivateKeyInfoRef::try_from(bytes).is_ok() => {
                    Err(KeyError::PasswordRequired)
                }
                None => Err(e),
            })
    }

    /// A PKCS#8 `PrivateKeyInfo` in DER.
    pub fn from_pkcs8_der(der_bytes: &[u8]) -> Result<Self, KeyError> {
        if let Ok(info) = pkcs8::PrivateKeyInfoRef::try_from(der_bytes)
            && info.algorithm.oid != crate::oid::RSA_ENCRYPTION
        {
            return Err(KeyError::NotRsa {
                oid: info.algorithm.oid,
            });
        }
        rsa::RsaPrivateKey::from_pkcs8_der(der_bytes)
            .map(Self::from_rsa)
            .map_err(|_| KeyError::UnrecognisedFormat)
    }

    /// A PKCS#1 `RSAPrivateKey` in DER.
    pub fn from_pkcs1_der(der_bytes: &[u8]) -> Result<Self, KeyError> {
        rsa::RsaPrivateKey::from_pkcs1_der(der_bytes)
            .map(Self::from_rsa)
            .map_err(|_| KeyError::UnrecognisedFormat)
    }

    /// A PKCS#8 `EncryptedPrivateKeyInfo` (PBES2) in DER.
    pub fn from_encrypted_pkcs8_der(
        der_bytes: &[u8],
        password: Option<&[u8]>,
    ) -> Result<Self, KeyError> {
        let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(der_bytes)
            .map_err(|_| KeyError::UnrecognisedFormat)?;
        let password = password.ok_or(KeyError::PasswordRequired)?;
        let doc = info
            .decrypt(password)
            .map_err(|_| KeyError::WrongPassword)?;
        Self::from_pkcs8_der(doc.as_bytes())
    }

    /// Generates a fresh key (for tests and demos; production keys come from a CA process).
    pub fn generate<R: rsa::rand_core::CryptoRng + ?Sized>(
        rng: &mut R,
        bits: usize,
    ) -> Result<Self, KeyError> {
        rsa::RsaPrivateKey::new(rng, bits)
            .map(Self::from_rsa)
            .map_err(KeyError::InvalidRsa)
    }

    /// The key as PKCS#8 DER, in a buffer that is zeroized on drop.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let doc = self
            .key
            .to_pkcs8_der()
            .map_err(|_| KeyError::UnrecognisedFormat)?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// The key as PKCS#8 PEM, zeroized on drop.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        let doc = self.to_pkcs8_der()?;
        der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::LF, &doc)
            .map(Zeroizing::new)
            .map_err(|_| KeyError::UnrecognisedFormat)
    }

    /// The public key.
    pub fn public_key(&self) -> rsa::RsaPublicKey {
        self.key.to_public_key()
    }

    /// Modulus length in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bits() as usize
    }

    /// Fails unless `certificate` carries this key's public key.
    pub fn check_certificate(&self, certificate: &Certificate) -> Result<(), KeyError> {
        let ours = self.public_key_info_der();
        let theirs = certificate.public_key_info_der().ok();
        if ours.is_some() && ours == theirs {
            Ok(())
        } else {
            Err(KeyError::CertificateMismatch)
        }
    }
}

impl Signer for RsaSoftwareKey {
    fn sign(&self, algorithm: SignatureAlgorithm, data: &[u8]) -> Result<Vec<u8>, SignerError> {
        match algorithm {
            SignatureAlgorithm::RsaPkcs1v15(d) => {
                #[cfg(feature = "aws-lc")]
                if let Some(value) = self.sign_fast(d, data) {
                    return value;
                }
                let hashed = crate::digest::digest(d, data);
                // `sign` blinds the private-key operation with the OS random generator.
                self.key
                    .sign(pkcs1v15_scheme(d), &hashed)
                    .map_err(|e| SignerError::with_source("RSA signing failed", e))
            }
            other => Err(SignerError::new(format!(
                "this software key signs with RSASSA-PKCS1-v1_5 only, not {other}"
            ))),
        }
    }

    fn verifies_values(&self, algorithm: SignatureAlgorithm) -> bool {
        // aws-lc checks every RSA-CRT result with the public exponent before returning it.
        #[cfg(feature = "aws-lc")]
        return self.fast.is_some()
            && matches!(
                algorithm,
                SignatureAlgorithm::RsaPkcs1v15(
                    crate::DigestAlgorithm::Sha256
                        | crate::DigestAlgorithm::Sha384
                        | crate::DigestAlgorithm::Sha512
                )
            );
        #[cfg(not(feature = "aws-lc"))]
        {
            let _ = algorithm;
            false
        }
    }

    fn public_key_info_der(&self) -> Option<Vec<u8>> {
        self.spki.as_deref().map(<[u8]>::to_vec)
    }
}

#[cfg(feature = "aws-lc")]
impl RsaSoftwareKey {
    /// Signs with aws-lc-rs when it has the digest (SHA-256/384/512) and the key.
    fn sign_fast(
        &self,
        digest: crate::DigestAlgorithm,
        data: &[u8],
    ) -> Option<Result<Vec<u8>, SignerError>> {
        use aws_lc_rs::signature;
        let fast = self.fast.as_ref()?;
        let encoding: &'static dyn signature::RsaEncoding = match digest {
            crate::DigestAlgorithm::Sha256 => &signature::RSA_PKCS1_SHA256,
            crate::DigestAlgorithm::Sha384 => &signature::RSA_PKCS1_SHA384,
            crate::DigestAlgorithm::Sha512 => &signature::RSA_PKCS1_SHA512,
            _ => return None,
        };
        let mut value = vec![0u8; fast.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        Some(
            fast.sign(encoding, &rng, data, &mut value)
                .map(|()| value)
                .map_err(|_| SignerError::new("RSA signing failed (aws-lc)")),
        )
    }
}

impl std::fmt::Debug for RsaSoftwareKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RsaSoftwareKey({} bits)", self.bits())
    }
}

/// The label and decoded bytes of the first PEM block in `bytes`, if it is PEM.
fn pem_block(bytes: &[u8]) -> Option<(String, Zeroizing<Vec<u8>>)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("-----BEGIN ")?;
    let label_end = text[start + 11..].find("-----")? + start + 11;
    let label = text[start + 11..label_end].to_owned();
    let end_marker = format!("-----END {label}-----");
    let end = text[label_end..].find(&end_marker)? + label_end + end_marker.len();
    let (_, der_bytes) = der::pem::decode_vec(&text.as_bytes()[start..end]).ok()?;
    Some((label, Zeroizing::new(der_bytes)))
}
