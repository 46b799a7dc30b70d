//! Loading the signer's key, certificate and chain from the command line's key options.
//! Passwords come from a file, an environment variable or a prompt, never from argv.

use std::path::{Path, PathBuf};

use ades::SignerIdentity;
use ades::core::pkcs12::Pkcs12Error;
use ades::core::{Certificate, KeyError};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::output::read_file;
use crate::secrets;
use crate::token_keys::TokenArgs;

/// Key options shared by `sign`, `cosign` and `countersign`.
#[derive(Debug, clap::Args)]
pub(crate) struct KeyArgs {
    /// Private key (PKCS#8 or PKCS#1, PEM or DER; encrypted PKCS#8 needs a password).
    #[arg(long, requires = "cert", conflicts_with = "p12")]
    pub(crate) key: Option<PathBuf>,
    /// Signer certificate (PEM or DER); with --pkcs11 or --csc, overrides the one the token or
    /// service holds.
    #[arg(long)]
    pub(crate) cert: Option<PathBuf>,
    /// Intermediate certificates to embed (PEM, one or more).
    #[arg(long)]
    pub(crate) chain: Option<PathBuf>,
    /// PKCS#12 file (.p12/.pfx) with the key, certificate and chain.
    #[arg(long)]
    pub(crate) p12: Option<PathBuf>,
    /// Read the password from this file (first line).
    #[arg(long, conflicts_with = "password_env")]
    pub(crate) password_file: Option<PathBuf>,
    /// Read the password from this environment variable.
    #[arg(long)]
    pub(crate) password_env: Option<String>,
    #[command(flatten)]
    pub(crate) token: TokenArgs,
}

impl KeyArgs {
    /// The password given through a file or the environment, if any.
    fn given_password(&self) -> Result<Option<Zeroizing<String>>, CliError> {
        secrets::given(
            self.password_file.as_ref(),
            self.password_env.as_ref(),
            "password",
        )
    }

    fn prompt(what: &str) -> Result<Zeroizing<String>, CliError> {
        secrets::prompt(
            "password",
            what,
            "--password-file FILE or --password-env VAR",
        )
    }

    /// Loads the signer: the key, its certificate and the chain, checking that the key
    /// belongs to the certificate.
    pub(crate) fn load(&self) -> Result<SignerIdentity, CliError> {
        let identity = match (&self.p12, &self.key, &self.cert) {
            _ if self.token.given() => {
                let certificates = match &self.cert {
                    Some(path) => Some(
                        Certificate::load(&read_file(path)?).map_err(ades::core::Error::from)?,
                    ),
                    None => None,
                };
                self.token.load(certificates)?
            }
            (Some(p12), _, _) => self.load_p12(p12)?,
            (None, Some(key), Some(cert)) => self.load_pem(key, cert)?,
            _ => {
                return Err(CliError::Usage(
                    "give the signer's key: --key KEY --cert CERT, --p12 FILE, --pkcs11 MODULE --token LABEL --key-label LABEL, or --csc URL --csc-credential ID".into(),
                ));
            }
        };
        Ok(match &self.chain {
            Some(chain) => identity.with_chain(
                Certificate::load(&read_file(chain)?).map_err(ades::core::Error::from)?,
            ),
            None => identity,
        })
    }

    fn load_p12(&self, path: &Path) -> Result<SignerIdentity, CliError> {
        let bytes = read_file(path)?;
        let password = match self.given_password()? {
            Some(p) => p,
            None => match SignerIdentity::from_pkcs12(&bytes, "") {
                Err(ades::Error::Core(ades::core::Error::Pkcs12(Pkcs12Error::WrongPassword))) => {
                    Self::prompt(&path.display().to_string())?
                }
                other => return Ok(other?),
            },
        };
        Ok(SignerIdentity::from_pkcs12(&bytes, &password)?)
    }

    fn load_pem(&self, key: &Path, cert: &Path) -> Result<SignerIdentity, CliError> {
        let key_bytes = read_file(key)?;
        let certificates = read_file(cert)?;
        let given = self.given_password()?;
        let password = given.as_ref().map(|p| p.as_bytes());
        match SignerIdentity::from_key_and_certificates(&key_bytes, password, &certificates) {
            Err(ades::Error::Core(ades::core::Error::Key(KeyError::PasswordRequired))) => {
                let p = Self::prompt(&key.display().to_string())?;
                Ok(SignerIdentity::from_key_and_certificates(
                    &key_bytes,
                    Some(p.as_bytes()),
                    &certificates,
                )?)
            }
            other => Ok(other?),
        }
    }
}
