//! The incremental-update writer (ISO 32000-1 §7.5.6): new and replaced objects, then a
//! cross-reference section and trailer chained to the previous one by `/Prev`.
//!
//! The original bytes are never touched: [`IncrementalUpdate::finish`] returns only the bytes
//! to append, with the absolute offsets (in the file after appending) of every placeholder.
//!
//! # Signing with placeholders
//!
//! A signature dictionary needs `/Contents` (the CMS) and `/ByteRange` (what the CMS signs),
//! both known only once the file is written. Reserve them, put them in the dictionary, and
//! fill them in place afterwards:
//!
//! ```
//! use ades_pdf::{Dictionary, IncrementalUpdate, Object, PdfFile, fill_byte_range, fill_hex_string};
//! # fn example_pdf() -> Vec<u8> {
//! #     let mut pdf = b"%PDF-1.7\n".to_vec();
//! #     let mut offsets = Vec::new();
//! #     for body in [
//! #         "<</Type/Catalog/Pages 2 0 R>>",
//! #         "<</Type/Pages/Kids[3 0 R]/Count 1>>",
//! #         "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>",
//! #     ] {
//! #         offsets.push(pdf.len());
//! #         pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", offsets.len()).as_bytes());
//! #     }
//! #     let xref = pdf.len();
//! #     pdf.extend_from_slice(b"xref\n0 4\n0000000000 65535 f \n");
//! #     for o in &offsets {
//! #         pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
//! #     }
//! #     pdf.extend_from_slice(
//! #         format!("trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
//! #     );
//! #     pdf
//! # }
//! # let original = example_pdf();
//! let pdf = PdfFile::parse(original.clone())?;
//! let mut update = IncrementalUpdate::new(&pdf)?;
//! let contents = update.reserve_contents(8192);
//! let byte_range = update.reserve_byte_range();
//! let mut sig = Dictionary::new();
//! sig.insert("Type", Object::name("Sig"));
//! sig.insert("Filter", Object::name("Adobe.PPKLite"));
//! sig.insert("SubFilter", Object::name("ETSI.CAdES.detached"));
//! sig.insert("ByteRange", byte_range);
//! sig.insert("Contents", contents);
//! let _sig_ref = update.add(sig.into())?;
//! // … the field, the widget, the catalog's /AcroForm (update.replace(…)) …
//! let appended = update.finish()?;
//!
//! let mut file = original;
//! appended.append_to(&mut file)?;
//! let ranges = appended.byte_range_for(contents)?;             // [0, a, b, len - b]
//! fill_byte_range(&mut file, appended.range_of(byte_range)?, ranges)?;
//! // Hash file[0..a] ‖ file[b..], make the CMS, then:
//! let cms = vec![0x30, 0x80]; // the DER of the SignedData
//! fill_hex_string(&mut file, appended.range_of(contents)?, &cms)?;
//! assert_eq!(PdfFile::parse(file)?.revisions().len(), pdf.revisions().len() + 1);
//! # Ok::<(), ades_pdf::PdfError>(())
//! ```
//!
//! # The cross-reference section written
//!
//! The same kind as the latest revision: a classic table after a table, a cross-reference
//! stream (uncompressed, `/W [1 n 2]`) after a stream. After a hybrid revision, a classic
//! table: readers without stream support still see every new object, and readers with it reach
//! the old `/XRefStm` through `/Prev`; new objects are never put in object streams.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use crate::error::{NotUpdatable, PdfError, PlaceholderError, Result, UpdateError};
use crate::file::PdfFile;
use crate::object::{
    BYTE_RANGE_DIGITS, Dictionary, ObjRef, Object, PdfString, Placeholder, PlaceholderKind, Stream,
};
use crate::serialize::{write_indirect, write_object};
use crate::xref::XrefKind;

/// Placeholder identities, unique in the process (so one update's placeholders cannot be
/// confused with another's).
static NEXT_PLACEHOLDER: AtomicU64 = AtomicU64::new(1);

/// An incremental update being built on a loaded file.
#[derive(Debug)]
pub struct IncrementalUpdate<'a> {
    file: &'a PdfFile,
    next_num: u32,
    objects: BTreeMap<u32, (u16, Option<Object>)>,
    reserved: Vec<Placeholder>,
    root: Option<ObjRef>,
    info: Option<ObjRef>,
}

