//! `ades cosign` and `ades countersign` on a XAdES file: a parallel signature beside the
//! first (internally detached documents, policy §3.6.7) or a counter-signature inside the
//! unsigned properties of a signature (§3.6.6).

// SHA-1 is offered on purpose: the policy allows it (§3.5).
#![allow(deprecated)]

use ades_core::policy::format::Xades;
use ades_core::policy::packaging::InternallyDetached;
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsCounterSignature, PermitsPackaging, Policy,
};
use ades_core::{DataFormat, DigestAlgorithm, RsaPkcs1v15, Sha256, Sha512, datetime};
use ades_policy::GenericAdes;
use ades_xades::{CounterSignatureBuilder, XadesBuilder, XadesSignature};

use crate::cmd::multi::{MultiArgs, Operation, not_allowed, parse_path, write_result};
use crate::error::CliError;
use crate::keys::SignerMaterial;
use crate::policy_args::parse_digest;

/// Adds a parallel or a counter-signature to a XAdES file.
pub(crate) fn run(args: &MultiArgs, operation: Operation, bytes: Vec<u8>) -> Result<u8, CliError> {
    if args.content.is_some() {
        return Err(CliError::Usage(
            "--content: a XAdES co- or counter-signature signs what is in the file".into(),
        ));
    }
    let digest = parse_digest(&args.signing.digest)?;
    // Policy §3.6.2: the certificate is checked before signing; a failure stops here.
    let material = args.signing.load_checked()?;
    let signature = match args.signing.policy.as_str() {
        "madrid" => apply(
            args.signing.policy_hash.madrid()?,
            args,
            operation,
            bytes,
            &material,
            digest,
        )?,
        "none" => apply(GenericAdes, args, operation, bytes, &material, digest)?,
        other => {
            return Err(CliError::Usage(format!(
                "--policy {other}: use madrid or none"
            )));
        }
    };
    write_result(args, operation, "xsig", signature.as_bytes(), &material)
}

fn apply<P>(
    policy: P,
    args: &MultiArgs,
    operation: Operation,
    document: Vec<u8>,
    material: &SignerMaterial,
    digest: DigestAlgorithm,
) -> Result<XadesSignature, CliError>
where
    P: Policy + PermitsCounterSignature<Xades> + PermitsPackaging<Xades, InternallyDetached>,
    Sha256: AllowedDigest<P>,
    Sha512: AllowedDigest<P>,
    ades_core::Sha1: AllowedDigest<P>,
    RsaPkcs1v15: AllowedSignature<P, Sha256>
        + AllowedSignature<P, Sha512>
        + AllowedSignature<P, ades_core::Sha1>,
{
    let options = args.signing.attributes.xades_options()?;
    let at = datetime::now();
    let key = &material.key;
    let cert = material.certificate.clone();
    let chain = material.chain.clone();
    match operation {
        Operation::CoSign => {
            let format = DataFormat::mime(
                args.mime
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".into()),
            );
            let b = XadesBuilder::new(policy)
                .signer_certificate(cert, chain)
                .data_format(format)
                .options(options)
                .cosign(document);
            Ok(match digest {
                DigestAlgorithm::Sha256 => b.sign::<Sha256>(key, at)?,
                DigestAlgorithm::Sha512 => b.sign::<Sha512>(key, at)?,
                DigestAlgorithm::Sha1 => b.sign::<ades_core::Sha1>(key, at)?,
                other => return Err(not_allowed(other)),
            })
        }
        Operation::CounterSign => {
            let b = CounterSignatureBuilder::new(policy, document, parse_path(&args.signer)?)
                .signer_certificate(cert, chain)
                .options(options);
            Ok(match digest {
                DigestAlgorithm::Sha256 => b.sign::<Sha256>(key, at)?,
                DigestAlgorithm::Sha512 => b.sign::<Sha512>(key, at)?,
                DigestAlgorithm::Sha1 => b.sign::<ades_core::Sha1>(key, at)?,
                other => return Err(not_allowed(other)),
            })
        }
    }
}
