//! `ades cosign` and `ades countersign`: more signers on an existing CAdES signature.

// SHA-1 is offered on purpose: the policy allows it (§3.5); the command warns when it is used.
#![allow(deprecated)]

use std::path::PathBuf;

use ades_cades::{CadesSignature, ContentSource, CounterSignatureBuilder, SignedData};
use ades_core::policy::{AllowedDigest, AllowedSignature};
use ades_core::{DataFormat, DigestAlgorithm, RsaPkcs1v15, Sha256, Sha512, datetime};
use ades_policy::GenericAdes;

use crate::cmd::sign::{CliPolicy, read_head, wants_timestamp};
use crate::error::CliError;
use crate::keys::SignerMaterial;
use crate::output::{default_output, read_file, write_atomically};
use crate::policy_args::parse_digest;
use crate::signing_args::SigningArgs;

/// Options of `ades cosign` and `ades countersign`.
#[derive(Debug, clap::Args)]
pub(crate) struct MultiArgs {
    #[command(flatten)]
    pub(crate) signing: SigningArgs,
    /// The signed content, for a detached signature (co-signing only).
    #[arg(long)]
    pub(crate) content: Option<PathBuf>,
    /// MIME type of the content (co-signing; default: detected).
    #[arg(long)]
    pub(crate) mime: Option<String>,
    /// Which signature to counter-sign: 1 is the first signer, 1/2 the second counter-signature
    /// on it (default 1).
    #[arg(long, default_value = "1")]
    pub(crate) signer: String,
    /// Output file (default: SIGNATURE with `.cosigned.csig` / `.countersigned.csig`, or
    /// `.xsig` for XAdES).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
    /// The existing signature.
    pub(crate) signature: PathBuf,
}

/// Which operation.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Operation {
    /// A parallel signer.
    CoSign,
    /// A serial signer over one signature value.
    CounterSign,
}

/// Runs `ades cosign` or `ades countersign`.
pub(crate) fn run(args: &MultiArgs, operation: Operation) -> Result<u8, CliError> {
    if wants_timestamp(args.signing.level.as_deref(), None)? {
        return Err(CliError::Usage("co- and counter-signatures are made at level B/EPES; time-stamp them with `ades extend`".into()));
    }
    let bytes = read_file(&args.signature)?;
    if crate::cmd::verify::looks_like(&bytes, b"%PDF") {
        return Err(CliError::Usage(match operation {
            Operation::CounterSign => "a PAdES signature cannot be counter-signed (policy Annex I: counter-signatures are not permitted in PAdES)".into(),
            Operation::CoSign => "to add a signature to a signed PDF, sign it again: `ades sign --format pades` appends a new signature by incremental update".into(),
        }));
    }
    if crate::cmd::verify::looks_like(&bytes, b"<") {
        return crate::cmd::multi_xades::run(args, operation, bytes);
    }
    let digest = parse_digest(&args.signing.digest)?;
    let existing = SignedData::from_bytes(&bytes)?;
    // Policy §3.6.2: the certificate is checked before signing; a failure stops here.
    let material = args.signing.load_checked()?;
    let signature = match args.signing.policy.as_str() {
        "madrid" => apply(
            args.signing.policy_hash.madrid()?,
            args,
            operation,
            existing,
            &material,
            digest,
        )?,
        "none" => apply(GenericAdes, args, operation, existing, &material, digest)?,
        other => {
            return Err(CliError::Usage(format!(
                "--policy {other}: use madrid or none"
            )));
        }
    };
    write_result(args, operation, "csig", &signature.to_der(), &material)
}

/// Writes the co- or counter-signed file to `-o`, or beside the signature with
/// `.cosigned.EXT` / `.countersigned.EXT`, never over an input, and says so.
pub(crate) fn write_result(
    args: &MultiArgs,
    operation: Operation,
    extension: &str,
    bytes: &[u8],
    material: &SignerMaterial,
) -> Result<u8, CliError> {
    let (suffix, what) = match operation {
        Operation::CoSign => ("cosigned", "co-signature"),
        Operation::CounterSign => ("countersigned", "counter-signature"),
    };
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.signature, &format!(".{suffix}.{extension}")));
    let mut inputs = vec![args.signature.as_path()];
    if let Some(c) = &args.content {
        inputs.push(c.as_path());
    }
    write_atomically(&out, bytes, &inputs)?;
    eprintln!(
        "{what} by {} written to {}",
        material.certificate.subject_text(),
        out.display()
    );
    Ok(0)
}

pub(crate) fn parse_path(text: &str) -> Result<Vec<usize>, CliError> {
    text.split('/')
        .map(|p| match p.trim().parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n - 1),
            _ => Err(CliError::Usage(format!(
                "--signer {text}: numbers from 1, separated by /"
            ))),
        })
        .collect()
}

fn apply<P>(
    policy: P,
    args: &MultiArgs,
    operation: Operation,
    existing: SignedData,
    material: &SignerMaterial,
    digest: DigestAlgorithm,
) -> Result<CadesSignature, CliError>
where
    P: CliPolicy,
    Sha256: AllowedDigest<P>,
    Sha512: AllowedDigest<P>,
    ades_core::Sha1: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, Sha256>
        + AllowedSignature<P, Sha512>
        + AllowedSignature<P, ades_core::Sha1>,
{
    let options = args.signing.attributes.options()?;
    let at = datetime::now();
    let key = &material.key;
    match operation {
        Operation::CoSign => {
            let (source, head) = match &args.content {
                Some(path) => {
                    let file = std::fs::File::open(path).map_err(|e| CliError::io(path, e))?;
                    (
                        Some(ContentSource::Reader(Box::new(file))),
                        Some(read_head(path)?),
                    )
                }
                None => (None, None),
            };
            let format = match (&args.mime, existing.content(), &head) {
                (Some(m), _, _) => DataFormat::mime(m.clone()),
                (None, Some(c), _) => DataFormat::detect(None, c),
                (None, None, Some(h)) => DataFormat::detect(None, h),
                (None, None, None) => DataFormat::mime("application/octet-stream"),
            };
            let builder = ades_cades::CadesBuilder::new(policy)
                .signer_certificate(material.certificate.clone(), material.chain.clone())
                .data_format(format)
                .options(options)
                .cosign(existing, source);
            Ok(match digest {
                DigestAlgorithm::Sha256 => builder.sign::<Sha256>(key, at)?,
                DigestAlgorithm::Sha512 => builder.sign::<Sha512>(key, at)?,
                DigestAlgorithm::Sha1 => builder.sign::<ades_core::Sha1>(key, at)?,
                other => return Err(not_allowed(other)),
            })
        }
        Operation::CounterSign => {
            let builder = CounterSignatureBuilder::new(policy, existing, parse_path(&args.signer)?)
                .signer_certificate(material.certificate.clone(), material.chain.clone())
                .options(options);
            Ok(match digest {
                DigestAlgorithm::Sha256 => builder.sign::<Sha256>(key, at)?,
                DigestAlgorithm::Sha512 => builder.sign::<Sha512>(key, at)?,
                DigestAlgorithm::Sha1 => builder.sign::<ades_core::Sha1>(key, at)?,
                other => return Err(not_allowed(other)),
            })
        }
    }
}

pub(crate) fn not_allowed(digest: DigestAlgorithm) -> CliError {
    CliError::Usage(format!(
        "{digest} is not allowed by the policy (RSA with SHA-1, SHA-256 or SHA-512, §3.5)"
    ))
}