impl<'a> IncrementalUpdate<'a> {
    /// Starts an update of `file`.
    ///
    /// # Errors
    /// [`NotUpdatable::Encrypted`] for an encrypted file, [`NotUpdatable::Reconstructed`] when
    /// its cross-reference chain had to be rebuilt (there is no sound `/Prev` to chain to).
    pub fn new(file: &'a PdfFile) -> Result<Self> {
        if file.is_encrypted() {
            return Err(PdfError::NotUpdatable(NotUpdatable::Encrypted));
        }
        let latest = file.revisions().last();
        if file.reconstructed() || latest.and_then(|r| r.xref_offset()).is_none() {
            return Err(PdfError::NotUpdatable(NotUpdatable::Reconstructed));
        }
        let size = file
            .trailer()
            .get_i64("Size")
            .and_then(|s| u32::try_from(s).ok())
            .unwrap_or(0);
        let next_num = size.max(file.max_object_number().saturating_add(1)).max(1);
        Ok(IncrementalUpdate {
            file,
            next_num,
            objects: BTreeMap::new(),
            reserved: Vec::new(),
            root: None,
            info: None,
        })
    }

    /// The number the next [`allocate`](Self::allocate) or [`add`](Self::add) will use: the
    /// trailer's `/Size` (or one more than the highest number in the file, if larger).
    pub fn next_object_number(&self) -> u32 {
        self.next_num
    }

    /// Reserves a new object number (generation 0) to be given a value with
    /// [`set`](Self::set): for objects that refer to each other.
    pub fn allocate(&mut self) -> Result<ObjRef> {
        let num = self.next_num;
        if num > self.file.limits().max_object_number {
            return Err(UpdateError::ObjectNumbersExhausted.into());
        }
        self.next_num += 1;
        self.objects.insert(num, (0, None));
        Ok(ObjRef::new(num, 0))
    }

    /// Adds a new object; returns its reference.
    pub fn add(&mut self, object: Object) -> Result<ObjRef> {
        let id = self.allocate()?;
        self.set(id, object)?;
        Ok(id)
    }

    /// Gives a value to an object number reserved with [`allocate`](Self::allocate) (or
    /// changes the value of one added or replaced earlier in this update).
    pub fn set(&mut self, id: ObjRef, object: Object) -> Result<()> {
        match self.objects.get_mut(&id.num) {
            Some((generation, slot)) if *generation == id.generation => {
                *slot = Some(object);
                Ok(())
            }
            _ => Err(UpdateError::NotAllocated(id).into()),
        }
    }

    /// Rewrites an existing object whole in the new revision (same number and generation).
    ///
    /// # Errors
    /// [`UpdateError::NoSuchObject`] if `id` is not in use in the latest revision.
    pub fn replace(&mut self, id: ObjRef, object: Object) -> Result<()> {
        let latest = self.file.latest_revision();
        match self.file.get_indirect_at(latest, id) {
            Ok(_) => {}
            Err(PdfError::ObjectNotFound { .. }) => {
                return Err(UpdateError::NoSuchObject(id).into());
            }
            // A damaged object may still be replaced by a sound one.
            Err(_) => {}
        }
        self.objects.insert(id.num, (id.generation, Some(object)));
        Ok(())
    }

    /// Makes `/Root` of the new trailer point to `root` (by default the latest `/Root`).
    pub fn set_root(&mut self, root: ObjRef) {
        self.root = Some(root);
    }

    /// Makes `/Info` of the new trailer point to `info` (by default the latest `/Info`).
    pub fn set_info(&mut self, info: ObjRef) {
        self.info = Some(info);
    }

    /// Reserves a hexadecimal string of `len` bytes (written as `<` + `2 × len` zeros + `>`),
    /// e.g. a signature's `/Contents`. Put it in exactly one object, fill it after writing
    /// with [`fill_hex_string`].
    pub fn reserve_contents(&mut self, len: usize) -> Placeholder {
        self.reserve(PlaceholderKind::HexString { len })
    }

    /// Reserves an array of four integers (written
    /// `[0000000000 0000000000 0000000000 0000000000]`), e.g. a signature's `/ByteRange`. Put
    /// it in exactly one object, fill it after writing with [`fill_byte_range`].
    pub fn reserve_byte_range(&mut self) -> Placeholder {
        self.reserve(PlaceholderKind::ByteRange)
    }

