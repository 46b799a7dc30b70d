//! `ades sign --format pades`: a PAdES signature appended to a PDF by incremental update.
//!
//! The input is opened in bounded memory (`SourcePdf::open`); after the checks before signing,
//! one thread copies the original bytes into the output's temporary file (the kernel copies
//! between the files) and flushes them to disk while the other hashes them, signs and (level
//! T) time-stamps; then the new revision is appended and the file renamed into place.

// SHA-1 is offered on purpose: the policy allows it (§3.5); the command warns when it is used.
#![allow(deprecated)]

use std::io::Write;
use std::path::{Path, PathBuf};

use ades_core::policy::format::Pades;
use ades_core::policy::packaging::Detached;
use ades_core::policy::{AllowedDigest, AllowedSignature, PermitsPackaging, Policy};
use ades_core::{DigestAlgorithm, RsaPkcs1v15, Sha256, Sha512, datetime};
use ades_http::HttpTransport;
use ades_pades::{PadesBuilder, PadesError, PadesOptions, SignedPdf, SourcePdf};
use ades_policy::GenericAdes;
use ades_tsp::TsaClient;

use crate::cmd::sign::{Packaging, SignArgs, wants_timestamp};
use crate::error::CliError;
use crate::keys::SignerMaterial;
use crate::output::write_atomically_with;
use crate::policy_args::parse_digest;

/// Runs `ades sign --format pades`.
pub(crate) fn run(args: &SignArgs) -> Result<u8, CliError> {
    if !matches!(args.packaging, None | Some(Packaging::Detached)) {
        return Err(CliError::Usage(
            "PAdES embeds a detached CAdES in the PDF: --packaging does not apply".into(),
        ));
    }
    if args.content_timestamp || args.mime.is_some() {
        return Err(CliError::Usage(
            "--content-timestamp and --mime do not apply to PAdES (no content-hints in PAdES, policy Annex I)".into(),
        ));
    }
    if args.signing.attributes.country.is_some() {
        return Err(CliError::Usage(
            "PAdES records the place as /Location (policy Annex I): use --location without --country".into(),
        ));
    }
    let timestamp = wants_timestamp(args.signing.level.as_deref(), args.tsa.as_deref())?;
    let digest = parse_digest(&args.signing.digest)?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_pades_output(&args.input));
    let options = options(args, timestamp)?;

    // The document first: a PDF we cannot sign, or one with dynamic content, is refused
    // before the key is even unlocked (policy §3.1.1, Annex II).
    let source = SourcePdf::open(&args.input).map_err(|e| pades_error(&args.input, e))?;
    if !options.allow_dynamic_content {
        let findings = ades_pades::scan_dynamic_content(source.pdf())
            .map_err(|e| pades_error(&args.input, e.into()))?;
        let refused: Vec<_> = findings
            .into_iter()
            .filter(|f| f.kind.refuses_signing())
            .collect();
        if !refused.is_empty() {
            return Err(pades_error(
                &args.input,
                PadesError::DynamicContent(refused),
            ));
        }
    }
    // Policy §3.6.2: the certificate is checked before signing; a failure stops here.
    let material = args.signing.load_checked()?;
    let transport = HttpTransport::new();
    let tsa = match (timestamp, args.tsa.as_deref()) {
        (true, Some(url)) => Some(TsaClient::new(url, &transport)),
        _ => None,
    };
    let time = datetime::now();
    let mut field = String::new();
    write_atomically_with(&out, &[&args.input], |file| {
        let mut copy_target = file.try_clone().map_err(|e| CliError::io(&out, e))?;
        let signed = std::thread::scope(|scope| {
            // The copy and its flush to disk run while the other thread hashes and signs:
            // only the new revision is left to flush at the end.
            let copier = scope.spawn(|| -> Result<(), CliError> {
                source
                    .copy_original_to_file(&mut copy_target)
                    .map_err(|e| pades_error(&args.input, e))?;
                copy_target.sync_data().map_err(|e| CliError::io(&out, e))
            });
            let signed = sign(
                args,
                &material,
                &source,
                options,
                digest,
                time,
                tsa.as_ref(),
            );
            copier
                .join()
                .map_err(|_| CliError::Other("the copying thread failed".into()))??;
            signed
        })?;
        file.write_all(signed.appended())
            .map_err(|e| CliError::io(&out, e))?;
        field = signed.field_name().to_owned();
        Ok(())
    })?;
    source
        .check_unchanged()
        .map_err(|e| pades_error(&args.input, e))?;
    let level = match (args.signing.policy.as_str(), timestamp) {
        (_, true) => "PAdES-T",
        ("none", false) => "PAdES-BES",
        _ => "PAdES-EPES",
    };
    eprintln!(
        "{level} signature {field} by {} appended to a copy of {}: {}",
        material.certificate.subject_text(),
        args.input.display(),
        out.display()
    );
    if digest == DigestAlgorithm::Sha1 {
        eprintln!(
            "warning: SHA-1 is allowed by the Madrid policy (§3.5) but deprecated; prefer sha256 or sha512"
        );
    }
    Ok(0)
}

