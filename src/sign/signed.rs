//! A finished signature, whatever its format, ready to be written.

use std::io::Write;

use ades_cades::CadesSignature;
use ades_core::{Format, Level, LevelReached, Packaging};
use ades_pades::{SignedPdf, SourcePdf};
use ades_xades::XadesSignature;

use crate::error::Error;

/// A signature made by the front door.
pub struct Signed {
    body: Body,
    level: Level,
    packaging: Packaging,
    signer: String,
    warnings: Vec<String>,
}

enum Body {
    Cms(CadesSignature),
    Xml(XadesSignature),
    Pdf(Box<(SignedPdf, SourcePdf)>),
    /// An XML document extended after signing (long-term properties).
    XmlExtended(Vec<u8>),
    /// A PDF whose later revisions (DSS, document time-stamps) were added in memory.
    PdfInMemory {
        bytes: Vec<u8>,
        field_name: String,
    },
}

impl Signed {
    pub(crate) fn cades(
        signature: CadesSignature,
        level: Level,
        packaging: Packaging,
        signer: String,
    ) -> Self {
        Self::new(Body::Cms(signature), level, packaging, signer)
    }

    pub(crate) fn xades(
        signature: XadesSignature,
        level: Level,
        packaging: Packaging,
        signer: String,
    ) -> Self {
        Self::new(Body::Xml(signature), level, packaging, signer)
    }

    pub(crate) fn pades(pdf: SignedPdf, source: SourcePdf, level: Level, signer: String) -> Self {
        Self::new(
            Body::Pdf(Box::new((pdf, source))),
            level,
            Packaging::Detached,
            signer,
        )
    }

    pub(crate) fn xades_extended(
        bytes: Vec<u8>,
        level: Level,
        packaging: Packaging,
        signer: String,
    ) -> Self {
        Self::new(Body::XmlExtended(bytes), level, packaging, signer)
    }

    pub(crate) fn pades_in_memory(
        bytes: Vec<u8>,
        field_name: String,
        level: Level,
        signer: String,
    ) -> Self {
        Self::new(
            Body::PdfInMemory { bytes, field_name },
            level,
            Packaging::Detached,
            signer,
        )
    }

    fn new(body: Body, level: Level, packaging: Packaging, signer: String) -> Self {
        Signed {
            body,
            level,
            packaging,
            signer,
            warnings: Vec::new(),
        }
    }

    pub(crate) fn with_warnings(mut self, mut warnings: Vec<String>) -> Self {
        warnings.append(&mut self.warnings);
        self.warnings = warnings;
        self
    }

    /// The format.
    pub fn format(&self) -> Format {
        match self.body {
            Body::Cms(_) => Format::Cades,
            Body::Xml(_) | Body::XmlExtended(_) => Format::Xades,
            Body::Pdf(_) | Body::PdfInMemory { .. } => Format::Pades,
        }
    }

    /// The level the new signature has (BES, EPES or T).
    pub fn level(&self) -> Level {
        self.level
    }

    /// The format and level, as reports name them (`CAdES-EPES`).
    pub fn level_reached(&self) -> LevelReached {
        LevelReached::signature(self.format(), self.level)
    }

    /// The packaging.
    pub fn packaging(&self) -> Packaging {
        self.packaging
    }

    /// The signer certificate's subject.
    pub fn signer(&self) -> &str {
        &self.signer
    }

    /// What the caller should know: checks before signing that passed with a reservation,
    /// a deprecated algorithm, a packaging the policy only tolerates.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The PDF signature field's name, for PAdES.
    pub fn field_name(&self) -> Option<&str> {
        match &self.body {
            Body::Pdf(pdf) => Some(pdf.0.field_name()),
            Body::PdfInMemory { field_name, .. } => Some(field_name),
            _ => None,
        }
    }

    /// Writes the signed file to `out`: the CMS (`.csig`), the XML (`.xsig`), or the PDF (the
    /// original bytes, streamed from their file, then the new revision).
    pub fn write_to(&self, out: &mut dyn Write) -> Result<(), Error> {
        let io = |e| Error::io(std::path::Path::new("output"), e);
        match &self.body {
            Body::Cms(s) => out.write_all(&s.to_der()).map_err(io),
            Body::Xml(s) => out.write_all(s.as_bytes()).map_err(io),
            Body::XmlExtended(bytes) => out.write_all(bytes).map_err(io),
            Body::Pdf(pdf) => {
                let (signed, source) = pdf.as_ref();
                source.copy_original_to(out)?;
                out.write_all(signed.appended()).map_err(io)
            }
            Body::PdfInMemory { bytes, .. } => out.write_all(bytes).map_err(io),
        }
    }

    /// The signed file in memory.
    pub fn to_vec(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.write_to(&mut out)?;
        Ok(out)
    }

    /// For PAdES: fails if the input PDF changed on disk while it was being signed (its
    /// original bytes are streamed from the file when written).
    pub fn check_input_unchanged(&self) -> Result<(), Error> {
        match &self.body {
            Body::Pdf(pdf) => Ok(pdf.1.check_unchanged()?),
            _ => Ok(()),
        }
    }

    /// The CAdES signature, for further work with `ades-cades`.
    pub fn as_cades(&self) -> Option<&CadesSignature> {
        match &self.body {
            Body::Cms(s) => Some(s),
            _ => None,
        }
    }

    /// The XAdES signature, for further work with `ades-xades`.
    pub fn as_xades(&self) -> Option<&XadesSignature> {
        match &self.body {
            Body::Xml(s) => Some(s),
            _ => None,
        }
    }
}

impl std::fmt::Debug for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signed")
            .field("level", &self.level_reached().to_string())
            .field("packaging", &self.packaging)
            .field("signer", &self.signer)
            .finish_non_exhaustive()
    }
}
