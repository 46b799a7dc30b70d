//! Writing XML text: the elements this crate creates, escaped so that any value (a file
//! name, a subject name, a description) reads back exactly.

use std::fmt::Write as _;

/// An XML fragment under construction.
#[derive(Debug, Default, Clone)]
pub(crate) struct Markup {
    out: String,
}

impl Markup {
    pub(crate) fn new() -> Self {
        Markup::default()
    }

    /// `<name a="v" …>`.
    pub(crate) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start_tag(name, attributes);
        self.out.push('>');
        self
    }

    /// `<name a="v" …/>`.
    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> &mut Self {
        self.start_tag(name, attributes);
        self.out.push_str("/>");
        self
    }

    /// `</name>`.
    pub(crate) fn close(&mut self, name: &str) -> &mut Self {
        let _ = write!(self.out, "</{name}>");
        self
    }

    /// Escaped character data.
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        escape_text(&mut self.out, text);
        self
    }

    /// `<name …>text</name>`.
    pub(crate) fn leaf(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> &mut Self {
        self.open(name, attributes).text(text).close(name)
    }

    /// Markup made elsewhere (already well-formed and escaped).
    pub(crate) fn raw(&mut self, markup: &str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    pub(crate) fn into_string(self) -> String {
        self.out
    }

    fn start_tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let _ = write!(self.out, "<{name}");
        for (key, value) in attributes {
            let _ = write!(self.out, " {key}=\"");
            escape_attribute(&mut self.out, value);
            self.out.push('"');
        }
    }
}

/// Escapes character data as Canonical XML does (`&`, `<`, `>`, CR).
pub(crate) fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// Escapes an attribute value as Canonical XML does (`&`, `<`, `"`, TAB, LF, CR).
pub(crate) fn escape_attribute(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// Base64 with a line break every 76 characters, as XML-DSig tools print certificates and
/// embedded content.
pub(crate) fn base64_lines(bytes: &[u8]) -> String {
    use base64::Engine as _;
    let flat = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = String::with_capacity(flat.len() + flat.len() / 76 + 1);
    for (i, chunk) in flat.as_bytes().chunks(76).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Base64 output is ASCII.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    out
}

/// Plain base64 on one line.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes base64 text, ignoring the whitespace XML allows inside it.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine as _;
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_canonical_xml_escapes() {
        let mut m = Markup::new();
        m.leaf("a", &[("n", "x\"<&\t\n")], "1 < 2 & 3 > 0\r");
        assert_eq!(
            m.into_string(),
            "<a n=\"x&quot;&lt;&amp;&#x9;&#xA;\">1 &lt; 2 &amp; 3 &gt; 0&#xD;</a>"
        );
    }

    #[test]
    fn base64_wraps_at_76() {
        let text = base64_lines(&[0u8; 100]);
        assert!(text.lines().all(|l| l.len() <= 76));
        assert_eq!(decode_base64(&text).unwrap(), vec![0u8; 100]);
    }
}
