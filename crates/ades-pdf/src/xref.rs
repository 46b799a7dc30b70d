//! Cross-reference sections (ISO 32000-1 §7.5.4 tables, §7.5.8 streams, §7.5.8.4 hybrid files)
//! and the load-time budget they are read under.
//!
//! Tables are read token by token, not as fixed 20-byte lines, so entries ending in a single
//! CR or LF, or with extra spaces, are accepted. A first subsection announced as `1 n` whose
//! first entry is the free-list head `0000000000 65535 f` is read as starting at object 0 (a
//! common off-by-one of old writers). An in-use entry with offset 0 is read as free. A
//! subsection with fewer entries than announced ends at the first token that is not an entry.

use std::collections::BTreeMap;

use crate::error::{LimitExceeded, PdfError, Result, XrefError};
use crate::filter::{self, Cap};
use crate::limits::Limits;
use crate::object::{Dictionary, ObjRef, Object, Stream};
use crate::parser::{
    Landmarks, Lexer, Parser, StreamEnv, StreamMode, find_bytes, parse_indirect,
    parse_object_header,
};

/// One entry of a cross-reference section: where object `n` is, or that it is free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum XrefEntry {
    /// A free (deleted) object.
    Free {
        /// Next free object number (the free list).
        next: u32,
        /// Generation to use if the number is reused.
        generation: u16,
    },
    /// An object stored uncompressed at a byte offset of the file.
    InUse {
        /// Offset of `n g obj`.
        offset: usize,
        /// Generation number.
        generation: u16,
    },
    /// An object stored in an object stream (generation 0).
    Compressed {
        /// Object number of the object stream.
        stream: u32,
        /// Index of the object in the stream.
        index: u32,
    },
}

impl XrefEntry {
    /// Whether the entry is in use (uncompressed or in an object stream).
    pub fn is_in_use(&self) -> bool {
        !matches!(self, XrefEntry::Free { .. })
    }
}

/// The kind of cross-reference data a revision was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum XrefKind {
    /// A classic `xref` table and `trailer` dictionary.
    Table,
    /// A cross-reference stream (`/Type /XRef`, PDF 1.5).
    Stream,
    /// A classic table whose trailer has `/XRefStm` pointing to a cross-reference stream
    /// (hybrid-reference file, §7.5.8.4): the table's in-use entries win, the stream fills in
    /// the rest (typically objects in object streams, which the table lists as free).
    Hybrid,
    /// No usable cross-reference data: the revision was reconstructed by scanning the file
    /// for `n g obj` (see [`PdfFile::repaired`](crate::PdfFile::repaired)).
    Reconstructed,
}

/// A cross-reference section as read at one offset.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) kind: XrefKind,
    pub(crate) offset: usize,
    pub(crate) entries: BTreeMap<u32, XrefEntry>,
    pub(crate) trailer: Dictionary,
    pub(crate) prev: Option<usize>,
    /// Offset just after the trailer dictionary (table) or `endobj` (stream).
    pub(crate) end: usize,
}

/// Finds `endstream` and headers through the shared landmarks; resolves no indirect `/Length` (the
/// cross-reference data needed for that is what is being read).
#[derive(Clone, Copy)]
pub(crate) struct ScanEnv<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) marks: &'a Landmarks,
}

impl StreamEnv for ScanEnv<'_> {
    fn resolve_length(&self, _id: ObjRef) -> Option<i64> {
        None
    }

    fn find_endstream(&self, from: usize) -> Option<usize> {
        self.marks.find_endstream(self.data, from)
    }

    fn next_header(&self, from: usize) -> usize {
        self.marks.next_header(self.data, from)
    }
}

/// The budgets of one load: cross-reference entries and decoded bytes.
pub(crate) struct Loader<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) limits: &'a Limits,
    pub(crate) marks: &'a Landmarks,
    entries_left: usize,
    decoded_left: usize,
    work_left: usize,
}

impl<'a> Loader<'a> {
    pub(crate) fn new(data: &'a [u8], limits: &'a Limits, marks: &'a Landmarks) -> Self {
        Loader {
            data,
            limits,
            marks,
            entries_left: limits.max_xref_entries,
            decoded_left: limits.max_decoded_total,
            work_left: data
                .len()
                .saturating_mul(limits.max_load_passes)
                .saturating_add(1 << 20),
        }
    }

