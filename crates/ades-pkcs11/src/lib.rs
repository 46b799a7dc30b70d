//! Signing with a key on a PKCS#11 token: a smart card (the Spanish DNIe and FNMT cards
//! through OpenSC's `opensc-pkcs11.so`), an HSM, or SoftHSM2.
//!
//! The module is loaded at run time; the token is chosen by its label, the key by its
//! `CKA_LABEL` or `CKA_ID`, and exactly one private key must match. The user PIN logs the
//! session in and is dropped (zeroized) straight away. RSA keys sign with `CKM_RSA_PKCS`
//! over a `DigestInfo` computed here, which every RSA token implements (cards often lack
//! the hash-and-sign mechanisms); EC keys sign with `CKM_ECDSA` over the digest, and the
//! token's `r || s` is returned as the DER value CMS uses.
//!
//! ```no_run
//! use ades_pkcs11::{KeySelector, Pin, Pkcs11Signer};
//!
//! let pin = Pin::new(std::env::var("ADES_PIN").unwrap_or_default());
//! let signer = Pkcs11Signer::open(
//!     "/usr/lib/softhsm/libsofthsm2.so".as_ref(),
//!     "ades-test",
//!     &KeySelector::Label("signer1".into()),
//!     &pin,
//! )?;
//! let certificate = signer.certificate(); // read from the token when it holds one
//! # Ok::<(), ades_pkcs11::Pkcs11Error>(())
//! ```

mod error;
mod token;

pub use error::Pkcs11Error;
pub use token::{KeySelector, Pin, Pkcs11Signer};
