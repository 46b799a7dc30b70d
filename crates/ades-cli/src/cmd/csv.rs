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
            let issuer = issuer(&args.secret_file, &args.issuer)?;
            let digest = sha256_of(&args.document)?;
            print(&format!("{}\n", issuer.make(&digest, &args.signer())))?;
            Ok(0)
        }
        CsvCommand::Check(args) => {
            let binding = &args.binding;
            let verdict = judge(
                &binding.secret_file,
                &binding.issuer,
                &args.code,
                &binding.document,
                &binding.signer(),
            )?;
            match verdict {
                Ok(what) => {
                    print(&format!(
                        "{}: the code matches ({what})\n",
                        binding.document.display()
                    ))?;
                    Ok(0)
                }
                Err(e @ (CsvError::NoMatch | CsvError::Mistyped)) => {
                    crate::output::note(&format!("{}: {e}", binding.document.display()));
                    Ok(1)
                }
                Err(e) => Err(CliError::Usage(e.to_string())),
            }
        }
    }
}

/// Whether `code` was issued by `body` (its secret in `secret_file`) for the file at
/// `document` (or, for a PDF, the file before one of its incremental updates) signed by
/// `signer`: the check a verification report records.
pub(crate) fn judge(
    secret_file: &Path,
    body: &str,
    code: &str,
    document: &Path,
    signer: &str,
) -> Result<Result<String, CsvError>, CliError> {
    let issuer = issuer(secret_file, body)?;
    let versions = versions(document)?;
    let mut last = Err(CsvError::NoMatch);
    for (i, digest) in versions.iter().enumerate().rev() {
        last = issuer.check(code, digest, signer);
        match &last {
            Ok(()) if i + 1 == versions.len() => {
                return Ok(Ok(format!("issued by {body} for this document")));
            }
            Ok(()) => {
                return Ok(Ok(format!(
                    "issued by {body} for this PDF as it was before it was signed (an earlier revision)"
                )));
            }
            Err(CsvError::NoMatch) => continue,
            Err(_) => break,
        }
    }
    Ok(last.map(|()| String::new()))
}

/// The code of the file at `input` signed by `signer`, under the issuing body's secret.
pub(crate) fn code_of(
    secret_file: &Path,
    body: &str,
    input: &Path,
    signer: &str,
) -> Result<ades::policy::csv::CsvCode, CliError> {
    Ok(issuer(secret_file, body)?.make(&sha256_of(input)?, signer))
}

/// The SHA-256 of a file, read as a stream.
fn sha256_of(path: &Path) -> Result<Vec<u8>, CliError> {
    let file = std::fs::File::open(path).map_err(|e| CliError::io(path, e))?;
    ades::core::digest::digest_reader(ades::DigestAlgorithm::Sha256, file)
        .map_err(|e| CliError::io(path, e))
}

/// The issuing body's code maker, its secret read from a file (zeroized).
fn issuer(secret_file: &Path, body: &str) -> Result<CsvIssuer, CliError> {
    let secret = Zeroizing::new(read_file(secret_file)?);
    CsvIssuer::new(&secret, body)
        .map_err(|e| CliError::Usage(format!("{}: {e}", secret_file.display())))
}

/// The SHA-256 of the file, and before it (first) those of the PDF as it was before each of
/// its incremental updates, all in one pass over the file: a code made for a PDF before it
/// was signed still checks against the signed PDF.
fn versions(path: &Path) -> Result<Vec<Vec<u8>>, CliError> {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .map_err(|e| CliError::io(path, e))?;
    let is_pdf = ades::sniff(&head) == Some(ades::Format::Pades);
    let mut boundaries: Vec<u64> = is_pdf
        .then(|| ades::pades::SourcePdf::open(path).ok())
        .flatten()
        .map(|source| {
            let pdf = source.pdf();
            let revisions = pdf.revisions();
            revisions
                .iter()
                .take(revisions.len().saturating_sub(1))
                .flat_map(|r| [r.end_offset() as u64, r.end_offset_with_eol() as u64])
                .collect()
        })
        .unwrap_or_default();
    boundaries.sort_unstable();
    boundaries.dedup();
    let mut file = std::fs::File::open(path).map_err(|e| CliError::io(path, e))?;
    let mut digester = ades::core::digest::Digester::new(ades::DigestAlgorithm::Sha256);
    let mut out = Vec::new();
    let mut at = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    let mut next = boundaries.iter().copied().peekable();
    loop {
        let limit = next
            .peek()
            .map_or(buf.len() as u64, |b| (b - at).min(buf.len() as u64));
        let want = usize::try_from(limit).unwrap_or(buf.len());
        let n = file
            .read(buf.get_mut(..want).unwrap_or_default())
            .map_err(|e| CliError::io(path, e))?;
        digester.update(buf.get(..n).unwrap_or_default());
        at += n as u64;
        if next.peek() == Some(&at) {
            next.next();
            out.push(digester.clone().finish());
        }
        if n == 0 && want > 0 {
            break;
        }
    }
    out.push(digester.finish());
    Ok(out)
}

impl CsvArgs {
    /// `--signer`, or the document's first signer.
    fn signer(&self) -> String {
        self.signer
            .clone()
            .unwrap_or_else(|| first_signer(&self.document))
    }
}

/// The first signer of a signature file (its NIF when the certificate has one), or "" (not
/// a signature, or no signer certificate found).
fn first_signer(path: &Path) -> String {
    ades::validate(ades::Input::path(path), &ades::ValidationOptions::default())
        .ok()
        .and_then(|r| r.signatures.into_iter().next())
        .map(|s| signer_name(&s.signer))
        .unwrap_or_default()
}

/// The signer a code binds: the certificate's serialNumber (the NIF of Spanish personal
/// certificates), else its subject.
pub(crate) fn signer_name(signer: &ades::core::report::SignerSummary) -> String {
    signer
        .subject_serial_number
        .clone()
        .unwrap_or_else(|| signer.subject.clone())
}
