//! [`PdfFile`]: loading (the /Prev chain, revisions, validation of every entry, object
//! streams) and resolving objects as of any revision.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use crate::crypt::Decryptor;
use crate::error::LimitExceeded;
use crate::error::{PdfError, Result, SyntaxError, XrefError};
use crate::filter::{self, Cap};
use crate::limits::Limits;
use crate::object::{Dictionary, ObjRef, Object, Stream};
use crate::objstm::ObjectStream;
use crate::parser::{
    Landmarks, Lexer, StreamData, StreamEnv, StreamMode, find_bytes, parse_indirect,
    parse_object_header, rfind_bytes,
};
use crate::repair;
use crate::revision::{Diagnostic, PdfVersion, Revision};
use crate::xref::{Loader, Section, XrefEntry, read_section, section_near};

/// An empty dictionary, for a file without revisions (never returned by a successful load).
static EMPTY_DICTIONARY: Dictionary = Dictionary::new();

/// How far before a revision's end its `startxref` is looked for.
const STARTXREF_WINDOW: usize = 1024;

/// A parsed PDF file: it owns the bytes, knows its revisions, and resolves objects on demand.
///
/// Loading reads the whole cross-reference structure (every revision, every object stream)
/// within [`Limits`], checks that every in-use entry points at its object, and repairs what
/// it can (see [`PdfFile::repaired`] and [`PdfFile::diagnostics`]). Objects are parsed when
/// asked for, so a damaged object outside the document structure does not prevent loading.
/// Encrypted files that open without a user password (the standard security handler, RC4 or
/// AES) are decrypted as their objects are read; others are read structurally, their strings
/// and streams left encrypted ([`PdfFile::is_decrypted`]).
#[derive(Debug)]
pub struct PdfFile {
    bytes: Vec<u8>,
    limits: Limits,
    header_version: PdfVersion,
    revisions: Vec<Revision>,
    index: XrefIndex,
    object_streams: HashMap<usize, Result<ObjectStream>>,
    diagnostics: Vec<Diagnostic>,
    repaired: bool,
    reconstructed: bool,
    marks: Landmarks,
    /// Byte ranges that were not read (a file opened in bounded memory): zeros in `bytes`.
    holes: Vec<Range<usize>>,
    /// The decryption of an encrypted file that opens with the empty user password, and the
    /// encryption dictionary's own object (never decrypted).
    crypt: Option<(Decryptor, Option<ObjRef>)>,
    /// The file a partial read came from, to read the holes' bytes when asked
    /// ([`PdfFile::read_range`]).
    backing: Option<std::sync::Mutex<std::fs::File>>,
}

/// An indirect object with where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct IndirectObject {
    /// Its identity.
    pub id: ObjRef,
    /// Its value.
    pub object: Object,
    /// The revision whose cross-reference data defines it (the last change at or before the
    /// revision it was resolved in).
    pub revision: usize,
    /// Where its bytes are.
    pub location: ObjectLocation,
}

/// Where an indirect object's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectLocation {
    /// Uncompressed in the file.
    File {
        /// `n g obj … endobj` (to the end of the value or `endstream` if `endobj` is missing).
        range: Range<usize>,
        /// For a stream, where its data is.
        stream: Option<StreamData>,
    },
    /// In an object stream.
    ObjectStream {
        /// The object stream.
        stream: ObjRef,
        /// The index given by the cross-reference entry.
        index: u32,
    },
}

/// Every cross-reference entry of every revision, per object number, in revision order.
#[derive(Debug, Default)]
struct XrefIndex(HashMap<u32, Vec<(usize, XrefEntry)>>);

impl XrefIndex {
    fn build(revisions: &[Revision]) -> Self {
        let mut map: HashMap<u32, Vec<(usize, XrefEntry)>> = HashMap::new();
        for (i, rev) in revisions.iter().enumerate() {
            for (num, entry) in &rev.entries {
                map.entry(*num).or_default().push((i, *entry));
            }
        }
        XrefIndex(map)
    }

    /// The entry in force for `num` as of revision `rev`, and the revision that set it.
    fn lookup(&self, rev: usize, num: u32) -> Option<(usize, XrefEntry)> {
        let list = self.0.get(&num)?;
        let n = list.partition_point(|(r, _)| *r <= rev);
        n.checked_sub(1).and_then(|i| list.get(i)).copied()
    }
}

