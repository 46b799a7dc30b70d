//! Lexer and object parser (ISO 32000-1 §7.2 lexical conventions, §7.3 objects, §7.3.8
//! streams, §7.3.10 indirect objects).
//!
//! Bounded and panic-free: nesting is limited by [`Limits::max_depth`], arrays and dictionaries
//! by [`Limits::max_container_entries`], every index into the input is checked. A stream whose
//! `/Length` does not end at `endstream` is read up to the next `endstream` keyword instead,
//! and the object says so ([`StreamData::length_repaired`]).

use std::ops::Range;
use std::sync::OnceLock;

use crate::error::{LimitExceeded, PdfError, Result, SyntaxError};
use crate::limits::Limits;
use crate::object::{Dictionary, Name, ObjRef, Object, PdfString, Stream};

/// PDF white-space characters (Table 1).
pub(crate) const fn is_whitespace(b: u8) -> bool {
    matches!(b, 0 | 9 | 10 | 12 | 13 | 32)
}

/// PDF delimiter characters (Table 2).
pub(crate) const fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// Regular characters: neither white space nor delimiters.
pub(crate) const fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

/// The value of a hexadecimal digit.
pub(crate) const fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A cursor over the input with the token-level helpers.
#[derive(Debug, Clone)]
pub(crate) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8], pos: usize) -> Self {
        Lexer { data, pos }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.data.get(self.pos.checked_add(ahead)?).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn eof_error(&self) -> PdfError {
        PdfError::syntax(self.pos, SyntaxError::UnexpectedEof)
    }

    /// Skips white space and comments.
    pub(crate) fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Skips white space only (no comments).
    pub(crate) fn skip_blanks(&mut self) {
        while self.peek().is_some_and(is_whitespace) {
            self.pos += 1;
        }
    }

    /// The run of regular characters at the cursor (possibly empty), consumed.
    pub(crate) fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    /// Whether the keyword `kw` is at the cursor, as a whole token.
    pub(crate) fn at_keyword(&self, kw: &[u8]) -> bool {
        let Some(rest) = self.data.get(self.pos..) else {
            return false;
        };
        rest.starts_with(kw) && !rest.get(kw.len()).copied().is_some_and(is_regular)
    }

    /// Consumes the keyword `kw` if it is at the cursor.
    pub(crate) fn eat_keyword(&mut self, kw: &[u8]) -> bool {
        if self.at_keyword(kw) {
            self.pos += kw.len();
            true
        } else {
            false
        }
    }

    /// An unsigned decimal integer token (digits only, followed by a non-regular byte);
    /// nothing is consumed otherwise.
    pub(crate) fn read_unsigned(&mut self) -> Option<u64> {
        let start = self.pos;
        let tok = self.regular_run();
        if tok.is_empty() || tok.len() > 19 || !tok.iter().all(u8::is_ascii_digit) {
            self.pos = start;
            return None;
        }
        Some(
            tok.iter()
                .fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0')),
        )
    }
}

/// Parses a number token: `[+-]?digits[.digits]`, `.5`, `4.`.
fn parse_number(tok: &[u8]) -> Option<std::result::Result<Object, SyntaxError>> {
    let (negative, body) = match tok.first() {
        Some(b'-') => (true, tok.get(1..)?),
        Some(b'+') => (false, tok.get(1..)?),
        _ => (false, tok),
    };
    let dots = body.iter().filter(|b| **b == b'.').count();
    let digits = body.iter().filter(|b| b.is_ascii_digit()).count();
    if digits == 0 || dots > 1 || digits + dots != body.len() {
        return None;
    }
    if dots == 0 {
        let mut value: i64 = 0;
        for d in body {
            let Some(v) = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(d - b'0')))
            else {
                return Some(Err(SyntaxError::NumberOutOfRange));
            };
            value = v;
        }
        return Some(Ok(Object::Integer(if negative { -value } else { value })));
    }
    let mut text = String::with_capacity(body.len() + 3);
    if negative {
        text.push('-');
    }
    if body.first() == Some(&b'.') {
        text.push('0');
    }
    text.extend(body.iter().map(|b| char::from(*b)));
    if body.last() == Some(&b'.') {
        text.push('0');
    }
    match text.parse::<f64>() {
        Ok(r) if r.is_finite() => Some(Ok(Object::Real(r))),
        _ => Some(Err(SyntaxError::NumberOutOfRange)),
    }
}

