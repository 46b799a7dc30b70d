//! Opening a token, finding the key and its certificate, and signing with it.

use std::path::Path;
use std::sync::Mutex;

use ades_core::algorithm::SignatureAlgorithm;
use ades_core::{Certificate, DigestAlgorithm, Signer, SignerError};
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use zeroize::Zeroizing;

use crate::error::Pkcs11Error;

/// Which private key on the token signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySelector {
    /// The key whose `CKA_LABEL` is this.
    Label(String),
    /// The key whose `CKA_ID` is these bytes.
    Id(Vec<u8>),
}

impl std::fmt::Display for KeySelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Label(label) => write!(f, "labelled \"{label}\""),
            Self::Id(id) => {
                f.write_str("with id ")?;
                id.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }
    }
}

/// A user PIN, zeroized when dropped.
pub struct Pin(Zeroizing<String>);

impl Pin {
    /// Wraps a PIN (read from a file, the environment or a prompt; never from argv).
    pub fn new(pin: impl Into<String>) -> Self {
        Pin(Zeroizing::new(pin.into()))
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(…)")
    }
}

/// The kind of key, which fixes the mechanism.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyKind {
    Rsa,
    Ec,
}

/// A private key on a PKCS#11 token, logged in and ready to sign.
///
/// The session is kept open (and logged in) until the signer is dropped; signing is
/// serialised through it, as PKCS#11 sessions allow one operation at a time.
pub struct Pkcs11Signer {
    // Declared before the context so the session closes before the module is finalised.
    session: Mutex<Session>,
    key: ObjectHandle,
    kind: KeyKind,
    certificate: Option<Certificate>,
    chain: Vec<Certificate>,
    _context: Pkcs11,
}

impl Pkcs11Signer {
    /// Loads `module`, opens the token labelled `token`, logs in with `pin` and finds the one
    /// private key `key` selects, with its certificate (same `CKA_ID`) when the token holds it.
    pub fn open(
        module: &Path,
        token: &str,
        key: &KeySelector,
        pin: &Pin,
    ) -> Result<Self, Pkcs11Error> {
        let module_error = |reason: String| Pkcs11Error::Module {
            path: module.to_owned(),
            reason,
        };
        let context = Pkcs11::new(module).map_err(|e| module_error(e.to_string()))?;
        match context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
            Err(e) => return Err(module_error(e.to_string())),
        }
        let mut present = Vec::new();
        let mut found = None;
        for slot in context.get_slots_with_token()? {
            let label = context.get_token_info(slot)?.label().trim_end().to_owned();
            if label == token && found.is_none() {
                found = Some(slot);
            }
            present.push(label);
        }
        let slot = found.ok_or_else(|| Pkcs11Error::NoToken {
            label: token.to_owned(),
            present,
        })?;
        let session = context.open_ro_session(slot)?;
        login(&session, token, pin)?;
        let (handle, kind, id) = find_key(&session, key)?;
        let certificates = token_certificates(&session)?;
        let certificate = id.as_ref().and_then(|id| {
            certificates
                .iter()
                .find(|(cert_id, _)| cert_id == id)
                .map(|(_, c)| c.clone())
        });
        let chain = match &certificate {
            Some(signer) => issuers_of(signer, certificates.into_iter().map(|(_, c)| c)),
            None => Vec::new(),
        };
        Ok(Pkcs11Signer {
            session: Mutex::new(session),
            key: handle,
            kind,
            certificate,
            chain,
            _context: context,
        })
    }

    /// The key's certificate, when the token holds one with the key's `CKA_ID`.
    pub fn certificate(&self) -> Option<&Certificate> {
        self.certificate.as_ref()
    }

    /// The certificates on the token that issue the signer's, nearest first.
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }
}

fn login(session: &Session, token: &str, pin: &Pin) -> Result<(), Pkcs11Error> {
    let auth = AuthPin::new(pin.0.as_str().into());
    match session.login(UserType::User, Some(&auth)) {
        Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => Ok(()),
        Err(CkError::Pkcs11(RvError::PinIncorrect | RvError::PinLenRange, _)) => {
            Err(Pkcs11Error::WrongPin(token.to_owned()))
        }
        Err(CkError::Pkcs11(RvError::PinLocked, _)) => {
            Err(Pkcs11Error::PinLocked(token.to_owned()))
        }
        Err(e) => Err(e.into()),
    }
}

