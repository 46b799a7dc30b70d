//! Content streams (ISO 32000-1 §7.8.2): the operations a page's content is made of, each an
//! operator with its operands, for readers that measure what a page draws. Inline images
//! (`BI` … `ID` data `EI`, §8.9.7) come out as one `BI` operation without their data.

use crate::error::{LimitExceeded, Result};
use crate::limits::Limits;
use crate::object::Object;
use crate::parser::{Parser, is_regular, is_whitespace};

/// Most operands one operator may take (the largest, `d` with its array, `TJ`, take one).
const MAX_OPERANDS: usize = 64;

/// One operation: the operator and its operands.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operator (`Tj`, `re`, `cm`…).
    pub operator: Vec<u8>,
    /// Its operands, in order.
    pub operands: Vec<Object>,
}

/// The operations of a decoded content stream, in order; reading stops at the first
/// malformed token with an error.
pub struct ContentOperations<'a, 'l> {
    parser: Parser<'a, 'l>,
    data: &'a [u8],
    failed: bool,
}

/// Reads the operations of the decoded content stream `data` (bounded by `limits` as any
/// object).
pub fn content_operations<'a, 'l>(data: &'a [u8], limits: &'l Limits) -> ContentOperations<'a, 'l> {
    ContentOperations {
        parser: Parser::new(data, 0, limits),
        data,
        failed: false,
    }
}

impl ContentOperations<'_, '_> {
    /// After `ID`: skips the image data up to `EI` between white space (or at the end).
    fn skip_inline_image(&mut self) {
        let lex = self.parser.lexer();
        let mut pos = lex.pos() + 1;
        while pos < self.data.len() {
            let before = self
                .data
                .get(pos.wrapping_sub(1))
                .copied()
                .is_some_and(is_whitespace);
            let at_ei = self.data.get(pos..pos + 2) == Some(b"EI");
            let after = self.data.get(pos + 2).is_none_or(|&b| !is_regular(b));
            if before && at_ei && after {
                lex.set_pos(pos + 2);
                return;
            }
            pos += 1;
        }
        lex.set_pos(self.data.len());
    }
}

impl Iterator for ContentOperations<'_, '_> {
    type Item = Result<Operation>;

    fn next(&mut self) -> Option<Result<Operation>> {
        if self.failed {
            return None;
        }
        let mut operands = Vec::new();
        loop {
            let lex = self.parser.lexer();
            lex.skip_ws();
            let b = lex.peek()?;
            let keyword = is_regular(b) && !matches!(b, b'0'..=b'9' | b'+' | b'-' | b'.');
            if keyword {
                let start = lex.pos();
                let token = lex.regular_run().to_vec();
                match token.as_slice() {
                    b"true" | b"false" | b"null" => lex.set_pos(start),
                    b"BI" => {
                        // The image dictionary's key-value pairs, up to `ID`.
                        loop {
                            let lex = self.parser.lexer();
                            lex.skip_ws();
                            if lex.at_keyword(b"ID") {
                                lex.set_pos(lex.pos() + 2);
                                break;
                            }
                            if lex.peek().is_none() {
                                break;
                            }
                            if let Err(e) = self.parser.parse_object() {
                                self.failed = true;
                                return Some(Err(e));
                            }
                        }
                        self.skip_inline_image();
                        return Some(Ok(Operation {
                            operator: token,
                            operands: Vec::new(),
                        }));
                    }
                    _ => {
                        return Some(Ok(Operation {
                            operator: token,
                            operands,
                        }));
                    }
                }
            }
            match self.parser.parse_object() {
                Ok(o) => operands.push(o),
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
            if operands.len() > MAX_OPERANDS {
                self.failed = true;
                return Some(Err(LimitExceeded::ContainerEntries(MAX_OPERANDS).into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn operators_operands_and_inline_images() {
        let data = b"q 1 0 0 1 10 20 cm BT /F1 12 Tf (a) Tj [(b) -20 (c)] TJ ET\nBI /W 2 /H 2 /BPC 8 /CS /G ID \x00EI\xff EI Q % note\n0 0 5 5 re f true";
        let limits = Limits::default();
        let ops: Vec<Operation> = content_operations(data, &limits)
            .collect::<Result<_>>()
            .unwrap();
        let names: Vec<&[u8]> = ops.iter().map(|o| o.operator.as_slice()).collect();
        assert_eq!(
            names,
            [
                &b"q"[..],
                b"cm",
                b"BT",
                b"Tf",
                b"Tj",
                b"TJ",
                b"ET",
                b"BI",
                b"Q",
                b"re",
                b"f"
            ]
        );
        assert_eq!(ops[1].operands.len(), 6);
        assert_eq!(ops[5].operands.len(), 1);
        assert!(content_operations(b"(unclosed Tj", &limits).any(|r| r.is_err()));
    }
}