/// `doc.pdf` → `doc.signed.pdf` (beside the input).
fn default_pades_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    input.with_file_name(format!("{stem}.signed.pdf"))
}

fn options(args: &SignArgs, timestamp: bool) -> Result<PadesOptions, CliError> {
    let attributes = args.signing.attributes.options()?;
    let p = &args.pades;
    Ok(PadesOptions {
        location: args.signing.attributes.location.clone(),
        reason: p.reason.clone(),
        contact_info: p.contact.clone(),
        name: p.signer_name.clone(),
        claimed_roles: attributes.claimed_roles,
        commitment: attributes.commitment,
        appearance: p.appearance()?,
        field_name: p.field_name.clone(),
        allow_dynamic_content: p.allow_dynamic_content,
        contents_size: p.contents_size,
        expect_timestamp: timestamp,
    })
}

fn sign(
    args: &SignArgs,
    material: &SignerMaterial,
    source: &SourcePdf,
    options: PadesOptions,
    digest: DigestAlgorithm,
    time: ades_core::time::OffsetDateTime,
    tsa: Option<&TsaClient<'_>>,
) -> Result<SignedPdf, CliError> {
    let result = match args.signing.policy.as_str() {
        "madrid" => sign_under(
            args.signing.policy_hash.madrid()?,
            material,
            source,
            options,
            digest,
            time,
            tsa,
        ),
        "none" => sign_under(GenericAdes, material, source, options, digest, time, tsa),
        other => {
            return Err(CliError::Usage(format!(
                "--policy {other}: signing is available under madrid or none"
            )));
        }
    };
    result.map_err(|e| pades_error(&args.input, e))
}

fn sign_under<P>(
    policy: P,
    material: &SignerMaterial,
    source: &SourcePdf,
    options: PadesOptions,
    digest: DigestAlgorithm,
    time: ades_core::time::OffsetDateTime,
    tsa: Option<&TsaClient<'_>>,
) -> Result<SignedPdf, PadesError>
where
    P: Policy + PermitsPackaging<Pades, Detached>,
    Sha256: AllowedDigest<P>,
    Sha512: AllowedDigest<P>,
    ades_core::Sha1: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, Sha256>
        + AllowedSignature<P, Sha512>
        + AllowedSignature<P, ades_core::Sha1>,
{
    let builder = PadesBuilder::new(policy)
        .signer_certificate(material.certificate.clone(), material.chain.clone())
        .options(options);
    match digest {
        DigestAlgorithm::Sha256 => builder.sign::<Sha256>(source, &material.key, time, tsa),
        DigestAlgorithm::Sha512 => builder.sign::<Sha512>(source, &material.key, time, tsa),
        DigestAlgorithm::Sha1 => builder.sign::<ades_core::Sha1>(source, &material.key, time, tsa),
        other => Err(PadesError::InvalidOption(format!(
            "{other} is not allowed by the policy (RSA with SHA-1, SHA-256 or SHA-512, §3.5)"
        ))),
    }
}

/// A PAdES failure as a command-line error naming the input.
pub(crate) fn pades_error(input: &Path, e: PadesError) -> CliError {
    match e {
        PadesError::Io { path, source } => CliError::Io { path, source },
        PadesError::Cades(e) => CliError::Cades(e),
        PadesError::Timestamp(e) => CliError::Tsp(e),
        PadesError::InvalidOption(m) => CliError::Usage(m),
        PadesError::NoSuchPage { .. } | PadesError::FieldExists(_) => {
            CliError::Usage(e.to_string())
        }
        PadesError::Pdf(e) => CliError::Refused(format!(
            "{}: not a PDF this version can sign: {e}",
            input.display()
        )),
        other => CliError::Refused(format!("{}: {other}", input.display())),
    }
}