/// The object parser over one buffer.
pub(crate) struct Parser<'a, 'l> {
    lex: Lexer<'a>,
    limits: &'l Limits,
}

impl<'a, 'l> Parser<'a, 'l> {
    pub(crate) fn new(data: &'a [u8], pos: usize, limits: &'l Limits) -> Self {
        Parser {
            lex: Lexer::new(data, pos),
            limits,
        }
    }

    pub(crate) fn pos(&self) -> usize {
        self.lex.pos()
    }

    pub(crate) fn lexer(&mut self) -> &mut Lexer<'a> {
        &mut self.lex
    }

    /// Parses one direct object (or a reference) at the cursor.
    pub(crate) fn parse_object(&mut self) -> Result<Object> {
        self.value(0)
    }

    fn value(&mut self, depth: usize) -> Result<Object> {
        self.lex.skip_ws();
        let start = self.lex.pos();
        let b = self.lex.peek().ok_or_else(|| self.lex.eof_error())?;
        match b {
            b'/' => {
                self.lex.pos += 1;
                Ok(Object::Name(self.name()))
            }
            b'(' => Ok(Object::String(PdfString::literal(self.literal_string()?))),
            b'<' if self.lex.peek_at(1) == Some(b'<') => self.dictionary(depth),
            b'<' => Ok(Object::String(PdfString::hex(self.hex_string()?))),
            b'[' => self.array(depth),
            b'{' | b'}' => Err(PdfError::syntax(start, SyntaxError::Braces)),
            b')' | b'>' | b']' => Err(PdfError::syntax(start, SyntaxError::UnexpectedByte(b))),
            _ => {
                let tok = self.lex.regular_run();
                match tok {
                    b"true" => Ok(Object::Boolean(true)),
                    b"false" => Ok(Object::Boolean(false)),
                    b"null" => Ok(Object::Null),
                    _ => match parse_number(tok) {
                        Some(Ok(Object::Integer(num))) => {
                            Ok(self.try_reference(num).unwrap_or(Object::Integer(num)))
                        }
                        Some(Ok(obj)) => Ok(obj),
                        Some(Err(kind)) => Err(PdfError::syntax(start, kind)),
                        None if tok.is_empty() => {
                            Err(PdfError::syntax(start, SyntaxError::UnexpectedByte(b)))
                        }
                        None => Err(PdfError::syntax(start, SyntaxError::UnknownToken)),
                    },
                }
            }
        }
    }

    /// After an integer: `gen R` makes it a reference; otherwise nothing is consumed.
    fn try_reference(&mut self, num: i64) -> Option<Object> {
        let num = u32::try_from(num).ok()?;
        let save = self.lex.pos();
        self.lex.skip_ws();
        let generation = self.lex.read_unsigned().and_then(|g| u16::try_from(g).ok());
        if let Some(generation) = generation {
            self.lex.skip_ws();
            if self.lex.eat_keyword(b"R") {
                return Some(Object::Reference(ObjRef::new(num, generation)));
            }
        }
        self.lex.set_pos(save);
        None
    }

    /// A name after its `/`.
    fn name(&mut self) -> Name {
        let mut out = Vec::new();
        while let Some(b) = self.lex.peek() {
            if !is_regular(b) {
                break;
            }
            self.lex.pos += 1;
            if b == b'#' {
                let hi = self.lex.peek().and_then(hex_value);
                let lo = self.lex.peek_at(1).and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    self.lex.pos += 2;
                    out.push((hi << 4) | lo);
                    continue;
                }
            }
            out.push(b);
        }
        Name::new(out)
    }

    /// A literal string at `(`.
    fn literal_string(&mut self) -> Result<Vec<u8>> {
        self.lex.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let b = self.lex.bump().ok_or_else(|| self.lex.eof_error())?;
            match b {
                b'\\' => {
                    let e = self.lex.bump().ok_or_else(|| self.lex.eof_error())?;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0C),
                        b'0'..=b'7' => {
                            let mut value = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.lex.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        self.lex.pos += 1;
                                        value = value * 8 + u32::from(d - b'0');
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xFF) as u8);
                        }
                        b'\r' => {
                            if self.lex.peek() == Some(b'\n') {
                                self.lex.pos += 1;
                            }
                        }
                        b'\n' => {}
                        // `\(`, `\)`, `\\`, and an unknown escape: the backslash is ignored.
                        other => out.push(other),
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                    out.push(b);
                }
                b'\r' => {
                    if self.lex.peek() == Some(b'\n') {
                        self.lex.pos += 1;
                    }
                    out.push(b'\n');
                }
                _ => out.push(b),
            }
        }
    }

    /// A hexadecimal string at `<`.
    fn hex_string(&mut self) -> Result<Vec<u8>> {
        self.lex.pos += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let at = self.lex.pos();
            let b = self.lex.bump().ok_or_else(|| self.lex.eof_error())?;
            if b == b'>' {
                if let Some(h) = high {
                    out.push(h << 4);
                }
                return Ok(out);
            }
            if is_whitespace(b) {
                continue;
            }
            let v =
                hex_value(b).ok_or_else(|| PdfError::syntax(at, SyntaxError::InvalidHexString))?;
            match high.take() {
                Some(h) => out.push((h << 4) | v),
                None => high = Some(v),
            }
        }
    }

    fn check_depth(&self, depth: usize) -> Result<()> {
        if depth >= self.limits.max_depth {
            Err(LimitExceeded::Depth(self.limits.max_depth).into())
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Object> {
        self.check_depth(depth)?;
        self.lex.pos += 1;
        let mut items = Vec::new();
        loop {
            self.lex.skip_ws();
            match self.lex.peek() {
                None => return Err(self.lex.eof_error()),
                Some(b']') => {
                    self.lex.pos += 1;
                    return Ok(Object::Array(items));
                }
                Some(_) => {
                    if items.len() >= self.limits.max_container_entries {
                        return Err(LimitExceeded::ContainerEntries(
                            self.limits.max_container_entries,
                        )
                        .into());
                    }
                    items.push(self.value(depth + 1)?);
                }
            }
        }
    }

    fn dictionary(&mut self, depth: usize) -> Result<Object> {
        Ok(Object::Dictionary(self.dictionary_body(depth)?))
    }

    fn dictionary_body(&mut self, depth: usize) -> Result<Dictionary> {
        self.check_depth(depth)?;
        self.lex.pos += 2;
        let mut dict = Dictionary::new();
        loop {
            self.lex.skip_ws();
            let at = self.lex.pos();
            match self.lex.peek() {
                None => return Err(self.lex.eof_error()),
                Some(b'>') if self.lex.peek_at(1) == Some(b'>') => {
                    self.lex.pos += 2;
                    return Ok(dict);
                }
                Some(b'/') => {
                    self.lex.pos += 1;
                    let key = self.name();
                    self.lex.skip_ws();
                    if self.lex.peek() == Some(b'>') && self.lex.peek_at(1) == Some(b'>') {
                        return Err(PdfError::syntax(at, SyntaxError::MissingValue));
                    }
                    if dict.len() >= self.limits.max_container_entries {
                        return Err(LimitExceeded::ContainerEntries(
                            self.limits.max_container_entries,
                        )
                        .into());
                    }
                    let value = self.value(depth + 1)?;
                    dict.push_raw(key, value);
                }
                Some(_) => return Err(PdfError::syntax(at, SyntaxError::KeyNotName)),
            }
        }
    }
}

/// Where a stream's data lies in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamData {
    /// The data bytes: after `stream` and its end-of-line, before the end-of-line that
    /// precedes `endstream`.
    pub range: Range<usize>,
    /// The stated `/Length` was missing, not an integer, unresolvable, or did not end at
    /// `endstream`: the data was taken up to the next `endstream` keyword instead. A writer
    /// that produced this file is broken, or the stream was tampered with.
    pub length_repaired: bool,
}

