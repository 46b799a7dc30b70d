//! Repair of damaged cross-reference data by scanning the file for `n g obj` headers.
//!
//! Two levels, both reported ([`PdfFile::repaired`](crate::PdfFile::repaired) and
//! [`Diagnostic`](crate::Diagnostic)):
//! * an entry that does not point at its object is redirected to the last header of that
//!   object number before the end of the entry's revision;
//! * when the chain itself is unusable (no `startxref`, a section that cannot be read, a /Prev
//!   loop), every revision is reconstructed: the file is split after each `%%EOF`, each part's
//!   objects become that revision's entries (objects in object streams included), its trailer is
//!   the last `trailer` dictionary or cross-reference stream dictionary in the part (else the
//!   previous revision's), and `/Root` is pointed at the latest `/Type /Catalog` if it does not
//!   name one.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::{LimitExceeded, PdfError, Result, XrefError};
use crate::limits::Limits;
use crate::object::{ObjRef, Object};
use crate::objstm::ObjectStream;
use crate::parser::{Lexer, Parser, StreamMode, find_bytes, for_each_header, parse_indirect};
use crate::revision::Revision;
use crate::xref::{Loader, XrefEntry, XrefKind};

/// Every `n g obj` header of the file, in file order.
pub(crate) fn scan_headers(data: &[u8], limits: &Limits) -> Result<Vec<(usize, ObjRef)>> {
    let mut out = Vec::new();
    let mut too_many = false;
    for_each_header(data, |offset, id| {
        if id.num > limits.max_object_number {
            return;
        }
        if out.len() >= limits.max_xref_entries {
            too_many = true;
            return;
        }
        out.push((offset, id));
    });
    if too_many {
        return Err(LimitExceeded::XrefEntries(limits.max_xref_entries).into());
    }
    Ok(out)
}

/// Offsets per object number, ascending.
pub(crate) fn headers_by_number(headers: &[(usize, ObjRef)]) -> HashMap<u32, Vec<(usize, u16)>> {
    let mut map: HashMap<u32, Vec<(usize, u16)>> = HashMap::new();
    for (offset, id) in headers {
        map.entry(id.num)
            .or_default()
            .push((*offset, id.generation));
    }
    map
}

/// The result of a reconstruction: revisions, and the object streams decoded on the way
/// (keyed by the offset of their object).
pub(crate) type Rebuilt = (Vec<Revision>, HashMap<usize, Result<ObjectStream>>);

