//! The error type of the PDF layer.
//!
//! One [`PdfError`] for the crate, with typed sub-enums where a family of failures needs
//! detail (syntax, cross-reference, limits, decoding, placeholders). Every error that comes
//! from the input carries the byte offset it was found at.

use crate::object::{Name, ObjRef, ObjectKind};

/// Result with [`PdfError`].
pub type Result<T, E = PdfError> = std::result::Result<T, E>;

/// Why a PDF could not be read, an object resolved, or an update written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PdfError {
    /// The input is larger than [`Limits::max_file_size`](crate::Limits::max_file_size).
    #[error("the file has {size} bytes, more than the limit of {limit}")]
    FileTooLarge {
        /// Size of the input.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
    /// No `%PDF-x.y` header in the first 1024 bytes.
    #[error("not a PDF file: no %PDF-x.y header in the first 1024 bytes")]
    NotPdf,
    /// Malformed PDF syntax (tokens, objects, streams).
    #[error("PDF syntax error at offset {offset}: {kind}")]
    Syntax {
        /// Where the problem was found.
        offset: usize,
        /// What is wrong.
        kind: SyntaxError,
    },
    /// A configured bound was reached: the input is hostile or exceptionally large.
    #[error("limit exceeded: {0}")]
    Limit(LimitExceeded),
    /// A cross-reference section or trailer is unusable.
    #[error("cross-reference error at offset {offset}: {kind}")]
    Xref {
        /// Where the section (or the problem) is.
        offset: usize,
        /// What is wrong.
        kind: XrefError,
    },
    /// The object is free or absent in the revision asked for.
    #[error("object {id} does not exist in revision {revision}")]
    ObjectNotFound {
        /// The object asked for.
        id: ObjRef,
        /// The revision it was resolved in.
        revision: usize,
    },
    /// The cross-reference entry points at bytes that are not `id obj`.
    #[error("object {id}: no `{} {} obj` header at offset {offset}", id.num, id.generation)]
    ObjectHeader {
        /// The object asked for.
        id: ObjRef,
        /// Where the cross-reference entry points.
        offset: usize,
    },
    /// An object stream does not hold the object its cross-reference entry says it does.
    #[error("object {id} is not in object stream {stream}")]
    NotInObjectStream {
        /// The object asked for.
        id: ObjRef,
        /// Number of the object stream.
        stream: u32,
    },
    /// A chain of references that comes back to itself.
    #[error("reference loop through object {id}")]
    ReferenceLoop {
        /// An object on the loop.
        id: ObjRef,
    },
    /// An object of another type where the structure needs a given one.
    #[error("{what}: expected {expected}, found {found}")]
    UnexpectedType {
        /// Which structure (e.g. "trailer /Root").
        what: &'static str,
        /// The type required.
        expected: ObjectKind,
        /// The type found.
        found: ObjectKind,
    },
    /// A required entry is missing (e.g. "trailer /Root", "catalog /Pages").
    #[error("missing {what}")]
    Missing {
        /// Which entry.
        what: &'static str,
    },
    /// A stream filter failed on its data.
    #[error("stream decoding failed: {0}")]
    Decode(DecodeError),
    /// A stream filter this crate does not implement (only FlateDecode, ASCIIHexDecode and
    /// ASCII85Decode are decoded: the structure of a PDF never needs more).
    #[error("unsupported stream filter {name}")]
    UnsupportedFilter {
        /// The filter's name.
        name: Name,
    },
    /// The object lies in a part of the file that was not read (a file opened in bounded
    /// memory keeps the data of large streams on disk).
    #[error("object {id} lies in a part of the file that was not read into memory")]
    Unavailable {
        /// The object asked for.
        id: ObjRef,
    },
    /// The revision index is out of range.
    #[error("revision {index} does not exist (the file has {count})")]
    NoSuchRevision {
        /// The index asked for.
        index: usize,
        /// How many revisions the file has.
        count: usize,
    },
    /// The file cannot take an incremental update.
    #[error("cannot append an incremental update: {0}")]
    NotUpdatable(NotUpdatable),
    /// A placeholder was misused.
    #[error("placeholder: {0}")]
    Placeholder(PlaceholderError),
    /// The writer was asked for something invalid (an object number not allocated, …).
    #[error("incremental update: {0}")]
    Update(UpdateError),
}

impl From<LimitExceeded> for PdfError {
    fn from(limit: LimitExceeded) -> Self {
        PdfError::Limit(limit)
    }
}