    fn reserve(&mut self, kind: PlaceholderKind) -> Placeholder {
        let p = Placeholder {
            id: NEXT_PLACEHOLDER.fetch_add(1, Ordering::Relaxed),
            kind,
        };
        self.reserved.push(p);
        p
    }

    /// Writes the update: the objects in ascending number order, the cross-reference section
    /// (see the module documentation for its kind), the trailer with `/Size`, `/Root`,
    /// `/Info`, `/ID` (the first element kept, a fresh second one) and `/Prev`, then
    /// `startxref` and `%%EOF`.
    ///
    /// # Errors
    /// [`UpdateError::Unset`] for an allocated object never set; a [`PlaceholderError`] for a
    /// placeholder not used exactly once or not reserved by this update.
    pub fn finish(self) -> Result<Appended> {
        let file = self.file;
        let base = file.len();
        let last = file
            .revisions()
            .last()
            .ok_or(PdfError::NotUpdatable(NotUpdatable::Reconstructed))?;
        let prev = last
            .xref_offset()
            .ok_or(PdfError::NotUpdatable(NotUpdatable::Reconstructed))?;
        let root = match self.root {
            Some(root) => root,
            None => file.root_at(file.latest_revision())?,
        };
        let info = self.info.or_else(|| file.trailer().get_ref("Info"));

        let mut out = Vec::new();
        if !matches!(file.bytes().last(), Some(b'\n' | b'\r') | None) {
            out.push(b'\n');
        }
        let mut spans = Vec::new();
        let mut offsets: Vec<(u32, u16, usize)> = Vec::with_capacity(self.objects.len() + 1);
        for (num, (generation, object)) in &self.objects {
            let id = ObjRef::new(*num, *generation);
            let object = object.as_ref().ok_or(UpdateError::Unset(id))?;
            offsets.push((*num, *generation, base + out.len()));
            // Spans are recorded relative to the start of `out`.
            write_indirect(&mut out, id, object, &mut spans);
        }
        check_placeholders(&self.reserved, &spans)?;

        let first_id = match file.trailer().get_array("ID").and_then(|a| a.first()) {
            Some(Object::String(s)) => s.as_bytes().to_vec(),
            _ => Vec::new(),
        };
        let mut hasher = Sha256::new();
        hasher.update(b"ades-pades incremental update\0");
        hasher.update((base as u64).to_be_bytes());
        hasher.update(&first_id);
        hasher.update(&out);
        let digest = hasher.finalize();
        let fresh = digest.get(..16).unwrap_or_default().to_vec();
        let first_id = if first_id.is_empty() {
            fresh.clone()
        } else {
            first_id
        };
        let id_array = Object::Array(vec![
            PdfString::hex(first_id).into(),
            PdfString::hex(fresh).into(),
        ]);

        let mut next_num = self.next_num;
        let xref_offset;
        match last.kind() {
            XrefKind::Stream => {
                let xref_num = next_num;
                next_num += 1;
                xref_offset = base + out.len();
                offsets.push((xref_num, 0, xref_offset));
                offsets.sort_unstable();
                let width = bytes_needed(offsets.iter().map(|o| o.2).max().unwrap_or(0));
                let mut data = Vec::with_capacity(offsets.len() * (3 + width));
                for &(_, generation, offset) in &offsets {
                    data.push(1);
                    data.extend_from_slice(
                        offset.to_be_bytes().get(8 - width..).unwrap_or_default(),
                    );
                    data.extend_from_slice(&generation.to_be_bytes());
                }
                let mut dict = Dictionary::new();
                dict.insert("Type", Object::name("XRef"));
                dict.insert("Size", Object::Integer(i64::from(next_num)));
                dict.insert("Index", Object::Array(subsections(&offsets)));
                dict.insert(
                    "W",
                    Object::Array(vec![
                        Object::Integer(1),
                        Object::Integer(width as i64),
                        Object::Integer(2),
                    ]),
                );
                dict.insert("Root", root);
                if let Some(info) = info {
                    dict.insert("Info", info);
                }
                dict.insert("ID", id_array);
                dict.insert("Prev", Object::Integer(prev as i64));
                let stream = Object::Stream(Stream { dict, data });
                write_indirect(&mut out, ObjRef::new(xref_num, 0), &stream, &mut Vec::new());
            }
            XrefKind::Table | XrefKind::Hybrid | XrefKind::Reconstructed => {
                xref_offset = base + out.len();
                out.extend_from_slice(b"xref\n");
                let mut i = 0;
                while let Some(&(first, _, _)) = offsets.get(i) {
                    let mut run = 1;
                    while offsets
                        .get(i + run)
                        .is_some_and(|o| u64::from(o.0) == u64::from(first) + run as u64)
                    {
                        run += 1;
                    }
                    out.extend_from_slice(format!("{first} {run}\n").as_bytes());
                    for &(_, generation, offset) in offsets.get(i..i + run).unwrap_or_default() {
                        out.extend_from_slice(
                            format!("{offset:010} {generation:05} n\r\n").as_bytes(),
                        );
                    }
                    i += run;
                }
                let mut trailer = Dictionary::new();
                trailer.insert("Size", Object::Integer(i64::from(next_num)));
                trailer.insert("Root", root);
                if let Some(info) = info {
                    trailer.insert("Info", info);
                }
                trailer.insert("ID", id_array);
                trailer.insert("Prev", Object::Integer(prev as i64));
                out.extend_from_slice(b"trailer\n");
                write_object(&mut out, &Object::Dictionary(trailer), &mut Vec::new());
                out.push(b'\n');
            }
        }
        out.extend_from_slice(format!("startxref\n{xref_offset}\n%%EOF\n").as_bytes());
        let placeholders = spans
            .into_iter()
            .map(|(p, r)| (p, r.start + base..r.end + base))
            .collect();
        Ok(Appended {
            bytes: out,
            base,
            xref_offset,
            placeholders,
        })
    }
}