/// What the parser needs from the file to read an indirect object.
pub(crate) trait StreamEnv {
    /// The value of an indirect `/Length`, if it can be resolved to an integer.
    fn resolve_length(&self, id: ObjRef) -> Option<i64>;
    /// Offset of the first `endstream` keyword at or after `from`.
    fn find_endstream(&self, from: usize) -> Option<usize>;
    /// Offset of the first `n g obj` header at or after `from` (the data's length if none):
    /// an object is read no further than the next one, except for stream data whose
    /// `/Length` is right.
    fn next_header(&self, from: usize) -> usize;
}

/// An indirect object as parsed from the file.
#[derive(Debug, Clone)]
pub(crate) struct ParsedObject {
    pub(crate) id: ObjRef,
    pub(crate) object: Object,
    pub(crate) range: Range<usize>,
    pub(crate) stream: Option<StreamData>,
}

/// Reads `num gen obj` at `offset` (white space before it is skipped). Returns the identity and
/// the offset after `obj`.
pub(crate) fn parse_object_header(data: &[u8], offset: usize) -> Option<(ObjRef, usize)> {
    let mut lex = Lexer::new(data, offset);
    lex.skip_blanks();
    let num = u32::try_from(lex.read_unsigned()?).ok()?;
    lex.skip_blanks();
    let generation = u16::try_from(lex.read_unsigned()?).ok()?;
    lex.skip_blanks();
    if lex.eat_keyword(b"obj") {
        Some((ObjRef::new(num, generation), lex.pos()))
    } else {
        None
    }
}

