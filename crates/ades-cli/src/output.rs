//! Writing results: files atomically (temporary file in the target directory, then rename),
//! never over the input; text to standard output without panicking when the reader has gone
//! (`ades verify x | head -1`).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// The default output path: the input's name with `suffix` appended (`doc.pdf` -> `doc.pdf.csig`).
pub(crate) fn default_output(input: &Path, suffix: &str) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `doc.pdf` -> `doc.<what>.pdf`, beside the input (PAdES outputs are PDFs again).
pub(crate) fn beside_with_stem(input: &Path, what: &str) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    input.with_file_name(format!("{stem}.{what}.pdf"))
}

/// Prints `text` to standard output. A reader that closed the pipe is not an error: the
/// command goes on to its exit code (what it has to say was not wanted).
pub(crate) fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::io(Path::new("standard output"), e))
        }
        _ => Ok(()),
    }
}

/// Standard output for many results in a row (a batch): buffered, flushed at the end; a
/// reader that has gone is not an error, as with [`print()`].
pub(crate) struct BufferedOut {
    out: std::io::BufWriter<std::io::Stdout>,
    gone: bool,
}

impl BufferedOut {
    /// A buffer over standard output.
    pub(crate) fn new() -> Self {
        BufferedOut {
            out: std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            gone: false,
        }
    }

    /// Writes `text` (dropped once the reader has gone).
    pub(crate) fn write(&mut self, text: &str) -> Result<(), CliError> {
        if self.gone {
            return Ok(());
        }
        let written = self.out.write_all(text.as_bytes());
        self.check(written)
    }

    /// Flushes what is buffered.
    pub(crate) fn finish(mut self) -> Result<(), CliError> {
        let flushed = self.out.flush();
        self.check(flushed)
    }

    fn check(&mut self, result: std::io::Result<()>) -> Result<(), CliError> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            Err(e) => Err(CliError::io(Path::new("standard output"), e)),
            Ok(()) => Ok(()),
        }
    }
}

/// Prints a line to standard error; a closed standard error is ignored.
pub(crate) fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Writes `bytes` to `out` atomically; refuses to replace any of `inputs`.
pub(crate) fn write_atomically(out: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), CliError> {
    write_atomically_with(out, inputs, |file| {
        file.write_all(bytes).map_err(|e| CliError::io(out, e))
    })
}

/// Like [`write_atomically`], the content written by `write` into the temporary file (for
/// outputs streamed in chunks).
pub(crate) fn write_atomically_with(
    out: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut std::fs::File) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let out_canonical = canonical_target(out);
    for input in inputs {
        if let Ok(input) = input.canonicalize()
            && Some(&input) == out_canonical.as_ref()
        {
            return Err(CliError::Usage(format!(
                "refusing to write the output over the input {}",
                input.display()
            )));
        }
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    // Created readable as any new file would be (0666 less the umask), not tempfile's 0600:
    // a signed document is shared, not a secret.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ades-");
    #[cfg(unix)]
    builder.permissions(new_file_permissions());
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| CliError::io(&dir, e))?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all().map_err(|e| CliError::io(out, e))?;
    tmp.persist(out).map_err(|e| CliError::io(out, e.error))?;
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o666)
}

/// The canonical path `out` will have (its directory canonicalised, the name appended).
fn canonical_target(out: &Path) -> Option<PathBuf> {
    if let Ok(p) = out.canonicalize() {
        return Some(p);
    }
    let name = out.file_name()?;
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.canonicalize().ok()?,
        _ => std::env::current_dir().ok()?,
    };
    Some(dir.join(name))
}

/// Reads a whole file, naming it in the error.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::io(path, e))
}
