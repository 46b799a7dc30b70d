//! The PDF to sign: in memory, or a file read in bounded memory.
//!
//! A file source keeps the file on disk. Its structure is read by [`ades_pdf::load_bounded`] (the
//! cross-reference data, the objects, the first and last bytes of large streams), the bytes to
//! sign are hashed from the file in chunks, and the output is the file copied in chunks
//! followed by the new revision, so memory stays bounded whatever the size of the file.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use ades_core::DigestAlgorithm;
use ades_core::digest::Digester;

use crate::pades_error::PadesError;
use ades_pdf::Limits;
use ades_pdf::PdfFile;

/// Files up to this size are read whole; larger ones in bounded memory.
pub const WHOLE_FILE_THRESHOLD: u64 = 16 << 20;

/// Chunk size for hashing and copying a file source.
const CHUNK: usize = 1 << 20;

/// A PDF to sign or time-stamp.
pub struct SourcePdf {
    pdf: PdfFile,
    origin: Origin,
    digests: Mutex<Vec<Digester>>,
}

impl std::fmt::Debug for SourcePdf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourcePdf")
            .field("origin", &self.origin)
            .field("len", &self.len())
            .field("partial", &self.pdf.is_partial())
            .finish_non_exhaustive()
    }
}

#[derive(Debug)]
enum Origin {
    Memory,
    File {
        path: PathBuf,
        len: u64,
        modified: Option<SystemTime>,
    },
}

impl SourcePdf {
    /// A PDF held in memory.
    ///
    /// # Errors
    /// [`PadesError::Pdf`] when the bytes are not a PDF this crate can read.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, PadesError> {
        Ok(SourcePdf {
            pdf: PdfFile::parse(bytes)?,
            origin: Origin::Memory,
            digests: Mutex::new(Vec::new()),
        })
    }

    /// A PDF file, read whole up to [`WHOLE_FILE_THRESHOLD`] bytes and in bounded memory
    /// beyond (see the module documentation).
    ///
    /// # Errors
    /// I/O errors, and [`PadesError::Pdf`] when the file is not a PDF this crate can read.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, PadesError> {
        Self::open_with(path, WHOLE_FILE_THRESHOLD)
    }

    /// Like [`SourcePdf::open`] with another threshold between reading whole and reading in
    /// bounded memory (0: always bounded).
    pub fn open_with(path: impl AsRef<Path>, threshold: u64) -> Result<Self, PadesError> {
        let path = path.as_ref();
        let mut file = File::open(path).map_err(|e| PadesError::io(path.display(), e))?;
        let meta = file
            .metadata()
            .map_err(|e| PadesError::io(path.display(), e))?;
        let len = meta.len();
        let pdf = if len <= threshold {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes)
                .map_err(|e| PadesError::io(path.display(), e))?;
            PdfFile::parse(bytes)?
        } else {
            ades_pdf::load_bounded(&mut file, len, Limits::default()).map_err(|e| match e {
                ades_pdf::SparseError::Io(e) => PadesError::io(path.display(), e),
                ades_pdf::SparseError::Pdf(e) => PadesError::Pdf(e),
            })?
        };
        Ok(SourcePdf {
            pdf,
            origin: Origin::File {
                path: path.to_owned(),
                len,
                modified: meta.modified().ok(),
            },
            digests: Mutex::new(Vec::new()),
        })
    }

    /// The parsed document (for a large file, with the data of large streams left on disk).
    pub fn pdf(&self) -> &PdfFile {
        &self.pdf
    }

    /// Length of the original in bytes.
    pub fn len(&self) -> u64 {
        match &self.origin {
            Origin::Memory => self.pdf.len() as u64,
            Origin::File { len, .. } => *len,
        }
    }

    /// Whether the original is empty (never true for a loaded PDF).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The digest state after the whole original (computed once per algorithm).
    pub(crate) fn digest_original(
        &self,
        algorithm: DigestAlgorithm,
    ) -> Result<Digester, PadesError> {
        if let Ok(cache) = self.digests.lock()
            && let Some(d) = cache.iter().find(|d| d.algorithm() == algorithm)
        {
            return Ok(d.clone());
        }
        let mut digester = Digester::new(algorithm);
        match &self.origin {
            Origin::Memory => digester.update(self.pdf.bytes()),
            Origin::File { path, len, .. } => {
                let mut file = self.reopen()?;
                let mut buf = vec![0u8; CHUNK];
                let mut left = *len;
                while left > 0 {
                    let want = usize::try_from(left.min(CHUNK as u64)).unwrap_or(CHUNK);
                    let chunk = buf.get_mut(..want).unwrap_or_default();
                    file.read_exact(chunk)
                        .map_err(|e| PadesError::io(path.display(), e))?;
                    digester.update(chunk);
                    left -= want as u64;
                }
                self.check_unchanged()?;
            }
        }
        if let Ok(mut cache) = self.digests.lock() {
            cache.push(digester.clone());
        }
        Ok(digester)
    }

    /// Copies the original bytes to `out` (for a file, in chunks; between two files the kernel
    /// copies). Returns the number of bytes written.
    pub fn copy_original_to(&self, out: &mut dyn Write) -> Result<u64, PadesError> {
        match &self.origin {
            Origin::Memory => {
                out.write_all(self.pdf.bytes())
                    .map_err(|e| PadesError::io("output", e))?;
                Ok(self.pdf.len() as u64)
            }
            Origin::File { path, len, .. } => {
                let file = self.reopen()?;
                let copied = io::copy(&mut file.take(*len), out)
                    .map_err(|e| PadesError::io(path.display(), e))?;
                if copied != *len {
                    return Err(PadesError::InputChanged(path.display().to_string()));
                }
                self.check_unchanged()?;
                Ok(copied)
            }
        }
    }

    /// Copies the original bytes into the file `out` from its current position, letting the
    /// kernel copy between the two files when it can.
    pub fn copy_original_to_file(&self, out: &mut File) -> Result<u64, PadesError> {
        match &self.origin {
            Origin::Memory => self.copy_original_to(out),
            Origin::File { path, len, .. } => {
                let file = self.reopen()?;
                let copied = io::copy(&mut file.take(*len), out)
                    .map_err(|e| PadesError::io(path.display(), e))?;
                if copied != *len {
                    return Err(PadesError::InputChanged(path.display().to_string()));
                }
                self.check_unchanged()?;
                Ok(copied)
            }
        }
    }

    fn reopen(&self) -> Result<File, PadesError> {
        let Origin::File { path, .. } = &self.origin else {
            return Err(PadesError::io("memory", io::ErrorKind::Unsupported.into()));
        };
        let mut file = File::open(path).map_err(|e| PadesError::io(path.display(), e))?;
        file.seek(SeekFrom::Start(0))
            .map_err(|e| PadesError::io(path.display(), e))?;
        Ok(file)
    }

    /// Fails if the file's size or modification time differ from when it was opened.
    pub fn check_unchanged(&self) -> Result<(), PadesError> {
        if let Origin::File {
            path,
            len,
            modified,
        } = &self.origin
        {
            let meta = std::fs::metadata(path).map_err(|e| PadesError::io(path.display(), e))?;
            if meta.len() != *len || meta.modified().ok() != *modified {
                return Err(PadesError::InputChanged(path.display().to_string()));
            }
        }
        Ok(())
    }
}
