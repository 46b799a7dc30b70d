//! What a signature's `/ByteRange` covers (ISO 32000-1 §12.8.1, EN 319 142-1 §5.1), checked
//! without trusting it: two ranges from the start of the file whose hole is exactly the
//! `/Contents` hexadecimal string of this signature dictionary, ending at the end of a
//! revision.
//!
//! Failures here are the *universal signature forgery* (a missing, malformed, zero, negative
//! or overlapping `/ByteRange`, an empty or non-string `/Contents`) and the *signature
//! wrapping* attack (a hole larger than `/Contents`, or moved elsewhere, so it can hide other
//! data): both make the signature TOTAL-FAILED / FORMAT_FAILURE.

use ades_core::CheckId;
use ades_core::digest::Digester;
use ades_core::report::CheckList;
use ades_core::validation::DetachedContent;
use ades_core::{DigestAlgorithm, SubIndication};

use crate::sigdict::FoundSignature;
use ades_pdf::value_span;
use ades_pdf::{ObjectLocation, PdfFile};

/// A `/ByteRange` that passed every check.
#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    pub(crate) byte_range: [usize; 4],
    /// The revision whose end the signed range reaches.
    pub(crate) revision: usize,
    /// Whether the signed range reaches the end of the file.
    pub(crate) whole_file: bool,
    /// `/Contents`, cut to the length of its DER (the rest is padding).
    pub(crate) der: Vec<u8>,
}

impl Coverage {
    /// End of the signed bytes.
    pub(crate) fn end(&self) -> usize {
        self.byte_range[2] + self.byte_range[3]
    }
}

/// The signed bytes of a PDF signature, as detached content of its CMS: hashed from memory,
/// or from the file for a PDF read in bounded memory.
pub(crate) struct SignedBytes<'a> {
    pdf: &'a PdfFile,
    parts: [std::ops::Range<usize>; 2],
}

impl SignedBytes<'_> {
    /// The digest of both ranges.
    pub(crate) fn digest(&self, algorithm: DigestAlgorithm) -> std::io::Result<Vec<u8>> {
        let mut d = Digester::new(algorithm);
        for part in &self.parts {
            self.pdf
                .read_range(part.clone(), &mut |chunk| d.update(chunk))?;
        }
        Ok(d.finish())
    }
}

impl DetachedContent for SignedBytes<'_> {
    fn digest(&self, algorithm: DigestAlgorithm) -> std::io::Result<Vec<u8>> {
        SignedBytes::digest(self, algorithm)
    }
}

impl<'a> SignedBytes<'a> {
    pub(crate) fn of(pdf: &'a PdfFile, c: &Coverage) -> Self {
        let [a, b, c2, d] = c.byte_range;
        SignedBytes {
            pdf,
            parts: [a..a + b, c2..c2 + d],
        }
    }
}

