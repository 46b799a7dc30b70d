//! Revisions (one per incremental save), what was noticed while loading, and the PDF version.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::PdfError;
use crate::object::{Dictionary, ObjRef};
use crate::xref::{XrefEntry, XrefKind};

/// One revision of the file: the original save or one incremental update (ISO 32000-1
/// §7.5.6), with its own cross-reference entries and trailer.
///
/// A linearized file's first-page section and main section (the first reaches the second by a
/// forward `/Prev`) make one revision, as they were written by one save.
#[derive(Debug, Clone)]
pub struct Revision {
    pub(crate) index: usize,
    pub(crate) kind: XrefKind,
    pub(crate) xref_offset: Option<usize>,
    pub(crate) section_offsets: Vec<usize>,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) end_with_eol: usize,
    pub(crate) trailer: Dictionary,
    pub(crate) entries: BTreeMap<u32, XrefEntry>,
}

impl Revision {
    /// Position in file order (0 = the original document).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The kind of cross-reference data of the revision.
    pub fn kind(&self) -> XrefKind {
        self.kind
    }

    /// Offset of the revision's cross-reference section: what `startxref` (or the next
    /// revision's `/Prev`) points to. `None` only for a reconstructed revision without a
    /// readable `startxref`.
    pub fn xref_offset(&self) -> Option<usize> {
        self.xref_offset
    }

    /// Offsets of every cross-reference section of the revision: [`xref_offset`](Self::xref_offset)
    /// and, in a linearized file, its main section too. Empty for a reconstructed revision.
    pub fn section_offsets(&self) -> &[usize] {
        &self.section_offsets
    }

    /// Offset where the revision's bytes start: 0, or the end of the previous revision.
    pub fn start_offset(&self) -> usize {
        self.start
    }

    /// Offset just after the revision's `%%EOF` marker: the revision is the file's bytes
    /// `0..end_offset()`. Without a `%%EOF` (see [`Diagnostic::MissingEof`]), just after the
    /// section's `startxref` value, or after its trailer.
    pub fn end_offset(&self) -> usize {
        self.end
    }

    /// [`end_offset`](Self::end_offset) plus the end-of-line (CR, LF or CRLF) that follows
    /// `%%EOF`, if any. Signers differ on whether a signature's `/ByteRange` covers it.
    pub fn end_offset_with_eol(&self) -> usize {
        self.end_with_eol
    }

    /// The trailer dictionary (for a cross-reference stream: the stream's dictionary without
    /// `/Length`).
    pub fn trailer(&self) -> &Dictionary {
        &self.trailer
    }

    /// The entries this revision's cross-reference data defines (object number → entry): the
    /// objects added, changed or freed by this revision. For a repaired entry, the offset
    /// where the object was actually found (see [`Diagnostic::XrefEntryRepaired`]).
    pub fn entries(&self) -> &BTreeMap<u32, XrefEntry> {
        &self.entries
    }

    /// The entry for object `num` in this revision's own cross-reference data.
    pub fn entry(&self, num: u32) -> Option<XrefEntry> {
        self.entries.get(&num).copied()
    }
}

/// Something noticed while loading: a repair made, or a deviation a validator may want to
/// report (several are symptoms of the known attacks on PDF signatures).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Diagnostic {
    /// The cross-reference chain was unusable; every revision was reconstructed by scanning
    /// for `n g obj` and splitting the file at each `%%EOF`.
    Reconstructed {
        /// Why the chain could not be read.
        reason: PdfError,
    },
    /// A cross-reference entry did not point at its object; the last `n g obj` header for
    /// that number before the revision's end was used instead.
    XrefEntryRepaired {
        /// Revision of the entry.
        revision: usize,
        /// The object.
        id: ObjRef,
        /// The offset the entry stated.
        stated: usize,
        /// The offset used.
        found: usize,
    },
    /// A cross-reference entry did not point at its object and no header for it was found:
    /// resolving it fails with [`PdfError::ObjectHeader`].
    XrefEntryBroken {
        /// Revision of the entry.
        revision: usize,
        /// The object.
        id: ObjRef,
        /// The offset the entry stated.
        stated: usize,
    },
    /// A repaired or broken entry ([`Diagnostic::XrefEntryRepaired`],
    /// [`Diagnostic::XrefEntryBroken`]) of an object the file defines again after that
    /// revision's bytes: a reader that rebuilds the table by scanning the whole file (pdf.js
    /// does on such an entry) takes that later definition, not the one used here.
    DefinedAgainLater {
        /// Revision of the entry.
        revision: usize,
        /// The object.
        id: ObjRef,
        /// Where the last definition after the revision starts.
        offset: usize,
    },
    /// `startxref` or `/Prev` pointed a few bytes off its section, which was found nearby.
    XrefOffsetAdjusted {
        /// The offset stated.
        stated: usize,
        /// Where the section is.
        found: usize,
    },
    /// No `%%EOF` after the revision's cross-reference section.
    MissingEof {
        /// The revision.
        revision: usize,
    },
    /// An object stream could not be read; the objects in it fail to resolve with this error.
    ObjectStreamUnreadable {
        /// The object stream.
        stream: ObjRef,
        /// Why.
        error: PdfError,
    },
    /// The `%PDF-` header is not at offset 0 (cross-reference offsets are still read as
    /// absolute offsets).
    HeaderNotAtStart {
        /// Where the header is.
        offset: usize,
    },
}

/// A PDF version `major.minor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PdfVersion {
    /// Major version (1 or 2).
    pub major: u8,
    /// Minor version.
    pub minor: u8,
}

impl PdfVersion {
    /// Parses `1.7` (from a header or a catalog `/Version` name).
    pub fn parse(text: &[u8]) -> Option<Self> {
        match text {
            [major @ b'0'..=b'9', b'.', minor @ b'0'..=b'9', ..] => Some(PdfVersion {
                major: major - b'0',
                minor: minor - b'0',
            }),
            _ => None,
        }
    }
}

impl fmt::Display for PdfVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}