impl From<DecodeError> for PdfError {
    fn from(e: DecodeError) -> Self {
        PdfError::Decode(e)
    }
}

impl From<PlaceholderError> for PdfError {
    fn from(e: PlaceholderError) -> Self {
        PdfError::Placeholder(e)
    }
}

impl From<UpdateError> for PdfError {
    fn from(e: UpdateError) -> Self {
        PdfError::Update(e)
    }
}

impl PdfError {
    /// Whether the error is a limit being reached (a bound, never repaired around).
    pub fn is_limit(&self) -> bool {
        matches!(self, PdfError::Limit(_) | PdfError::FileTooLarge { .. })
    }

    pub(crate) fn syntax(offset: usize, kind: SyntaxError) -> Self {
        PdfError::Syntax { offset, kind }
    }

    pub(crate) fn xref(offset: usize, kind: XrefError) -> Self {
        PdfError::Xref { offset, kind }
    }
}

/// What is wrong with the PDF syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SyntaxError {
    /// The input ends inside a token or an object.
    #[error("unexpected end of data")]
    UnexpectedEof,
    /// A byte that cannot start or continue the expected token.
    #[error("unexpected byte 0x{0:02x}")]
    UnexpectedByte(u8),
    /// A run of regular characters that is neither a number nor a known keyword.
    #[error("unknown keyword or malformed number")]
    UnknownToken,
    /// An integer that does not fit in 64 bits (or an object number or generation out of range).
    #[error("number out of range")]
    NumberOutOfRange,
    /// A dictionary key that is not a name.
    #[error("dictionary key is not a name")]
    KeyNotName,
    /// A dictionary with a key and no value before `>>`.
    #[error("dictionary key without a value")]
    MissingValue,
    /// A hexadecimal string with a character that is not a hex digit.
    #[error("invalid character in a hexadecimal string")]
    InvalidHexString,
    /// `n g obj` was expected.
    #[error("expected an object header `n g obj`")]
    ExpectedObjectHeader,
    /// A keyword was expected (e.g. `endstream`).
    #[error("expected the keyword `{0}`")]
    ExpectedKeyword(&'static str),
    /// A stream's /Length is not a non-negative integer and no `endstream` follows its data.
    #[error("stream without a usable /Length or `endstream`")]
    UnterminatedStream,
    /// `{` or `}` (PostScript calculator syntax) outside a content stream.
    #[error("PostScript braces outside a stream")]
    Braces,
}

/// What is wrong with a cross-reference section or the trailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XrefError {
    /// No `startxref` keyword near the end of the file.
    #[error("no startxref")]
    NoStartxref,
    /// `startxref` is not followed by an offset inside the file.
    #[error("startxref is not followed by an offset inside the file")]
    BadStartxref,
    /// The offset holds neither an `xref` table nor a cross-reference stream.
    #[error("no xref table or cross-reference stream here")]
    NotAnXrefSection,
    /// A subsection header `first count` is malformed.
    #[error("malformed xref subsection header")]
    BadSubsection,
    /// A table entry `oooooooooo ggggg n|f` is malformed.
    #[error("malformed xref entry")]
    BadEntry,
    /// No `trailer` dictionary after the table.
    #[error("missing trailer dictionary")]
    MissingTrailer,
    /// A cross-reference stream's /W, /Index or /Size is invalid.
    #[error("invalid cross-reference stream /W, /Index or /Size")]
    BadXrefStream,
    /// The decoded cross-reference stream is shorter than its /Index announces.
    #[error("cross-reference stream data too short")]
    ShortXrefStream,
    /// The /Prev chain comes back to a section already read.
    #[error("/Prev loop")]
    PrevLoop,
    /// /Prev or /XRefStm is not an offset inside the file.
    #[error("/Prev or /XRefStm is not an offset inside the file")]
    BadPrev,
    /// Reconstruction by scanning found no object and no catalog.
    #[error("nothing to reconstruct: no objects or no catalog found")]
    NothingToReconstruct,
}

