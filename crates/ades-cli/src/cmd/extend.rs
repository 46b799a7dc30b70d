//! `ades extend`: raise anyone's signature to a higher level.

use std::path::{Path, PathBuf};

use ades::core::validation::{DetachedContent, FileContent};
use ades::tsp::TsaClient;
use ades::{ExtendOptions, Input};

use crate::batch::{BatchArgs, for_each_file};
use crate::error::CliError;
use crate::output::{default_output, note, write_atomically};
use crate::values::{LevelArg, XTypeArg};

/// Options of `ades extend`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExtendArgs {
    /// Target level.
    #[arg(long, value_enum, ignore_case = true)]
    pub(crate) to: LevelArg,
    #[command(flatten)]
    pub(crate) tsa: crate::tsa_args::TsaArgs,
    /// Time-stamp every signer again, even those already time-stamped (level T).
    #[arg(long)]
    pub(crate) again: bool,
    /// The -X time-stamp at the levels X, XL and A: 1 over the signature and the references,
    /// 2 over the references alone.
    #[arg(long, value_enum, default_value = "1")]
    pub(crate) x_type: XTypeArg,
    #[command(flatten)]
    pub(crate) trust: crate::trust_args::TrustArgs,
    /// The signed content of a detached signature (archive time-stamps cover it).
    #[arg(long)]
    pub(crate) content: Option<PathBuf>,
    /// Output file (default: SIGNATURE with `.t.csig`, or `.t.xsig` for XAdES; one
    /// signature only).
    #[arg(short = 'o', long)]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) batch: BatchArgs,
    /// The signatures to extend (or folders of signatures: each is extended beside itself).
    #[arg(required_unless_present = "manifest")]
    pub(crate) signatures: Vec<PathBuf>,
}

/// Runs `ades extend`.
pub(crate) fn run(args: &ExtendArgs) -> Result<u8, CliError> {
    let options = ExtendOptions {
        to: args.to.into(),
        digest: args.tsa.digest(),
        again: args.again,
        x_timestamp: args.x_type.into(),
    };
    let transport = args.trust.network.transport();
    let tsa = TsaClient::new(args.tsa.tsa.as_str(), &transport);
    let validator = args.trust.chain_validator(args.trust.store()?)?;
    let extend_one = |signature: &Path| -> Result<PathBuf, CliError> {
        let services = crate::trust_args::extension_services(&tsa, &validator);
        let content = args.content.clone().map(FileContent);
        let extended = ades::extend(
            Input::path(signature),
            content.as_ref().map(|c| c as &dyn DetachedContent),
            &options,
            &services,
        )?;
        let out = args.output.clone().unwrap_or_else(|| {
            let suffix = format!(
                ".{}{}",
                options.to.name().to_lowercase(),
                extended.format.suffix()
            );
            default_output(signature, &suffix)
        });
        let mut inputs = vec![signature];
        inputs.extend(args.content.as_deref());
        write_atomically(&out, &extended.bytes, &inputs)?;
        let long_term = if options.to.is_long_term() {
            format!(
                "; {} and {} archive time-stamp(s) added for level {}",
                extended.validation_data.summary(),
                extended.archive_timestamps,
                options.to
            )
        } else {
            String::new()
        };
        note(&format!(
            "{} signature time-stamp(s) added{long_term}; written to {}",
            extended.timestamped,
            out.display()
        ));
        Ok(out)
    };
    if !args.batch.is_batch(&args.signatures) {
        let signature = args.signatures.first().map(PathBuf::as_path);
        extend_one(signature.ok_or_else(|| CliError::Usage("no signature given".into()))?)?;
        return Ok(0);
    }
    if args.output.is_some() || args.content.is_some() {
        return Err(CliError::Usage(
            "-o and --content take one signature; with many, each is written beside its file"
                .into(),
        ));
    }
    for_each_file(
        &args.batch,
        &args.signatures,
        crate::cmd::verify::looks_like_signature,
        "extend",
        &extend_one,
    )
}
