//! A small BER/DER walker over borrowed bytes that keeps every element's original encoding,
//! and the DER writing helpers used to assemble structures from already-encoded parts.
//!
//! Signed data must be verified over the bytes that were signed, never over a re-encoding
//! (a decoder may re-sort a `SET OF`, drop a BER indefinite length or normalise a string).
//! The typed decoders of the `der` crate are used for leaves; this module finds the leaves
//! and hands back their exact bytes. Indefinite lengths and constructed strings (BER, as
//! OpenSSL's streaming CMS and Windows PKCS#12 exports write them) are accepted; nesting is
//! bounded by [`MAX_DEPTH`] so hostile input cannot exhaust the stack.

use std::borrow::Cow;

/// Deepest nesting of constructed elements the walker follows.
pub const MAX_DEPTH: usize = 64;

/// `SEQUENCE` (constructed).
pub const SEQUENCE: u8 = 0x30;
/// `SET` (constructed).
pub const SET: u8 = 0x31;
/// `INTEGER`.
pub const INTEGER: u8 = 0x02;
/// `BIT STRING`.
pub const BIT_STRING: u8 = 0x03;
/// `OCTET STRING` (primitive form).
pub const OCTET_STRING: u8 = 0x04;
/// `NULL`.
pub const NULL: u8 = 0x05;
/// `OBJECT IDENTIFIER`.
pub const OID: u8 = 0x06;

/// Tag byte of a context-specific constructed element `[n]`.
pub const fn context_constructed(n: u8) -> u8 {
    0xA0 | n
}

/// Tag byte of a context-specific primitive element `[n]`.
pub const fn context_primitive(n: u8) -> u8 {
    0x80 | n
}

/// Why a byte string is not a well-formed BER element.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BerError {
    /// The input ends inside an element.
    #[error("truncated ASN.1 element at offset {offset}")]
    Truncated {
        /// Offset of the element that does not fit.
        offset: usize,
    },
    /// A length field that BER does not allow or that does not fit in memory.
    #[error("invalid ASN.1 length at offset {offset}")]
    BadLength {
        /// Offset of the element.
        offset: usize,
    },
    /// High tag numbers (>= 31) do not occur in the structures this crate reads.
    #[error("unsupported ASN.1 high tag number at offset {offset}")]
    HighTagNumber {
        /// Offset of the element.
        offset: usize,
    },
    /// Nesting deeper than [`MAX_DEPTH`].
    #[error("ASN.1 nesting deeper than {MAX_DEPTH} levels")]
    TooDeep,
    /// An element with another tag was found where one was required.
    #[error("expected ASN.1 tag 0x{expected:02x}, found 0x{found:02x} at offset {offset}")]
    UnexpectedTag {
        /// Required tag byte.
        expected: u8,
        /// Tag byte found.
        found: u8,
        /// Offset of the element.
        offset: usize,
    },
    /// A required element is missing at the end of its parent.
    #[error("missing ASN.1 element (expected tag 0x{expected:02x})")]
    Missing {
        /// Required tag byte.
        expected: u8,
    },
    /// Bytes left over after the last expected element.
    #[error("trailing data after ASN.1 element")]
    TrailingData,
    /// A primitive element was expected to be constructed, or the other way around.
    #[error("ASN.1 element at offset {offset} has the wrong form")]
    WrongForm {
        /// Offset of the element.
        offset: usize,
    },
}

/// One element: its tag byte, its exact encoding and its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    tag: u8,
    raw: &'a [u8],
    content: &'a [u8],
    indefinite: bool,
    offset: usize,
    depth: usize,
}

impl<'a> Tlv<'a> {
    /// The identifier octet (class, form and tag number).
    pub fn tag(&self) -> u8 {
        self.tag
    }

    /// Whether the element is constructed.
    pub fn is_constructed(&self) -> bool {
        self.tag & 0x20 != 0
    }

