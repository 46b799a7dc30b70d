//! Documents in another encoding than UTF-8 (ISO-8859-2 from Hungarian signers, UTF-16 from
//! Windows tools), made readable for validation: decoded strictly (a byte sequence the
//! encoding does not define is an error, never a replacement character) into UTF-8, with the
//! XML declaration's `encoding` changed to say so.
//!
//! Canonical XML is UTF-8 whatever the input encoding (C14N 1.0 §2.1) and leaves the
//! declaration out, so every digest and signature over the document is the same on the
//! transcoding. Byte offsets of the transcoded document are not offsets in the original, so
//! signing code (which splices into the original bytes) never transcodes.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// The input transcoded to UTF-8 and the name of its original encoding, when it is
/// UTF-16 (by its byte-order mark or first bytes) or declares an encoding other than UTF-8
/// that `encoding_rs` knows. `None` for UTF-8 input, an unknown label, or bytes the encoding
/// does not define.
pub fn transcode_to_utf8(input: &[u8]) -> Option<(Vec<u8>, &'static str)> {
    let (encoding, body) = detect(input)?;
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(body)?
        .into_owned();
    Some((with_utf8_declaration(&text).into_bytes(), encoding.name()))
}

/// The encoding of a non-UTF-8 input and the bytes after its byte-order mark.
fn detect(input: &[u8]) -> Option<(&'static Encoding, &[u8])> {
    if let Some(rest) = input.strip_prefix(b"\xFE\xFF") {
        return Some((UTF_16BE, rest));
    }
    if let Some(rest) = input.strip_prefix(b"\xFF\xFE") {
        return Some((UTF_16LE, rest));
    }
    if input.starts_with(b"\x00<") {
        return Some((UTF_16BE, input));
    }
    if input.starts_with(b"<\x00") {
        return Some((UTF_16LE, input));
    }
    let label = declared_encoding(input)?;
    let encoding = Encoding::for_label(label.as_bytes())?;
    (encoding.name() != "UTF-8").then_some((encoding, input))
}

/// The `encoding` pseudo-attribute of an ASCII-compatible XML declaration.
fn declared_encoding(input: &[u8]) -> Option<String> {
    let head = input.get(..input.len().min(256))?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let (_, after) = decl.split_once("encoding")?;
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// `text` with the XML declaration's encoding (if any) replaced by `UTF-8`.
fn with_utf8_declaration(text: &str) -> String {
    let Some(rest) = text.strip_prefix("<?xml") else {
        return text.to_owned();
    };
    let Some(end) = rest.find("?>") else {
        return text.to_owned();
    };
    let decl = &rest[..end];
    let Some(at) = decl.find("encoding") else {
        return text.to_owned();
    };
    let after = &decl[at + "encoding".len()..];
    let Some(open) = after.find(['"', '\'']) else {
        return text.to_owned();
    };
    let quote = &after[open..=open];
    let Some(len) = after[open + 1..].find(quote) else {
        return text.to_owned();
    };
    let value_start = 5 + at + "encoding".len() + open + 1;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..value_start]);
    out.push_str("UTF-8");
    out.push_str(&text[value_start + len..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin2_and_utf16_become_utf8_with_the_declaration_changed() {
        // "ő" is 0xF5 in ISO-8859-2.
        let latin2 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><a>\xF5</a>";
        let (utf8, name) = transcode_to_utf8(latin2).unwrap();
        assert_eq!(name, "ISO-8859-2");
        assert_eq!(
            String::from_utf8(utf8).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\u{151}</a>"
        );
        let utf16: Vec<u8> = "\u{feff}<a>é</a>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (utf8, name) = transcode_to_utf8(&utf16).unwrap();
        assert_eq!(
            (String::from_utf8(utf8).unwrap().as_str(), name),
            ("<a>é</a>", "UTF-16LE")
        );
        assert!(transcode_to_utf8(b"<?xml version='1.0' encoding='UTF-8'?><a/>").is_none());
        assert!(transcode_to_utf8(b"<a/>").is_none());
        // Shift_JIS lead byte with no trail: an error, not a replacement character.
        assert!(
            transcode_to_utf8(b"<?xml version='1.0' encoding='Shift_JIS'?><a>\x81</a>").is_none()
        );
    }
}
