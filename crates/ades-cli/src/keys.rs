//! Loading the signer's key, certificate and chain from the command line's key options.
//! Passwords come from a file, an environment variable or a prompt, never from argv.

use std::io::IsTerminal;
use std::path::PathBuf;

use ades_core::pkcs12::{self, Pkcs12Error};
use ades_core::{Certificate, KeyError, RsaSoftwareKey};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::output::read_file;

/// Key options shared by `sign`, `cosign` and `countersign`.
#[derive(Debug, clap::Args)]
pub(crate) struct KeyArgs {
    /// Private key (PKCS#8 or PKCS#1, PEM or DER; encrypted PKCS#8 needs a password).
    #[arg(long, requires = "cert", conflicts_with = "p12")]
    pub(crate) key: Option<PathBuf>,
    /// Signer certificate (PEM or DER).
    #[arg(long, requires = "key")]
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
}

/// What signing needs: the key, its certificate and the chain to embed.
pub(crate) struct SignerMaterial {
    /// The private key.
    pub(crate) key: RsaSoftwareKey,
    /// The signer certificate.
    pub(crate) certificate: Certificate,
    /// Issuers to embed.
    pub(crate) chain: Vec<Certificate>,
}

impl KeyArgs {
    /// The password given through a file or the environment, if any.
    fn given_password(&self) -> Result<Option<Zeroizing<String>>, CliError> {
        if let Some(path) = &self.password_file {
            let text = String::from_utf8(read_file(path)?).map_err(|_| {
                CliError::Usage(format!(
                    "{}: the password file is not UTF-8",
                    path.display()
                ))
            })?;
            let text = Zeroizing::new(text);
            let first = text.lines().next().unwrap_or_default().to_owned();
            return Ok(Some(Zeroizing::new(first)));
        }
        if let Some(var) = &self.password_env {
            let value = std::env::var(var)
                .map_err(|_| CliError::Usage(format!("environment variable {var} is not set")))?;
            return Ok(Some(Zeroizing::new(value)));
        }
        Ok(None)
    }

    fn prompt(what: &str) -> Result<Zeroizing<String>, CliError> {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::Usage(format!(
                "{what} needs a password: use --password-file FILE or --password-env VAR"
            )));
        }
        rpassword::prompt_password(format!("Password for {what}: "))
            .map(Zeroizing::new)
            .map_err(|e| CliError::Other(format!("cannot read the password: {e}")))
    }

    /// Loads the signer material, checking that the key belongs to the certificate.
    pub(crate) fn load(&self) -> Result<SignerMaterial, CliError> {
        let mut material = match (&self.p12, &self.key, &self.cert) {
            (Some(p12), _, _) => self.load_p12(p12)?,
            (None, Some(key), Some(cert)) => self.load_pem(key, cert)?,
            _ => {
                return Err(CliError::Usage(
                    "give the signer's key: --key KEY --cert CERT, or --p12 FILE".into(),
                ));
            }
        };
        if let Some(chain) = &self.chain {
            let extra = Certificate::load(&read_file(chain)?)?;
            for c in extra {
                if !material.chain.contains(&c) && c != material.certificate {
                    material.chain.push(c);
                }
            }
        }
        material.key.check_certificate(&material.certificate)?;
        Ok(material)
    }

    fn load_p12(&self, path: &std::path::Path) -> Result<SignerMaterial, CliError> {
        let bytes = read_file(path)?;
        let what = path.display().to_string();
        let identity = match self.given_password()? {
            Some(p) => pkcs12::read(&bytes, &p)?,
            None => match pkcs12::read(&bytes, "") {
                Ok(id) => id,
                Err(Pkcs12Error::WrongPassword) => pkcs12::read(&bytes, &Self::prompt(&what)?)?,
                Err(e) => return Err(e.into()),
            },
        };
        Ok(SignerMaterial {
            key: identity.key,
            certificate: identity.certificate,
            chain: identity.chain,
        })
    }

    fn load_pem(
        &self,
        key: &std::path::Path,
        cert: &std::path::Path,
    ) -> Result<SignerMaterial, CliError> {
        let key_bytes = read_file(key)?;
        let given = self.given_password()?;
        let key = match RsaSoftwareKey::load(&key_bytes, given.as_ref().map(|p| p.as_bytes())) {
            Err(KeyError::PasswordRequired) => {
                let p = Self::prompt(&key.display().to_string())?;
                RsaSoftwareKey::load(&key_bytes, Some(p.as_bytes()))?
            }
            other => other?,
        };
        let certs = Certificate::load(&read_file(cert)?)?;
        let mut certs = certs.into_iter();
        let certificate = certs
            .next()
            .ok_or_else(|| CliError::Usage(format!("{}: no certificate", cert.display())))?;
        Ok(SignerMaterial {
            key,
            certificate,
            chain: certs.collect(),
        })
    }
}
