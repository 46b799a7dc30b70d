//! PAdES (ETSI EN 319 142) for the `ades` workspace. **What exists today is the PDF layer
//! only**; PAdES signing and validation are not built yet.
//!
//! # What this crate has
//!
//! * [`PdfFile`]: a bounded, panic-free reader of real PDF files with their revision
//!   structure. It follows the `/Prev` chain of incremental updates through classic `xref`
//!   tables, cross-reference streams (FlateDecode with PNG predictors), hybrid files
//!   (`/XRefStm`) and linearized files, reads object streams, and gives each [`Revision`] its
//!   cross-reference offset, its byte span (up to and including its `%%EOF`), its trailer and
//!   its own entries. Objects resolve as of any revision ([`PdfFile::get_at`]) or the latest
//!   ([`PdfFile::get`]), with where their bytes are ([`PdfFile::get_indirect_at`]); the catalog
//!   and page tree too. Damaged cross-reference data is repaired by scanning for `n g obj`, and
//!   says so ([`PdfFile::repaired`], [`PdfFile::diagnostics`]). Every count, size and depth is
//!   bounded by [`Limits`]. Encrypted files are read structurally and reported
//!   ([`PdfFile::is_encrypted`]), never decrypted.
//! * [`IncrementalUpdate`]: appends a revision (new and replaced objects, an `xref` section of
//!   the same kind as the latest, a trailer chained by `/Prev`) without touching the original
//!   bytes, with [`Placeholder`]s for a signature's `/Contents` and `/ByteRange` whose absolute
//!   offsets are reported so that they can be filled in place ([`fill_byte_range`],
//!   [`fill_hex_string`]).
//!
//! # What it does not have yet
//!
//! The PAdES signature itself (signature field and widget, `/SubFilter /ETSI.CAdES.detached`
//! on top of `ades-cades`, the DSS and document time-stamps), dynamic-content detection before
//! signing, and the validator (which revision a signature covers, what changed after it, the
//! known attacks). Until they exist, `ades sign --format pades` and `ades verify` on a PDF say
//! so and exit with code 3. Design notes and limits: `docs/pdf.md`.

mod appearance;
mod changes;
mod coverage;
mod doc_timestamp;
mod document;
mod dynamic;
mod error;
mod file;
mod filter;
mod incremental;
mod layout;
mod limits;
mod object;
mod objstm;
mod pades_error;
mod parser;
mod pdfdate;
mod repair;
mod revision;
mod serialize;
mod sigdict;
mod sign;
mod source;
mod sparse;
mod validate;
mod xref;

pub use appearance::Appearance;
pub use doc_timestamp::{PreparedTimestamp, prepare_document_timestamp, timestamp_document};
pub use dynamic::{DynamicFinding, DynamicKind, scan_dynamic_content};
pub use error::{
    DecodeError, LimitExceeded, NotUpdatable, PdfError, PlaceholderError, Result, SyntaxError,
    UpdateError, XrefError,
};
pub use file::{IndirectObject, ObjectLocation, PdfFile};
pub use incremental::{Appended, IncrementalUpdate, fill_byte_range, fill_hex_string};
pub use limits::Limits;
pub use object::{
    BYTE_RANGE_DIGITS, Dictionary, Name, ObjRef, Object, ObjectKind, PdfString, Placeholder,
    PlaceholderKind, Stream, StringFormat,
};
pub use pades_error::PadesError;
pub use parser::StreamData;
pub use pdfdate::{format_pdf_date, parse_pdf_date};
pub use revision::{Diagnostic, PdfVersion, Revision};
pub use serialize::serialize_object;
pub use sigdict::{FoundSignature, SignatureKind, find_signatures, text_string, value_span};
pub use sign::{
    NoCertificate, PadesBuilder, PadesOptions, PdfSignature, PreparedPdf, SignedPdf,
    SignerCertificate, TIMESTAMP_RESERVE,
};
pub use source::{SourcePdf, WHOLE_FILE_THRESHOLD};
pub use validate::PadesValidator;
pub use xref::{XrefEntry, XrefKind};