/// Checks the signature's `/ByteRange` and `/Contents`, recording `byte-range` and
/// `coverage` checks. `None` when the signature cannot be evaluated further.
pub(crate) fn check_coverage(
    pdf: &PdfFile,
    sig: &FoundSignature,
    checks: &mut CheckList,
) -> Option<Coverage> {
    let fail = |checks: &mut CheckList, detail: String| {
        checks.fail(CheckId::ByteRange, SubIndication::FormatFailure, detail);
        None
    };
    let len = pdf.len();
    let Some(value) = sig.value else {
        return fail(
            checks,
            "the signature dictionary is a direct object: its /Contents cannot be left out of the signed bytes".into(),
        );
    };
    let Some(raw) = sig.dict.get_array("ByteRange") else {
        return fail(checks, "no /ByteRange (universal signature forgery)".into());
    };
    let numbers: Option<Vec<i64>> = raw.iter().map(|o| o.as_i64()).collect();
    let Some(numbers) = numbers else {
        return fail(
            checks,
            "/ByteRange is not an array of integers (universal signature forgery)".into(),
        );
    };
    let [a, b, c, d] = match numbers.as_slice() {
        [a, b, c, d] => [*a, *b, *c, *d],
        _ => {
            return fail(
                checks,
                format!(
                    "/ByteRange has {} numbers, not 4 (two ranges): universal signature forgery or wrapping",
                    numbers.len()
                ),
            );
        }
    };
    let as_usize = |x: i64| usize::try_from(x).ok();
    let (Some(a), Some(b), Some(c), Some(d)) = (as_usize(a), as_usize(b), as_usize(c), as_usize(d))
    else {
        return fail(
            checks,
            format!(
                "/ByteRange [{a} {b} {c} {d}] has a negative number (universal signature forgery)"
            ),
        );
    };
    if a != 0 {
        return fail(
            checks,
            format!("/ByteRange starts at {a}, not at the start of the file"),
        );
    }
    if b == 0 || c <= b {
        return fail(
            checks,
            format!(
                "/ByteRange [{a} {b} {c} {d}]: empty or overlapping ranges (universal signature forgery)"
            ),
        );
    }
    let Some(end) = c.checked_add(d).filter(|e| *e <= len) else {
        return fail(
            checks,
            format!("/ByteRange [{a} {b} {c} {d}] goes past the end of the file ({len} bytes)"),
        );
    };
    let Some(contents) = sig.contents() else {
        return fail(
            checks,
            "/Contents is missing or not a string (universal signature forgery)".into(),
        );
    };
    if contents.as_bytes().iter().all(|x| *x == 0) {
        return fail(
            checks,
            "/Contents is empty (universal signature forgery)".into(),
        );
    }
    // The hole must be exactly this dictionary's /Contents string, `<` to `>`.
    let located = pdf.get_indirect_at(pdf.latest_revision(), value).ok();
    let span = located
        .as_ref()
        .and_then(|o| value_span(pdf, &o.location, "Contents"));
    match (&located, &span) {
        (Some(o), _) if !matches!(o.location, ObjectLocation::File { .. }) => {
            return fail(
                checks,
                "the signature dictionary is inside an object stream: its /Contents cannot be the hole of /ByteRange".into(),
            );
        }
        (_, Some(span)) if span.start == b && span.end == c => {}
        (_, Some(span)) => {
            return fail(
                checks,
                format!(
                    "the hole of /ByteRange ({b}..{c}) is not the /Contents string ({}..{}): signature wrapping",
                    span.start, span.end
                ),
            );
        }
        _ => {
            return fail(
                checks,
                "/Contents of the signature dictionary cannot be located in the file (missing, duplicated, or not a hexadecimal string)".into(),
            );
        }
    }
    if pdf.bytes().get(b) != Some(&b'<') || pdf.bytes().get(c - 1) != Some(&b'>') {
        return fail(
            checks,
            "/Contents is not a hexadecimal string: signature wrapping".into(),
        );
    }
    checks.pass(
        CheckId::ByteRange,
        format!("/ByteRange [0 {b} {c} {d}] covers the file but exactly its /Contents"),
    );
    let revisions = pdf.revisions();
    let revision = revisions
        .iter()
        .position(|r| r.end_offset() == end || r.end_offset_with_eol() == end);
    let whole_file = end == len;
    let revision = match (revision, whole_file) {
        (Some(r), _) => r,
        (None, true) => pdf.latest_revision(),
        (None, false) => {
            checks.fail(
                CheckId::Coverage,
                SubIndication::FormatFailure,
                format!(
                    "the signed bytes end at offset {end}, which is not the end of a revision: {} bytes after it are not signed",
                    len - end
                ),
            );
            return None;
        }
    };
    if let Some(problem) = startxref_mismatch(pdf, revision, end) {
        checks.fail(CheckId::Coverage, SubIndication::FormatFailure, problem);
        return None;
    }
    if let Some(rev) = revisions.get(revision)
        && b < rev.start_offset()
    {
        checks.warn(
            CheckId::Coverage,
            format!(
                "the signature dictionary lies before the revision it signs (revision {})",
                revision + 1
            ),
        );
    }
    Some(Coverage {
        byte_range: [a, b, c, d],
        revision,
        whole_file,
        der: der_prefix(contents.as_bytes()).to_vec(),
    })
}