/// Resolves indirect `/Length` values and finds `endstream` for one revision.
struct Env<'a> {
    data: &'a [u8],
    limits: &'a Limits,
    marks: &'a Landmarks,
    index: &'a XrefIndex,
    streams: &'a HashMap<usize, Result<ObjectStream>>,
    rev: usize,
}

impl StreamEnv for Env<'_> {
    fn resolve_length(&self, id: ObjRef) -> Option<i64> {
        match self.index.lookup(self.rev, id.num)?.1 {
            XrefEntry::InUse { offset, .. } => {
                let parsed =
                    parse_indirect(self.data, offset, self.limits, self, StreamMode::DictOnly)
                        .ok()?;
                (parsed.id.num == id.num).then_some(())?;
                parsed.object.as_i64()
            }
            XrefEntry::Compressed { stream, index } => {
                let (_, entry) = self.index.lookup(self.rev, stream)?;
                let XrefEntry::InUse { offset, .. } = entry else {
                    return None;
                };
                let os = self.streams.get(&offset)?.as_ref().ok()?;
                os.get(id.num, index, self.limits).ok()?.as_i64()
            }
            XrefEntry::Free { .. } => None,
        }
    }

    fn find_endstream(&self, from: usize) -> Option<usize> {
        self.marks.find_endstream(self.data, from)
    }

    fn next_header(&self, from: usize) -> usize {
        self.marks.next_header(self.data, from)
    }
}

impl PdfFile {
    /// Reads a PDF with the default [`Limits`].
    pub fn parse(bytes: impl Into<Vec<u8>>) -> Result<Self> {
        Self::parse_with_limits(bytes, Limits::default())
    }

    /// Reads a PDF within the given limits.
    ///
    /// # Errors
    /// [`PdfError::FileTooLarge`] and [`PdfError::Limit`] when a bound is reached,
    /// [`PdfError::NotPdf`] without a header, and the cross-reference error that made the
    /// chain unreadable when reconstruction found nothing usable either.
    pub fn parse_with_limits(bytes: impl Into<Vec<u8>>, limits: Limits) -> Result<Self> {
        Self::parse_with_holes(bytes.into(), limits, Vec::new())
    }

    /// Reads a PDF of which the byte ranges `holes` (sorted, disjoint) were not read and hold
    /// zeros: searches skip them, and an object that touches them does not resolve.
    pub(crate) fn parse_with_holes(
        bytes: Vec<u8>,
        limits: Limits,
        holes: Vec<Range<usize>>,
    ) -> Result<Self> {
        if bytes.len() > limits.max_file_size {
            return Err(PdfError::FileTooLarge {
                size: bytes.len(),
                limit: limits.max_file_size,
            });
        }
        let (header_offset, header_version) = find_header(&bytes)?;
        let marks = Landmarks::with_holes(holes.clone());
        let mut diagnostics = Vec::new();
        if header_offset > 0 {
            diagnostics.push(Diagnostic::HeaderNotAtStart {
                offset: header_offset,
            });
        }
        let (revisions, index, object_streams, repaired, reconstructed, crypt) = {
            let mut ld = Loader::new(&bytes, &limits, &marks);
            let (mut revisions, mut streams, reconstructed) =
                match read_chain(&mut ld, &mut diagnostics) {
                    Ok(revisions) => (revisions, HashMap::new(), false),
                    Err(e) if e.is_limit() => return Err(e),
                    Err(reason) => {
                        // A fresh budget: the failed attempt's consumption does not count.
                        ld = Loader::new(&bytes, &limits, &marks);
                        let headers = repair::scan_headers(&bytes, &limits)?;
                        let (revisions, streams) = repair::reconstruct(&mut ld, &headers)
                            .map_err(|e| if e.is_limit() { e } else { reason.clone() })?;
                        diagnostics.push(Diagnostic::Reconstructed { reason });
                        (revisions, streams, true)
                    }
                };
            let fixed = validate_entries(&bytes, &mut revisions, &limits, &mut diagnostics)?;
            let index = XrefIndex::build(&revisions);
            let crypt = decryptor(&ld, &revisions, &index);
            decode_object_streams(
                &mut ld,
                &revisions,
                &index,
                &mut streams,
                crypt.as_ref().map(|(c, _)| c),
                &mut diagnostics,
            )?;
            (
                revisions,
                index,
                streams,
                fixed || reconstructed,
                reconstructed,
                crypt,
            )
        };
        Ok(PdfFile {
            bytes,
            limits,
            header_version,
            revisions,
            index,
            object_streams,
            diagnostics,
            repaired,
            reconstructed,
            marks,
            holes,
            crypt,
            backing: None,
        })
    }