    /// Charges `bytes` parsed to the load-work budget.
    pub(crate) fn charge(&mut self, bytes: usize) -> Result<()> {
        self.work_left = self
            .work_left
            .checked_sub(bytes)
            .ok_or(LimitExceeded::LoadWork(self.limits.max_load_passes))?;
        Ok(())
    }

    /// Charges what a parse from `start` cost: up to its end, or to where it failed.
    pub(crate) fn charge_parse<T>(
        &mut self,
        start: usize,
        result: &Result<T>,
        end: impl Fn(&T) -> usize,
    ) -> Result<()> {
        let stop = match result {
            Ok(value) => end(value),
            Err(PdfError::Syntax { offset, .. } | PdfError::Xref { offset, .. }) => *offset,
            Err(_) => start,
        };
        self.charge(stop.saturating_sub(start))
    }

    pub(crate) fn env(&self) -> ScanEnv<'a> {
        ScanEnv {
            data: self.data,
            marks: self.marks,
        }
    }

    /// Takes `n` cross-reference entries from the budget.
    pub(crate) fn count_entries(&mut self, n: usize) -> Result<()> {
        self.entries_left = self
            .entries_left
            .checked_sub(n)
            .ok_or(LimitExceeded::XrefEntries(self.limits.max_xref_entries))?;
        Ok(())
    }

    /// Checks an object number against the limit.
    pub(crate) fn object_number(&self, num: u64) -> Result<u32> {
        u32::try_from(num)
            .ok()
            .filter(|n| *n <= self.limits.max_object_number)
            .ok_or(
                LimitExceeded::ObjectNumber {
                    num,
                    max: self.limits.max_object_number,
                }
                .into(),
            )
    }

    /// Decodes a stream within the per-stream and the load-wide budgets.
    pub(crate) fn decode(&mut self, stream: &Stream) -> Result<Vec<u8>> {
        let cap = if self.decoded_left < self.limits.max_decoded_stream {
            Cap {
                bytes: self.decoded_left,
                exceeded: LimitExceeded::DecodedTotal(self.limits.max_decoded_total),
            }
        } else {
            Cap {
                bytes: self.limits.max_decoded_stream,
                exceeded: LimitExceeded::DecodedStream(self.limits.max_decoded_stream),
            }
        };
        let out = filter::decode(&stream.dict, &stream.data, self.limits, cap)?;
        if out.len() > cap.bytes {
            return Err(cap.exceeded.into());
        }
        self.decoded_left -= out.len();
        Ok(out)
    }
}

/// Reads the section at `offset`: a table (with its `/XRefStm`, if any) or a stream.
pub(crate) fn read_section(ld: &mut Loader<'_>, offset: usize) -> Result<Section> {
    let mut lex = Lexer::new(ld.data, offset);
    lex.skip_blanks();
    if lex.at_keyword(b"xref") {
        let start = lex.pos();
        let mut section = read_table(ld, offset, start)?;
        if let Some(stm) = section.trailer.get("XRefStm") {
            let stm = stm
                .as_i64()
                .and_then(|o| usize::try_from(o).ok())
                .filter(|o| *o < ld.data.len() && *o != offset)
                .ok_or(PdfError::xref(offset, XrefError::BadPrev))?;
            let stream = read_stream_section(ld, stm)?;
            for (num, entry) in stream.entries {
                match section.entries.get(&num) {
                    Some(XrefEntry::InUse { .. }) => {}
                    _ => {
                        section.entries.insert(num, entry);
                    }
                }
            }
            section.kind = XrefKind::Hybrid;
        }
        Ok(section)
    } else if parse_object_header(ld.data, offset).is_some() {
        read_stream_section(ld, offset)
    } else {
        Err(PdfError::xref(offset, XrefError::NotAnXrefSection))
    }
}

