//! The PDF layer of the `ades` workspace: it reads PDF files with their revision structure
//! and appends incremental updates, and knows nothing of signatures (PAdES is built on it in
//! `ades-pades`).
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
//! Design notes, the attack classes and limits: `docs/pdf.md` in the repository.

mod content;
mod crypt;
mod document;
mod error;
mod file;
mod filter;
mod incremental;
mod limits;
mod object;
mod objstm;
mod parser;
mod pdfdate;
mod repair;
mod revision;
mod serialize;
mod shallow;
mod sparse;
mod xref;

pub use content::{ContentOperations, Operation, content_operations};
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
pub use parser::StreamData;
pub use pdfdate::{format_pdf_date, parse_pdf_date};
pub use revision::{Diagnostic, PdfVersion, Revision};
pub use serialize::serialize_object;
pub use shallow::value_span;
pub use sparse::{SparseError, load_bounded};
pub use xref::{XrefEntry, XrefKind};
