//! The document to sign, read as its packaging needs it: whole (attached, XAdES in the
//! file), as a stream (detached: hashed in bounded memory), or as a PDF (in bounded memory for
//! a file).

use std::io::Read;

use ades_core::content::ContentSource;
use ades_core::{DataFormat, Format, Packaging};
use ades_pades::SourcePdf;

use crate::error::Error;
use crate::input::Input;
use crate::options::SigningOptions;
use crate::sign::Plan;

/// The bytes of a detection window: enough for every magic number `DataFormat` knows.
const HEAD: usize = 512;

/// The content of a new signature, its name and its format.
pub(crate) struct Document {
    content: Content,
    /// Its name (`<documento>` and detached references use it).
    pub(crate) name: String,
    /// Its format (content-hints, DataObjectFormat); unused by PAdES.
    pub(crate) format: DataFormat,
}

enum Content {
    /// Read whole.
    Bytes(Vec<u8>),
    /// To be read as a stream when the signature is made.
    Stream(Box<dyn Read + Send>),
    /// A PDF to sign by incremental update.
    Pdf(Box<SourcePdf>),
}

impl Document {
    /// Reads `input` as `plan`'s packaging needs it.
    pub(crate) fn prepare(
        mut input: Input,
        plan: &Plan,
        options: &SigningOptions,
    ) -> Result<Self, Error> {
        let name = input.name().unwrap_or("documento").to_owned();
        if plan.format == Format::Pades {
            let source = match input.as_path() {
                Some(path) => SourcePdf::open(path)?,
                None => SourcePdf::from_bytes(input.read_all()?)?,
            };
            return Ok(Document {
                content: Content::Pdf(Box::new(source)),
                name,
                format: DataFormat::mime("application/pdf"),
            });
        }
        let format = match (&options.attributes.data_format, plan.packaging) {
            (Some(f), _) => f.clone(),
            (None, Packaging::Enveloped) => DataFormat::mime("text/xml"),
            (None, _) => DataFormat::detect(Some(&name), &input.head(HEAD)?),
        };
        let content = if plan.packaging == Packaging::Detached {
            Content::Stream(input.into_reader()?)
        } else {
            Content::Bytes(input.read_all()?)
        };
        Ok(Document {
            content,
            name,
            format,
        })
    }

    /// The content, read whole.
    pub(crate) fn into_bytes(self) -> Result<Vec<u8>, Error> {
        match self.content {
            Content::Bytes(b) => Ok(b),
            Content::Stream(mut r) => {
                let mut out = Vec::new();
                r.read_to_end(&mut out)
                    .map_err(|e| Error::io(std::path::Path::new(&self.name), e))?;
                Ok(out)
            }
            Content::Pdf(source) => {
                let mut out = Vec::new();
                source.copy_original_to(&mut out)?;
                Ok(out)
            }
        }
    }

    /// The content as a stream, hashed in bounded memory.
    pub(crate) fn into_source(self) -> Result<ContentSource, Error> {
        match self.content {
            Content::Stream(r) => Ok(ContentSource::Reader(r)),
            _ => self.into_bytes().map(ContentSource::Bytes),
        }
    }

    /// The content as a PDF.
    pub(crate) fn into_pdf(self) -> Result<SourcePdf, Error> {
        match self.content {
            Content::Pdf(source) => Ok(*source),
            _ => Ok(SourcePdf::from_bytes(self.into_bytes()?)?),
        }
    }
}
