//! Buffered output with the escaping rules of canonical XML.

use std::io::Write;

const FLUSH_AT: usize = 64 * 1024;

/// Collects output in a buffer and hands it to the writer in large chunks.
pub(crate) struct Output<'w, W: Write + ?Sized> {
    buf: Vec<u8>,
    writer: &'w mut W,
}

impl<'w, W: Write + ?Sized> Output<'w, W> {
    pub(crate) fn new(writer: &'w mut W) -> Self {
        Output {
            buf: Vec::with_capacity(FLUSH_AT + 1024),
            writer,
        }
    }

    fn maybe_flush(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.writer.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    pub(crate) fn finish(mut self) -> std::io::Result<()> {
        self.writer.write_all(&self.buf)?;
        self.buf.clear();
        self.writer.flush()
    }

    pub(crate) fn raw(&mut self, s: &str) -> std::io::Result<()> {
        self.buf.extend_from_slice(s.as_bytes());
        self.maybe_flush()
    }

    /// Character data: `&` `<` `>` and CR escaped.
    pub(crate) fn text(&mut self, s: &str) -> std::io::Result<()> {
        self.escaped(s, |b| match b {
            b'&' => Some(b"&amp;"),
            b'<' => Some(b"&lt;"),
            b'>' => Some(b"&gt;"),
            b'\r' => Some(b"&#xD;"),
            _ => None,
        })
    }

    /// Attribute (and namespace) values: `&` `<` `"` TAB LF CR escaped.
    pub(crate) fn attribute_value(&mut self, s: &str) -> std::io::Result<()> {
        self.escaped(s, |b| match b {
            b'&' => Some(b"&amp;"),
            b'<' => Some(b"&lt;"),
            b'"' => Some(b"&quot;"),
            b'\t' => Some(b"&#x9;"),
            b'\n' => Some(b"&#xA;"),
            b'\r' => Some(b"&#xD;"),
            _ => None,
        })
    }

    /// A namespace declaration, ` xmlns="uri"` or ` xmlns:prefix="uri"`.
    pub(crate) fn namespace(&mut self, prefix: &str, uri: &str) -> std::io::Result<()> {
        if prefix.is_empty() {
            self.raw(" xmlns=\"")?;
        } else {
            self.raw(" xmlns:")?;
            self.raw(prefix)?;
            self.raw("=\"")?;
        }
        self.attribute_value(uri)?;
        self.raw("\"")
    }

    /// An attribute, ` qname="value"`.
    pub(crate) fn attribute(&mut self, qname: &str, value: &str) -> std::io::Result<()> {
        self.raw(" ")?;
        self.raw(qname)?;
        self.raw("=\"")?;
        self.attribute_value(value)?;
        self.raw("\"")
    }

    fn escaped(
        &mut self,
        s: &str,
        replacement: impl Fn(u8) -> Option<&'static [u8]>,
    ) -> std::io::Result<()> {
        let bytes = s.as_bytes();
        let mut chunk = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if let Some(r) = replacement(b) {
                self.buf
                    .extend_from_slice(bytes.get(chunk..i).unwrap_or(&[]));
                self.buf.extend_from_slice(r);
                chunk = i + 1;
            }
        }
        self.buf
            .extend_from_slice(bytes.get(chunk..).unwrap_or(&[]));
        self.maybe_flush()
    }
}