/// A section near `offset` when `offset` itself holds none (writers that miscount by a few
/// bytes): an `xref` keyword or an object header within 32 bytes either side.
pub(crate) fn section_near(data: &[u8], offset: usize) -> Option<usize> {
    const WINDOW: usize = 32;
    let from = offset.saturating_sub(WINDOW);
    let to = offset.saturating_add(WINDOW).min(data.len());
    let mut candidates = Vec::new();
    let mut i = from;
    while let Some(p) = find_bytes(data, b"xref", i) {
        if p >= to {
            break;
        }
        let preceded_ok = p == 0 || data.get(p - 1).is_some_and(|b| !b.is_ascii_alphanumeric());
        if preceded_ok {
            candidates.push(p);
        }
        i = p + 1;
    }
    for p in from..to {
        let boundary = p == 0 || data.get(p - 1).is_some_and(|b| !b.is_ascii_digit());
        if boundary
            && data.get(p).is_some_and(u8::is_ascii_digit)
            && parse_object_header(data, p).is_some()
        {
            candidates.push(p);
        }
    }
    candidates.into_iter().min_by_key(|p| p.abs_diff(offset))
}

fn read_table(ld: &mut Loader<'_>, offset: usize, start: usize) -> Result<Section> {
    let data = ld.data;
    let mut lex = Lexer::new(data, start);
    lex.eat_keyword(b"xref");
    let mut entries = BTreeMap::new();
    loop {
        lex.skip_ws();
        if lex.at_keyword(b"trailer") {
            break;
        }
        let at = lex.pos();
        let bad = || PdfError::xref(at, XrefError::BadSubsection);
        let first = lex.read_unsigned().ok_or_else(bad)?;
        lex.skip_blanks();
        let count = lex.read_unsigned().ok_or_else(bad)?;
        let mut num = first;
        for i in 0..count {
            lex.skip_ws();
            let save = lex.pos();
            let Some((field1, generation, kind)) = read_entry(&mut lex) else {
                lex.set_pos(save);
                break;
            };
            if i == 0 && first == 1 && field1 == 0 && generation == 65535 && kind == b'f' {
                num = 0;
            }
            let n = ld.object_number(num)?;
            ld.count_entries(1)?;
            let generation =
                u16::try_from(generation).map_err(|_| PdfError::xref(save, XrefError::BadEntry))?;
            let entry = match (kind, usize::try_from(field1)) {
                (b'n', Ok(offset)) if offset > 0 => XrefEntry::InUse { offset, generation },
                (b'n', Ok(_)) => XrefEntry::Free {
                    next: 0,
                    generation,
                },
                (b'n', Err(_)) => return Err(PdfError::xref(save, XrefError::BadEntry)),
                _ => XrefEntry::Free {
                    next: u32::try_from(field1).unwrap_or(0),
                    generation,
                },
            };
            entries.entry(n).or_insert(entry);
            num += 1;
        }
    }
    lex.eat_keyword(b"trailer");
    let mut parser = Parser::new(data, lex.pos(), ld.limits);
    let parsed = parser.parse_object();
    ld.charge(parser.pos().saturating_sub(start))?;
    let trailer = match parsed {
        Ok(Object::Dictionary(d)) => d,
        Err(e) if e.is_limit() => return Err(e),
        _ => return Err(PdfError::xref(lex.pos(), XrefError::MissingTrailer)),
    };
    let prev = prev_offset(&trailer, data.len(), offset)?;
    Ok(Section {
        kind: XrefKind::Table,
        offset,
        entries,
        trailer,
        prev,
        end: parser.pos(),
    })
}

/// `offset generation n|f`.
fn read_entry(lex: &mut Lexer<'_>) -> Option<(u64, u64, u8)> {
    let field1 = lex.read_unsigned()?;
    lex.skip_blanks();
    let generation = lex.read_unsigned()?;
    lex.skip_blanks();
    match lex.regular_run() {
        b"n" => Some((field1, generation, b'n')),
        b"f" => Some((field1, generation, b'f')),
        _ => None,
    }
}

fn prev_offset(trailer: &Dictionary, len: usize, offset: usize) -> Result<Option<usize>> {
    match trailer.get("Prev") {
        None | Some(Object::Null) => Ok(None),
        Some(obj) => obj
            .as_i64()
            .and_then(|p| usize::try_from(p).ok())
            .filter(|p| *p < len)
            .map(Some)
            .ok_or(PdfError::xref(offset, XrefError::BadPrev)),
    }
}