/// How to treat a stream while parsing an indirect object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamMode {
    /// Read the stream data (resolving an indirect `/Length` through the environment).
    Full,
    /// Stop after the dictionary: the result is the stream's dictionary alone (used to read
    /// an indirect `/Length` and while scanning a damaged file).
    DictOnly,
}

/// Parses the indirect object `num gen obj … endobj` at `offset`.
///
/// The object is read no further than the next `n g obj` header, so a broken object (an
/// unterminated string, a stream without a usable `/Length`) costs no more than the bytes up
/// to the next object: resolving every object of a hostile file stays linear overall. Stream
/// data with a right `/Length` may contain such headers (an embedded PDF).
pub(crate) fn parse_indirect(
    data: &[u8],
    offset: usize,
    limits: &Limits,
    env: &dyn StreamEnv,
    mode: StreamMode,
) -> Result<ParsedObject> {
    let (id, after_header) = parse_object_header(data, offset)
        .ok_or_else(|| PdfError::syntax(offset, SyntaxError::ExpectedObjectHeader))?;
    let mut lex_start = Lexer::new(data, offset);
    lex_start.skip_blanks();
    let start = lex_start.pos();
    let bound = env.next_header(after_header).max(after_header);
    let window = data.get(..bound).unwrap_or(data);
    let mut parser = Parser::new(window, after_header, limits);
    let object = parser.parse_object()?;
    let after_value = parser.pos();
    let lex = parser.lexer();
    lex.skip_ws();
    if let Object::Dictionary(dict) = &object
        && lex.at_keyword(b"stream")
    {
        lex.eat_keyword(b"stream");
        match mode {
            StreamMode::DictOnly => {
                return Ok(ParsedObject {
                    id,
                    object,
                    range: start..lex.pos(),
                    stream: None,
                });
            }
            StreamMode::Full => {
                let keyword_end = lex.pos();
                let (data_range, length_repaired, after) =
                    stream_data(data, keyword_end, dict, env, bound)?;
                let mut lex = Lexer::new(data, after);
                lex.skip_ws();
                let end = if lex.eat_keyword(b"endobj") {
                    lex.pos()
                } else {
                    after
                };
                let bytes = data.get(data_range.clone()).unwrap_or_default().to_vec();
                let Object::Dictionary(dict) = object else {
                    return Err(PdfError::syntax(offset, SyntaxError::ExpectedObjectHeader));
                };
                return Ok(ParsedObject {
                    id,
                    object: Object::Stream(Stream { dict, data: bytes }),
                    range: start..end,
                    stream: Some(StreamData {
                        range: data_range,
                        length_repaired,
                    }),
                });
            }
        }
    }
    let end = if lex.eat_keyword(b"endobj") {
        lex.pos()
    } else {
        after_value
    };
    Ok(ParsedObject {
        id,
        object,
        range: start..end,
        stream: None,
    })
}

