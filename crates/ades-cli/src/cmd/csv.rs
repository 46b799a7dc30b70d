//! `ades csv make|check`: secure verification codes (policy §4.1.2) bound to a document, its
//! signer and the issuing body.

use std::path::{Path, PathBuf};

use ades::policy::csv::{CsvError, CsvIssuer};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::output::{print, read_file};

/// `ades csv` subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum CsvCommand {
    /// Print the code of a document.
    Make(CsvArgs),
    /// Check a code against a document (exit 0 it matches, 1 it does not).
    Check(CsvCheckArgs),
}

/// What binds a code.
#[derive(Debug, clap::Args)]
pub(crate) struct CsvArgs {
    /// The issuing body's secret (any bytes, at least 16; keep it like a private key).
    #[arg(long, value_name = "FILE")]
    pub(crate) secret_file: PathBuf,
    /// The issuing body's name.
    #[arg(long, default_value = "Ayuntamiento de Madrid")]
    pub(crate) issuer: String,
    /// The signer (a NIF, a name); default: when the document is a signature, its first
    /// signer's serialNumber (NIF) or subject, else none.
    #[arg(long)]
    pub(crate) signer: Option<String>,
    /// The document.
    pub(crate) document: PathBuf,
}

/// `ades csv check` options.
#[derive(Debug, clap::Args)]
pub(crate) struct CsvCheckArgs {
    /// The code to check (any case; hyphens and spaces ignored).
    #[arg(long)]
    pub(crate) code: String,
    #[command(flatten)]
    pub(crate) binding: CsvArgs,
}

/// Runs `ades csv`.
pub(crate) fn run(command: &CsvCommand) -> Result<u8, CliError> {
    match command {
        CsvCommand::Make(args) => {
            let (issuer, digest, signer) = args.inputs()?;
            print(&format!("{}\n", issuer.make(&digest, &signer)))?;
            Ok(0)
        }
        CsvCommand::Check(args) => {
            let (issuer, digest, signer) = args.binding.inputs()?;
            match issuer.check(&args.code, &digest, &signer) {
                Ok(()) => {
                    print(&format!(
                        "{}: the code matches (issued by {} for this document)\n",
                        args.binding.document.display(),
                        args.binding.issuer
                    ))?;
                    Ok(0)
                }
                Err(e @ (CsvError::NoMatch | CsvError::Mistyped)) => {
                    crate::output::note(&format!("{}: {e}", args.binding.document.display()));
                    Ok(1)
                }
                Err(e) => Err(CliError::Usage(e.to_string())),
            }
        }
    }
}

impl CsvArgs {
    /// The issuer, the document's SHA-256 (read as a stream) and the signer.
    fn inputs(&self) -> Result<(CsvIssuer, Vec<u8>, String), CliError> {
        let secret = Zeroizing::new(read_file(&self.secret_file)?);
        let issuer = CsvIssuer::new(&secret, &self.issuer)
            .map_err(|e| CliError::Usage(format!("{}: {e}", self.secret_file.display())))?;
        let file =
            std::fs::File::open(&self.document).map_err(|e| CliError::io(&self.document, e))?;
        let digest = ades::core::digest::digest_reader(ades::DigestAlgorithm::Sha256, file)
            .map_err(|e| CliError::io(&self.document, e))?;
        let signer = match &self.signer {
            Some(s) => s.clone(),
            None => first_signer(&self.document),
        };
        Ok((issuer, digest, signer))
    }
}

/// The first signer of a signature file (its NIF when the certificate has one), or "".
fn first_signer(path: &Path) -> String {
    let Ok(bytes) = std::fs::read(path) else {
        return String::new();
    };
    if ades::sniff(&bytes).is_none() {
        return String::new();
    }
    ades::validate(
        ades::Input::bytes(bytes),
        &ades::ValidationOptions::default(),
    )
    .ok()
    .and_then(|r| r.signatures.into_iter().next())
    .map(|s| s.signer.subject_serial_number.unwrap_or(s.signer.subject))
    .unwrap_or_default()
}
