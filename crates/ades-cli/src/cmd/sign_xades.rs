//! `ades sign --format xades`: the policy's internally detached `<documento>` structure by
//! default (§3.2.1), enveloped for XML documents and Facturae invoices, enveloping or
//! detached on request.

// SHA-1 is offered on purpose: the policy allows it (§3.5); the command warns when it is used.
#![allow(deprecated)]

use ades_core::content::ContentSource;
use ades_core::policy::format::Xades;
use ades_core::policy::packaging::{self, Enveloped, Enveloping, InternallyDetached};
use ades_core::policy::{AllowedDigest, AllowedSignature, PermitsPackaging, Policy};
use ades_core::time::OffsetDateTime;
use ades_core::{
    DataFormat, DigestAlgorithm, RsaPkcs1v15, RsaSoftwareKey, Sha256, Sha512, datetime,
};
use ades_http::HttpTransport;
use ades_policy::{FacturaePolicy, GenericAdes};
use ades_tsp::TsaClient;
use ades_xades::{
    Packaging as XadesPackaging, SigningCertificate, XadesBuilder, XadesOptions, XadesSignature,
};

use crate::cmd::sign::{Packaging, SignArgs, read_head, wants_timestamp};
use crate::error::CliError;
use crate::keys::SignerMaterial;
use crate::output::{default_output, read_file, write_atomically};
use crate::policy_args::parse_digest;

