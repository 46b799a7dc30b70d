//! Text made safe for XML 1.0 and HTML: markup characters escaped, characters XML 1.0 does
//! not allow (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF) left out.
//! Details come from signatures, which anyone can write: nothing of theirs reaches a report
//! unescaped.

/// Whether XML 1.0 allows `c` in a document (§2.2 `Char`; Rust's `char` holds no surrogates).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// `text` with `& < > " '` escaped and characters illegal in XML 1.0 removed: usable as
/// element content and as a quoted attribute value, in XML and in HTML.
pub(crate) fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` as an `xs:anyURI` that any reader accepts: characters outside RFC 3986's
/// unreserved and reserved sets (and `%`) percent-encoded as UTF-8, so a policy identifier
/// a signature carries cannot break the document.
pub(crate) fn uri(text: &str) -> String {
    const KEPT: &str = "-._~:/?#[]@!$&'()*+,;=%";
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() || KEPT.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(
            text("<script>a&b\"c'd</script>\u{0}\u{1b}\u{FFFE}\tok"),
            "&lt;script&gt;a&amp;b&quot;c&#39;d&lt;/script&gt;\tok"
        );
        assert_eq!(text("año €"), "año €");
    }

    #[test]
    fn uris_keep_their_syntax_and_encode_the_rest() {
        assert_eq!(uri("urn:oid:2.16.724.1.8"), "urn:oid:2.16.724.1.8");
        assert_eq!(uri("http://a.b/c d<é>"), "http://a.b/c%20d%3C%C3%A9%3E");
    }
}
