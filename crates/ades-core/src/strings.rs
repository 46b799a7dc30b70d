//! Decoding of the ASN.1 character-string types found in names and CAdES attributes
//! (`DirectoryString`, `DisplayText`, the SPuri `IA5String`, …).

use der::{Any, Encode, Tagged};

/// UTF8String.
pub const UTF8_STRING: u8 = 0x0C;
/// PrintableString.
pub const PRINTABLE_STRING: u8 = 0x13;
/// IA5String.
pub const IA5_STRING: u8 = 0x16;
/// BMPString.
pub const BMP_STRING: u8 = 0x1E;

/// The text of a character-string value of any of the X.680 string types.
///
/// `TeletexString` is read as Latin-1 (what Spanish CAs put there in practice), `BMPString`
/// as UTF-16BE and `UniversalString` as UTF-32BE. Returns `None` for other types or
/// malformed encodings.
pub fn decode_string(tag: u8, bytes: &[u8]) -> Option<String> {
    match tag {
        0x0C => std::str::from_utf8(bytes).ok().map(str::to_owned),
        0x13 | 0x16 | 0x1A | 0x12 => bytes
            .is_ascii()
            .then(|| String::from_utf8_lossy(bytes).into_owned()),
        0x14 => Some(bytes.iter().map(|b| char::from(*b)).collect()),
        0x1E => {
            if !bytes.len().is_multiple_of(2) {
                return None;
            }
            let units = bytes
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .ok()
        }
        0x1C => {
            if !bytes.len().is_multiple_of(4) {
                return None;
            }
            bytes
                .chunks_exact(4)
                .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect()
        }
        _ => None,
    }
}

/// The text of a string held in an [`Any`].
pub fn any_to_string(value: &Any) -> Option<String> {
    let tag = value.tag().to_der().ok()?;
    decode_string(*tag.first()?, value.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_string_types() {
        assert_eq!(
            decode_string(UTF8_STRING, "ñ".as_bytes()).as_deref(),
            Some("ñ")
        );
        assert_eq!(decode_string(0x14, &[0xF1]).as_deref(), Some("ñ"));
        assert_eq!(
            decode_string(BMP_STRING, &[0x00, 0xF1]).as_deref(),
            Some("ñ")
        );
        assert_eq!(decode_string(PRINTABLE_STRING, &[0xF1]), None);
        assert_eq!(decode_string(BMP_STRING, &[0x00]), None);
        assert_eq!(decode_string(0x02, b"1"), None);
    }
}