/// Runs `ades sign --format xades`.
pub(crate) fn run(args: &SignArgs) -> Result<u8, CliError> {
    let timestamp = wants_timestamp(args.signing.level.as_deref(), args.tsa.as_deref())?;
    let packaging = match args.packaging {
        None | Some(Packaging::InternallyDetached) => Packaging::InternallyDetached,
        Some(p @ (Packaging::Enveloped | Packaging::Enveloping | Packaging::Detached)) => p,
        Some(Packaging::Attached) => {
            return Err(CliError::Usage(
                "--packaging attached is CAdES; XAdES keeps the document inside with internally-detached (the default) or enveloping".into(),
            ));
        }
    };
    let digest = parse_digest(&args.signing.digest)?;
    // Policy §3.6.2: the certificate is checked before signing; a failure stops here.
    let material = args.signing.load_checked()?;
    let head = read_head(&args.input)?;
    let file_name = args
        .input
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("documento")
        .to_owned();
    let format = match (&args.mime, packaging) {
        (Some(m), _) => DataFormat::mime(m.clone()),
        (None, Packaging::Enveloped) => DataFormat::mime("text/xml"),
        (None, _) => DataFormat::detect(Some(&file_name), &head),
    };
    let content = match packaging {
        Packaging::Detached => {
            let file =
                std::fs::File::open(&args.input).map_err(|e| CliError::io(&args.input, e))?;
            Content::Detached(ContentSource::Reader(Box::new(file)))
        }
        _ => Content::Bytes(read_file(&args.input)?),
    };
    let transport = HttpTransport::new();
    let tsa = args
        .tsa
        .as_deref()
        .map(|url| TsaClient::new(url, &transport));
    let job = Job {
        material: &material,
        format,
        options: args.signing.attributes.xades_options()?,
        file_name,
        digest,
        at: datetime::now(),
        content_tsa: tsa.as_ref().filter(|_| args.content_timestamp),
    };
    let signature = match args.signing.policy.as_str() {
        "madrid" => job.any_packaging(args.signing.policy_hash.madrid()?, packaging, content)?,
        "none" => job.any_packaging(GenericAdes, packaging, content)?,
        "facturae" => match (packaging, content) {
            (Packaging::Enveloped, Content::Bytes(xml)) => {
                let b = job.builder(FacturaePolicy::default()).enveloped(xml);
                job.sign(b)?
            }
            _ => {
                return Err(CliError::Usage(
                    "--policy facturae signs invoices enveloped: add --packaging enveloped".into(),
                ));
            }
        },
        other => {
            return Err(CliError::Usage(format!(
                "--policy {other}: XAdES signing is available under madrid, facturae or none"
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
        .unwrap_or_else(|| default_output(&args.input, ".xsig"));
    write_atomically(&out, signature.as_bytes(), &[&args.input])?;
    let level = match (args.signing.policy.as_str(), timestamp) {
        (_, true) => "XAdES-T",
        ("none", false) => "XAdES-BES",
        _ => "XAdES-EPES",
    };
    eprintln!(
        "{level} {} signature by {} written to {}",
        signature.packaging(),
        material.certificate.subject_text(),
        out.display()
    );
    if args.signing.policy == "madrid"
        && matches!(packaging, Packaging::Enveloping | Packaging::Detached)
    {
        eprintln!(
            "note: the Madrid policy (§3.2.1) proposes the internally detached structure and admits enveloped signatures; {} is accepted by XML-DSig validators but is not one of them",
            signature.packaging()
        );
    }
    if digest == DigestAlgorithm::Sha1 {
        eprintln!(
            "warning: SHA-1 is allowed by the Madrid policy (§3.5) but deprecated; prefer sha256 or sha512"
        );
    }
    Ok(0)
}

enum Content {
    Bytes(Vec<u8>),
    Detached(ContentSource),
}

/// One signing run: everything but the policy and the packaging.
struct Job<'a> {
    material: &'a SignerMaterial,
    format: DataFormat,
    options: XadesOptions,
    file_name: String,
    digest: DigestAlgorithm,
    at: OffsetDateTime,
    /// For an `AllDataObjectsTimeStamp` (`--content-timestamp`).
    content_tsa: Option<&'a TsaClient<'a>>,
}

impl Job<'_> {
    fn builder<P: Policy>(&self, policy: P) -> XadesBuilder<P, SigningCertificate, DataFormat> {
        XadesBuilder::new(policy)
            .signer_certificate(
                self.material.certificate.clone(),
                self.material.chain.clone(),
            )
            .data_format(self.format.clone())
            .options(self.options.clone())
    }

    /// Signs under a policy that permits every XAdES packaging.
    fn any_packaging<P>(
        &self,
        policy: P,
        packaging: Packaging,
        content: Content,
    ) -> Result<XadesSignature, CliError>
    where
        P: Policy
            + PermitsPackaging<Xades, InternallyDetached>
            + PermitsPackaging<Xades, Enveloped>
            + PermitsPackaging<Xades, Enveloping>
            + PermitsPackaging<Xades, packaging::Detached>,
        Sha256: AllowedDigest<P>,
        Sha512: AllowedDigest<P>,
        ades_core::Sha1: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, Sha256>
            + AllowedSignature<P, Sha512>
            + AllowedSignature<P, ades_core::Sha1>,
    {
        let b = self.builder(policy);
        match (packaging, content) {
            (Packaging::Detached, Content::Detached(source)) => {
                self.sign(b.detached(&self.file_name, source))
            }
            (Packaging::Enveloped, Content::Bytes(xml)) => self.sign(b.enveloped(xml)),
            (Packaging::Enveloping, Content::Bytes(bytes)) => self.sign(b.enveloping(bytes)),
            (_, Content::Bytes(bytes)) => {
                self.sign(b.internally_detached(self.file_name.clone(), bytes))
            }
            (_, Content::Detached(_)) => Err(CliError::Usage(
                "detached content needs --packaging detached".into(),
            )),
        }
    }

    /// Signs with the digest chosen at run time, dispatching to the compile-time checked
    /// builder.
    fn sign<P, K>(
        &self,
        builder: XadesBuilder<P, SigningCertificate, DataFormat, K>,
    ) -> Result<XadesSignature, CliError>
    where
        P: Policy,
        K: XadesPackaging,
        Sha256: AllowedDigest<P>,
        Sha512: AllowedDigest<P>,
        ades_core::Sha1: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, Sha256>
            + AllowedSignature<P, Sha512>
            + AllowedSignature<P, ades_core::Sha1>,
    {
        match self.digest {
            DigestAlgorithm::Sha256 => self.sign_with::<P, K, Sha256>(builder),
            DigestAlgorithm::Sha512 => self.sign_with::<P, K, Sha512>(builder),
            DigestAlgorithm::Sha1 => self.sign_with::<P, K, ades_core::Sha1>(builder),
            other => Err(CliError::Usage(format!(
                "{other} is not allowed by the policy (RSA with SHA-1, SHA-256 or SHA-512, §3.5)"
            ))),
        }
    }

    fn sign_with<P, K, D>(
        &self,
        builder: XadesBuilder<P, SigningCertificate, DataFormat, K>,
    ) -> Result<XadesSignature, CliError>
    where
        P: Policy,
        K: XadesPackaging,
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>,
    {
        let key: &RsaSoftwareKey = &self.material.key;
        let prepared = match self.content_tsa {
            Some(tsa) => builder.prepare_with_content_timestamp::<D>(self.at, tsa)?,
            None => builder.prepare::<D>(self.at)?,
        };
        Ok(prepared.sign(key)?)
    }
}
