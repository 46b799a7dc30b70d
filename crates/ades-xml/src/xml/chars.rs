//! Character-level rules of XML 1.0 (Fifth Edition): legal characters, names, line ends,
//! references and attribute-value normalization.

use super::error::{WellFormednessError, XmlError};

/// `Char` of XML 1.0 §2.2.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// White space (`S`) of XML 1.0 §2.3.
pub(crate) fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Checks that `s` (valid UTF-8) holds only XML 1.0 characters. `position` is the offset of
/// `s` in the input, for the error.
pub(crate) fn check_chars(s: &str, position: u64) -> Result<(), XmlError> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let bad = match b {
            0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F => Some(u32::from(b)),
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF; surrogates cannot occur in a `str`.
            0xEF => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0xBF), Some(0xBE)) => Some(0xFFFE),
                (Some(0xBF), Some(0xBF)) => Some(0xFFFF),
                _ => None,
            },
            _ => None,
        };
        if let Some(code) = bad {
            return Err(XmlError::IllegalCharacter {
                position: position + i as u64,
                code,
            });
        }
    }
    Ok(())
}

/// Appends `s` to `out` with the line ends normalized (XML 1.0 §2.11: CR LF and lone CR
/// become LF).
pub(crate) fn push_normalized_eol(out: &mut String, s: &str) {
    if !s.contains('\r') {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if rest.starts_with('\n') {
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// `NCName` of Namespaces in XML 1.0: a `Name` without a colon.
pub(crate) fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c != ':' && is_name_start_char(c) => {}
        _ => return false,
    }
    chars.all(|c| c != ':' && is_name_char(c))
}

/// Splits a `QName` into prefix and local part; `None` if it is not a valid QName.
pub(crate) fn split_qname(s: &str) -> Option<(Option<&str>, &str)> {
    match s.split_once(':') {
        None => is_ncname(s).then_some((None, s)),
        Some((prefix, local)) => {
            (is_ncname(prefix) && is_ncname(local)).then_some((Some(prefix), local))
        }
    }
}

/// The character a reference stands for: a character reference (`#38`, `#x26`) or one of
/// the five predefined entities. `reference` is the text between `&` and `;`.
pub(crate) fn resolve_reference(reference: &str, position: u64) -> Result<char, XmlError> {
    if let Some(number) = reference.strip_prefix('#') {
        let (digits, radix) = match number.strip_prefix('x') {
            Some(hex) => (hex, 16),
            None => (number, 10),
        };
        let valid_digits =
            !digits.is_empty() && digits.len() <= 8 && digits.chars().all(|c| c.is_digit(radix));
        return valid_digits
            .then(|| u32::from_str_radix(digits, radix).ok())
            .flatten()
            .and_then(char::from_u32)
            .filter(|&c| is_xml_char(c))
            .ok_or_else(|| XmlError::InvalidCharReference {
                position,
                reference: reference.to_owned(),
            });
    }
    match reference {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "quot" => Ok('"'),
        "apos" => Ok('\''),
        _ => Err(XmlError::UndefinedEntity {
            position,
            name: reference.to_owned(),
        }),
    }
}

/// Appends the normalized value of an attribute whose raw (between the quotes) text is
/// `raw` to `out` (XML 1.0 §3.3.3 for CDATA attributes, the only kind without a DTD):
/// references are replaced by their character, and each literal white-space character
/// (after line-end normalization, so CR LF counts once) becomes a space. Characters from
/// character references are kept as they are.
pub(crate) fn push_normalized_attribute(
    out: &mut String,
    raw: &str,
    position: u64,
) -> Result<(), XmlError> {
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut chunk_start = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'&' => {
                out.push_str(&raw[chunk_start..i]);
                let rest = &raw[i + 1..];
                let end = rest.find(';').ok_or(XmlError::NotWellFormed {
                    position,
                    kind: WellFormednessError::BareAmpersand,
                })?;
                out.push(resolve_reference(&rest[..end], position)?);
                i += end + 2;
                chunk_start = i;
            }
            b'<' => {
                return Err(XmlError::NotWellFormed {
                    position,
                    kind: WellFormednessError::LtInAttributeValue,
                });
            }
            b'\r' => {
                out.push_str(&raw[chunk_start..i]);
                out.push(' ');
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                chunk_start = i;
            }
            b'\n' | b'\t' => {
                out.push_str(&raw[chunk_start..i]);
                out.push(' ');
                i += 1;
                chunk_start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&raw[chunk_start..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn eol() {
        let mut s = String::new();
        push_normalized_eol(&mut s, "a\r\nb\rc\n\r\r\nd\r");
        assert_eq!(s, "a\nb\nc\n\n\nd\n");
    }

    #[test]
    fn attribute_normalization() {
        let mut s = String::new();
        push_normalized_attribute(&mut s, " &apos;   &#x20;&#13;&#xa;&#9;   &apos; ", 0).unwrap();
        assert_eq!(s, " '    \r\n\t   ' ");
        let mut s = String::new();
        push_normalized_attribute(&mut s, "a\r\nb\tc\rd\ne", 0).unwrap();
        assert_eq!(s, "a b c d e");
        assert!(push_normalized_attribute(&mut String::new(), "a<b", 0).is_err());
        assert!(push_normalized_attribute(&mut String::new(), "a&b", 0).is_err());
        assert!(push_normalized_attribute(&mut String::new(), "&foo;", 0).is_err());
        assert!(push_normalized_attribute(&mut String::new(), "&#0;", 0).is_err());
        assert!(push_normalized_attribute(&mut String::new(), "&#xD800;", 0).is_err());
        assert!(push_normalized_attribute(&mut String::new(), "&#x110000;", 0).is_err());
        assert!(push_normalized_attribute(&mut String::new(), "&#+5;", 0).is_err());
        assert!(push_normalized_attribute(&mut String::new(), "&#x;", 0).is_err());
    }

    #[test]
    fn names() {
        assert_eq!(split_qname("ds:Signature"), Some((Some("ds"), "Signature")));
        assert_eq!(split_qname("a"), Some((None, "a")));
        assert_eq!(split_qname("a:b:c"), None);
        assert_eq!(split_qname(":a"), None);
        assert_eq!(split_qname("a:"), None);
        assert_eq!(split_qname("1a"), None);
        assert_eq!(split_qname(""), None);
        assert_eq!(split_qname("é-x.1"), Some((None, "é-x.1")));
    }

    #[test]
    fn chars() {
        assert!(check_chars("a\tb\n\r", 0).is_ok());
        assert!(matches!(
            check_chars("ab\u{1}", 10),
            Err(XmlError::IllegalCharacter {
                position: 12,
                code: 1
            })
        ));
        assert!(check_chars("\u{FFFF}", 0).is_err());
        assert!(check_chars("\u{FFFD}\u{10000}", 0).is_ok());
    }
}
