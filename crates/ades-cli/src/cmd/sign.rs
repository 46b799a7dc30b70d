//! `ades sign`: a new signature over a file.

// SHA-1 is offered on purpose: the policy allows it (§3.5); the command warns when it is used.
#![allow(deprecated)]

use std::path::PathBuf;

use ades_cades::{
    CadesBuilder, CadesSignature, ContentSource, ContentState, SignatureOptions, SigningCertificate,
};
use ades_core::policy::format::Cades;
use ades_core::policy::packaging::{Attached, Detached};
use ades_core::policy::{AllowedDigest, AllowedSignature, PermitsPackaging, Policy};
use ades_core::time::OffsetDateTime;
use ades_core::{
    DataFormat, DigestAlgorithm, RsaPkcs1v15, RsaSoftwareKey, Sha256, Sha512, datetime,
};
use ades_policy::GenericAdes;

use crate::error::CliError;
use crate::output::{default_output, read_file, write_atomically};
use crate::policy_args::parse_digest;
use crate::signing_args::SigningArgs;
use ades_http::HttpTransport;
use ades_tsp::TsaClient;

/// Signature formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// CAdES (`.csig`).
    Cades,
    /// XAdES (`.xsig`).
    Xades,
    /// PAdES (signed PDF).
    Pades,
}

/// Packagings of `--packaging`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Packaging {
    /// Content inside the signature (CAdES implicit; the default).
    Attached,
    /// Content outside the signature (CAdES explicit; for large files).
    Detached,
    /// XAdES enveloped.
    Enveloped,
    /// XAdES enveloping.
    Enveloping,
    /// XAdES internally detached (`<documento>`).
    InternallyDetached,
}

/// Options of `ades sign`.
#[derive(Debug, clap::Args)]
pub(crate) struct SignArgs {
    /// Signature format.
    #[arg(long, value_enum, default_value = "cades")]
    pub(crate) format: Format,
    /// Packaging (default: attached for CAdES, internally-detached for XAdES, the PDF itself
    /// for PAdES).
    #[arg(long, value_enum)]
    pub(crate) packaging: Option<Packaging>,
    #[command(flatten)]
    pub(crate) signing: SigningArgs,
    #[command(flatten)]
    pub(crate) pades: crate::pades_args::PadesArgs,
    /// Time-stamp authority URL: adds a signature time-stamp (level T).
    #[arg(long)]
    pub(crate) tsa: Option<String>,
    /// Also time-stamp the content before signing (content-time-stamp attribute; needs --tsa).
    #[arg(long, requires = "tsa")]
    pub(crate) content_timestamp: bool,
    /// MIME type of the document (default: detected).
    #[arg(long)]
    pub(crate) mime: Option<String>,
    /// Output file (default: INPUT.csig for CAdES, INPUT.xsig for XAdES, STEM.signed.pdf for
    /// PAdES).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
    /// The file to sign.
    pub(crate) input: PathBuf,
}

/// Whether the options ask for a signature time-stamp; refuses levels this version cannot make.
pub(crate) fn wants_timestamp(level: Option<&str>, tsa: Option<&str>) -> Result<bool, CliError> {
    match (level.map(str::to_ascii_uppercase).as_deref(), tsa) {
        (None | Some("B" | "B-B" | "EPES" | "BES"), None) => Ok(false),
        (None | Some("T" | "B-T"), Some(_)) => Ok(true),
        (Some("T" | "B-T"), None) => Err(CliError::Usage("level T needs a time-stamp authority: --tsa URL".into())),
        (Some("B" | "B-B" | "EPES" | "BES"), Some(_)) => Err(CliError::Usage(
            "--tsa adds a signature time-stamp, which makes the level T: drop --level or say --level T".into(),
        )),
        (Some(other), _) => Err(CliError::Usage(format!(
            "level {other} (long-term validation data) is not made by this version: use B/EPES or T"
        ))),
    }
}