/// Which bound of [`Limits`](crate::Limits) was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitExceeded {
    /// Arrays and dictionaries nested deeper than `max_depth`.
    #[error("objects nested deeper than {0} levels")]
    Depth(usize),
    /// An array or dictionary with more than `max_container_entries` entries.
    #[error("an array or dictionary with more than {0} entries")]
    ContainerEntries(usize),
    /// An object number above `max_object_number`.
    #[error("object number {num} above the limit {max}")]
    ObjectNumber {
        /// The number found.
        num: u64,
        /// The limit.
        max: u32,
    },
    /// More cross-reference entries (all revisions together) than `max_xref_entries`.
    #[error("more than {0} cross-reference entries")]
    XrefEntries(usize),
    /// More cross-reference sections in the /Prev chain than `max_revisions`.
    #[error("more than {0} cross-reference sections (revisions)")]
    Revisions(usize),
    /// More object streams than `max_object_streams`.
    #[error("more than {0} object streams")]
    ObjectStreams(usize),
    /// An object stream announcing more objects than `max_objects_per_stream`.
    #[error("an object stream with more than {0} objects")]
    ObjectsInStream(usize),
    /// One stream decoding to more than `max_decoded_stream` bytes.
    #[error("a stream decoding to more than {0} bytes")]
    DecodedStream(usize),
    /// All the streams decoded while loading the file, together, above `max_decoded_total`.
    #[error("more than {0} bytes decoded in total while loading")]
    DecodedTotal(usize),
    /// A stream expanding more than `max_inflate_ratio` times its encoded size (zip bomb).
    #[error("a stream expanding more than {0} times its size")]
    InflateRatio(usize),
    /// A chain of references (`1 0 R` → `2 0 R` → …) longer than `max_reference_chain`.
    #[error("a chain of more than {0} references")]
    ReferenceChain(usize),
    /// A page tree with more than `max_pages` nodes.
    #[error("a page tree with more than {0} nodes")]
    Pages(usize),
    /// Loading parsed more than `max_load_passes` times the file size (overlapping sections or
    /// streams).
    #[error("loading needed more than {0} passes over the file")]
    LoadWork(usize),
}

/// Why a stream's data could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The FlateDecode data is not a zlib or deflate stream.
    #[error("FlateDecode: invalid deflate data")]
    Inflate,
    /// The PNG or TIFF predictor parameters are invalid or the rows do not fit.
    #[error("predictor: {0}")]
    Predictor(&'static str),
    /// ASCIIHexDecode data with a character that is not a hex digit.
    #[error("ASCIIHexDecode: invalid character")]
    AsciiHex,
    /// ASCII85Decode data that is not base-85.
    #[error("ASCII85Decode: invalid data")]
    Ascii85,
    /// /Filter or /DecodeParms is neither a name, a dictionary nor an array of them.
    #[error("malformed /Filter or /DecodeParms")]
    BadFilterEntry,
    /// Too many filters chained on one stream.
    #[error("more than 8 filters on one stream")]
    TooManyFilters,
}

/// Why a file cannot take an incremental update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotUpdatable {
    /// The file is encrypted: new strings and streams would have to be encrypted too.
    #[error("the file is encrypted")]
    Encrypted,
    /// The cross-reference chain was unusable and had to be reconstructed by scanning:
    /// an update would chain to a broken section. Re-save the file first.
    #[error("the cross-reference chain was reconstructed (damaged file)")]
    Reconstructed,
}

/// How a placeholder was misused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlaceholderError {
    /// The placeholder was not reserved by this update.
    #[error("not reserved by this update")]
    Unknown,
    /// The placeholder appears more than once in the written objects.
    #[error("used more than once")]
    Reused,
    /// The placeholder was reserved but appears in no written object.
    #[error("reserved but never used")]
    Unused,
    /// The value does not fit in the reserved space.
    #[error("value needs {needed} bytes, {available} reserved")]
    TooSmall {
        /// Bytes needed.
        needed: usize,
        /// Bytes reserved.
        available: usize,
    },
    /// The range to fill is not inside the buffer or does not have the placeholder's shape.
    #[error("range does not hold a placeholder of this kind")]
    BadRange,
}

/// An invalid request to the incremental-update writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UpdateError {
    /// `set` for an object number that was not allocated by this update.
    #[error("object {0} was not allocated by this update")]
    NotAllocated(ObjRef),
    /// `replace` for an object that does not exist in the latest revision.
    #[error("object {0} does not exist in the latest revision")]
    NoSuchObject(ObjRef),
    /// An object number was allocated but never given a value.
    #[error("object {0} was allocated but never set")]
    Unset(ObjRef),
    /// No more object numbers below the limit.
    #[error("no object number left below the limit")]
    ObjectNumbersExhausted,
}
