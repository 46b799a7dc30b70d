//! What to sign or validate: a file, bytes in memory, or any reader.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The document (or signature) handed to the front door.
///
/// A path is best for large files: detached CAdES and PAdES read it as a stream in bounded
/// memory. Bytes and readers are read whole where the format needs the content inside the
/// signature.
pub struct Input {
    source: Source,
    name: Option<String>,
}

enum Source {
    Path(PathBuf),
    Bytes(Vec<u8>),
    Reader(Box<dyn Read + Send>),
}

impl Input {
    /// A file on disk; its name names the content (XAdES `<documento>`, MIME detection).
    pub fn path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let name = path.file_name().and_then(|n| n.to_str()).map(str::to_owned);
        Input {
            source: Source::Path(path),
            name,
        }
    }

    /// Bytes in memory.
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Input {
            source: Source::Bytes(bytes.into()),
            name: None,
        }
    }

    /// Any reader (read once, as a stream where the format allows it).
    pub fn reader(reader: impl Read + Send + 'static) -> Self {
        Input {
            source: Source::Reader(Box::new(reader)),
            name: None,
        }
    }

    /// Names the content (a file name such as `acta.txt`).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The content's name, if known.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The file, for an input given by path.
    pub fn as_path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(p) => Some(p),
            _ => None,
        }
    }

    /// How reports and errors name the input: the path, the name, or `input`.
    pub fn display_name(&self) -> String {
        match (&self.source, &self.name) {
            (Source::Path(p), _) => p.display().to_string(),
            (_, Some(n)) => n.clone(),
            _ => "input".to_owned(),
        }
    }

    /// Reads the whole content.
    pub fn read_all(self) -> Result<Vec<u8>, Error> {
        match self.source {
            Source::Path(p) => std::fs::read(&p).map_err(|e| Error::io(&p, e)),
            Source::Bytes(b) => Ok(b),
            Source::Reader(mut r) => {
                let mut out = Vec::new();
                r.read_to_end(&mut out)
                    .map_err(|e| Error::io(Path::new("input"), e))?;
                Ok(out)
            }
        }
    }

    /// Reads the whole content, refusing more than `limit` bytes before reading them (a file
    /// by its size, a reader after `limit` bytes).
    pub fn read_at_most(self, limit: u64) -> Result<Vec<u8>, Error> {
        let name = self.display_name();
        let too_large = |size: u64| Error::TooLarge {
            what: name.clone(),
            size,
            limit,
        };
        match self.source {
            Source::Path(p) => {
                let size = std::fs::metadata(&p).map_err(|e| Error::io(&p, e))?.len();
                if size > limit {
                    return Err(too_large(size));
                }
                std::fs::read(&p).map_err(|e| Error::io(&p, e))
            }
            Source::Bytes(b) if b.len() as u64 > limit => Err(too_large(b.len() as u64)),
            Source::Bytes(b) => Ok(b),
            Source::Reader(r) => {
                let mut out = Vec::new();
                r.take(limit.saturating_add(1))
                    .read_to_end(&mut out)
                    .map_err(|e| Error::io(Path::new("input"), e))?;
                if out.len() as u64 > limit {
                    return Err(too_large(out.len() as u64));
                }
                Ok(out)
            }
        }
    }

    /// The content as a stream.
    pub fn into_reader(self) -> Result<Box<dyn Read + Send>, Error> {
        match self.source {
            Source::Path(p) => std::fs::File::open(&p)
                .map(|f| Box::new(f) as Box<dyn Read + Send>)
                .map_err(|e| Error::io(&p, e)),
            Source::Bytes(b) => Ok(Box::new(std::io::Cursor::new(b))),
            Source::Reader(r) => Ok(r),
        }
    }

    /// The first bytes of the content (for format detection), keeping the input whole: a
    /// reader is buffered so that nothing is lost.
    pub(crate) fn head(&mut self, len: usize) -> Result<Vec<u8>, Error> {
        match &mut self.source {
            Source::Path(p) => {
                let mut head = Vec::with_capacity(len);
                std::fs::File::open(&*p)
                    .and_then(|f| f.take(len as u64).read_to_end(&mut head))
                    .map_err(|e| Error::io(p, e))?;
                Ok(head)
            }
            Source::Bytes(b) => Ok(b.get(..len).unwrap_or(b).to_vec()),
            Source::Reader(r) => {
                let mut head = Vec::with_capacity(len);
                r.take(len as u64)
                    .read_to_end(&mut head)
                    .map_err(|e| Error::io(Path::new("input"), e))?;
                let rest = std::mem::replace(r, Box::new(std::io::empty()));
                *r = Box::new(std::io::Cursor::new(head.clone()).chain(rest));
                Ok(head)
            }
        }
    }
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("source", &self.display_name())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_keeps_its_head() -> Result<(), Error> {
        let mut input = Input::reader(std::io::Cursor::new(b"%PDF-1.7 rest".to_vec()));
        assert_eq!(input.head(4)?, b"%PDF");
        assert_eq!(input.read_all()?, b"%PDF-1.7 rest");
        Ok(())
    }
}