/// The one private key the selector matches, its kind and its `CKA_ID`.
fn find_key(
    session: &Session,
    selector: &KeySelector,
) -> Result<(ObjectHandle, KeyKind, Option<Vec<u8>>), Pkcs11Error> {
    let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
    template.push(match selector {
        KeySelector::Label(label) => Attribute::Label(label.as_bytes().to_vec()),
        KeySelector::Id(id) => Attribute::Id(id.clone()),
    });
    let handles = session.find_objects(&template)?;
    let handle = match handles.as_slice() {
        [one] => *one,
        [] => return Err(Pkcs11Error::NoKey(selector.to_string())),
        many => {
            return Err(Pkcs11Error::AmbiguousKey {
                selector: selector.to_string(),
                count: many.len(),
            });
        }
    };
    let mut kind = None;
    let mut id = None;
    for attribute in session.get_attributes(handle, &[AttributeType::KeyType, AttributeType::Id])? {
        match attribute {
            Attribute::KeyType(t) if t == KeyType::RSA => kind = Some(KeyKind::Rsa),
            Attribute::KeyType(t) if t == KeyType::EC => kind = Some(KeyKind::Ec),
            Attribute::Id(bytes) if !bytes.is_empty() => id = Some(bytes),
            _ => {}
        }
    }
    let kind = kind.ok_or_else(|| Pkcs11Error::UnsupportedKey(selector.to_string()))?;
    Ok((handle, kind, id))
}

/// Every X.509 certificate on the token with its `CKA_ID` (unreadable ones are skipped).
fn token_certificates(session: &Session) -> Result<Vec<(Vec<u8>, Certificate)>, Pkcs11Error> {
    let handles = session.find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])?;
    let mut out = Vec::new();
    for handle in handles {
        let mut id = Vec::new();
        let mut value = None;
        for attribute in
            session.get_attributes(handle, &[AttributeType::Id, AttributeType::Value])?
        {
            match attribute {
                Attribute::Id(bytes) => id = bytes,
                Attribute::Value(bytes) => value = Certificate::from_der(&bytes).ok(),
                _ => {}
            }
        }
        if let Some(certificate) = value {
            out.push((id, certificate));
        }
    }
    Ok(out)
}

/// The issuers of `signer` found among `candidates`, nearest first, stopping at a
/// self-issued certificate or when none is found (bounded by the candidates' number).
fn issuers_of(
    signer: &Certificate,
    candidates: impl Iterator<Item = Certificate>,
) -> Vec<Certificate> {
    let candidates: Vec<Certificate> = candidates.filter(|c| c != signer).collect();
    let mut chain: Vec<Certificate> = Vec::new();
    let mut current = signer.clone();
    while chain.len() < candidates.len() && !current.is_self_issued() {
        let Some(issuer) = candidates
            .iter()
            .find(|c| !chain.contains(c) && current.is_signed_by(c))
        else {
            break;
        };
        chain.push(issuer.clone());
        current = issuer.clone();
    }
    chain
}

/// PKCS#1 v1.5 `DigestInfo` (RFC 8017 §9.2): the digest's AlgorithmIdentifier with NULL
/// parameters and the digest as an OCTET STRING.
fn digest_info(algorithm: DigestAlgorithm, digest: &[u8]) -> Vec<u8> {
    use ades_core::ber::{OCTET_STRING, SEQUENCE, constructed, tlv};
    let oid = ades_core::algorithm::encode_oid(&algorithm.oid());
    let algorithm_id = constructed(SEQUENCE, &[&oid, &[0x05, 0x00]]);
    constructed(SEQUENCE, &[&algorithm_id, &tlv(OCTET_STRING, digest)])
}

impl Signer for Pkcs11Signer {
    fn sign(&self, algorithm: SignatureAlgorithm, data: &[u8]) -> Result<Vec<u8>, SignerError> {
        let (mechanism, input) = match (self.kind, algorithm) {
            (KeyKind::Rsa, SignatureAlgorithm::RsaPkcs1v15(d)) => (
                Mechanism::RsaPkcs,
                digest_info(d, &ades_core::digest::digest(d, data)),
            ),
            (KeyKind::Ec, SignatureAlgorithm::Ecdsa(d)) => {
                (Mechanism::Ecdsa, ades_core::digest::digest(d, data))
            }
            _ => {
                return Err(SignerError::new(format!(
                    "the token's {} key cannot sign {algorithm}",
                    if self.kind == KeyKind::Rsa {
                        "RSA"
                    } else {
                        "EC"
                    }
                )));
            }
        };
        let session = self.session.lock().map_err(|_| {
            SignerError::new("the PKCS#11 session was poisoned by a failed signature")
        })?;
        let value = session
            .sign(&mechanism, self.key, &input)
            .map_err(|e| SignerError::new(format!("the token refused to sign: {e}")))?;
        match self.kind {
            KeyKind::Rsa => Ok(value),
            KeyKind::Ec => ades_core::verify::ecdsa_raw_to_der(&value)
                .ok_or_else(|| SignerError::new("the token returned a malformed ECDSA value")),
        }
    }

    fn public_key_info_der(&self) -> Option<Vec<u8>> {
        self.certificate.as_ref()?.public_key_info_der().ok()
    }
}

impl std::fmt::Debug for Pkcs11Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Signer")
            .field("kind", &self.kind)
            .field(
                "certificate",
                &self.certificate.as_ref().map(Certificate::subject_text),
            )
            .finish_non_exhaustive()
    }
}