/// Locates a stream's data after the `stream` keyword. Returns the data range, whether the
/// length was repaired, and the offset after `endstream`.
fn stream_data(
    data: &[u8],
    keyword_end: usize,
    dict: &Dictionary,
    env: &dyn StreamEnv,
    bound: usize,
) -> Result<(Range<usize>, bool, usize)> {
    // `stream` is followed by CRLF or LF (a lone CR and stray spaces are tolerated).
    let mut start = keyword_end;
    while matches!(data.get(start), Some(b' ' | b'\t')) {
        start += 1;
    }
    match (data.get(start), data.get(start + 1)) {
        (Some(b'\r'), Some(b'\n')) => start += 2,
        (Some(b'\r' | b'\n'), _) => start += 1,
        _ => {}
    }
    let stated = match dict.get("Length") {
        Some(Object::Integer(n)) => Some(*n),
        Some(Object::Reference(r)) => env.resolve_length(*r),
        _ => None,
    };
    if let Some(len) = stated.and_then(|n| usize::try_from(n).ok())
        && let Some(end) = start.checked_add(len)
        && end <= data.len()
    {
        let mut lex = Lexer::new(data, end);
        lex.skip_blanks();
        if lex.eat_keyword(b"endstream") {
            return Ok((start..end, false, lex.pos()));
        }
    }
    // Without a usable /Length: the next `endstream`, if it comes before the next object.
    let keyword = env
        .find_endstream(start)
        .filter(|k| *k < bound)
        .ok_or_else(|| PdfError::syntax(start, SyntaxError::UnterminatedStream))?;
    let mut end = keyword;
    if end > start && data.get(end - 1) == Some(&b'\n') {
        end -= 1;
    }
    if end > start && data.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    Ok((start..end, true, keyword + b"endstream".len()))
}

/// Positions in a file computed once on first use: every `endstream` keyword (streams with a
/// wrong `/Length` end at the next one) and every `n g obj` header (no object is read past the
/// next one). Both keep hostile files linear overall. Byte ranges that were not read (a file
/// opened in bounded memory, see `sparse.rs`) are skipped: they hold zeros.
#[derive(Debug, Default)]
pub(crate) struct Landmarks {
    endstreams: OnceLock<Vec<usize>>,
    headers: OnceLock<Vec<usize>>,
    holes: Vec<Range<usize>>,
}

impl Landmarks {
    /// Landmarks of a file whose `holes` (sorted, disjoint) were not read.
    pub(crate) fn with_holes(holes: Vec<Range<usize>>) -> Self {
        Landmarks {
            holes,
            ..Landmarks::default()
        }
    }

    /// The parts of `0..len` outside the holes.
    fn spans(&self, len: usize) -> Vec<Range<usize>> {
        let mut spans = Vec::with_capacity(self.holes.len() + 1);
        let mut start = 0;
        for h in &self.holes {
            let end = h.start.min(len);
            if end > start {
                spans.push(start..end);
            }
            start = start.max(h.end);
        }
        if start < len {
            spans.push(start..len);
        }
        spans
    }

    /// The first `endstream` at or after `from` in `data` (always the same `data`).
    pub(crate) fn find_endstream(&self, data: &[u8], from: usize) -> Option<usize> {
        let positions = self.endstreams.get_or_init(|| {
            let mut found = Vec::new();
            for span in self.spans(data.len()) {
                let part = data.get(..span.end).unwrap_or_default();
                let mut i = span.start;
                while let Some(p) = find_bytes(part, b"endstream", i) {
                    found.push(p);
                    i = p + b"endstream".len();
                }
            }
            found
        });
        let at = positions.partition_point(|p| *p < from);
        positions.get(at).copied()
    }

    /// The first object header at or after `from` in `data`, or `data.len()`.
    pub(crate) fn next_header(&self, data: &[u8], from: usize) -> usize {
        let positions = self.headers.get_or_init(|| {
            let mut found = Vec::new();
            for span in self.spans(data.len()) {
                let part = data.get(..span.end).unwrap_or_default();
                for_each_header_from(part, span.start, |offset, _| found.push(offset));
            }
            found
        });
        let at = positions.partition_point(|p| *p < from);
        positions.get(at).copied().unwrap_or(data.len())
    }
}

/// Calls `f(offset, id)` for every `num gen obj` header of `data`, in file order: each `obj`
/// keyword (as a whole token) preceded by white space, a generation, white space and an
/// object number that starts a token.
pub(crate) fn for_each_header(data: &[u8], f: impl FnMut(usize, ObjRef)) {
    for_each_header_from(data, 0, f);
}