    /// Keeps `file` (the file this partial image was read from) to read its holes later.
    pub(crate) fn set_backing(&mut self, file: std::fs::File) {
        self.backing = Some(std::sync::Mutex::new(file));
    }

    /// Hands the bytes of `range` to `sink` in order, in chunks of at most 1 MiB: from memory,
    /// or, for a file read in bounded memory, from the file itself (so that the bytes a
    /// signature covers can be hashed whatever the file's size). Memory use stays bounded.
    ///
    /// # Errors
    /// A range beyond the file (`UnexpectedEof`), a partial file without its file, or a
    /// read error.
    pub fn read_range(
        &self,
        range: Range<usize>,
        sink: &mut dyn FnMut(&[u8]),
    ) -> std::io::Result<()> {
        use std::io::{Read, Seek, SeekFrom};
        const CHUNK: usize = 1 << 20;
        if range.start > range.end || range.end > self.bytes.len() {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let touches_hole = self
            .holes
            .iter()
            .any(|h| h.start < range.end && range.start < h.end);
        if !touches_hole {
            for chunk in self.bytes[range].chunks(CHUNK) {
                sink(chunk);
            }
            return Ok(());
        }
        let backing = self.backing.as_ref().ok_or_else(|| {
            std::io::Error::other("these bytes were not read and the file is not at hand")
        })?;
        let mut file = backing
            .lock()
            .map_err(|_| std::io::Error::other("the file's lock is poisoned"))?;
        file.seek(SeekFrom::Start(range.start as u64))?;
        let mut buf = vec![0u8; CHUNK.min(range.len())];
        let mut left = range.len();
        while left > 0 {
            let want = left.min(buf.len());
            let chunk = &mut buf[..want];
            file.read_exact(chunk)?;
            sink(chunk);
            left -= want;
        }
        Ok(())
    }

    /// Whether every byte of the file can be read: it was read whole, or its holes can be
    /// read from the file it came from.
    pub fn can_read_all(&self) -> bool {
        self.holes.is_empty() || self.backing.is_some()
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Size of the file in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file is empty (never true for a loaded file).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The limits the file was read with (also used when resolving objects later).
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The revisions in file order: index 0 is the original document, the last is the
    /// current state. Never empty.
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// Index of the latest revision.
    pub fn latest_revision(&self) -> usize {
        self.revisions.len().saturating_sub(1)
    }

    /// The revision at `index`.
    pub fn revision(&self, index: usize) -> Result<&Revision> {
        self.revisions.get(index).ok_or(PdfError::NoSuchRevision {
            index,
            count: self.revisions.len(),
        })
    }

    /// The first revision whose bytes include `offset` (`offset < end_offset`).
    pub fn revision_containing(&self, offset: usize) -> Option<usize> {
        self.revisions.iter().position(|r| offset < r.end)
    }

    /// Whether loading repaired anything: a cross-reference entry redirected to where its
    /// object really is, or the whole chain reconstructed (see [`PdfFile::diagnostics`]).
    pub fn repaired(&self) -> bool {
        self.repaired
    }

    /// Whether the cross-reference chain was unusable and every revision was reconstructed
    /// by scanning (revisions then have [`XrefKind::Reconstructed`](crate::XrefKind::Reconstructed)).
    pub fn reconstructed(&self) -> bool {
        self.reconstructed
    }

    /// What was noticed and repaired while loading.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The offset of the cross-reference section at `offset` or a few bytes from it, as readers
    /// find a section whose stated offset is slightly off.
    pub fn xref_section_near(&self, offset: usize) -> Option<usize> {
        section_near(&self.bytes, offset)
    }

    /// The offset the last `startxref` before `end` names, searched in the 1 KiB before
    /// `end`: where a reader of the bytes `0..end` alone (a signature's signed revision)
    /// starts. `None` when there is none there.
    pub fn startxref_before(&self, end: usize) -> Option<usize> {
        let end = end.min(self.bytes.len());
        repair::last_startxref(&self.bytes, end.saturating_sub(STARTXREF_WINDOW), end)
    }

    /// The trailer of the latest revision.
    pub fn trailer(&self) -> &Dictionary {
        self.revisions
            .last()
            .map_or(&EMPTY_DICTIONARY, |r| &r.trailer)
    }

    /// Whether the file is encrypted and was decrypted (the standard security handler with an
    /// empty user password): its strings and streams are read in clear.
    pub fn is_decrypted(&self) -> bool {
        self.crypt.is_some()
    }

    /// Whether the latest trailer has `/Encrypt`. The structure is read, but strings and
    /// streams are not decrypted: object streams of an encrypted file do not decode.
    pub fn is_encrypted(&self) -> bool {
        self.trailer().contains_key("Encrypt")
    }

    /// The version in the `%PDF-x.y` header.
    pub fn header_version(&self) -> PdfVersion {
        self.header_version
    }

    /// The effective version: the header's, or the catalog's `/Version` if that is later
    /// (§7.2.2).
    pub fn version(&self) -> PdfVersion {
        let catalog = self.catalog().ok().and_then(|c| {
            c.get_name("Version")
                .and_then(|n| PdfVersion::parse(n.as_bytes()))
        });
        match catalog {
            Some(v) if v > self.header_version => v,
            _ => self.header_version,
        }
    }

    /// The object `id` in the latest revision.
    pub fn get(&self, id: ObjRef) -> Result<Object> {
        self.get_at(self.latest_revision(), id)
    }

    /// The object `id` as of revision `rev` (what a reader of the file cut at that
    /// revision's end would see).
    ///
    /// # Errors
    /// [`PdfError::ObjectNotFound`] if it is free or absent (which the PDF semantics treat as
    /// `null`: [`PdfFile::resolve_at`] does), parse errors if its bytes are damaged.
    pub fn get_at(&self, rev: usize, id: ObjRef) -> Result<Object> {
        self.get_indirect_at(rev, id).map(|o| o.object)
    }

    /// The object `id` as of revision `rev`, with the revision that defines it and where its
    /// bytes are.
    pub fn get_indirect_at(&self, rev: usize, id: ObjRef) -> Result<IndirectObject> {
        self.indirect_at(rev, id, StreamMode::Full)
    }

    /// Like [`PdfFile::get_indirect_at`], but a stream is read as its dictionary alone (its
    /// data is neither copied nor required to be present).
    pub fn get_indirect_shallow_at(&self, rev: usize, id: ObjRef) -> Result<IndirectObject> {
        self.indirect_at(rev, id, StreamMode::DictOnly)
    }

    fn indirect_at(&self, rev: usize, id: ObjRef, mode: StreamMode) -> Result<IndirectObject> {
        self.revision(rev)?;
        let not_found = PdfError::ObjectNotFound { id, revision: rev };
        let (found_rev, entry) = self.index.lookup(rev, id.num).ok_or(not_found.clone())?;
        match entry {
            XrefEntry::Free { .. } => Err(not_found),
            XrefEntry::InUse { offset, generation } => {
                if generation != id.generation {
                    return Err(not_found);
                }
                let env = self.env(found_rev);
                let parsed = parse_indirect(&self.bytes, offset, &self.limits, &env, mode)
                    .map_err(|e| match e {
                        PdfError::Syntax {
                            kind: SyntaxError::ExpectedObjectHeader,
                            ..
                        } => PdfError::ObjectHeader { id, offset },
                        other => other,
                    })?;
                if parsed.id.num != id.num {
                    return Err(PdfError::ObjectHeader { id, offset });
                }
                self.check_available(id, &parsed.range)?;
                let mut object = parsed.object;
                if let Some((crypt, encrypt_dict)) = &self.crypt
                    && *encrypt_dict != Some(id)
                {
                    crypt.decrypt(id, &mut object);
                }
                Ok(IndirectObject {
                    id,
                    object,
                    revision: found_rev,
                    location: ObjectLocation::File {
                        range: parsed.range,
                        stream: match mode {
                            StreamMode::Full => parsed.stream,
                            StreamMode::DictOnly => None,
                        },
                    },
                })
            }
            // Objects in object streams are always read whole (the stream is decoded). The
            // stream is the one in force at `rev`, as readers fetch it through the newest
            // cross-reference data: a later revision may rewrite it without touching the
            // entries of the objects it holds.
            XrefEntry::Compressed { stream, index } => {
                if id.generation != 0 {
                    return Err(not_found);
                }
                let os = self.object_stream(rev, stream)?;
                let object = os.get(id.num, index, &self.limits)?;
                Ok(IndirectObject {
                    id,
                    object,
                    revision: found_rev,
                    location: ObjectLocation::ObjectStream {
                        stream: os.id,
                        index,
                    },
                })
            }
        }
    }

    /// Whether bytes of the file were left unread (opened in bounded memory): objects that
    /// lie there cannot be resolved ([`PdfError::Unavailable`]).
    pub fn is_partial(&self) -> bool {
        !self.holes.is_empty()
    }

    /// Fails if `range` touches bytes that were not read.
    pub(crate) fn check_available(&self, id: ObjRef, range: &Range<usize>) -> Result<()> {
        if self
            .holes
            .iter()
            .any(|h| h.start < range.end && range.start < h.end)
        {
            return Err(PdfError::Unavailable { id });
        }
        Ok(())
    }

    /// The generation of object `num` in use as of `rev` (0 for compressed objects), or
    /// `None` if it is free or absent.
    pub fn generation_at(&self, rev: usize, num: u32) -> Option<u16> {
        match self.index.lookup(rev, num)?.1 {
            XrefEntry::InUse { generation, .. } => Some(generation),
            XrefEntry::Compressed { .. } => Some(0),
            XrefEntry::Free { .. } => None,
        }
    }

    /// The cross-reference entry in force for `num` as of `rev`, with the revision that set it.
    pub fn entry_at(&self, rev: usize, num: u32) -> Option<(usize, XrefEntry)> {
        self.index.lookup(rev, num)
    }

    fn object_stream(&self, rev: usize, num: u32) -> Result<&ObjectStream> {
        let id = ObjRef::new(num, 0);
        let not_found = PdfError::ObjectNotFound { id, revision: rev };
        match self.index.lookup(rev, num) {
            Some((_, XrefEntry::InUse { offset, .. })) => match self.object_streams.get(&offset) {
                Some(Ok(os)) => Ok(os),
                Some(Err(e)) => Err(e.clone()),
                None => Err(not_found),
            },
            _ => Err(not_found),
        }
    }

    fn env(&self, rev: usize) -> Env<'_> {
        Env {
            data: &self.bytes,
            limits: &self.limits,
            marks: &self.marks,
            index: &self.index,
            streams: &self.object_streams,
            rev,
        }
    }

    /// Follows references from `obj` in the latest revision.
    pub fn resolve(&self, obj: &Object) -> Result<Object> {
        self.resolve_at(self.latest_revision(), obj)
    }

    /// Follows references from `obj` as of revision `rev` until a direct object: a reference
    /// to a free or absent object resolves to `null` (§7.3.10).
    ///
    /// # Errors
    /// [`PdfError::ReferenceLoop`], [`LimitExceeded::ReferenceChain`], and the errors of
    /// [`PdfFile::get_at`] other than "not found".
    pub fn resolve_at(&self, rev: usize, obj: &Object) -> Result<Object> {
        let &Object::Reference(mut id) = obj else {
            return Ok(obj.clone());
        };
        let mut seen = Vec::new();
        loop {
            if seen.contains(&id) {
                return Err(PdfError::ReferenceLoop { id });
            }
            if seen.len() >= self.limits.max_reference_chain {
                return Err(LimitExceeded::ReferenceChain(self.limits.max_reference_chain).into());
            }
            seen.push(id);
            match self.get_at(rev, id) {
                Ok(Object::Reference(next)) => id = next,
                Ok(object) => return Ok(object),
                Err(PdfError::ObjectNotFound { .. }) => return Ok(Object::Null),
                Err(e) => return Err(e),
            }
        }
    }

    /// Decodes a stream's data (FlateDecode with predictors, ASCIIHexDecode, ASCII85Decode),
    /// within [`Limits::max_decoded_stream`] and the inflate-ratio guard.
    pub fn decode_stream(&self, stream: &Stream) -> Result<Vec<u8>> {
        filter::decode(
            &stream.dict,
            &stream.data,
            &self.limits,
            Cap {
                bytes: self.limits.max_decoded_stream,
                exceeded: LimitExceeded::DecodedStream(self.limits.max_decoded_stream),
            },
        )
    }

    /// Every object number in use as of revision `rev` (free entries excluded).
    pub fn object_numbers_at(&self, rev: usize) -> BTreeSet<u32> {
        self.index
            .0
            .iter()
            .filter(|(num, _)| {
                matches!(
                    self.index.lookup(rev, **num),
                    Some((_, XrefEntry::InUse { .. } | XrefEntry::Compressed { .. }))
                )
            })
            .map(|(num, _)| *num)
            .collect()
    }

    /// The highest object number in any revision.
    pub fn max_object_number(&self) -> u32 {
        self.index.0.keys().copied().max().unwrap_or(0)
    }
}

/// Finds `%PDF-x.y` in the first 1024 bytes.
fn find_header(bytes: &[u8]) -> Result<(usize, PdfVersion)> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    let at = find_bytes(head, b"%PDF-", 0).ok_or(PdfError::NotPdf)?;
    let version = bytes
        .get(at + 5..)
        .and_then(PdfVersion::parse)
        .ok_or(PdfError::NotPdf)?;
    Ok((at, version))
}

