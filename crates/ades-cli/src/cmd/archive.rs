//! `ades archive`: RFC 4998 evidence records for an archive (policy §2.7).
//!
//! * `create --tsa URL [--digest] -o OUTDIR FILE...`: one `OUTDIR/<name>.ers` per file, all
//!   under one time-stamp, and `OUTDIR/MANIFEST.tsv` (record, document, algorithm, digest);
//! * `verify [--trust …] --record R.ers FILE...`: exit 0 valid, 1 invalid, 2 indeterminate;
//! * `renew --tsa URL [--digest] -o OUTDIR RECORD...`: with the records' own algorithm a
//!   time-stamp renewal; with another one a hash-tree renewal over the documents the
//!   manifest beside the records names (or `--documents DIR`). One TSA request either way;
//! * `restamp` (`archive_restamp.rs`): signature files due for renewal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ades::core::validation::{DetachedContent, FileContent};
use ades::core::{CheckId, Outcome};
use ades::ers::{Batch, EvidenceRecord, Verifier};
use ades::tsp::{TimeStampToken, TsaClient};

use crate::error::CliError;
use crate::output::{note, print, read_file, write_atomically};

/// The manifest `create` writes beside the records.
const MANIFEST: &str = "MANIFEST.tsv";

/// `ades archive` subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum ArchiveCommand {
    /// Cover files with evidence records, one time-stamp for all.
    Create(CreateArgs),
    /// Verify an evidence record against its file(s).
    Verify(VerifyArgs),
    /// Renew evidence records: time-stamp renewal, or hash-tree renewal with another digest.
    Renew(RenewArgs),
    /// Re-stamp the signature files whose newest time-stamp ends within a window.
    Restamp(crate::cmd::archive_restamp::RestampArgs),
}