/// `[first count …]` for sorted object numbers.
fn subsections(offsets: &[(u32, u16, usize)]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&(first, _, _)) = offsets.get(i) {
        let mut run = 1usize;
        while offsets
            .get(i + run)
            .is_some_and(|o| u64::from(o.0) == u64::from(first) + run as u64)
        {
            run += 1;
        }
        out.push(Object::Integer(i64::from(first)));
        out.push(Object::Integer(run as i64));
        i += run;
    }
    out
}

/// Bytes needed to write `value` big-endian (at least 1).
fn bytes_needed(value: usize) -> usize {
    let bits = usize::BITS - value.leading_zeros();
    (bits as usize).div_ceil(8).max(1)
}

fn check_placeholders(
    reserved: &[Placeholder],
    spans: &[(Placeholder, Range<usize>)],
) -> Result<()> {
    for (p, _) in spans {
        if !reserved.contains(p) {
            return Err(PlaceholderError::Unknown.into());
        }
    }
    for p in reserved {
        match spans.iter().filter(|(q, _)| q == p).count() {
            0 => return Err(PlaceholderError::Unused.into()),
            1 => {}
            _ => return Err(PlaceholderError::Reused.into()),
        }
    }
    Ok(())
}

/// The bytes of an incremental update, to append to the original file, and where its
/// placeholders are in the file after appending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    bytes: Vec<u8>,
    base: usize,
    xref_offset: usize,
    placeholders: Vec<(Placeholder, Range<usize>)>,
}

impl Appended {
    /// The bytes to append.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes to append, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Length of the original file: the offset at which these bytes start.
    pub fn base_offset(&self) -> usize {
        self.base
    }

    /// Length of the file after appending.
    pub fn total_len(&self) -> usize {
        self.base + self.bytes.len()
    }

    /// Absolute offset of the new cross-reference section (the new `startxref` value).
    pub fn xref_offset(&self) -> usize {
        self.xref_offset
    }

    /// Absolute byte range of a placeholder in the file after appending: from `<` to `>`
    /// inclusive for a hex string (exactly what a `/ByteRange` leaves out), from `[` to `]`
    /// for a byte range.
    pub fn range_of(&self, placeholder: Placeholder) -> Result<Range<usize>> {
        self.placeholders
            .iter()
            .find(|(p, _)| *p == placeholder)
            .map(|(_, r)| r.clone())
            .ok_or(PlaceholderError::Unknown.into())
    }