/// Reads the /Prev chain from `startxref` and groups its sections into revisions.
fn read_chain(ld: &mut Loader<'_>, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Revision>> {
    let data = ld.data;
    let startxref = rfind_bytes(data, b"startxref", data.len())
        .ok_or(PdfError::xref(data.len(), XrefError::NoStartxref))?;
    let mut lex = Lexer::new(data, startxref + b"startxref".len());
    lex.skip_ws();
    let first = lex
        .read_unsigned()
        .and_then(|o| usize::try_from(o).ok())
        .filter(|o| *o < data.len())
        .ok_or(PdfError::xref(startxref, XrefError::BadStartxref))?;
    let mut sections: Vec<Section> = Vec::new();
    let mut seen = HashSet::new();
    let mut next = Some(first);
    while let Some(stated) = next {
        if sections.len() >= ld.limits.max_revisions {
            return Err(LimitExceeded::Revisions(ld.limits.max_revisions).into());
        }
        if !seen.insert(stated) {
            return Err(PdfError::xref(stated, XrefError::PrevLoop));
        }
        let section = match read_section(ld, stated) {
            Ok(section) => section,
            Err(e) if e.is_limit() => return Err(e),
            Err(e) => match section_near(data, stated).filter(|n| *n != stated) {
                Some(found) => {
                    let section = match read_section(ld, found) {
                        Ok(section) => section,
                        Err(again) if again.is_limit() => return Err(again),
                        Err(_) => return Err(e),
                    };
                    diagnostics.push(Diagnostic::XrefOffsetAdjusted { stated, found });
                    if !seen.insert(found) {
                        return Err(PdfError::xref(found, XrefError::PrevLoop));
                    }
                    section
                }
                None => return Err(e),
            },
        };
        next = section.prev;
        sections.push(section);
    }
    // A section reached by a forward /Prev belongs to the same save (linearized files).
    let mut groups: Vec<Vec<Section>> = Vec::new();
    for section in sections {
        match groups.last_mut() {
            Some(group) if group.last().is_some_and(|l| section.offset > l.offset) => {
                group.push(section);
            }
            _ => groups.push(vec![section]),
        }
    }
    groups.reverse();
    let starts: Vec<usize> = groups
        .iter()
        .map(|g| g.iter().map(|s| s.offset).min().unwrap_or(0))
        .collect();
    let mut revisions = Vec::with_capacity(groups.len());
    let mut start = 0;
    for (i, group) in groups.into_iter().enumerate() {
        let section_end = group.iter().map(|s| s.end).max().unwrap_or(0);
        let limit = starts.get(i + 1).copied().unwrap_or(data.len());
        let end = match find_bytes(data, b"%%EOF", section_end) {
            Some(p) if p < limit => p + 5,
            _ => {
                diagnostics.push(Diagnostic::MissingEof { revision: i });
                after_startxref(data, section_end, limit)
            }
        }
        // Hostile /Prev orders cannot make a revision end before it starts.
        .max(start);
        let section_offsets: Vec<usize> = group.iter().map(|s| s.offset).collect();
        let mut sections = group.into_iter();
        let Some(first) = sections.next() else {
            continue;
        };
        let mut entries = first.entries;
        let mut trailer = first.trailer;
        for later in sections {
            for (num, entry) in later.entries {
                entries.entry(num).or_insert(entry);
            }
            for (key, value) in later.trailer.iter() {
                if !trailer.contains_key(key.as_bytes()) && !key.is("Prev") && !key.is("XRefStm") {
                    trailer.insert(key.clone(), value.clone());
                }
            }
        }
        revisions.push(Revision {
            index: i,
            kind: first.kind,
            xref_offset: Some(first.offset),
            section_offsets,
            start,
            end,
            end_with_eol: repair::eol_after(data, end),
            trailer,
            entries,
        });
        start = end;
    }
    Ok(revisions)
}

