//! Who signs: a private key (software, PKCS#12, or any [`Signer`]: a token, a remote service)
//! with its certificate and the chain to embed.

use ades_core::pkcs12;
use ades_core::{Certificate, RsaSoftwareKey, Signer};

use crate::error::Error;

/// A signer: the private-key operation, the signer certificate and its chain.
pub struct SignerIdentity {
    signer: Box<dyn Signer + Send + Sync>,
    certificate: Certificate,
    chain: Vec<Certificate>,
}

impl SignerIdentity {
    /// Any [`Signer`] with its certificate and the intermediate certificates to embed. A
    /// signer that knows its public key is checked against the certificate now.
    pub fn new(
        signer: impl Signer + Send + Sync + 'static,
        certificate: Certificate,
        chain: Vec<Certificate>,
    ) -> Result<Self, Error> {
        if let Some(spki) = signer.public_key_info_der()
            && certificate.public_key_info_der().ok().as_deref() != Some(spki.as_slice())
        {
            return Err(Error::KeyMismatch);
        }
        Ok(SignerIdentity {
            signer: Box::new(signer),
            certificate,
            chain,
        })
    }

    /// A PKCS#12 file (`.p12`, `.pfx`): key, certificate and chain.
    pub fn from_pkcs12(bytes: &[u8], password: &str) -> Result<Self, Error> {
        let identity = pkcs12::read(bytes, password)?;
        Self::new(identity.key, identity.certificate, identity.chain)
    }

    /// A private key (PKCS#8, encrypted PKCS#8 or PKCS#1, PEM or DER) and certificates (PEM
    /// or DER): the first is the signer's, the others its chain.
    pub fn from_key_and_certificates(
        key: &[u8],
        password: Option<&[u8]>,
        certificates: &[u8],
    ) -> Result<Self, Error> {
        let key = RsaSoftwareKey::load(key, password)?;
        let mut certificates = Certificate::load(certificates)?.into_iter();
        let certificate = certificates.next().ok_or(Error::NoCertificate)?;
        Self::new(key, certificate, certificates.collect())
    }

    /// Adds intermediate certificates to embed (duplicates and the signer's own are skipped).
    pub fn with_chain(mut self, more: impl IntoIterator<Item = Certificate>) -> Self {
        for c in more {
            if !self.chain.contains(&c) && c != self.certificate {
                self.chain.push(c);
            }
        }
        self
    }

    /// The signer certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The certificates embedded with it.
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    /// The private-key operation.
    pub fn signer(&self) -> &(dyn Signer + Send + Sync) {
        self.signer.as_ref()
    }
}

impl std::fmt::Debug for SignerIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignerIdentity")
            .field("certificate", &self.certificate.subject_text())
            .field("chain", &self.chain.len())
            .finish_non_exhaustive()
    }
}