    /// The whole element as it was encoded: identifier, length, contents (and end-of-contents).
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The contents octets (for an indefinite length: the child elements without the end marker).
    pub fn content(&self) -> &'a [u8] {
        self.content
    }

    /// Whether the element used the BER indefinite-length form.
    pub fn is_indefinite(&self) -> bool {
        self.indefinite
    }

    /// Offset of the element in the outermost input.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// A reader over the children of a constructed element.
    pub fn children(&self) -> Result<Reader<'a>, BerError> {
        if !self.is_constructed() {
            return Err(BerError::WrongForm {
                offset: self.offset,
            });
        }
        if self.depth + 1 > MAX_DEPTH {
            return Err(BerError::TooDeep);
        }
        Ok(Reader {
            data: self.content,
            pos: 0,
            base: self.offset + (self.raw.len() - self.content.len() - self.eoc_len()),
            depth: self.depth + 1,
        })
    }

    fn eoc_len(&self) -> usize {
        if self.indefinite { 2 } else { 0 }
    }

    /// The value of a string type: the contents of a primitive element, or the concatenated
    /// segments of a constructed (BER) one.
    pub fn string_value(&self) -> Result<Cow<'a, [u8]>, BerError> {
        if !self.is_constructed() {
            return Ok(Cow::Borrowed(self.content));
        }
        let mut out = Vec::new();
        self.collect_segments(&mut out)?;
        Ok(Cow::Owned(out))
    }

    fn collect_segments(&self, out: &mut Vec<u8>) -> Result<(), BerError> {
        let mut children = self.children()?;
        while let Some(child) = children.next_element()? {
            if child.is_constructed() {
                child.collect_segments(out)?;
            } else {
                out.extend_from_slice(child.content);
            }
        }
        Ok(())
    }

    /// The bytes of a `BIT STRING` holding whole octets (signatures, keys): the unused-bits
    /// count must be 0.
    pub fn bit_string_octets(&self) -> Result<&'a [u8], BerError> {
        match self.content.split_first() {
            Some((0, bytes)) if self.tag == BIT_STRING => Ok(bytes),
            _ => Err(BerError::WrongForm {
                offset: self.offset,
            }),
        }
    }

    /// Fails unless the element has the given tag byte.
    pub fn expect_tag(self, tag: u8) -> Result<Self, BerError> {
        if self.tag == tag {
            Ok(self)
        } else {
            Err(BerError::UnexpectedTag {
                expected: tag,
                found: self.tag,
                offset: self.offset,
            })
        }
    }

    /// The element re-encoded with another identifier octet and a definite length
    /// (turns `[0] IMPLICIT SET OF` into the `SET OF` that CMS signs, RFC 5652 §5.4).
    pub fn retagged(&self, tag: u8) -> Result<Vec<u8>, BerError> {
        if !self.indefinite {
            let header = self.raw.len() - self.content.len();
            let mut out = Vec::with_capacity(self.raw.len());
            out.push(tag);
            out.extend_from_slice(&self.raw[1..header]);
            out.extend_from_slice(self.content);
            return Ok(out);
        }
        Ok(tlv(tag, self.content))
    }
}

/// Reads consecutive elements from a byte string.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader over the top level of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            base: 0,
            depth: 0,
        }
    }

    /// Parses exactly one element that spans the whole input.
    pub fn single(data: &'a [u8]) -> Result<Tlv<'a>, BerError> {
        let mut reader = Reader::new(data);
        let tlv = reader.read()?;
        reader.finish()?;
        Ok(tlv)
    }

    /// Whether every element has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// Tag byte of the next element, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Fails if unread bytes remain.
    pub fn finish(&self) -> Result<(), BerError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(BerError::TrailingData)
        }
    }

    /// The next element, or `None` at the end.
    pub fn next_element(&mut self) -> Result<Option<Tlv<'a>>, BerError> {
        if self.is_empty() {
            return Ok(None);
        }
        let (tlv, used) = parse_one(&self.data[self.pos..], self.base + self.pos, self.depth)?;
        self.pos += used;
        Ok(Some(tlv))
    }

    /// The next element; an error at the end.
    pub fn read(&mut self) -> Result<Tlv<'a>, BerError> {
        self.next_element()?.ok_or(BerError::Truncated {
            offset: self.base + self.pos,
        })
    }

    /// The next element, which must carry `tag`.
    pub fn read_tag(&mut self, tag: u8) -> Result<Tlv<'a>, BerError> {
        match self.next_element()? {
            Some(tlv) => tlv.expect_tag(tag),
            None => Err(BerError::Missing { expected: tag }),
        }
    }

    /// The next element if it carries `tag`, otherwise nothing is consumed.
    pub fn read_optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, BerError> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    /// All remaining elements.
    pub fn collect_all(mut self) -> Result<Vec<Tlv<'a>>, BerError> {
        let mut out = Vec::new();
        while let Some(tlv) = self.next_element()? {
            out.push(tlv);
        }
        Ok(out)
    }
}

