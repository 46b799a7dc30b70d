//! Object streams (ISO 32000-1 §7.5.7): `/Type /ObjStm` with `/N` objects whose numbers and
//! offsets are listed before `/First`.

use std::ops::Range;

use crate::error::{LimitExceeded, PdfError, Result, SyntaxError};
use crate::limits::Limits;
use crate::object::{ObjRef, Object, Stream};
use crate::parser::{Lexer, Parser};

/// A decoded object stream: its data and where each object lies in it.
#[derive(Debug, Clone)]
pub(crate) struct ObjectStream {
    pub(crate) id: ObjRef,
    data: Vec<u8>,
    /// (object number, byte range in `data`) in header order.
    objects: Vec<(u32, Range<usize>)>,
}

impl ObjectStream {
    /// Reads the header of a decoded object stream.
    pub(crate) fn parse(
        id: ObjRef,
        stream: &Stream,
        data: Vec<u8>,
        limits: &Limits,
    ) -> Result<Self> {
        let bad = |kind| PdfError::syntax(0, kind);
        let n = stream
            .dict
            .get_i64("N")
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(PdfError::Missing {
                what: "object stream /N",
            })?;
        if n > limits.max_objects_per_stream {
            return Err(LimitExceeded::ObjectsInStream(limits.max_objects_per_stream).into());
        }
        let first = stream
            .dict
            .get_i64("First")
            .and_then(|f| usize::try_from(f).ok())
            .filter(|f| *f <= data.len())
            .ok_or(PdfError::Missing {
                what: "object stream /First",
            })?;
        let header = data.get(..first).unwrap_or_default();
        let mut lex = Lexer::new(header, 0);
        let mut pairs: Vec<(u32, usize)> = Vec::new();
        for _ in 0..n {
            lex.skip_ws();
            let Some(num) = lex.read_unsigned() else {
                break;
            };
            lex.skip_ws();
            let offset = lex
                .read_unsigned()
                .ok_or_else(|| bad(SyntaxError::UnknownToken))?;
            let num = u32::try_from(num).map_err(|_| bad(SyntaxError::NumberOutOfRange))?;
            let start = usize::try_from(offset)
                .ok()
                .and_then(|o| first.checked_add(o))
                .filter(|s| *s <= data.len())
                .ok_or_else(|| bad(SyntaxError::NumberOutOfRange))?;
            pairs.push((num, start));
        }
        // Each object ends where the next one (by offset) starts.
        let mut starts: Vec<usize> = pairs.iter().map(|(_, s)| *s).collect();
        starts.sort_unstable();
        starts.dedup();
        let objects: Vec<(u32, Range<usize>)> = pairs
            .iter()
            .map(|&(num, start)| {
                let next = starts.partition_point(|s| *s <= start);
                let end = starts.get(next).copied().unwrap_or(data.len());
                (num, start..end)
            })
            .collect();
        Ok(ObjectStream { id, data, objects })
    }

    /// Object numbers and their indexes, in header order.
    pub(crate) fn numbers(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.objects.iter().enumerate().map(|(i, (n, _))| (i, *n))
    }

    /// The object `num` at `index`. A header that puts another number there is an error:
    /// readers that take the object at the index (pdf.js) and those that look it up by
    /// number would show different objects.
    pub(crate) fn get(&self, num: u32, index: u32, limits: &Limits) -> Result<Object> {
        let at = usize::try_from(index)
            .ok()
            .filter(|i| self.objects.get(*i).is_some_and(|(n, _)| *n == num))
            .ok_or(PdfError::NotInObjectStream {
                id: ObjRef::new(num, 0),
                stream: self.id.num,
            })?;
        let range =
            self.objects
                .get(at)
                .map(|(_, r)| r.clone())
                .ok_or(PdfError::NotInObjectStream {
                    id: ObjRef::new(num, 0),
                    stream: self.id.num,
                })?;
        let slice = self.data.get(..range.end).unwrap_or_default();
        Parser::new(slice, range.start, limits).parse_object()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::object::Dictionary;

    fn objstm(n: i64, first: i64) -> Stream {
        let mut dict = Dictionary::new();
        dict.insert("Type", Object::name("ObjStm"));
        dict.insert("N", Object::Integer(n));
        dict.insert("First", Object::Integer(first));
        Stream {
            dict,
            data: Vec::new(),
        }
    }

    #[test]
    fn reads_objects_at_their_index() {
        let limits = Limits::default();
        let data = b"10 0 11 2 12 4 1 2 <</A 1>> 7".to_vec();
        let s = ObjectStream::parse(ObjRef::new(5, 0), &objstm(3, 15), data, &limits).unwrap();
        // "1 2" must not become a reference followed by the next object.
        assert_eq!(s.get(10, 0, &limits).unwrap(), Object::Integer(1));
        assert_eq!(s.get(11, 1, &limits).unwrap(), Object::Integer(2));
        assert_eq!(
            s.get(12, 2, &limits)
                .unwrap()
                .as_dict()
                .unwrap()
                .get_i64("A"),
            Some(1)
        );
        assert!(s.get(13, 0, &limits).is_err());
        // An index that holds another number (or none) is an error, not a search by number:
        // readers that take the object at the index would show another one.
        assert!(s.get(12, 9, &limits).is_err());
        assert!(s.get(12, 0, &limits).is_err());
        assert_eq!(s.numbers().count(), 3);
    }

    #[test]
    fn rejects_bad_headers() {
        let limits = Limits::default();
        assert!(
            ObjectStream::parse(ObjRef::new(5, 0), &objstm(1, 99), b"1 0".to_vec(), &limits)
                .is_err()
        );
        assert!(
            ObjectStream::parse(ObjRef::new(5, 0), &objstm(1, 4), b"1 x 7".to_vec(), &limits)
                .is_err()
        );
        assert!(
            ObjectStream::parse(ObjRef::new(5, 0), &objstm(1 << 30, 0), Vec::new(), &limits)
                .is_err()
        );
    }
}
