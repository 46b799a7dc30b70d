//! The appearance of a visible signature: a form XObject with a thin border and a few lines of
//! text (the signer's name and the signing time) in Helvetica, WinAnsi-encoded.

use ades_pdf::{Dictionary, Object, Stream};

/// Where and how a signature shows on the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Appearance {
    /// No appearance: a widget with an empty rectangle, hidden and printed never (the default).
    #[default]
    Invisible,
    /// A box on a page with text lines.
    Visible {
        /// The page, counting from 1.
        page: usize,
        /// Lower-left corner and size in points: `[x, y, width, height]`.
        rect: [f64; 4],
        /// The lines to show; empty for the default (signer name and signing time).
        lines: Vec<String>,
    },
}

/// The `/AP /N` stream for a box of `width` × `height` showing `lines`.
pub(crate) fn appearance_stream(width: f64, height: f64, lines: &[String]) -> Stream {
    let count = lines.len().max(1) as f64;
    // Helvetica averages about 0.55 em per character: the longest line fits the width.
    let longest = lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let size = (height / (count * 1.3 + 0.6))
        .min((width - 4.0) / (longest * 0.55))
        .clamp(2.0, 10.0);
    let mut content = String::new();
    content.push_str(&format!(
        "q 0.5 w 0 G 0.25 0.25 {} {} re S Q\n",
        num(width - 0.5),
        num(height - 0.5)
    ));
    content.push_str(&format!(
        "BT /Helv {} Tf 0 g {} {} Td {} TL\n",
        num(size),
        num(size * 0.4),
        num(height - size * 1.2),
        num(size * 1.25)
    ));
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            content.push_str("T* ");
        }
        content.push('(');
        for b in winansi(line) {
            match b {
                b'(' | b')' | b'\\' => {
                    content.push('\\');
                    content.push(char::from(b));
                }
                0x20..=0x7e => content.push(char::from(b)),
                _ => content.push_str(&format!("\\{b:03o}")),
            }
        }
        content.push_str(") Tj\n");
    }
    content.push_str("ET\n");

    let mut font = Dictionary::new();
    font.insert("Type", Object::name("Font"));
    font.insert("Subtype", Object::name("Type1"));
    font.insert("BaseFont", Object::name("Helvetica"));
    font.insert("Encoding", Object::name("WinAnsiEncoding"));
    let mut fonts = Dictionary::new();
    fonts.insert("Helv", Object::Dictionary(font));
    let mut resources = Dictionary::new();
    resources.insert("Font", Object::Dictionary(fonts));
    let mut dict = Dictionary::new();
    dict.insert("Type", Object::name("XObject"));
    dict.insert("Subtype", Object::name("Form"));
    dict.insert(
        "BBox",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Real(width),
            Object::Real(height),
        ]),
    );
    dict.insert("Resources", Object::Dictionary(resources));
    Stream {
        dict,
        data: content.into_bytes(),
    }
}

/// A number for a content stream (two decimals, no exponent).
fn num(x: f64) -> String {
    if x.abs() < 0.005 || !x.is_finite() {
        return "0".to_owned();
    }
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Latin-1 characters map to themselves in WinAnsiEncoding's printable range; others become `?`.
fn winansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u32::from(c) {
            0x20..=0x7e | 0xa0..=0xff => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_encoded() {
        let s = appearance_stream(200.0, 50.0, &["Firmado (por) Españ\\ol €".to_owned()]);
        let text = String::from_utf8_lossy(&s.data);
        assert!(
            text.contains(r"(Firmado \(por\) Espa\361\\ol ?) Tj"),
            "{text}"
        );
        assert_eq!(num(2.50), "2.5");
        assert_eq!(num(-0.001), "0");
    }
}