/// Why the signed bytes `0..end` do not read as the revision they are taken for: their last
/// `startxref` must name one of that revision's cross-reference sections (a linearized
/// file's first-page or main section), or a reader of the signed bytes alone would see
/// another document than the one later changes are judged against. A section found a few
/// bytes off the stated offset, as readers find it, counts as named.
fn startxref_mismatch(pdf: &PdfFile, revision: usize, end: usize) -> Option<String> {
    let revision = pdf.revisions().get(revision)?;
    let expected = revision.xref_offset()?;
    let names_revision = |offset: usize| {
        let sections = revision.section_offsets();
        sections.contains(&offset)
            || offset == expected
            || pdf
                .xref_section_near(offset)
                .is_some_and(|found| found == expected || sections.contains(&found))
    };
    // Bytes signed past the revision's `%%EOF` (padding in a whole-file signature) do not hide it.
    match pdf.startxref_before(end.min(revision.end_offset())) {
        Some(stated) if names_revision(stated) => None,
        Some(stated) => Some(format!(
            "the signed bytes end with startxref {stated}, not the offset of the signed revision's cross-reference section ({expected}): a reader of the signed bytes sees another document"
        )),
        None => Some(format!(
            "the signed bytes end at offset {end} without a startxref naming the signed revision's cross-reference section"
        )),
    }
}

/// The BER/DER element at the start of `bytes` (definite or indefinite length), without the
/// zero padding after it; all of `bytes` if no element can be read.
pub(crate) fn der_prefix(bytes: &[u8]) -> &[u8] {
    match ades_core::ber::Reader::new(bytes).read() {
        Ok(tlv) => tlv.raw(),
        Err(_) => bytes,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// A cross-reference section for objects 1 and 2 at `offsets`, with `trailer_extra`.
    fn xref(out: &mut Vec<u8>, offsets: [usize; 2], trailer_extra: &str) -> usize {
        let at = out.len();
        out.extend_from_slice(b"xref\n0 3\n0000000000 65535 f \n");
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!("trailer\n<</Size 3/Root 1 0 R{trailer_extra}>>\n").as_bytes(),
        );
        at
    }

    /// The signed bytes end with `startxref A`, but a later revision's `/Prev` names another
    /// section B among them: the file's history takes B for the signed revision, a reader of
    /// the signed bytes reads A.
    #[test]
    fn the_signed_startxref_must_name_the_signed_revision() {
        let mut out = b"%PDF-1.7\n".to_vec();
        let catalog = out.len();
        out.extend_from_slice(b"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n");
        let pages_a = out.len();
        out.extend_from_slice(b"2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n");
        let pages_b = out.len();
        out.extend_from_slice(b"2 0 obj\n<</Type/Pages/Kids[]/Count 0/Other true>>\nendobj\n");
        let b = xref(&mut out, [catalog, pages_b], "");
        let a = xref(&mut out, [catalog, pages_a], "");
        out.extend_from_slice(format!("startxref\n{a}\n%%EOF\n").as_bytes());
        let signed_end = out.len() - 1;
        let honest = PdfFile::parse(out.clone()).unwrap();
        assert_eq!(startxref_mismatch(&honest, 0, signed_end), None);
        // Padding signed after `%%EOF` (a whole-file signature) does not hide the startxref.
        let mut padded = out.clone();
        padded.extend_from_slice(&[0u8; 2048]);
        let padded_end = padded.len();
        let padded = PdfFile::parse(padded).unwrap();
        assert_eq!(startxref_mismatch(&padded, 0, padded_end), None);

        let c = xref(&mut out, [catalog, pages_a], &format!("/Prev {b}"));
        out.extend_from_slice(format!("startxref\n{c}\n%%EOF\n").as_bytes());
        let confused = PdfFile::parse(out).unwrap();
        assert_eq!(confused.revisions()[0].xref_offset(), Some(b));
        assert_eq!(confused.revisions()[0].end_offset(), signed_end);
        let problem = startxref_mismatch(&confused, 0, signed_end).unwrap();
        assert!(problem.contains(&format!("startxref {a}")), "{problem}");
    }
}