/// [`for_each_header`] for the `obj` keywords at or after `from`.
fn for_each_header_from(data: &[u8], from: usize, mut f: impl FnMut(usize, ObjRef)) {
    let mut i = from;
    while let Some(p) = find_bytes(data, b"obj", i) {
        i = p + 3;
        if data.get(p + 3).is_some_and(|b| is_regular(*b)) {
            continue;
        }
        if let Some((offset, id)) = header_before(data, p) {
            f(offset, id);
        }
    }
}

/// Reads `num ws gen ws` backwards from the `obj` keyword at `obj`.
fn header_before(data: &[u8], obj: usize) -> Option<(usize, ObjRef)> {
    let blanks = |p: &mut usize| {
        let start = *p;
        while *p > 0 && start - *p < 32 && data.get(*p - 1).is_some_and(|b| is_whitespace(*b)) {
            *p -= 1;
        }
        *p < start
    };
    let digits = |p: &mut usize| -> Option<u64> {
        let end = *p;
        while *p > 0 && end - *p < 10 && data.get(*p - 1).is_some_and(u8::is_ascii_digit) {
            *p -= 1;
        }
        let text = data.get(*p..end)?;
        if text.is_empty() {
            return None;
        }
        Some(
            text.iter()
                .fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0')),
        )
    };
    let mut p = obj;
    if !blanks(&mut p) {
        return None;
    }
    let generation = u16::try_from(digits(&mut p)?).ok()?;
    if !blanks(&mut p) {
        return None;
    }
    let num = u32::try_from(digits(&mut p)?).ok()?;
    if p > 0 && data.get(p - 1).is_some_and(|b| is_regular(*b)) {
        return None;
    }
    Some((p, ObjRef::new(num, generation)))
}

