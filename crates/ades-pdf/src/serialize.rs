//! Deterministic serialisation of the object model.
//!
//! The same object always gives the same bytes: dictionaries in their order, single spaces,
//! integers in decimal, reals without exponent (at least one decimal: `1.0`), names with every
//! byte outside `!`..`~`, every delimiter and `#` escaped as `#XX`, literal strings with `\`,
//! `(`, `)` and control bytes escaped (`\n`, `\r`, `\t`, `\b`, `\f`, other bytes below 0x20 and
//! 0x7F and above as `\ddd`), hexadecimal strings in upper case, streams with `/Length` set to
//! their data's length. Placeholders are written at their full reserved size and their byte
//! ranges reported.

use std::io::Write as _;
use std::ops::Range;

use crate::object::{
    BYTE_RANGE_DIGITS, Name, ObjRef, Object, PdfString, Placeholder, PlaceholderKind, StringFormat,
};
use crate::parser::is_delimiter;

/// The bytes of one direct object (placeholders written zero-filled).
pub fn serialize_object(obj: &Object) -> Vec<u8> {
    let mut out = Vec::new();
    write_object(&mut out, obj, &mut Vec::new());
    out
}

/// Appends `obj`; records each placeholder's range (relative to `out`'s start) in `spans`.
pub(crate) fn write_object(
    out: &mut Vec<u8>,
    obj: &Object,
    spans: &mut Vec<(Placeholder, Range<usize>)>,
) {
    match obj {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        Object::Real(r) => write_real(out, *r),
        Object::String(s) => write_string(out, s),
        Object::Name(n) => write_name(out, n),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, item, spans);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dict(out, d.iter(), spans),
        Object::Stream(s) => {
            let mut dict = s.dict.clone();
            dict.insert(
                "Length",
                Object::Integer(i64::try_from(s.data.len()).unwrap_or(i64::MAX)),
            );
            write_dict(out, dict.iter(), spans);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&s.data);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(r) => write_reference(out, *r),
        Object::Placeholder(p) => {
            let start = out.len();
            match p.kind {
                PlaceholderKind::HexString { len } => {
                    out.push(b'<');
                    out.resize(out.len() + 2 * len, b'0');
                    out.push(b'>');
                }
                PlaceholderKind::ByteRange => {
                    out.push(b'[');
                    for i in 0..4 {
                        if i > 0 {
                            out.push(b' ');
                        }
                        out.resize(out.len() + BYTE_RANGE_DIGITS, b'0');
                    }
                    out.push(b']');
                }
            }
            spans.push((*p, start..out.len()));
        }
    }
}

fn write_dict<'a>(
    out: &mut Vec<u8>,
    entries: impl Iterator<Item = (&'a Name, &'a Object)>,
    spans: &mut Vec<(Placeholder, Range<usize>)>,
) {
    out.extend_from_slice(b"<<");
    for (i, (key, value)) in entries.enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        write_name(out, key);
        out.push(b' ');
        write_object(out, value, spans);
    }
    out.extend_from_slice(b">>");
}

/// `num gen obj` … `endobj` with a trailing newline.
pub(crate) fn write_indirect(
    out: &mut Vec<u8>,
    id: ObjRef,
    obj: &Object,
    spans: &mut Vec<(Placeholder, Range<usize>)>,
) {
    let _ = writeln!(out, "{} {} obj", id.num, id.generation);
    write_object(out, obj, spans);
    out.extend_from_slice(b"\nendobj\n");
}

fn write_reference(out: &mut Vec<u8>, r: ObjRef) {
    let _ = write!(out, "{} {} R", r.num, r.generation);
}

fn write_real(out: &mut Vec<u8>, r: f64) {
    if !r.is_finite() {
        out.extend_from_slice(b"0.0");
        return;
    }
    // `Display` for f64 never uses an exponent and gives the shortest round-trip digits.
    let text = format!("{r}");
    out.extend_from_slice(text.as_bytes());
    if !text.contains('.') {
        out.extend_from_slice(b".0");
    }
}

fn write_name(out: &mut Vec<u8>, name: &Name) {
    out.push(b'/');
    for &b in name.as_bytes() {
        if (0x21..=0x7E).contains(&b) && !is_delimiter(b) && b != b'#' {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

fn write_string(out: &mut Vec<u8>, s: &PdfString) {
    match s.format() {
        StringFormat::Hexadecimal => {
            out.push(b'<');
            for b in s.as_bytes() {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        StringFormat::Literal => {
            out.push(b'(');
            for &b in s.as_bytes() {
                match b {
                    b'(' | b')' | b'\\' => {
                        out.push(b'\\');
                        out.push(b);
                    }
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    0x08 => out.extend_from_slice(b"\\b"),
                    0x0C => out.extend_from_slice(b"\\f"),
                    0x20..=0x7E => out.push(b),
                    _ => {
                        let _ = write!(out, "\\{b:03o}");
                    }
                }
            }
            out.push(b')');
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::limits::Limits;
    use crate::object::{Dictionary, Stream};
    use crate::parser::Parser;

    fn roundtrip(obj: &Object) -> Object {
        let bytes = serialize_object(obj);
        let limits = Limits::default();
        Parser::new(&bytes, 0, &limits).parse_object().unwrap()
    }

    #[test]
    fn escapes_and_roundtrips() {
        let weird: Vec<u8> = (0u8..=255).collect();
        let mut d = Dictionary::new();
        d.insert(Name::new(weird.clone()), Object::Integer(-3));
        d.insert("Lit", PdfString::literal(weird.clone()));
        d.insert("Hex", PdfString::hex(weird.clone()));
        d.insert("R", Object::Real(0.1));
        d.insert("R2", Object::Real(-3.0));
        d.insert(
            "A",
            Object::Array(vec![
                Object::Null,
                Object::Boolean(true),
                ObjRef::new(4, 2).into(),
                Object::name("A B#"),
            ]),
        );
        let obj = Object::Dictionary(d);
        assert_eq!(roundtrip(&obj), obj);
        assert_eq!(serialize_object(&Object::Real(-3.0)), b"-3.0");
        assert_eq!(serialize_object(&Object::name("A B#(")), b"/A#20B#23#28");
        assert_eq!(
            serialize_object(&PdfString::literal(b"a(b)\\\r\x01\xff".to_vec()).into()),
            b"(a\\(b\\)\\\\\\r\\001\\377)"
        );
        assert_eq!(serialize_object(&Object::Real(f64::NAN)), b"0.0");
        assert_eq!(
            serialize_object(&Object::Real(1e20)),
            b"100000000000000000000.0"
        );
    }

    #[test]
    fn streams_get_their_length() {
        let mut dict = Dictionary::new();
        dict.insert("Length", Object::Integer(999));
        dict.insert("Type", Object::name("X"));
        let s = Object::Stream(Stream {
            dict,
            data: b"abc".to_vec(),
        });
        assert_eq!(
            serialize_object(&s),
            b"<</Length 3 /Type /X>>\nstream\nabc\nendstream"
        );
    }
}