    /// The `/ByteRange` that signs everything but the `contents` placeholder:
    /// `[0, start, end, total_len - end]`.
    pub fn byte_range_for(&self, contents: Placeholder) -> Result<[usize; 4]> {
        let r = self.range_of(contents)?;
        Ok([0, r.start, r.end, self.total_len() - r.end])
    }

    /// Appends the bytes to `original`, which must be the file the update was made for
    /// (checked by length: [`PlaceholderError::BadRange`] otherwise).
    pub fn append_to(&self, original: &mut Vec<u8>) -> Result<()> {
        if original.len() != self.base {
            return Err(PlaceholderError::BadRange.into());
        }
        original.extend_from_slice(&self.bytes);
        Ok(())
    }
}

/// Writes `values` into a byte-range placeholder at `range` of `file`: `[a b c d` then
/// spaces up to the closing `]`, so no other byte moves.
pub fn fill_byte_range(file: &mut [u8], range: Range<usize>, values: [usize; 4]) -> Result<()> {
    let slot = file
        .get_mut(range.clone())
        .filter(|s| s.len() == 4 * BYTE_RANGE_DIGITS + 5)
        .filter(|s| s.first() == Some(&b'[') && s.last() == Some(&b']'))
        .ok_or(PlaceholderError::BadRange)?;
    let text = format!("[{} {} {} {}", values[0], values[1], values[2], values[3]);
    if text.len() + 1 > slot.len() {
        return Err(PlaceholderError::TooSmall {
            needed: text.len() + 1,
            available: slot.len(),
        }
        .into());
    }
    slot.fill(b' ');
    if let Some(head) = slot.get_mut(..text.len()) {
        head.copy_from_slice(text.as_bytes());
    }
    if let Some(last) = slot.last_mut() {
        *last = b']';
    }
    Ok(())
}

/// Writes `value` in hexadecimal into a hex-string placeholder at `range` of `file`, padding
/// with `0` digits (zero bytes) up to the closing `>`.
pub fn fill_hex_string(file: &mut [u8], range: Range<usize>, value: &[u8]) -> Result<()> {
    let slot = file
        .get_mut(range)
        .filter(|s| s.len() >= 2 && s.len() % 2 == 0)
        .filter(|s| s.first() == Some(&b'<') && s.last() == Some(&b'>'))
        .ok_or(PlaceholderError::BadRange)?;
    let capacity = (slot.len() - 2) / 2;
    if value.len() > capacity {
        return Err(PlaceholderError::TooSmall {
            needed: value.len(),
            available: capacity,
        }
        .into());
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let digits = slot.len() - 1;
    if let Some(inner) = slot.get_mut(1..digits) {
        inner.fill(b'0');
        for (pair, byte) in inner.chunks_exact_mut(2).zip(value) {
            if let [hi, lo] = pair {
                *hi = HEX[usize::from(byte >> 4)];
                *lo = HEX[usize::from(byte & 0x0F)];
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn fills_placeholders_in_place() {
        let mut buf = b"x[0000000000 0000000000 0000000000 0000000000]y<0000>z".to_vec();
        fill_byte_range(&mut buf, 1..46, [0, 123, 456, 7890]).unwrap();
        assert_eq!(
            &buf[..47],
            b"x[0 123 456 7890                             ]y"
        );
        fill_hex_string(&mut buf, 47..53, &[0xAB]).unwrap();
        assert_eq!(&buf[47..], b"<AB00>z");
        assert!(fill_hex_string(&mut buf, 47..53, &[1, 2, 3]).is_err());
        assert!(fill_hex_string(&mut buf, 46..53, &[1]).is_err());
        assert!(fill_byte_range(&mut buf, 0..46, [0; 4]).is_err());
        assert!(fill_byte_range(&mut buf, 1..46, [usize::MAX; 4]).is_err());
    }

    #[test]
    fn widths_and_subsections() {
        assert_eq!(bytes_needed(0), 1);
        assert_eq!(bytes_needed(255), 1);
        assert_eq!(bytes_needed(256), 2);
        let offs = [(3, 0, 0), (4, 0, 0), (9, 0, 0)];
        assert_eq!(
            subsections(&offs),
            vec![
                Object::Integer(3),
                Object::Integer(2),
                Object::Integer(9),
                Object::Integer(1)
            ]
        );
    }
}