/// Rebuilds every revision from the headers (see the module documentation).
pub(crate) fn reconstruct(ld: &mut Loader<'_>, headers: &[(usize, ObjRef)]) -> Result<Rebuilt> {
    let data = ld.data;
    let limits = ld.limits;
    let mut ends = Vec::new();
    let mut i = 0;
    while let Some(p) = find_bytes(data, b"%%EOF", i) {
        ends.push(p + 5);
        i = p + 5;
    }
    let last_end = ends.last().copied().unwrap_or(0);
    if headers.iter().any(|(o, _)| *o >= last_end) || ends.is_empty() {
        ends.push(data.len());
    }
    let mut revisions: Vec<Revision> = Vec::new();
    let mut streams: HashMap<usize, Result<ObjectStream>> = HashMap::new();
    let mut catalogs: HashSet<u32> = HashSet::new();
    let mut last_catalog: Option<ObjRef> = None;
    let mut start = 0;
    let mut h = 0;
    for end in ends {
        let first = h;
        while headers.get(h).is_some_and(|(o, _)| *o < end) {
            h += 1;
        }
        let part = headers.get(first..h).unwrap_or_default();
        let mut entries = BTreeMap::new();
        let mut stream_dict = None;
        let mut object_streams = Vec::new();
        let mut skip_until = 0;
        let env = ld.env();
        for &(offset, id) in part {
            if offset < skip_until {
                // Inside the previous object (a stream's data, a string).
                continue;
            }
            entries.insert(
                id.num,
                XrefEntry::InUse {
                    offset,
                    generation: id.generation,
                },
            );
            let parsed = parse_indirect(data, offset, limits, &env, StreamMode::Full);
            ld.charge_parse(offset, &parsed, |p| p.range.end)?;
            let parsed = match parsed {
                Ok(p) => p,
                Err(e) if e.is_limit() => return Err(e),
                Err(_) => continue,
            };
            skip_until = parsed.range.end;
            if let Some(dict) = parsed.object.dict() {
                if dict.has_type("XRef") {
                    let mut d = dict.clone();
                    d.remove("Length");
                    stream_dict = Some(d);
                } else if dict.has_type("ObjStm") {
                    object_streams.push((offset, id, parsed.object));
                } else if dict.has_type("Catalog") {
                    catalogs.insert(id.num);
                    last_catalog = Some(id);
                }
            }
        }
        for (offset, id, object) in object_streams {
            let Object::Stream(stream) = object else {
                continue;
            };
            if streams.len() >= limits.max_object_streams {
                return Err(LimitExceeded::ObjectStreams(limits.max_object_streams).into());
            }
            let decoded = match ld.decode(&stream) {
                Err(e) if e.is_limit() => return Err(e),
                other => other,
            };
            let parsed = decoded.and_then(|d| ObjectStream::parse(id, &stream, d, limits));
            if let Ok(os) = &parsed {
                for (index, num) in os.numbers() {
                    let index = u32::try_from(index).unwrap_or(u32::MAX);
                    if let std::collections::btree_map::Entry::Vacant(slot) = entries.entry(num) {
                        slot.insert(XrefEntry::Compressed {
                            stream: id.num,
                            index,
                        });
                        if let Ok(Object::Dictionary(d)) = os.get(num, index, limits)
                            && d.has_type("Catalog")
                        {
                            catalogs.insert(num);
                            last_catalog = Some(ObjRef::new(num, 0));
                        }
                    }
                }
            }
            streams.insert(offset, parsed);
        }
        let table_trailer = last_trailer(data, start, end, limits);
        if entries.is_empty() && table_trailer.is_none() && stream_dict.is_none() {
            continue;
        }
        if revisions.len() >= limits.max_revisions {
            return Err(LimitExceeded::Revisions(limits.max_revisions).into());
        }
        ld.count_entries(entries.len())?;
        let mut trailer = table_trailer
            .or(stream_dict)
            .or_else(|| revisions.last().map(|r| r.trailer.clone()))
            .unwrap_or_default();
        let root_ok = trailer
            .get_ref("Root")
            .is_some_and(|r| catalogs.contains(&r.num));
        if !root_ok && let Some(catalog) = last_catalog {
            trailer.insert("Root", Object::Reference(catalog));
        }
        let end_with_eol = eol_after(data, end);
        revisions.push(Revision {
            index: revisions.len(),
            kind: XrefKind::Reconstructed,
            xref_offset: last_startxref(data, start, end),
            section_offsets: Vec::new(),
            start,
            end,
            end_with_eol,
            trailer,
            entries,
        });
        start = end;
    }
    if revisions.is_empty() || !revisions.iter().any(|r| r.trailer.contains_key("Root")) {
        return Err(PdfError::xref(0, XrefError::NothingToReconstruct));
    }
    Ok((revisions, streams))
}

/// The last `trailer << … >>` dictionary that starts in `start..end` (of the last four
/// `trailer` keywords there, so hostile repetitions cost little).
fn last_trailer(
    data: &[u8],
    start: usize,
    end: usize,
    limits: &Limits,
) -> Option<crate::object::Dictionary> {
    let mut positions = Vec::new();
    let mut i = start;
    while let Some(p) = find_bytes(data, b"trailer", i) {
        if p >= end {
            break;
        }
        positions.push(p);
        i = p + 7;
    }
    positions.iter().rev().take(4).find_map(|&p| {
        let window = data.get(..end).unwrap_or(data);
        match Parser::new(window, p + 7, limits).parse_object() {
            Ok(Object::Dictionary(d)) => Some(d),
            _ => None,
        }
    })
}

/// The value of the last `startxref` in `start..end`.
pub(crate) fn last_startxref(data: &[u8], start: usize, end: usize) -> Option<usize> {
    let mut found = None;
    let mut i = start;
    while let Some(p) = find_bytes(data, b"startxref", i) {
        if p >= end {
            break;
        }
        i = p + 9;
        let mut lex = Lexer::new(data, p + 9);
        lex.skip_ws();
        if let Some(v) = lex.read_unsigned().and_then(|v| usize::try_from(v).ok()) {
            found = Some(v).filter(|v| *v < data.len());
        }
    }
    found
}

/// `offset` plus the CR, LF or CRLF at it.
pub(crate) fn eol_after(data: &[u8], offset: usize) -> usize {
    match (data.get(offset), data.get(offset + 1)) {
        (Some(b'\r'), Some(b'\n')) => offset + 2,
        (Some(b'\r' | b'\n'), _) => offset + 1,
        _ => offset,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn finds_headers_but_not_endobj_or_partial_tokens() {
        let limits = Limits::default();
        let data = b"1 0 obj\n<<>>\nendobj\n 12  3 obj<<>>endobj x5 0 obj 7 0 objx 8 0 obj";
        let found = scan_headers(data, &limits).unwrap();
        let ids: Vec<_> = found
            .iter()
            .map(|(_, id)| (id.num, id.generation))
            .collect();
        assert_eq!(ids, vec![(1, 0), (12, 3), (8, 0)]);
        assert_eq!(found[0].0, 0);
        assert_eq!(&data[found[1].0..found[1].0 + 2], b"12");
    }
}