/// Parses one element at the start of `data`; returns it and the number of bytes it used.
fn parse_one(data: &[u8], offset: usize, depth: usize) -> Result<(Tlv<'_>, usize), BerError> {
    if depth > MAX_DEPTH {
        return Err(BerError::TooDeep);
    }
    let truncated = BerError::Truncated { offset };
    let tag = *data.first().ok_or(truncated.clone())?;
    if tag & 0x1F == 0x1F {
        return Err(BerError::HighTagNumber { offset });
    }
    let first_len = *data.get(1).ok_or(truncated.clone())?;
    let (length, header) = match first_len {
        0x80 => (None, 2),
        n if n < 0x80 => (Some(n as usize), 2),
        0xFF => return Err(BerError::BadLength { offset }),
        n => {
            let count = (n & 0x7F) as usize;
            if count > std::mem::size_of::<usize>() {
                return Err(BerError::BadLength { offset });
            }
            let bytes = data.get(2..2 + count).ok_or(truncated.clone())?;
            let value = bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
            (Some(value), 2 + count)
        }
    };
    match length {
        Some(len) => {
            let end = header
                .checked_add(len)
                .ok_or(BerError::BadLength { offset })?;
            let content = data.get(header..end).ok_or(truncated)?;
            Ok((
                Tlv {
                    tag,
                    raw: &data[..end],
                    content,
                    indefinite: false,
                    offset,
                    depth,
                },
                end,
            ))
        }
        None => {
            if tag & 0x20 == 0 {
                return Err(BerError::BadLength { offset });
            }
            // Children follow until the end-of-contents marker 00 00.
            let mut pos = header;
            loop {
                let rest = data.get(pos..).ok_or(truncated.clone())?;
                if rest.len() < 2 {
                    return Err(truncated);
                }
                if rest[0] == 0 && rest[1] == 0 {
                    let end = pos + 2;
                    return Ok((
                        Tlv {
                            tag,
                            raw: &data[..end],
                            content: &data[header..pos],
                            indefinite: true,
                            offset,
                            depth,
                        },
                        end,
                    ));
                }
                let (_, used) = parse_one(rest, offset + pos, depth + 1)?;
                pos += used;
            }
        }
    }
}

/// Appends a DER length.
pub fn write_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
        return;
    }
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    out.push(0x80 | (bytes.len() - skip) as u8);
    out.extend_from_slice(&bytes[skip..]);
}

/// Encodes one element with a definite length.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    write_length(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

/// Encodes a non-negative INTEGER from big-endian unsigned octets: leading zeros dropped, one
/// zero added where the first bit is set (DER's minimal two's complement).
pub fn unsigned_integer(magnitude: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = magnitude.iter().copied().skip_while(|b| *b == 0).collect();
    let mut content = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(&digits);
    tlv(INTEGER, &content)
}

/// Encodes a constructed element from already-encoded children, in the given order.
pub fn constructed(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    write_length(&mut out, len);
    for part in parts {
        out.extend_from_slice(part);
    }
    out
}

/// Encodes a DER `SET OF`: the encoded children sorted as X.690 §11.6 requires.
pub fn set_of(mut children: Vec<Vec<u8>>) -> Vec<u8> {
    children.sort();
    let parts: Vec<&[u8]> = children.iter().map(Vec::as_slice).collect();
    constructed(SET, &parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_definite_and_indefinite() {
        // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { 'ab', 'c' }, NULL }
        let data = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x05,
            0x00, 0x00, 0x00,
        ];
        let top = Reader::single(&data).unwrap();
        assert!(top.is_indefinite());
        let mut children = top.children().unwrap();
        let string = children.read().unwrap();
        assert_eq!(string.string_value().unwrap().as_ref(), b"abc");
        children.read_tag(NULL).unwrap();
        assert!(children.is_empty());
    }

    #[test]
    fn retag_keeps_content() {
        let data = [0xA0, 0x03, 0x02, 0x01, 0x05];
        let tlv = Reader::single(&data).unwrap();
        assert_eq!(
            tlv.retagged(SET).unwrap(),
            vec![0x31, 0x03, 0x02, 0x01, 0x05]
        );
    }

    #[test]
    fn rejects_truncation_and_bad_lengths() {
        assert!(Reader::single(&[0x30, 0x05, 0x02]).is_err());
        assert!(Reader::single(&[0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9]).is_err());
        assert!(Reader::single(&[0x04, 0x80, 0x00, 0x00]).is_err());
        assert!(Reader::single(&[0x30, 0x80, 0x05]).is_err());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let mut data = Vec::new();
        for _ in 0..200 {
            data.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..200 {
            data.extend_from_slice(&[0x00, 0x00]);
        }
        assert_eq!(Reader::single(&data), Err(BerError::TooDeep));
    }

    #[test]
    fn writes_long_lengths() {
        let content = vec![0u8; 300];
        let encoded = tlv(OCTET_STRING, &content);
        assert_eq!(&encoded[..4], &[0x04, 0x82, 0x01, 0x2C]);
        let tlv = Reader::single(&encoded).unwrap();
        assert_eq!(tlv.content().len(), 300);
    }

    #[test]
    fn set_of_is_sorted() {
        let set = set_of(vec![vec![0x02, 0x01, 0x05], vec![0x02, 0x01, 0x01]]);
        assert_eq!(set, vec![0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x05]);
    }
}
