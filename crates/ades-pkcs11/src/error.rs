//! What can go wrong with a token, in words a user can act on.

use std::path::PathBuf;

/// Why a PKCS#11 key cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Pkcs11Error {
    /// The module (`.so`) could not be loaded or initialised.
    #[error("cannot load the PKCS#11 module {}: {reason}", path.display())]
    Module {
        /// The module's path.
        path: PathBuf,
        /// What the loader or `C_Initialize` said.
        reason: String,
    },
    /// No token with that label is present.
    #[error("no token labelled \"{label}\" (present: {})", if present.is_empty() { "none".to_owned() } else { present.join(", ") })]
    NoToken {
        /// The label asked for.
        label: String,
        /// The labels of the tokens present.
        present: Vec<String>,
    },
    /// The PIN was refused.
    #[error("wrong PIN for token \"{0}\"")]
    WrongPin(String),
    /// The PIN is locked after too many wrong attempts.
    #[error(
        "the PIN of token \"{0}\" is locked (too many wrong attempts): unblock it with the SO PIN"
    )]
    PinLocked(String),
    /// No private key matches.
    #[error("no private key {0} on the token")]
    NoKey(String),
    /// More than one private key matches.
    #[error("{count} private keys match {selector}: choose one by --key-id")]
    AmbiguousKey {
        /// The selector, in words.
        selector: String,
        /// How many keys matched.
        count: usize,
    },
    /// The key's type cannot sign here.
    #[error("the key {0} is neither RSA nor EC")]
    UnsupportedKey(String),
    /// Any other failure reported by the token.
    #[error("PKCS#11: {0}")]
    Token(#[from] cryptoki::error::Error),
}