fn read_stream_section(ld: &mut Loader<'_>, offset: usize) -> Result<Section> {
    let env = ld.env();
    let parsed = parse_indirect(ld.data, offset, ld.limits, &env, StreamMode::Full);
    ld.charge_parse(offset, &parsed, |p| p.range.end)?;
    let parsed = parsed?;
    let not_xref = || PdfError::xref(offset, XrefError::NotAnXrefSection);
    let Object::Stream(stream) = parsed.object else {
        return Err(not_xref());
    };
    if !stream.dict.has_type("XRef") {
        return Err(not_xref());
    }
    let decoded = ld.decode(&stream)?;
    let bad = || PdfError::xref(offset, XrefError::BadXrefStream);
    let widths: Vec<usize> = stream
        .dict
        .get_array("W")
        .ok_or_else(bad)?
        .iter()
        .map(|w| {
            w.as_i64()
                .and_then(|w| usize::try_from(w).ok())
                .filter(|w| *w <= 8)
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(bad)?;
    let [w0, w1, w2] = widths[..] else {
        return Err(bad());
    };
    let row = w0 + w1 + w2;
    if row == 0 {
        return Err(bad());
    }
    let size = stream
        .dict
        .get_i64("Size")
        .and_then(|s| u64::try_from(s).ok())
        .ok_or_else(bad)?;
    if size > 0 {
        ld.object_number(size - 1)?;
    }
    let index: Vec<(u64, u64)> = match stream.dict.get("Index") {
        None => vec![(0, size)],
        Some(Object::Array(items)) => {
            let numbers = items
                .iter()
                .map(|i| i.as_i64().and_then(|v| u64::try_from(v).ok()))
                .collect::<Option<Vec<u64>>>()
                .ok_or_else(bad)?;
            if numbers.len() % 2 != 0 {
                return Err(bad());
            }
            numbers
                .chunks_exact(2)
                .filter_map(|c| Some((*c.first()?, *c.get(1)?)))
                .collect()
        }
        Some(_) => return Err(bad()),
    };
    let rows: u64 = index
        .iter()
        .fold(0u64, |acc, (_, c)| acc.saturating_add(*c));
    let available = (decoded.len() / row) as u64;
    if rows > available {
        return Err(PdfError::xref(offset, XrefError::ShortXrefStream));
    }
    // Bounded by the decoded length just checked.
    ld.count_entries(rows as usize)?;
    let mut entries = BTreeMap::new();
    let mut chunks = decoded.chunks_exact(row);
    for (first, count) in index {
        if count > 0 {
            ld.object_number(first.saturating_add(count - 1))?;
        }
        for k in 0..count {
            let Some(fields) = chunks.next() else {
                return Err(PdfError::xref(offset, XrefError::ShortXrefStream));
            };
            let (f0, rest) = fields.split_at_checked(w0).ok_or_else(bad)?;
            let (f1, f2) = rest.split_at_checked(w1).ok_or_else(bad)?;
            let kind = if w0 == 0 { 1 } else { be(f0) };
            let (f1, f2) = (be(f1), be(f2));
            let entry = match kind {
                0 => XrefEntry::Free {
                    next: u32::try_from(f1).unwrap_or(0),
                    generation: u16::try_from(f2).unwrap_or(u16::MAX),
                },
                1 => match usize::try_from(f1) {
                    Ok(offset) if offset > 0 => XrefEntry::InUse {
                        offset,
                        generation: u16::try_from(f2).unwrap_or(u16::MAX),
                    },
                    _ => XrefEntry::Free {
                        next: 0,
                        generation: 0,
                    },
                },
                2 => XrefEntry::Compressed {
                    stream: u32::try_from(f1).unwrap_or(u32::MAX),
                    index: u32::try_from(f2).unwrap_or(u32::MAX),
                },
                // Unknown types are references to the null object (§7.5.8.3).
                _ => continue,
            };
            // `first + k` is below the object-number limit checked above.
            entries.entry((first + k) as u32).or_insert(entry);
        }
    }
    let mut trailer = stream.dict;
    trailer.remove("Length");
    let prev = prev_offset(&trailer, ld.data.len(), offset)?;
    Ok(Section {
        kind: XrefKind::Stream,
        offset,
        entries,
        trailer,
        prev,
        end: parsed.range.end,
    })
}

/// A big-endian unsigned field of at most 8 bytes.
fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn section(src: &[u8], offset: usize) -> Result<Section> {
        let limits = Limits::default();
        let index = Landmarks::default();
        let mut ld = Loader::new(src, &limits, &index);
        read_section(&mut ld, offset)
    }

    #[test]
    fn classic_table_with_quirks() {
        // Off-by-one first subsection, entries ending in a bare LF, a short subsection, and an
        // in-use entry with offset 0.
        let src = b"xref\n1 4\n0000000000 65535 f\n0000000015 00000 n\n0000000000 00000 n\n\
7 5\n0000000100 00002 n \ntrailer\n<</Size 8/Prev 3>>";
        let s = section(src, 0).unwrap();
        assert_eq!(s.kind, XrefKind::Table);
        assert!(matches!(s.entries[&0], XrefEntry::Free { .. }));
        assert_eq!(
            s.entries[&1],
            XrefEntry::InUse {
                offset: 15,
                generation: 0
            }
        );
        assert!(matches!(s.entries[&2], XrefEntry::Free { .. }));
        assert_eq!(
            s.entries[&7],
            XrefEntry::InUse {
                offset: 100,
                generation: 2
            }
        );
        assert_eq!(s.entries.len(), 4);
        assert_eq!(s.prev, Some(3));
        assert_eq!(s.trailer.get_i64("Size"), Some(8));
    }

    #[test]
    fn table_errors() {
        assert!(section(b"xref\n0 1\n0000000000 65535 f\n", 0).is_err());
        assert!(section(b"xref\nx\ntrailer<<>>", 0).is_err());
        assert!(section(b"xref\n0 0\ntrailer<</Prev 99>>", 0).is_err());
        assert!(section(b"nothing", 0).is_err());
    }

    #[test]
    fn uncompressed_xref_stream() {
        // Rows: type 1 width 1, offset width 2, gen width 1.
        let rows = [0u8, 0, 0, 0xFF, 1, 0, 0x20, 0, 2, 0, 5, 3, 9, 0, 0, 0];
        let mut src = format!(
            "5 0 obj <</Type/XRef/W[1 2 1]/Index[0 3 10 1]/Size 11/Root 1 0 R/Length {}>>stream\n",
            rows.len()
        )
        .into_bytes();
        src.extend_from_slice(&rows);
        src.extend_from_slice(b"\nendstream\nendobj\n");
        let s = section(&src, 0).unwrap();
        assert_eq!(s.kind, XrefKind::Stream);
        assert_eq!(
            s.entries[&1],
            XrefEntry::InUse {
                offset: 0x20,
                generation: 0
            }
        );
        assert_eq!(
            s.entries[&2],
            XrefEntry::Compressed {
                stream: 5,
                index: 3
            }
        );
        assert!(!s.entries.contains_key(&10));
        assert_eq!(s.trailer.get_ref("Root"), Some(ObjRef::new(1, 0)));
        assert!(!s.trailer.contains_key("Length"));
    }

    #[test]
    fn xref_stream_errors() {
        let make = |dict: &str, rows: &[u8]| {
            let mut src = format!("5 0 obj <<{dict}/Length {}>>stream\n", rows.len()).into_bytes();
            src.extend_from_slice(rows);
            src.extend_from_slice(b"\nendstream\nendobj\n");
            section(&src, 0)
        };
        assert!(make("/Type/XRef/W[1 2 1]/Size 2", &[1, 0, 0, 0]).is_err());
        assert!(make("/Type/XRef/W[1 9 1]/Size 1", &[1, 0, 0, 0]).is_err());
        assert!(make("/Type/XRef/W[0 0 0]/Size 1", &[]).is_err());
        assert!(make("/Type/XRef/W[1 2 1]/Size 1/Index[0]", &[1, 0, 0, 0]).is_err());
        assert!(make("/W[1 2 1]/Size 1", &[1, 0, 1, 0]).is_err());
        assert!(matches!(
            make("/Type/XRef/W[1 2 1]/Size 99999999", &[1, 0, 1, 0]),
            Err(PdfError::Limit(_))
        ));
    }

    #[test]
    fn finds_a_section_a_few_bytes_off() {
        let src = b"junk\n\nxref\n0 1\n0000000000 65535 f \ntrailer<<>>";
        assert_eq!(section_near(src, 3), Some(6));
        let src = b"%%EOF\n 12 0 obj <<>> endobj";
        assert_eq!(section_near(src, 4), Some(7));
        assert_eq!(section_near(b"nothing here at all", 3), None);
    }
}
