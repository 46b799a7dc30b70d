//! A small indenting XML writer: elements are opened and closed in order, every text and
//! attribute value goes through [`escape::text`](crate::escape::text).

use crate::escape;

/// Builds one XML document as a string.
#[derive(Debug)]
pub(crate) struct XmlWriter {
    out: String,
    open: Vec<&'static str>,
}

impl XmlWriter {
    /// A document starting with the XML declaration.
    pub(crate) fn new() -> Self {
        XmlWriter {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            open: Vec::new(),
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    fn tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escape::text(value));
            self.out.push('"');
        }
    }

    /// Opens `name` with `attributes`; [`XmlWriter::end`] closes it.
    pub(crate) fn start(&mut self, name: &'static str, attributes: &[(&str, &str)]) {
        self.indent();
        self.tag(name, attributes);
        self.out.push_str(">\n");
        self.open.push(name);
    }

    /// Closes the element opened last.
    pub(crate) fn end(&mut self) {
        if let Some(name) = self.open.pop() {
            self.indent();
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push_str(">\n");
        }
    }

    /// An element holding `text` only.
    pub(crate) fn leaf(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.indent();
        self.tag(name, attributes);
        self.out.push('>');
        self.out.push_str(&escape::text(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// An element without content.
    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.indent();
        self.tag(name, attributes);
        self.out.push_str("/>\n");
    }

    /// The document, every element closed.
    pub(crate) fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests_and_escapes() {
        let mut w = XmlWriter::new();
        w.start("a", &[("x", "1\"2")]);
        w.leaf("b", &[], "<&>");
        w.empty("c", &[("y", "z")]);
        let xml = w.finish();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1&quot;2\">\n  <b>&lt;&amp;&gt;</b>\n  <c y=\"z\"/>\n</a>\n"
        );
    }
}
