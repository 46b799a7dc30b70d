//! Reading objects without their stream data, and the exact bytes of a dictionary entry.

use std::ops::Range;

use crate::error::{LimitExceeded, PdfError, Result};
use crate::file::{ObjectLocation, PdfFile};
use crate::object::{ObjRef, Object};
use crate::parser::{Parser, parse_object_header};

impl PdfFile {
    /// The object `id` as of `rev` without its stream data: a stream gives its dictionary.
    /// Cheaper than [`PdfFile::get_at`] for large streams, and the way to read objects of a
    /// file opened in bounded memory (`ades_pades::SourcePdf::open`).
    pub fn get_shallow_at(&self, rev: usize, id: ObjRef) -> Result<Object> {
        self.get_indirect_shallow_at(rev, id).map(|o| o.object)
    }

    /// Follows references from `obj` as of `rev` like [`PdfFile::resolve_at`], reading
    /// streams as their dictionaries.
    pub fn resolve_shallow_at(&self, rev: usize, obj: &Object) -> Result<Object> {
        let &Object::Reference(mut id) = obj else {
            return Ok(obj.clone());
        };
        let mut seen = Vec::new();
        loop {
            if seen.contains(&id) {
                return Err(PdfError::ReferenceLoop { id });
            }
            if seen.len() >= self.limits().max_reference_chain {
                return Err(
                    LimitExceeded::ReferenceChain(self.limits().max_reference_chain).into(),
                );
            }
            seen.push(id);
            match self.get_shallow_at(rev, id) {
                Ok(Object::Reference(next)) => id = next,
                Ok(object) => return Ok(object),
                Err(PdfError::ObjectNotFound { .. }) => return Ok(Object::Null),
                Err(e) => return Err(e),
            }
        }
    }
}

/// The byte span of the value of top-level `key` in the dictionary of the uncompressed
/// object at `location`, exactly as written (a hex string: from `<` to `>` inclusive).
/// `None` if the object is in an object stream, is not a dictionary, or has the key zero
/// or several times.
pub fn value_span(pdf: &PdfFile, location: &ObjectLocation, key: &str) -> Option<Range<usize>> {
    let ObjectLocation::File { range, .. } = location else {
        return None;
    };
    let data = pdf.bytes().get(..range.end)?;
    let (_, after_header) = parse_object_header(data, range.start)?;
    let mut parser = Parser::new(data, after_header, pdf.limits());
    let lex = parser.lexer();
    lex.skip_ws();
    if !data.get(lex.pos()..)?.starts_with(b"<<") {
        return None;
    }
    lex.set_pos(lex.pos() + 2);
    let mut span = None;
    let mut count = 0;
    loop {
        parser.lexer().skip_ws();
        let at = parser.pos();
        if data.get(at..)?.starts_with(b">>") {
            break;
        }
        let Ok(Object::Name(name)) = parser.parse_object() else {
            return None;
        };
        parser.lexer().skip_ws();
        let start = parser.pos();
        parser.parse_object().ok()?;
        if name.as_bytes() == key.as_bytes() {
            count += 1;
            span = Some(start..parser.pos());
        }
    }
    (count == 1).then_some(span).flatten()
}
