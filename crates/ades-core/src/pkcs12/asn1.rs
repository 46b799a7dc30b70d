//! Small readers and writers for the ASN.1 leaves PKCS#12 structures are made of, on top of
//! the crate's BER walker ([`crate::ber`]).

use std::borrow::Cow;

use const_oid::ObjectIdentifier;

use super::Pkcs12Error;
use crate::ber::{self, Reader, Tlv};

/// `BMPString` tag.
pub(crate) const BMP_STRING: u8 = 0x1E;

/// An `AlgorithmIdentifier` (RFC 5280 §4.1.1.2) as found in the file.
///
/// ```asn1
/// AlgorithmIdentifier ::= SEQUENCE {
///     algorithm   OBJECT IDENTIFIER,
///     parameters  ANY DEFINED BY algorithm OPTIONAL }
/// ```
#[derive(Debug, Clone, Copy)]
pub(crate) struct AlgorithmId<'a> {
    /// `algorithm`.
    pub(crate) oid: ObjectIdentifier,
    /// `parameters`, if present.
    pub(crate) params: Option<Tlv<'a>>,
}

impl<'a> AlgorithmId<'a> {
    /// Reads an `AlgorithmIdentifier` element.
    pub(crate) fn parse(tlv: Tlv<'a>, what: &'static str) -> Result<Self, Pkcs12Error> {
        let mut fields = tlv.expect_tag(ber::SEQUENCE)?.children()?;
        let oid = read_oid(&mut fields, what)?;
        let params = fields.next_element()?;
        fields.finish()?;
        Ok(AlgorithmId { oid, params })
    }
}

/// Reads an `OBJECT IDENTIFIER`.
pub(crate) fn read_oid(
    reader: &mut Reader<'_>,
    what: &'static str,
) -> Result<ObjectIdentifier, Pkcs12Error> {
    let tlv = reader.read_tag(ber::OID)?;
    ObjectIdentifier::from_bytes(tlv.content()).map_err(|_| Pkcs12Error::Invalid { what })
}

/// Reads a non-negative `INTEGER` that fits in a `u64`.
pub(crate) fn read_uint(reader: &mut Reader<'_>, what: &'static str) -> Result<u64, Pkcs12Error> {
    let tlv = reader.read_tag(ber::INTEGER)?;
    uint_value(tlv.content()).ok_or(Pkcs12Error::Invalid { what })
}

/// The value of non-negative `INTEGER` contents, if it fits in a `u64`.
pub(crate) fn uint_value(content: &[u8]) -> Option<u64> {
    let first = *content.first()?;
    if first & 0x80 != 0 {
        return None;
    }
    let significant: &[u8] = match content.iter().position(|b| *b != 0) {
        Some(start) => content.get(start..)?,
        None => &[],
    };
    if significant.len() > 8 {
        return None;
    }
    Some(
        significant
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    )
}

/// Reads an `OCTET STRING`, primitive or constructed (BER).
pub(crate) fn read_octets<'a>(reader: &mut Reader<'a>) -> Result<Cow<'a, [u8]>, Pkcs12Error> {
    octets(reader.read()?)
}

/// The value of an `OCTET STRING` element, primitive (`04`) or constructed (`24`, BER).
pub(crate) fn octets(tlv: Tlv<'_>) -> Result<Cow<'_, [u8]>, Pkcs12Error> {
    match tlv.tag() {
        ber::OCTET_STRING | 0x24 => Ok(tlv.string_value()?),
        found => Err(ber::BerError::UnexpectedTag {
            expected: ber::OCTET_STRING,
            found,
            offset: tlv.offset(),
        }
        .into()),
    }
}

/// The single element inside an explicit tag `[n]`.
pub(crate) fn explicit<'a>(tlv: Tlv<'a>, n: u8) -> Result<Tlv<'a>, Pkcs12Error> {
    let mut inner = tlv.expect_tag(ber::context_constructed(n))?.children()?;
    let value = inner.read()?;
    inner.finish()?;
    Ok(value)
}

/// Decodes `BMPString` contents (UTF-16BE); unpaired surrogates become U+FFFD.
pub(crate) fn decode_bmp(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Encodes a `BMPString` element (UTF-16BE, no terminator).
pub(crate) fn encode_bmp(text: &str) -> Vec<u8> {
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    ber::tlv(BMP_STRING, &bytes)
}

/// Encodes an `OBJECT IDENTIFIER` element.
pub(crate) fn encode_oid(oid: &ObjectIdentifier) -> Vec<u8> {
    ber::tlv(ber::OID, oid.as_bytes())
}

/// Encodes a non-negative `INTEGER` element.
pub(crate) fn encode_uint(value: u64) -> Vec<u8> {
    let bytes = value.to_be_bytes();
    let skip = bytes
        .iter()
        .take_while(|b| **b == 0)
        .count()
        .min(bytes.len() - 1);
    let mut content = Vec::with_capacity(9);
    if bytes.get(skip).is_some_and(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(bytes.get(skip..).unwrap_or_default());
    ber::tlv(ber::INTEGER, &content)
}

/// Encodes an `AlgorithmIdentifier` from its OID and already-encoded parameters.
pub(crate) fn encode_algorithm(oid: &ObjectIdentifier, params: &[u8]) -> Vec<u8> {
    ber::constructed(ber::SEQUENCE, &[&encode_oid(oid), params])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn integers() {
        assert_eq!(encode_uint(0), vec![0x02, 0x01, 0x00]);
        assert_eq!(encode_uint(3), vec![0x02, 0x01, 0x03]);
        assert_eq!(encode_uint(128), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(encode_uint(2048), vec![0x02, 0x02, 0x08, 0x00]);
        for value in [0, 1, 127, 128, 255, 256, 2048, 65535, u64::MAX] {
            let encoded = encode_uint(value);
            let mut reader = Reader::new(&encoded);
            assert_eq!(read_uint(&mut reader, "test").unwrap(), value);
        }
        assert_eq!(uint_value(&[0xFF]), None);
        assert_eq!(uint_value(&[]), None);
        assert_eq!(uint_value(&[0, 0, 0, 1]), Some(1));
        assert_eq!(uint_value(&[1, 0, 0, 0, 0, 0, 0, 0, 0]), None);
    }

    #[test]
    fn bmp_strings() {
        let encoded = encode_bmp("añ𝄞");
        assert_eq!(encoded[0], BMP_STRING);
        assert_eq!(decode_bmp(&encoded[2..]), "añ𝄞");
        assert_eq!(decode_bmp(&[0xD8, 0x00, 0x00]), "\u{FFFD}");
    }
}