/// Finds `needle` in `haystack` at or after `from`.
pub(crate) fn find_bytes(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while let Some(rest) = haystack.get(i..) {
        let p = rest.iter().position(|b| *b == first)?;
        let at = i + p;
        if haystack.get(at..at + needle.len())? == needle {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Finds the last `needle` in `haystack` that starts before `before`.
pub(crate) fn rfind_bytes(haystack: &[u8], needle: &[u8], before: usize) -> Option<usize> {
    let n = needle.len();
    if n == 0 {
        return None;
    }
    let limit = before
        .min(haystack.len())
        .checked_add(n - 1)?
        .min(haystack.len());
    haystack.get(..limit)?.windows(n).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn parse(src: &str) -> Result<Object> {
        let limits = Limits::default();
        Parser::new(src.as_bytes(), 0, &limits).parse_object()
    }

    #[test]
    fn scalars_and_numbers() {
        assert_eq!(parse("null").unwrap(), Object::Null);
        assert_eq!(parse(" true").unwrap(), Object::Boolean(true));
        assert_eq!(parse("%c\nfalse").unwrap(), Object::Boolean(false));
        assert_eq!(parse("-17").unwrap(), Object::Integer(-17));
        assert_eq!(parse("+4").unwrap(), Object::Integer(4));
        assert_eq!(parse("-.002").unwrap(), Object::Real(-0.002));
        assert_eq!(parse("4.").unwrap(), Object::Real(4.0));
        assert_eq!(parse("34.5").unwrap(), Object::Real(34.5));
        assert!(parse("99999999999999999999").is_err());
        assert!(parse("1.2.3").is_err());
        assert!(parse("-1.#INF").is_err());
        assert!(parse("bogus").is_err());
    }

    #[test]
    fn references_need_gen_and_r() {
        assert_eq!(
            parse("12 0 R").unwrap(),
            Object::Reference(ObjRef::new(12, 0))
        );
        assert_eq!(
            parse("[1 2 3 0 R 4]").unwrap(),
            Object::Array(vec![
                Object::Integer(1),
                Object::Integer(2),
                Object::Reference(ObjRef::new(3, 0)),
                Object::Integer(4)
            ])
        );
        assert_eq!(
            parse("[1 2 RG]").unwrap_err(),
            PdfError::syntax(5, SyntaxError::UnknownToken)
        );
    }

    #[test]
    fn literal_strings() {
        let s = parse(
            r"(a(b)c\)\(\\\n\101\7\0053\
d)",
        )
        .unwrap();
        assert_eq!(s.as_string().unwrap().as_bytes(), b"a(b)c)(\\\nA\x07\x053d");
        let s = parse("(x\r\ny\rz)").unwrap();
        assert_eq!(s.as_string().unwrap().as_bytes(), b"x\ny\nz");
        assert!(parse("(unbalanced").is_err());
        assert_eq!(
            parse(r"(\q)").unwrap().as_string().unwrap().as_bytes(),
            b"q"
        );
    }

    #[test]
    fn hex_strings_and_names() {
        let s = parse("<48 65 6C6c 6>").unwrap();
        assert_eq!(s.as_string().unwrap().as_bytes(), b"Hell`");
        assert!(parse("<4G>").is_err());
        assert_eq!(parse("/A#20B").unwrap(), Object::Name(Name::new("A B")));
        assert_eq!(parse("/A#zz").unwrap(), Object::Name(Name::new("A#zz")));
        assert_eq!(parse("/").unwrap(), Object::Name(Name::new("")));
    }

    #[test]
    fn dictionaries() {
        let d = parse("<</Type/Page/Kids[1 0 R 2 0 R]/N<</X 1>>>>").unwrap();
        let d = d.as_dict().unwrap();
        assert!(d.has_type("Page"));
        assert_eq!(d.get_array("Kids").unwrap().len(), 2);
        assert_eq!(d.get_dict("N").unwrap().get_i64("X"), Some(1));
        assert!(parse("<</A>>").is_err());
        assert!(parse("<<1 2>>").is_err());
        assert!(parse("<</A 1").is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(
            parse(&deep).unwrap_err(),
            PdfError::Limit(LimitExceeded::Depth(128))
        );
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&ok).is_ok());
    }

    struct NoEnv(Vec<u8>);
    impl StreamEnv for NoEnv {
        fn resolve_length(&self, _: ObjRef) -> Option<i64> {
            Some(5)
        }
        fn find_endstream(&self, from: usize) -> Option<usize> {
            find_bytes(&self.0, b"endstream", from)
        }
        fn next_header(&self, _: usize) -> usize {
            self.0.len()
        }
    }

    #[test]
    fn streams_with_right_and_wrong_lengths() {
        let limits = Limits::default();
        let src = b"7 0 obj <</Length 5>>stream\r\nhello\nendstream\nendobj trailing".to_vec();
        let env = NoEnv(src.clone());
        let p = parse_indirect(&src, 0, &limits, &env, StreamMode::Full).unwrap();
        assert_eq!(p.id, ObjRef::new(7, 0));
        assert_eq!(p.object.as_stream().unwrap().data, b"hello");
        let sd = p.stream.unwrap();
        assert!(!sd.length_repaired);
        assert_eq!(&src[p.range.clone()], &src[..src.len() - 9]);

        let src = b"7 0 obj <</Length 2>>stream\nhello\r\nendstream endobj".to_vec();
        let env = NoEnv(src.clone());
        let p = parse_indirect(&src, 0, &limits, &env, StreamMode::Full).unwrap();
        assert_eq!(p.object.as_stream().unwrap().data, b"hello");
        assert!(p.stream.unwrap().length_repaired);

        let src = b"7 0 obj <</Length 9 0 R>>stream\nhello\nendstream endobj".to_vec();
        let env = NoEnv(src.clone());
        let p = parse_indirect(&src, 0, &limits, &env, StreamMode::Full).unwrap();
        assert!(!p.stream.unwrap().length_repaired);

        let src = b"7 0 obj <</Length 99>>stream\nhello".to_vec();
        let env = NoEnv(src.clone());
        assert!(parse_indirect(&src, 0, &limits, &env, StreamMode::Full).is_err());
    }

    #[test]
    fn byte_search() {
        assert_eq!(find_bytes(b"abcabc", b"bc", 0), Some(1));
        assert_eq!(find_bytes(b"abcabc", b"bc", 2), Some(4));
        assert_eq!(find_bytes(b"abcab", b"bc", 2), None);
        assert_eq!(rfind_bytes(b"abcabc", b"bc", 6), Some(4));
        assert_eq!(rfind_bytes(b"abcabc", b"bc", 4), Some(1));
        assert_eq!(rfind_bytes(b"ab", b"abc", 2), None);
    }
}
