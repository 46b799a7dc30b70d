//! Reading a large PDF in bounded memory: only its structure is read into memory.
//!
//! The image of the file is a zero-filled buffer of the file's length whose pages the
//! operating system provides lazily: only the parts written here become resident. Read are
//! the first and last bytes, every cross-reference section (found from `startxref` and the
//! `/Prev` and `/XRefStm` offsets, each read in growing windows until it parses within read
//! bytes), every object stream, and every object — except that in a gap of more than
//! [`SMALL_GAP`] bytes between two known offsets only the first [`GAP_HEAD`] and last
//! [`GAP_TAIL`] bytes are read: such a gap is the data of a large stream (an image, an
//! embedded file, a content stream), whose dictionary lies in the head.
//!
//! The unread ranges are then *holes* of the [`PdfFile`]: searches skip them, and an object
//! whose bytes touch one does not resolve ([`PdfError::Unavailable`]); stream dictionaries
//! resolve through [`PdfFile::get_shallow_at`]. A file that needed any repair is refused here
//! (its structure cannot be trusted from a partial read); the caller reads it whole instead.

use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;

use crate::error::{LimitExceeded, PdfError, XrefError};
use crate::file::PdfFile;
use crate::limits::Limits;
use crate::parser::{Landmarks, Lexer, rfind_bytes};
use crate::xref::{Loader, XrefEntry, read_section};

/// Gaps up to this size are read whole.
pub(crate) const SMALL_GAP: usize = 256 << 10;
/// Bytes read at the start of a larger gap (the stream's dictionary).
pub(crate) const GAP_HEAD: usize = 16 << 10;
/// Bytes read at the end of a larger gap (`endstream endobj`).
pub(crate) const GAP_TAIL: usize = 4 << 10;
/// The first and last bytes read before anything else.
const HEAD: usize = 4 << 10;
const TAIL: usize = 1 << 20;
/// The most bytes read into memory (structure only): beyond it the file is refused.
pub(crate) const MAX_READ: usize = 48 << 20;
/// The largest file read this way (its image is reserved, not used, in address space; half
/// the machine's memory and swap at most).
pub(crate) const MAX_SPARSE_FILE: u64 = 64 << 30;
/// Attempts at reading one cross-reference section with a growing window.
const MAX_ATTEMPTS: usize = 24;

/// Why a file could not be read in bounded memory.
#[derive(Debug, thiserror::Error)]
pub enum SparseError {
    /// Reading the file failed.
    #[error(transparent)]
    Io(io::Error),
    /// The file is not a PDF this reader can read (or a limit was reached).
    #[error(transparent)]
    Pdf(PdfError),
}

impl From<io::Error> for SparseError {
    fn from(e: io::Error) -> Self {
        SparseError::Io(e)
    }
}

impl From<PdfError> for SparseError {
    fn from(e: PdfError) -> Self {
        SparseError::Pdf(e)
    }
}

/// The image being filled and what of it was read.
struct Image<'f> {
    file: &'f mut File,
    bytes: Vec<u8>,
    /// Read ranges, sorted and disjoint.
    read: Vec<Range<usize>>,
    total: usize,
}

