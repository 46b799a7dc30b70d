//! The error of PAdES signing and time-stamping (validation reports problems in its report
//! instead: its `Err` is reserved for what prevents evaluation).

use crate::dynamic::DynamicFinding;
use ades_pdf::PdfError;

/// Why a PDF could not be signed or time-stamped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PadesError {
    /// The input is not a PDF this crate can read, or the update could not be written.
    #[error("PDF: {0}")]
    Pdf(#[from] PdfError),
    /// Reading the input or writing the output failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The failure.
        source: std::io::Error,
    },
    /// The document is encrypted: signing it would need its keys to encrypt the new strings.
    #[error("the PDF is encrypted: decrypt it (e.g. qpdf --decrypt) before signing")]
    Encrypted,
    /// The document has dynamic content and the caller did not allow it (policy §3.1.1).
    #[error(
        "the PDF has dynamic content, which the signature policy forbids signing (§3.1.1): {}; allow it explicitly to sign anyway",
        list(.0)
    )]
    DynamicContent(Vec<DynamicFinding>),
    /// The document has no page to put the signature widget on.
    #[error("the PDF has no page")]
    NoPages,
    /// A visible signature was asked for on a page the document does not have.
    #[error("page {page} does not exist: the document has {pages} pages")]
    NoSuchPage {
        /// The page asked for (1-based).
        page: usize,
        /// How many pages there are.
        pages: usize,
    },
    /// A field name that is already used by the form.
    #[error("the form already has a field named {0}")]
    FieldExists(String),
    /// The CMS (or time-stamp token) is larger than the space reserved for it.
    #[error(
        "the signature needs {needed} bytes but {reserved} were reserved for /Contents: prepare again with a larger reserve"
    )]
    ContentsTooSmall {
        /// Bytes the DER needs.
        needed: usize,
        /// Bytes reserved.
        reserved: usize,
    },
    /// The input file changed while it was being signed.
    #[error("{0} changed while it was being signed")]
    InputChanged(String),
    /// Building the CMS failed (certificate not usable, signer failure, time-stamp).
    #[error(transparent)]
    Cades(#[from] ades_cades::CadesError),
    /// The time-stamp authority failed or answered something unusable.
    #[error(transparent)]
    Timestamp(#[from] ades_tsp::TspError),
    /// An option is invalid (a rectangle with no area, an empty field name, …).
    #[error("invalid option: {0}")]
    InvalidOption(String),
}

fn list(findings: &[DynamicFinding]) -> String {
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = findings.iter().take(SHOWN).map(|f| f.to_string()).collect();
    if findings.len() > SHOWN {
        parts.push(format!("and {} more", findings.len() - SHOWN));
    }
    parts.join("; ")
}

impl PadesError {
    pub(crate) fn io(path: impl std::fmt::Display, source: std::io::Error) -> Self {
        PadesError::Io {
            path: path.to_string(),
            source,
        }
    }
}