/// Just after `startxref <n>` if it follows `from` before `limit`, else `from`.
fn after_startxref(data: &[u8], from: usize, limit: usize) -> usize {
    let mut lex = Lexer::new(data, from);
    lex.skip_ws();
    if lex.pos() < limit && lex.eat_keyword(b"startxref") {
        lex.skip_ws();
        if lex.read_unsigned().is_some() && lex.pos() <= limit {
            return lex.pos();
        }
    }
    from
}

/// Checks that every in-use entry points at its object; redirects those that do not to the
/// last header of the same number before the revision's end. Returns whether any was repaired.
fn validate_entries(
    data: &[u8],
    revisions: &mut [Revision],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<bool> {
    let mut broken = Vec::new();
    for (r, rev) in revisions.iter().enumerate() {
        for (num, entry) in &rev.entries {
            if let XrefEntry::InUse { offset, generation } = *entry {
                match parse_object_header(data, offset) {
                    Some((id, _)) if id.num == *num => {}
                    _ => broken.push((r, *num, offset, generation)),
                }
            }
        }
    }
    if broken.is_empty() {
        return Ok(false);
    }
    let headers = repair::scan_headers(data, limits)?;
    let by_number = repair::headers_by_number(&headers);
    let mut repaired = false;
    for (r, num, stated, generation) in broken {
        let Some(rev) = revisions.get_mut(r) else {
            continue;
        };
        let id = ObjRef::new(num, generation);
        let definitions = by_number.get(&num).map(Vec::as_slice).unwrap_or_default();
        let candidates: Vec<(usize, u16)> = definitions
            .iter()
            .copied()
            .filter(|(o, _)| *o < rev.end)
            .collect();
        if let Some(&(offset, _)) = definitions.iter().rfind(|(o, _)| *o >= rev.end) {
            diagnostics.push(Diagnostic::DefinedAgainLater {
                revision: r,
                id,
                offset,
            });
        }
        let found = candidates
            .iter()
            .rev()
            .find(|(_, g)| *g == generation)
            .or(candidates.last())
            .map(|(o, _)| *o);
        match found {
            Some(found) => {
                rev.entries.insert(
                    num,
                    XrefEntry::InUse {
                        offset: found,
                        generation,
                    },
                );
                diagnostics.push(Diagnostic::XrefEntryRepaired {
                    revision: r,
                    id,
                    stated,
                    found,
                });
                repaired = true;
            }
            None => diagnostics.push(Diagnostic::XrefEntryBroken {
                revision: r,
                id,
                stated,
            }),
        }
    }
    Ok(repaired)
}

/// Decodes every object stream that some revision's entries point into.
/// The indirect object at `offset`, read while the object streams are not yet decoded (an
/// object stream or the encryption dictionary is never inside one).
fn parse_before_object_streams(
    ld: &Loader<'_>,
    index: &XrefIndex,
    rev: usize,
    offset: usize,
) -> Result<crate::parser::ParsedObject> {
    let empty = HashMap::new();
    let env = Env {
        data: ld.data,
        limits: ld.limits,
        marks: ld.marks,
        index,
        streams: &empty,
        rev,
    };
    parse_indirect(ld.data, offset, ld.limits, &env, StreamMode::Full)
}

/// The decryption of a file whose latest trailer names an `/Encrypt` dictionary that opens
/// with the empty user password, with that dictionary's object number.
fn decryptor(
    ld: &Loader<'_>,
    revisions: &[Revision],
    index: &XrefIndex,
) -> Option<(Decryptor, Option<ObjRef>)> {
    let rev = revisions.len().checked_sub(1)?;
    let trailer = revisions.get(rev)?.trailer();
    let id = trailer
        .get("ID")
        .and_then(Object::as_array)
        .and_then(|a| a.first())
        .and_then(Object::as_string)
        .map_or(&[][..], |s| s.as_bytes());
    let (dict, reference) = match trailer.get("Encrypt")? {
        Object::Dictionary(d) => (d.clone(), None),
        Object::Reference(r) => {
            let Some((_, XrefEntry::InUse { offset, .. })) = index.lookup(rev, r.num) else {
                return None;
            };
            let parsed = parse_before_object_streams(ld, index, rev, offset).ok()?;
            (parsed.object.as_dict()?.clone(), Some(*r))
        }
        _ => return None,
    };
    Some((Decryptor::open(&dict, id)?, reference))
}

fn decode_object_streams(
    ld: &mut Loader<'_>,
    revisions: &[Revision],
    index: &XrefIndex,
    streams: &mut HashMap<usize, Result<ObjectStream>>,
    crypt: Option<&Decryptor>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<()> {
    // Every version of every object stream: a revision may rewrite one that earlier
    // revisions' entries point into.
    let numbers: BTreeSet<u32> = revisions
        .iter()
        .flat_map(|rev| rev.entries.values())
        .filter_map(|e| match e {
            XrefEntry::Compressed { stream, .. } => Some(*stream),
            _ => None,
        })
        .collect();
    let mut wanted: BTreeMap<usize, (ObjRef, usize)> = BTreeMap::new();
    for r in 0..revisions.len() {
        for &num in &numbers {
            if let Some((_, XrefEntry::InUse { offset, generation })) = index.lookup(r, num) {
                wanted
                    .entry(offset)
                    .or_insert((ObjRef::new(num, generation), r));
            }
        }
    }
    for (offset, (id, rev)) in wanted {
        if streams.contains_key(&offset) {
            continue;
        }
        if streams.len() >= ld.limits.max_object_streams {
            return Err(LimitExceeded::ObjectStreams(ld.limits.max_object_streams).into());
        }
        let parsed = parse_before_object_streams(ld, index, rev, offset);
        ld.charge_parse(offset, &parsed, |p| p.range.end)?;
        let result = parsed
            .and_then(|parsed| match parsed.object {
                Object::Stream(stream) if parsed.id.num == id.num => Ok(stream),
                _ => Err(PdfError::ObjectHeader { id, offset }),
            })
            .and_then(|stream| {
                let mut object = Object::Stream(stream);
                if let Some(crypt) = crypt {
                    crypt.decrypt(id, &mut object);
                }
                let Object::Stream(stream) = object else {
                    return Err(PdfError::ObjectHeader { id, offset });
                };
                let decoded = ld.decode(&stream)?;
                ObjectStream::parse(id, &stream, decoded, ld.limits)
            });
        match result {
            Err(e) if e.is_limit() => return Err(e),
            Err(e) => {
                diagnostics.push(Diagnostic::ObjectStreamUnreadable {
                    stream: id,
                    error: e.clone(),
                });
                streams.insert(offset, Err(e));
            }
            Ok(os) => {
                streams.insert(offset, Ok(os));
            }
        }
    }
    Ok(())
}