impl Image<'_> {
    fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Reads `range` (clipped to the file) where it was not read yet.
    fn ensure(&mut self, range: Range<usize>) -> Result<(), SparseError> {
        let range = range.start.min(self.len())..range.end.min(self.len());
        if range.is_empty() {
            return Ok(());
        }
        let mut missing = Vec::new();
        let mut at = range.start;
        for r in &self.read {
            if r.end <= at {
                continue;
            }
            if r.start >= range.end {
                break;
            }
            if r.start > at {
                missing.push(at..r.start);
            }
            at = at.max(r.end);
        }
        if at < range.end {
            missing.push(at..range.end);
        }
        for m in missing {
            self.total += m.len();
            if self.total > MAX_READ {
                return Err(PdfError::Limit(LimitExceeded::DecodedTotal(MAX_READ)).into());
            }
            self.file.seek(SeekFrom::Start(m.start as u64))?;
            let slot = self
                .bytes
                .get_mut(m.clone())
                .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
            self.file.read_exact(slot)?;
            self.read.push(m);
        }
        self.read.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(self.read.len());
        for r in self.read.drain(..) {
            match merged.last_mut() {
                Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        self.read = merged;
        Ok(())
    }

    fn is_read(&self, range: &Range<usize>) -> bool {
        self.read
            .iter()
            .any(|r| r.start <= range.start && range.end <= r.end)
    }

    fn holes(&self) -> Vec<Range<usize>> {
        let mut holes = Vec::new();
        let mut at = 0;
        for r in &self.read {
            if r.start > at {
                holes.push(at..r.start);
            }
            at = r.end;
        }
        if at < self.len() {
            holes.push(at..self.len());
        }
        holes
    }
}

/// Reads the PDF in `file` (of `len` bytes) in bounded memory: its structure is read, the
/// data of large streams is left on disk (see the module documentation).
pub fn load_bounded(file: &mut File, len: u64, limits: Limits) -> Result<PdfFile, SparseError> {
    let budget = address_space_budget();
    if len > budget {
        return Err(PdfError::FileTooLarge {
            size: usize::try_from(len).unwrap_or(usize::MAX),
            limit: usize::try_from(budget).unwrap_or(usize::MAX),
        }
        .into());
    }
    let n = usize::try_from(len).map_err(|_| PdfError::FileTooLarge {
        size: usize::MAX,
        limit: usize::MAX,
    })?;
    let mut image = Image {
        file,
        // Zero-filled memory comes from the allocator untouched: pages become resident only
        // where `ensure` writes.
        bytes: vec![0u8; n],
        read: Vec::new(),
        total: 0,
    };
    image.ensure(0..HEAD)?;
    image.ensure(n.saturating_sub(TAIL)..n)?;

    let mut boundaries: BTreeSet<usize> = [0, n].into_iter().collect();
    let mut offsets: BTreeSet<usize> = BTreeSet::new();
    let mut object_streams: HashSet<u32> = HashSet::new();
    let mut sections = Vec::new();
    let first = startxref(&image.bytes)?;
    let mut next = Some(first);
    let mut seen = HashSet::new();
    while let Some(offset) = next {
        if !seen.insert(offset) || seen.len() > limits.max_revisions {
            break;
        }
        let Some(section) = read_section_windowed(&mut image, offset, &limits)? else {
            break;
        };
        boundaries.insert(section.offset);
        boundaries.insert(section.end);
        for entry in section.entries.values() {
            match entry {
                XrefEntry::InUse { offset, .. } => {
                    offsets.insert(*offset);
                }
                XrefEntry::Compressed { stream, .. } => {
                    object_streams.insert(*stream);
                }
                XrefEntry::Free { .. } => {}
            }
        }
        next = section.prev;
        sections.push(section);
    }
    // Where the object streams are.
    let mut whole: BTreeSet<usize> = BTreeSet::new();
    for section in &sections {
        for (num, entry) in &section.entries {
            if let XrefEntry::InUse { offset, .. } = entry
                && object_streams.contains(num)
            {
                whole.insert(*offset);
            }
        }
    }
    boundaries.extend(offsets.iter().copied().filter(|o| *o < n));
    let points: Vec<usize> = boundaries.into_iter().collect();
    for pair in points.windows(2) {
        let (p, q) = match pair {
            [p, q] => (*p, *q),
            _ => continue,
        };
        if q - p <= SMALL_GAP || whole.contains(&p) {
            image.ensure(p..q)?;
        } else {
            image.ensure(p..p + GAP_HEAD)?;
            image.ensure(q - GAP_TAIL..q)?;
        }
    }
    let holes = image.holes();
    let mut limits = limits;
    limits.max_file_size = limits.max_file_size.max(n);
    let mut pdf = PdfFile::parse_with_holes(image.bytes, limits, holes)?;
    if pdf.repaired() || pdf.reconstructed() {
        return Err(PdfError::NotUpdatable(crate::error::NotUpdatable::Reconstructed).into());
    }
    if let Ok(backing) = image.file.try_clone() {
        pdf.set_backing(backing);
    }
    Ok(pdf)
}

/// `/XRefStm` of the trailer that follows the table at `offset`, if read.
fn trailer_xrefstm(data: &[u8], offset: usize, window: usize, limits: &Limits) -> Option<usize> {
    let end = offset.saturating_add(window).min(data.len());
    let at = crate::parser::find_bytes(data.get(..end)?, b"trailer", offset)?;
    let mut parser = crate::parser::Parser::new(data.get(..end)?, at + b"trailer".len(), limits);
    let trailer = parser.parse_object().ok()?;
    trailer
        .as_dict()?
        .get_i64("XRefStm")
        .and_then(|o| usize::try_from(o).ok())
        .filter(|o| *o < data.len())
}

/// How much address space a zero-filled image may take: the machine's memory and swap (the
/// kernel refuses larger anonymous mappings under its default overcommit heuristic).
fn address_space_budget() -> u64 {
    let Ok(info) = std::fs::read_to_string("/proc/meminfo") else {
        return MAX_SPARSE_FILE;
    };
    let kib = |key: &str| -> u64 {
        info.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let total = (kib("MemTotal:") + kib("SwapTotal:")).saturating_mul(1024) / 2;
    if total == 0 {
        MAX_SPARSE_FILE
    } else {
        total.min(MAX_SPARSE_FILE)
    }
}

/// The offset after the last `startxref`.
fn startxref(data: &[u8]) -> Result<usize, PdfError> {
    let at = rfind_bytes(data, b"startxref", data.len())
        .ok_or(PdfError::xref(data.len(), XrefError::NoStartxref))?;
    let mut lex = Lexer::new(data, at + b"startxref".len());
    lex.skip_ws();
    lex.read_unsigned()
        .and_then(|o| usize::try_from(o).ok())
        .filter(|o| *o < data.len())
        .ok_or(PdfError::xref(at, XrefError::BadStartxref))
}

/// Reads the section at `offset`, growing the read window until it parses from read bytes
/// only (with its `/XRefStm` stream, if any). `None` if it never does: the full parse then
/// reports why.
fn read_section_windowed(
    image: &mut Image<'_>,
    offset: usize,
    limits: &Limits,
) -> Result<Option<crate::xref::Section>, SparseError> {
    let mut window = 64usize << 10;
    let mut extra: Vec<Range<usize>> = Vec::new();
    for _ in 0..MAX_ATTEMPTS {
        image.ensure(offset..offset.saturating_add(window))?;
        for r in &extra {
            image.ensure(r.clone())?;
        }
        let holes = image.holes();
        let marks = Landmarks::with_holes(holes);
        let mut ld = Loader::new(&image.bytes, limits, &marks);
        let attempt = read_section(&mut ld, offset);
        let xrefstm = |s: &crate::xref::Section| {
            s.trailer
                .get("XRefStm")
                .and_then(|o| o.as_i64())
                .and_then(|o| usize::try_from(o).ok())
        };
        match attempt {
            Ok(section) => {
                let mut complete = image.is_read(&(section.offset..section.end));
                if let Some(stm) = xrefstm(&section)
                    && !image.is_read(&(stm..stm.saturating_add(window).min(image.len())))
                {
                    extra.push(stm..stm.saturating_add(window));
                    complete = false;
                }
                if complete {
                    return Ok(Some(section));
                }
                window = window
                    .max(section.end.saturating_sub(offset))
                    .saturating_mul(2);
            }
            Err(e) if e.is_limit() => return Err(e.into()),
            Err(_) => {
                // A table whose /XRefStm stream is not read yet fails as a whole.
                if let Some(stm) = trailer_xrefstm(&image.bytes, offset, window, limits)
                    && !extra.iter().any(|r| r.start == stm)
                {
                    extra.push(stm..stm.saturating_add(window));
                    continue;
                }
                if offset.saturating_add(window) >= image.len()
                    && extra.iter().all(|r| r.end >= image.len())
                {
                    return Ok(None);
                }
                window = window.saturating_mul(2);
                for r in &mut extra {
                    r.end = r.start.saturating_add(window);
                }
            }
        }
    }
    Ok(None)
}