/// Options of `ades archive create`.
#[derive(Debug, clap::Args)]
pub(crate) struct CreateArgs {
    #[command(flatten)]
    tsa: crate::tsa_args::TsaArgs,
    #[command(flatten)]
    network: crate::trust_args::NetworkArgs,
    /// Cover the files together, as one data-object group, in one record `NAME.ers` (a
    /// document and its attachments) instead of one record per file.
    #[arg(long, value_name = "NAME")]
    group: Option<String>,
    /// Output folder (created if missing).
    #[arg(short = 'o', long)]
    output: PathBuf,
    /// The files to cover.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Options of `ades archive verify`.
#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    trust: crate::trust_args::TrustArgs,
    /// The evidence record.
    #[arg(long)]
    record: PathBuf,
    /// The file it covers (several: a group the record covers together).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Options of `ades archive renew`.
#[derive(Debug, clap::Args)]
pub(crate) struct RenewArgs {
    #[command(flatten)]
    tsa: crate::tsa_args::TsaArgs,
    #[command(flatten)]
    network: crate::trust_args::NetworkArgs,
    /// Where the documents are, by name (default: as the manifest beside the records says).
    #[arg(long)]
    documents: Option<PathBuf>,
    /// Output folder (created if missing); renewed records keep their names.
    #[arg(short = 'o', long)]
    output: PathBuf,
    /// The records to renew.
    #[arg(required = true)]
    records: Vec<PathBuf>,
}

/// Runs `ades archive …`.
pub(crate) fn run(command: &ArchiveCommand) -> Result<u8, CliError> {
    match command {
        ArchiveCommand::Create(a) => create(a),
        ArchiveCommand::Verify(a) => verify(a),
        ArchiveCommand::Renew(a) => renew(a),
        ArchiveCommand::Restamp(a) => crate::cmd::archive_restamp::run(a),
    }
}

fn create(args: &CreateArgs) -> Result<u8, CliError> {
    let count = cover(
        &args.files,
        args.group.as_deref(),
        &args.tsa,
        &args.network,
        &args.output,
    )?;
    note(&format!(
        "{count} evidence record(s) under one {} time-stamp written to {}",
        args.tsa.digest(),
        args.output.display()
    ));
    Ok(0)
}

/// Covers `files` with evidence records in `output` (and its manifest), one time-stamp for
/// all: a record per file, or one record `<group>.ers` for them all; returns how many.
pub(crate) fn cover(
    files: &[PathBuf],
    group: Option<&str>,
    tsa: &crate::tsa_args::TsaArgs,
    network: &crate::trust_args::NetworkArgs,
    output: &Path,
) -> Result<usize, CliError> {
    let alg = tsa.digest();
    let mut leaves = Vec::with_capacity(files.len());
    let hashing = crate::progress::bar(files.len(), "hashing");
    for file in files {
        leaves.push(
            FileContent(file.clone())
                .digest(alg)
                .map_err(|e| CliError::io(file, e))?,
        );
        hashing.inc(1);
    }
    hashing.finish_and_clear();
    let names = match group {
        Some(name) => vec![format!("{name}.ers"); files.len()],
        None => record_names(files)?,
    };
    std::fs::create_dir_all(output).map_err(|e| CliError::io(output, e))?;
    let batch = match group {
        Some(_) => Batch::with_groups(alg, vec![leaves.clone()]),
        None => Batch::new(alg, leaves.clone()),
    };
    let token = kept_or_new_token(batch.root(), alg, tsa, network, output)?;
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mut manifest = String::from("record\tdocument\talgorithm\tdigest\n");
    let writing = crate::progress::bar(batch.len(), "writing records");
    for (i, name) in names.iter().take(batch.len()).enumerate() {
        writing.inc(1);
        let record = batch.record(i, &token);
        write_atomically(&output.join(name), &record.to_der(), &inputs)?;
    }
    for ((name, file), leaf) in names.iter().zip(files).zip(&leaves) {
        let document = file.canonicalize().unwrap_or_else(|_| file.clone());
        manifest.push_str(&format!(
            "{name}\t{}\t{alg}\t{}\n",
            document.display(),
            hex(leaf)
        ));
    }
    write_atomically(&output.join(MANIFEST), manifest.as_bytes(), &[])?;
    writing.finish_and_clear();
    // The run is complete: its kept token is no longer needed.
    let _ = std::fs::remove_file(pending_token(batch.root(), output));
    Ok(batch.len())
}

/// Where a run keeps its token over `root` until every record is written: a run resumed
/// after a crash finds it and asks the TSA for nothing.
fn pending_token(root: &[u8], output: &Path) -> PathBuf {
    output.join(format!(".ades-archive-{}.tst", hex(root)))
}

/// The time-stamp over `root`: the one a previous run kept in `output`, or a new one from
/// the TSA (kept at once).
fn kept_or_new_token(
    root: &[u8],
    alg: ades::DigestAlgorithm,
    tsa: &crate::tsa_args::TsaArgs,
    network: &crate::trust_args::NetworkArgs,
    output: &Path,
) -> Result<Vec<u8>, CliError> {
    let pending = pending_token(root, output);
    if let Ok(kept) = std::fs::read(&pending)
        && TimeStampToken::from_der(&kept).is_ok_and(|t| t.tst_info().message_imprint.hash == root)
    {
        note(&format!(
            "resuming with the time-stamp kept in {}",
            pending.display()
        ));
        return Ok(kept);
    }
    let transport = network.transport();
    let client = TsaClient::new(tsa.tsa.as_str(), &transport);
    let token = client
        .timestamp(alg, root.to_vec())
        .map_err(|e| other(e.into()))?;
    std::fs::create_dir_all(output).map_err(|e| CliError::io(output, e))?;
    write_atomically(&pending, token.der(), &[])?;
    Ok(token.der().to_vec())
}

fn verify(args: &VerifyArgs) -> Result<u8, CliError> {
    let record = read_record(&args.record)?;
    let validator = args.trust.chain_validator(args.trust.store()?)?;
    let contents: Vec<FileContent> = args.files.iter().cloned().map(FileContent).collect();
    for f in &args.files {
        std::fs::metadata(f).map_err(|e| CliError::io(f, e))?;
    }
    let data: Vec<&dyn DetachedContent> =
        contents.iter().map(|c| c as &dyn DetachedContent).collect();
    let checks = Verifier {
        validator: Some(&validator),
        now: ades::core::datetime::now(),
    }
    .verify(&record, &data);
    let (indication, sub) = checks.verdict();
    let mut text = format!(
        "{}: {indication}{}\n",
        args.record.display(),
        sub.map(|s| format!(" / {s}")).unwrap_or_default()
    );
    for c in checks.checks() {
        let mark = match c.outcome {
            Outcome::Passed => "ok  ",
            Outcome::Failed => "FAIL",
            Outcome::Warning => "warn",
            Outcome::Skipped => "skip",
            _ => "info",
        };
        text.push_str(&format!("  {mark} {}: {}\n", c.qualified_name(), c.detail));
    }
    print(&text)?;
    Ok(indication.exit_code())
}

fn renew(args: &RenewArgs) -> Result<u8, CliError> {
    let alg = args.tsa.digest();
    let mut records = Vec::with_capacity(args.records.len());
    for path in &args.records {
        records.push(read_record(path)?);
    }
    // Tokens kept in the output folder until every record is written (a resumed run asks
    // the TSA for nothing again).
    let mut roots = Vec::new();
    let mut stamp = |a: ades::DigestAlgorithm, root: Vec<u8>| {
        let token = kept_or_new_token(&root, a, &args.tsa, &args.network, &args.output)
            .map_err(|e| ades::ers::Error::Unsupported(e.to_string()))?;
        roots.push(root);
        Ok(token)
    };
    let same = records.iter().all(|r| r.current_algorithm() == Some(alg));
    let kind = if same {
        ades::ers::renew_timestamps_with(&mut records, &mut stamp).map_err(other)?;
        "time-stamp renewal"
    } else {
        let documents = documents_of(args)?;
        // Only records that still cover their document are renewed.
        let checking = crate::progress::bar(records.len(), "checking records");
        for ((record, document), path) in records.iter().zip(&documents).zip(&args.records) {
            checking.inc(1);
            let checks = Verifier {
                validator: None,
                now: ades::core::datetime::now(),
            }
            .verify(record, &[document as &dyn DetachedContent]);
            if checks.failed(CheckId::EvidenceRecord) {
                return Err(CliError::Other(format!(
                    "{} does not cover {} any more: not renewed",
                    path.display(),
                    document.0.display()
                )));
            }
        }
        checking.finish_and_clear();
        let data: Vec<&dyn DetachedContent> = documents
            .iter()
            .map(|d| d as &dyn DetachedContent)
            .collect();
        ades::ers::renew_hash_trees_with(&mut records, &data, alg, &mut stamp).map_err(other)?;
        "hash-tree renewal"
    };
    std::fs::create_dir_all(&args.output).map_err(|e| CliError::io(&args.output, e))?;
    let inputs: Vec<&Path> = args.records.iter().map(PathBuf::as_path).collect();
    for (record, path) in records.iter().zip(&args.records) {
        let name = path
            .file_name()
            .ok_or_else(|| CliError::Usage(format!("{}: not a file", path.display())))?;
        write_atomically(&args.output.join(name), &record.to_der(), &inputs)?;
    }
    // Every record is written: the kept tokens are no longer needed.
    for root in &roots {
        let _ = std::fs::remove_file(pending_token(root, &args.output));
    }
    note(&format!(
        "{} record(s) renewed ({kind}, {alg}, one time-stamp) into {}",
        records.len(),
        args.output.display()
    ));
    Ok(0)
}

/// The documents of the records, by `--documents DIR` or the manifests beside them.
fn documents_of(args: &RenewArgs) -> Result<Vec<FileContent>, CliError> {
    let mut manifests: HashMap<PathBuf, HashMap<String, PathBuf>> = HashMap::new();
    let mut out = Vec::with_capacity(args.records.len());
    for path in &args.records {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let document = match &args.documents {
            Some(dir) => dir.join(name.strip_suffix(".ers").unwrap_or(&name)),
            None => {
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                if !manifests.contains_key(&dir) {
                    manifests.insert(dir.clone(), read_manifest(&dir.join(MANIFEST))?);
                }
                manifests[&dir].get(&name).cloned().ok_or_else(|| {
                    CliError::Usage(format!(
                        "a hash-tree renewal needs the documents: {name} is not in {} (use --documents DIR)",
                        dir.join(MANIFEST).display()
                    ))
                })?
            }
        };
        out.push(FileContent(document));
    }
    Ok(out)
}

fn read_manifest(path: &Path) -> Result<HashMap<String, PathBuf>, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io(path, e))?;
    let mut documents = HashMap::new();
    for line in text.lines().skip(1) {
        let mut f = line.split('\t');
        let (Some(record), Some(document)) = (f.next(), f.next()) else {
            continue;
        };
        if documents
            .insert(record.to_owned(), PathBuf::from(document))
            .is_some()
        {
            return Err(CliError::Usage(format!(
                "{record} covers a group of documents: this version renews the hash tree of one-document records only"
            )));
        }
    }
    Ok(documents)
}

/// An evidence record: ASN.1 (RFC 4998), or XML (RFC 6283) when it starts like XML.
fn read_record(path: &Path) -> Result<EvidenceRecord, CliError> {
    let bytes = read_file(path)?;
    let xml = bytes.trim_ascii_start().starts_with(b"<");
    match xml {
        true => EvidenceRecord::from_xml(&bytes),
        false => EvidenceRecord::from_der(&bytes),
    }
    .map_err(|e| CliError::Other(format!("{}: {e}", path.display())))
}

/// `<file name>.ers` for each file; two files of one name would overwrite each other.
fn record_names(files: &[PathBuf]) -> Result<Vec<String>, CliError> {
    let mut seen = std::collections::HashSet::new();
    files
        .iter()
        .map(|f| {
            let name = format!(
                "{}.ers",
                f.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            );
            if !seen.insert(name.clone()) {
                return Err(CliError::Usage(format!(
                    "two files named {name} would share one record name"
                )));
            }
            Ok(name)
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn other(e: ades::ers::Error) -> CliError {
    CliError::Other(e.to_string())
}
