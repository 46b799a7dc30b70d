//! Keys that are not files: a PKCS#11 token (`--pkcs11`) or a CSC remote-signing service
//! (`--csc`). PINs and access tokens come from a file, an environment variable or a prompt,
//! never from argv.

use std::path::{Path, PathBuf};

use ades::SignerIdentity;
use ades::core::Certificate;
use ades::csc::CscClient;
use ades::pkcs11::{KeySelector, Pin, Pkcs11Signer};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::secrets;

/// Options of a key on a token or behind a remote-signing service.
#[derive(Debug, clap::Args)]
pub(crate) struct TokenArgs {
    /// PKCS#11 module (.so) of the token: SoftHSM2, an HSM, or OpenSC's opensc-pkcs11.so for
    /// the DNIe and FNMT cards.
    #[arg(long, value_name = "MODULE", conflicts_with_all = ["key", "p12", "csc"], requires = "token")]
    pub(crate) pkcs11: Option<PathBuf>,
    /// Label of the PKCS#11 token.
    #[arg(long, value_name = "LABEL", requires = "pkcs11")]
    pub(crate) token: Option<String>,
    /// CKA_LABEL of the private key on the token.
    #[arg(
        long,
        value_name = "LABEL",
        requires = "pkcs11",
        conflicts_with = "key_id"
    )]
    pub(crate) key_label: Option<String>,
    /// CKA_ID of the private key on the token, in hexadecimal.
    #[arg(long, value_name = "HEX", requires = "pkcs11")]
    pub(crate) key_id: Option<String>,
    /// Read the token's PIN (or the CSC credential's PIN) from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "pin_file")]
    pub(crate) pin_env: Option<String>,
    /// Read the PIN from this file (first line).
    #[arg(long, value_name = "FILE")]
    pub(crate) pin_file: Option<PathBuf>,
    /// Base URL of a CSC (Cloud Signature Consortium API) remote-signing service.
    #[arg(long, value_name = "URL", conflicts_with_all = ["key", "p12"], requires = "csc_credential")]
    pub(crate) csc: Option<String>,
    /// The credential ID at the CSC service.
    #[arg(long, value_name = "ID", requires = "csc")]
    pub(crate) csc_credential: Option<String>,
    /// Read the CSC access token (sent as a Bearer token) from this environment variable.
    #[arg(long, value_name = "VAR", requires = "csc")]
    pub(crate) csc_token_env: Option<String>,
}

impl TokenArgs {
    /// Whether a token or a remote service was asked for.
    pub(crate) fn given(&self) -> bool {
        self.pkcs11.is_some() || self.csc.is_some()
    }

    /// Loads the signer from the token or the service. `certificates` (from `--cert`)
    /// override what the token holds; a token without a certificate needs them.
    pub(crate) fn load(
        &self,
        certificates: Option<Vec<Certificate>>,
    ) -> Result<SignerIdentity, CliError> {
        if let Some(module) = &self.pkcs11 {
            return self.load_pkcs11(module, certificates);
        }
        let (Some(url), Some(id)) = (&self.csc, &self.csc_credential) else {
            return Err(CliError::Usage("give --pkcs11 MODULE or --csc URL".into()));
        };
        let token = match &self.csc_token_env {
            Some(var) => Some(secrets::from_env(var)?.to_string()),
            None => None,
        };
        let pin = self.given_pin()?.map(|p| p.to_string());
        let client = CscClient::connect(url, token).map_err(|e| CliError::Other(e.to_string()))?;
        let credential = client
            .credential(id, pin)
            .map_err(|e| CliError::Other(e.to_string()))?;
        let mut certificates = certificates.unwrap_or_else(|| {
            std::iter::once(credential.certificate().clone())
                .chain(credential.chain().iter().cloned())
                .collect()
        });
        let certificate = certificates.remove(0);
        Ok(SignerIdentity::new(credential, certificate, certificates)?)
    }

    fn load_pkcs11(
        &self,
        module: &Path,
        certificates: Option<Vec<Certificate>>,
    ) -> Result<SignerIdentity, CliError> {
        let token = self.token.as_deref().unwrap_or_default();
        let selector = match (&self.key_label, &self.key_id) {
            (Some(label), _) => KeySelector::Label(label.clone()),
            (None, Some(hex)) => KeySelector::Id(parse_hex(hex)?),
            (None, None) => {
                return Err(CliError::Usage(
                    "--pkcs11 needs --key-label LABEL or --key-id HEX".into(),
                ));
            }
        };
        let pin = match self.given_pin()? {
            Some(pin) => pin,
            None => secrets::prompt(
                "PIN",
                &format!("token \"{token}\""),
                "--pin-env VAR or --pin-file FILE",
            )?,
        };
        let signer = Pkcs11Signer::open(module, token, &selector, &Pin::new(pin.as_str()))
            .map_err(|e| CliError::Other(e.to_string()))?;
        let mut certificates = match certificates {
            Some(given) => given,
            None => {
                let Some(own) = signer.certificate() else {
                    return Err(CliError::Usage(format!(
                        "the token holds no certificate for the key {selector}: give it with --cert"
                    )));
                };
                std::iter::once(own.clone())
                    .chain(signer.chain().iter().cloned())
                    .collect()
            }
        };
        let certificate = certificates.remove(0);
        Ok(SignerIdentity::new(signer, certificate, certificates)?)
    }

    fn given_pin(&self) -> Result<Option<Zeroizing<String>>, CliError> {
        secrets::given(self.pin_file.as_ref(), self.pin_env.as_ref(), "PIN")
    }
}

fn parse_hex(text: &str) -> Result<Vec<u8>, CliError> {
    let bad = || CliError::Usage(format!("--key-id {text}: not hexadecimal"));
    let digits = text.trim_start_matches("0x");
    if digits.is_empty() || !digits.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| bad()))
        .collect()
}
