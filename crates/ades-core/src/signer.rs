//! The private-key operation, abstracted so a software key, a PKCS#12 file, a PKCS#11 token
//! or a remote signing service plug into the builders the same way.

use std::marker::PhantomData;

use crate::algorithm::{RsaPkcs1v15, SignatureAlgorithm, SignatureType};
use crate::error::SignerError;

/// Something that can produce a signature value with a private key.
///
/// `sign` receives the exact bytes to be signed (for CAdES, the DER of the signed
/// attributes) and hashes them itself; a token that only signs digests computes
/// the digest with [`crate::digest::digest`] first.
pub trait Signer {
    /// Produces the signature value of `data` with `algorithm`.
    fn sign(&self, algorithm: SignatureAlgorithm, data: &[u8]) -> Result<Vec<u8>, SignerError>;

    /// The DER `SubjectPublicKeyInfo` of the key, when the signer knows it, so builders can
    /// refuse a key that does not belong to the signing certificate before signing.
    fn public_key_info_der(&self) -> Option<Vec<u8>> {
        None
    }

    /// Whether every value this signer returns for `algorithm` has already been checked
    /// against its public key (aws-lc-rs verifies each RSA result before returning it, against
    /// fault attacks). Builders verify values that are not so checked — every value of a token
    /// or a remote service — with the certificate before writing anything. Default: `false`.
    fn verifies_values(&self, algorithm: SignatureAlgorithm) -> bool {
        let _ = algorithm;
        false
    }
}

impl<S: Signer + ?Sized> Signer for &S {
    fn sign(&self, algorithm: SignatureAlgorithm, data: &[u8]) -> Result<Vec<u8>, SignerError> {
        (**self).sign(algorithm, data)
    }

    fn public_key_info_der(&self) -> Option<Vec<u8>> {
        (**self).public_key_info_der()
    }

    fn verifies_values(&self, algorithm: SignatureAlgorithm) -> bool {
        (**self).verifies_values(algorithm)
    }
}

/// The bytes a signer must sign, fixed by a prepared builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToBeSigned {
    bytes: Vec<u8>,
    algorithm: SignatureAlgorithm,
}

impl ToBeSigned {
    /// Wraps the bytes to be signed with the algorithm they must be signed with.
    pub fn new(bytes: Vec<u8>, algorithm: SignatureAlgorithm) -> Self {
        ToBeSigned { bytes, algorithm }
    }

    /// The bytes to sign.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The algorithm the signature value must use.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    /// The digest of the bytes, for signers that sign digests (PKCS#11 `CKM_RSA_PKCS`
    /// with a DigestInfo, remote signing services).
    pub fn digest(&self) -> Vec<u8> {
        crate::digest::digest(self.algorithm.digest(), &self.bytes)
    }

    /// Signs with a [`Signer`].
    pub fn sign_with<A: SignatureType>(
        &self,
        signer: &(impl Signer + ?Sized),
    ) -> Result<SignatureValue<A>, SignerError> {
        let mut value = SignatureValue::new(signer.sign(self.algorithm, &self.bytes)?);
        if signer.verifies_values(self.algorithm) {
            value.checked_with = signer.public_key_info_der();
        }
        Ok(value)
    }
}

/// A signature value made by scheme `A` (RSA PKCS#1 v1.5 unless stated otherwise).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureValue<A = RsaPkcs1v15> {
    bytes: Vec<u8>,
    /// The public key (DER `SubjectPublicKeyInfo`) a signer that checks its values checked
    /// this one with ([`ToBeSigned::sign_with`]).
    checked_with: Option<Vec<u8>>,
    scheme: PhantomData<A>,
}

impl<A: SignatureType> SignatureValue<A> {
    /// Wraps a signature value produced elsewhere (by a token or a remote service).
    pub fn new(bytes: Vec<u8>) -> Self {
        SignatureValue {
            bytes,
            checked_with: None,
            scheme: PhantomData,
        }
    }

    /// Whether the signer that made the value checked it against the public key
    /// `spki_der` ([`Signer::verifies_values`]); values from elsewhere never are. Builders
    /// ask with the certificate's key, so a value checked with another key is verified.
    pub fn is_checked_with(&self, spki_der: &[u8]) -> bool {
        self.checked_with.as_deref() == Some(spki_der)
    }

    /// The signature octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Unwraps the octets.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Adapts a RustCrypto [`signature::Signer`] (for example `rsa::pkcs1v15::SigningKey<Sha256>`,
/// or a PKCS#11 or cloud-KMS signer implementing that trait) to [`Signer`].
///
/// The RustCrypto signer fixes its algorithm in its type; this adapter is told which one it is
/// and refuses to sign with any other.
pub struct RustCryptoSigner<S, Sig> {
    inner: S,
    algorithm: SignatureAlgorithm,
    public_key_info: Option<Vec<u8>>,
    signature: PhantomData<fn() -> Sig>,
}

impl<S, Sig> RustCryptoSigner<S, Sig>
where
    S: signature::Signer<Sig>,
    Sig: signature::SignatureEncoding,
{
    /// Wraps `inner`, which signs with `algorithm`.
    pub fn new(inner: S, algorithm: SignatureAlgorithm) -> Self {
        RustCryptoSigner {
            inner,
            algorithm,
            public_key_info: None,
            signature: PhantomData,
        }
    }

    /// Records the signer's public key so builders can check it against the certificate.
    pub fn with_public_key_info(mut self, spki_der: Vec<u8>) -> Self {
        self.public_key_info = Some(spki_der);
        self
    }
}

impl<S, Sig> Signer for RustCryptoSigner<S, Sig>
where
    S: signature::Signer<Sig>,
    Sig: signature::SignatureEncoding,
{
    fn sign(&self, algorithm: SignatureAlgorithm, data: &[u8]) -> Result<Vec<u8>, SignerError> {
        if algorithm != self.algorithm {
            return Err(SignerError::new(format!(
                "this signer signs with {}, not {algorithm}",
                self.algorithm
            )));
        }
        let sig = self
            .inner
            .try_sign(data)
            .map_err(|e| SignerError::with_source("RustCrypto signer failed", e))?;
        Ok(sig.to_vec())
    }

    fn public_key_info_der(&self) -> Option<Vec<u8>> {
        self.public_key_info.clone()
    }
}