/// Runs `ades sign`.
pub(crate) fn run(args: &SignArgs) -> Result<u8, CliError> {
    match args.format {
        Format::Cades => {}
        Format::Xades => return crate::cmd::sign_xades::run(args),
        Format::Pades => return crate::cmd::sign_pades::run(args),
    }
    let timestamp = wants_timestamp(args.signing.level.as_deref(), args.tsa.as_deref())?;
    let detached = match args.packaging {
        None | Some(Packaging::Attached) => false,
        Some(Packaging::Detached) => true,
        Some(p) => {
            return Err(CliError::Usage(format!(
                "--packaging {p:?} is not a CAdES packaging"
            )));
        }
    };
    let digest = parse_digest(&args.signing.digest)?;
    // Policy §3.6.2: the certificate is checked before signing; a failure stops here.
    let material = args.signing.load_checked()?;
    let transport = HttpTransport::new();
    let tsa = args
        .tsa
        .as_deref()
        .map(|url| TsaClient::new(url, &transport));
    let head = read_head(&args.input)?;
    let format = match &args.mime {
        Some(m) => DataFormat::mime(m.clone()),
        None => DataFormat::detect(args.input.file_name().and_then(|n| n.to_str()), &head),
    };
    let mut options = args.signing.attributes.options()?;
    if let (true, Some(tsa)) = (args.content_timestamp, &tsa) {
        let file = std::fs::File::open(&args.input).map_err(|e| CliError::io(&args.input, e))?;
        let content_digest = ades_core::digest::digest_reader(digest, file)
            .map_err(|e| CliError::io(&args.input, e))?;
        options.content_timestamp = Some(tsa.timestamp(digest, content_digest)?.der().to_vec());
    }
    let content = if detached {
        let file = std::fs::File::open(&args.input).map_err(|e| CliError::io(&args.input, e))?;
        Content::Detached(ContentSource::Reader(Box::new(file)))
    } else {
        Content::Attached(read_file(&args.input)?)
    };
    let at = datetime::now();
    let signature = match args.signing.policy.as_str() {
        "madrid" => create(
            args.signing.policy_hash.madrid()?,
            &material,
            format,
            options,
            content,
            digest,
            at,
        )?,
        "none" => create(GenericAdes, &material, format, options, content, digest, at)?,
        other => {
            return Err(CliError::Usage(format!(
                "--policy {other}: signing is available under madrid or none"
            )));
        }
    };
    let signature = match (&tsa, timestamp) {
        (Some(tsa), true) => signature.with_signature_timestamp(tsa, digest)?,
        _ => signature,
    };
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.input, ".csig"));
    write_atomically(&out, &signature.to_der(), &[&args.input])?;
    let level = match (args.signing.policy.as_str(), timestamp) {
        (_, true) => "CAdES-T",
        ("none", false) => "CAdES-BES",
        _ => "CAdES-EPES",
    };
    let packaging = if detached { "detached" } else { "attached" };
    eprintln!(
        "{level} {packaging} signature by {} written to {}",
        material.certificate.subject_text(),
        out.display()
    );
    if digest == DigestAlgorithm::Sha1 {
        eprintln!(
            "warning: SHA-1 is allowed by the Madrid policy (§3.5) but deprecated; prefer sha256 or sha512"
        );
    }
    Ok(0)
}

/// The first 512 bytes of a file (for format detection).
pub(crate) fn read_head(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let mut head = Vec::with_capacity(512);
    std::fs::File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .map_err(|e| CliError::io(path, e))?;
    Ok(head)
}

enum Content {
    Attached(Vec<u8>),
    Detached(ContentSource),
}

/// A policy the command line can sign under: every packaging and digest it offers.
pub(crate) trait CliPolicy:
    Policy
    + PermitsPackaging<Cades, Attached>
    + PermitsPackaging<Cades, Detached>
    + ades_core::policy::PermitsCounterSignature<Cades>
{
}

impl<P> CliPolicy for P where
    P: Policy
        + PermitsPackaging<Cades, Attached>
        + PermitsPackaging<Cades, Detached>
        + ades_core::policy::PermitsCounterSignature<Cades>
{
}

fn create<P>(
    policy: P,
    material: &crate::keys::SignerMaterial,
    format: DataFormat,
    options: SignatureOptions,
    content: Content,
    digest: DigestAlgorithm,
    at: OffsetDateTime,
) -> Result<CadesSignature, CliError>
where
    P: CliPolicy,
    Sha256: AllowedDigest<P>,
    Sha512: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, Sha256> + AllowedSignature<P, Sha512>,
    ades_core::Sha1: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, ades_core::Sha1>,
{
    let builder = CadesBuilder::new(policy)
        .signer_certificate(material.certificate.clone(), material.chain.clone())
        .data_format(format)
        .options(options);
    match content {
        Content::Attached(bytes) => sign_typed(builder.attached(bytes), digest, &material.key, at),
        Content::Detached(source) => {
            sign_typed(builder.detached(source), digest, &material.key, at)
        }
    }
}

/// Signs with the digest chosen at run time, dispatching to the compile-time checked builder.
fn sign_typed<P, K>(
    builder: CadesBuilder<P, SigningCertificate, DataFormat, K>,
    digest: DigestAlgorithm,
    key: &RsaSoftwareKey,
    at: OffsetDateTime,
) -> Result<CadesSignature, CliError>
where
    P: Policy,
    K: ContentState<P>,
    Sha256: AllowedDigest<P>,
    Sha512: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, Sha256> + AllowedSignature<P, Sha512>,
    ades_core::Sha1: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, ades_core::Sha1>,
{
    let signature = match digest {
        DigestAlgorithm::Sha256 => builder.sign::<Sha256>(key, at)?,
        DigestAlgorithm::Sha512 => builder.sign::<Sha512>(key, at)?,
        DigestAlgorithm::Sha1 => builder.sign::<ades_core::Sha1>(key, at)?,
        other => {
            return Err(CliError::Usage(format!(
                "{other} is not allowed by the policy (RSA with SHA-1, SHA-256 or SHA-512, §3.5)"
            )));
        }
    };
    Ok(signature)
}
