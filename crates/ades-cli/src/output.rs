//! Writing results: atomically (temporary file in the target directory, then rename), never
//! over the input.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// The default output path: the input's name with `suffix` appended (`doc.pdf` -> `doc.pdf.csig`).
pub(crate) fn default_output(input: &Path, suffix: &str) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
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
