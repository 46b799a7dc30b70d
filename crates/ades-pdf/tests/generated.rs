//! The reader on PDFs written byte by byte here: a classic table, a compressed cross-reference
//! stream with object streams, an incremental update, a hybrid file; then the quirks real
//! files have (wrong /Length, CR line ends, off-by-one xref, wrong offsets, startxref a few
//! bytes off) and hostile structures (loops, depth, zip bombs, huge counts, truncation).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use ades_pdf::{
    Diagnostic, IncrementalUpdate, LimitExceeded, Limits, NotUpdatable, ObjRef, Object,
    ObjectLocation, PdfError, PdfFile, PdfVersion, XrefEntry, XrefKind,
};
use common::{
    Builder, CONTENT, Entry, classic_pdf, hybrid_pdf, incremental_pdf, object_stream,
    xref_stream_pdf,
};

fn r(num: u32) -> ObjRef {
    ObjRef::new(num, 0)
}

#[test]
fn classic_table() {
    let bytes = classic_pdf();
    let pdf = PdfFile::parse(bytes.clone()).unwrap();
    assert_eq!(pdf.revisions().len(), 1);
    let rev = &pdf.revisions()[0];
    assert_eq!(rev.kind(), XrefKind::Table);
    assert_eq!(rev.end_offset(), bytes.len() - 1);
    assert_eq!(rev.end_offset_with_eol(), bytes.len());
    assert_eq!(&bytes[rev.end_offset() - 5..rev.end_offset()], b"%%EOF");
    assert_eq!(&bytes[rev.xref_offset().unwrap()..][..4], b"xref");
    assert_eq!(rev.entries().len(), 7);
    assert!(!pdf.repaired());
    assert!(pdf.diagnostics().is_empty());
    assert_eq!(pdf.version(), PdfVersion { major: 1, minor: 7 });
    assert!(!pdf.is_encrypted());
    assert_eq!(pdf.root_at(0).unwrap(), r(1));
    assert!(pdf.catalog().unwrap().has_type("Catalog"));
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);

    let content = pdf.get_indirect_at(0, r(4)).unwrap();
    let stream = content.object.as_stream().unwrap();
    assert_eq!(stream.data, CONTENT);
    assert_eq!(pdf.decode_stream(stream).unwrap(), CONTENT);
    let ObjectLocation::File {
        range,
        stream: Some(data),
    } = content.location
    else {
        panic!("{:?}", content.location);
    };
    assert!(bytes[range.clone()].starts_with(b"4 0 obj"));
    assert!(bytes[range].ends_with(b"endobj"));
    assert_eq!(&bytes[data.range], CONTENT);
    assert!(!data.length_repaired);

    assert_eq!(
        pdf.get(r(99)),
        Err(PdfError::ObjectNotFound {
            id: r(99),
            revision: 0
        })
    );
    assert_eq!(
        pdf.resolve(&Object::Reference(r(99))).unwrap(),
        Object::Null
    );
    assert!(pdf.get(ObjRef::new(1, 3)).is_err());
    assert!(pdf.get_at(1, r(1)).is_err());
}

#[test]
fn xref_stream_and_object_streams() {
    let bytes = xref_stream_pdf();
    let pdf = PdfFile::parse(bytes).unwrap();
    assert_eq!(pdf.revisions().len(), 1);
    let rev = &pdf.revisions()[0];
    assert_eq!(rev.kind(), XrefKind::Stream);
    assert_eq!(
        rev.entry(2),
        Some(XrefEntry::Compressed {
            stream: 6,
            index: 1
        })
    );
    assert!(rev.trailer().has_type("XRef"));
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
    let page = pdf.get_indirect_at(0, r(3)).unwrap();
    assert_eq!(
        page.location,
        ObjectLocation::ObjectStream {
            stream: r(6),
            index: 2
        }
    );
    let content = pdf.get(r(4)).unwrap();
    assert_eq!(
        pdf.decode_stream(content.as_stream().unwrap()).unwrap(),
        CONTENT
    );
    assert_eq!(pdf.object_numbers_at(0).len(), 7);
    assert!(pdf.diagnostics().is_empty());
}

#[test]
fn incremental_update_revisions() {
    let original = classic_pdf();
    let bytes = incremental_pdf();
    let pdf = PdfFile::parse(bytes.clone()).unwrap();
    assert_eq!(pdf.revisions().len(), 2);
    let (first, second) = (&pdf.revisions()[0], &pdf.revisions()[1]);
    assert_eq!(first.end_offset_with_eol(), original.len());
    assert_eq!(second.start_offset(), first.end_offset());
    assert_eq!(second.end_offset_with_eol(), bytes.len());
    assert_eq!(
        second.entries().keys().copied().collect::<Vec<_>>(),
        vec![3, 7]
    );
    assert_eq!(
        second.trailer().get_i64("Prev"),
        Some(first.xref_offset().unwrap() as i64)
    );
    let old = pdf.get_at(0, r(3)).unwrap();
    let new = pdf.get_at(1, r(3)).unwrap();
    assert_ne!(old, new);
    assert!(old.as_dict().unwrap().get("Annots").is_none());
    assert!(new.as_dict().unwrap().get("Annots").is_some());
    assert!(pdf.get_at(0, r(7)).is_err());
    assert_eq!(pdf.get_indirect_at(1, r(1)).unwrap().revision, 0);
    assert_eq!(pdf.get_indirect_at(1, r(3)).unwrap().revision, 1);
    assert_eq!(pdf.revision_containing(10), Some(0));
    assert_eq!(pdf.revision_containing(original.len() + 5), Some(1));
    assert_eq!(pdf.revision_containing(bytes.len()), None);
    assert_eq!(pdf.pages_at(0).unwrap(), pdf.pages_at(1).unwrap());
    // The file cut at the first revision is the original.
    let cut = PdfFile::parse(bytes[..first.end_offset_with_eol()].to_vec()).unwrap();
    assert_eq!(cut.revisions().len(), 1);
}

#[test]
fn hybrid_file() {
    let pdf = PdfFile::parse(hybrid_pdf()).unwrap();
    assert_eq!(pdf.revisions().len(), 1);
    assert_eq!(pdf.revisions()[0].kind(), XrefKind::Hybrid);
    // The table says free, the stream says compressed: the stream wins.
    assert_eq!(
        pdf.revisions()[0].entry(3),
        Some(XrefEntry::Compressed {
            stream: 6,
            index: 1
        })
    );
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
    assert!(pdf.diagnostics().is_empty());
}

/// Replaces every `from` with `to` (same length) in `bytes`.
fn patch(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = bytes.to_vec();
    let at = out
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern present");
    out[at..at + to.len()].copy_from_slice(to);
    out
}

#[test]
fn wrong_stream_length_is_read_to_endstream() {
    let bytes = patch(&classic_pdf(), b"/Length 43", b"/Length 12");
    let pdf = PdfFile::parse(bytes).unwrap();
    let content = pdf.get_indirect_at(0, r(4)).unwrap();
    assert_eq!(content.object.as_stream().unwrap().data, CONTENT);
    let ObjectLocation::File {
        stream: Some(data), ..
    } = content.location
    else {
        panic!();
    };
    assert!(data.length_repaired);
}

#[test]
fn indirect_length() {
    let mut b = Builder::new("1.4");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[]/Count 0>>");
    b.raw_obj(4, b"<</Length 5 0 R>>\nstream\nabc\nendstream");
    b.obj(5, "3");
    b.xref_table(&[1, 2, 4, 5], true, "/Size 6/Root 1 0 R");
    let pdf = PdfFile::parse(b.bytes()).unwrap();
    let s = pdf.get_indirect_at(0, r(4)).unwrap();
    assert_eq!(s.object.as_stream().unwrap().data, b"abc");
    assert!(matches!(
        s.location,
        ObjectLocation::File { stream: Some(ref d), .. } if !d.length_repaired
    ));
    assert_eq!(pdf.pages().unwrap(), Vec::<ObjRef>::new());
}

#[test]
fn cr_line_ends_and_off_by_one_table() {
    // CR only: offsets do not move because every LF becomes one CR.
    let cr: Vec<u8> = classic_pdf()
        .into_iter()
        .map(|b| if b == b'\n' { b'\r' } else { b })
        .collect();
    let pdf = PdfFile::parse(cr).unwrap();
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
    assert!(!pdf.repaired());
    // The first subsection announced as "1 7" instead of "0 7".
    let off_by_one = patch(&classic_pdf(), b"xref\n0 7\n", b"xref\n1 7\n");
    let pdf = PdfFile::parse(off_by_one).unwrap();
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
    assert!(!pdf.repaired());
}

#[test]
fn wrong_entry_offset_is_repaired_and_reported() {
    let bytes = classic_pdf();
    let pdf = PdfFile::parse(bytes.clone()).unwrap();
    let XrefEntry::InUse { offset, .. } = pdf.revisions()[0].entry(3).unwrap() else {
        panic!();
    };
    let stated = format!("{offset:010} 00000 n");
    let wrong = format!("{:010} 00000 n", offset + 7);
    let broken = patch(&bytes, stated.as_bytes(), wrong.as_bytes());
    let pdf = PdfFile::parse(broken).unwrap();
    assert!(pdf.repaired());
    assert!(!pdf.reconstructed());
    assert_eq!(
        pdf.diagnostics(),
        &[Diagnostic::XrefEntryRepaired {
            revision: 0,
            id: r(3),
            stated: offset + 7,
            found: offset
        }]
    );
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
    assert!(pdf.get(r(3)).unwrap().as_dict().unwrap().has_type("Page"));
}

#[test]
fn startxref_a_few_bytes_off() {
    let bytes = classic_pdf();
    let pdf = PdfFile::parse(bytes.clone()).unwrap();
    let at = pdf.revisions()[0].xref_offset().unwrap();
    let stated = format!("startxref\n{at}\n");
    let wrong = format!("startxref\n{}\n", at - 3);
    let pdf = PdfFile::parse(patch(&bytes, stated.as_bytes(), wrong.as_bytes())).unwrap();
    assert_eq!(
        pdf.diagnostics(),
        &[Diagnostic::XrefOffsetAdjusted {
            stated: at - 3,
            found: at
        }]
    );
    assert_eq!(pdf.revisions()[0].xref_offset(), Some(at));
    assert!(!pdf.repaired());
}

#[test]
fn unusable_chain_is_reconstructed_per_eof() {
    let bytes = incremental_pdf();
    // Break the latest startxref completely.
    let pdf = PdfFile::parse(bytes.clone()).unwrap();
    let at = pdf.revisions()[1].xref_offset().unwrap();
    let stated = format!("startxref\n{at}\n%%EOF\n");
    let broken = patch(
        &bytes,
        stated.as_bytes(),
        format!("startxref\n{}\n%%EOF\n", "9".repeat(at.to_string().len())).as_bytes(),
    );
    let pdf = PdfFile::parse(broken).unwrap();
    assert!(pdf.repaired() && pdf.reconstructed());
    assert!(matches!(
        pdf.diagnostics()[0],
        Diagnostic::Reconstructed { .. }
    ));
    assert_eq!(pdf.revisions().len(), 2);
    assert!(
        pdf.revisions()
            .iter()
            .all(|r| r.kind() == XrefKind::Reconstructed)
    );
    assert_eq!(pdf.revisions()[1].entries().len(), 2);
    assert!(
        pdf.get_at(1, r(3))
            .unwrap()
            .as_dict()
            .unwrap()
            .contains_key("Annots")
    );
    assert!(
        !pdf.get_at(0, r(3))
            .unwrap()
            .as_dict()
            .unwrap()
            .contains_key("Annots")
    );
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
    assert_eq!(
        IncrementalUpdate::new(&pdf).unwrap_err(),
        PdfError::NotUpdatable(NotUpdatable::Reconstructed)
    );

    // No xref, no trailer at all: the catalog is found by its /Type.
    let mut b = Builder::new("1.4");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(3, "<</Type/Page/Parent 2 0 R>>");
    let pdf = PdfFile::parse(b.bytes()).unwrap();
    assert!(pdf.reconstructed());
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
}

#[test]
fn object_stream_chain_is_reconstructed() {
    // An xref stream whose /W is broken: reconstruction decodes the object stream.
    let bytes = patch(&xref_stream_pdf(), b"/W[1 3 2]", b"/W[1 9 2]");
    let pdf = PdfFile::parse(bytes).unwrap();
    assert!(pdf.reconstructed());
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
}

#[test]
fn prev_loops_and_bad_prev() {
    // The update's /Prev points to itself.
    let bytes = incremental_pdf();
    let pdf = PdfFile::parse(bytes.clone()).unwrap();
    let first = pdf.revisions()[0].xref_offset().unwrap();
    let second = pdf.revisions()[1].xref_offset().unwrap();
    let looped = patch(
        &bytes,
        format!("/Prev {first}").as_bytes(),
        format!("/Prev {second}").as_bytes(),
    );
    let pdf = PdfFile::parse(looped).unwrap();
    assert!(matches!(
        &pdf.diagnostics()[0],
        Diagnostic::Reconstructed {
            reason: PdfError::Xref {
                kind: ades_pdf::XrefError::PrevLoop,
                ..
            }
        }
    ));
    assert_eq!(pdf.revisions().len(), 2);
}

#[test]
fn page_tree_and_reference_loops() {
    let mut b = Builder::new("1.4");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(3, "<</Type/Pages/Kids[2 0 R]/Count 1>>");
    b.obj(4, "5 0 R");
    b.obj(5, "4 0 R");
    b.xref_table(&[1, 2, 3, 4, 5], true, "/Size 6/Root 1 0 R");
    let pdf = PdfFile::parse(b.bytes()).unwrap();
    assert!(matches!(pdf.pages(), Err(PdfError::ReferenceLoop { .. })));
    assert!(matches!(
        pdf.resolve(&Object::Reference(r(4))),
        Err(PdfError::ReferenceLoop { .. })
    ));
}

#[test]
fn deep_page_tree_is_bounded() {
    let mut b = Builder::new("1.4");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    let n = 300u32;
    for i in 0..n {
        b.obj(2 + i, &format!("<</Type/Pages/Kids[{} 0 R]>>", 3 + i));
    }
    b.obj(2 + n, "<</Type/Page>>");
    let nums: Vec<u32> = (1..=2 + n).collect();
    b.xref_table(&nums, true, &format!("/Size {}/Root 1 0 R", 3 + n));
    let pdf = PdfFile::parse(b.bytes()).unwrap();
    assert_eq!(
        pdf.pages().unwrap_err(),
        PdfError::Limit(LimitExceeded::Depth(128))
    );
}

#[test]
fn deep_nesting_is_bounded() {
    let mut b = Builder::new("1.4");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, &("[".repeat(5000) + &"]".repeat(5000)));
    b.xref_table(&[1, 2], true, "/Size 3/Root 1 0 R");
    let pdf = PdfFile::parse(b.bytes()).unwrap();
    assert_eq!(
        pdf.get(r(2)).unwrap_err(),
        PdfError::Limit(LimitExceeded::Depth(128))
    );
}

#[test]
fn object_stream_zip_bomb_is_refused() {
    let mut b = Builder::new("1.5");
    // 64 MiB of spaces after a one-object header: a few KiB compressed.
    let mut data = b"1 0 ".to_vec();
    data.extend_from_slice(b"<</Type/Catalog>>");
    data.resize(64 << 20, b' ');
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 9);
    assert!(compressed.len() < 200_000, "{}", compressed.len());
    b.stream(
        6,
        "/Type/ObjStm/N 1/First 4/Filter/FlateDecode",
        &compressed,
    );
    b.xref_stream(
        7,
        &[(1, Entry::In(6, 0)), (6, Entry::At(b.offsets[&6]))],
        "/Root 1 0 R",
        false,
    );
    let err = PdfFile::parse(b.bytes()).unwrap_err();
    assert_eq!(err, PdfError::Limit(LimitExceeded::InflateRatio(1000)));
    let mut small = Limits::default();
    small.max_decoded_total = 1 << 20;
    small.max_inflate_ratio = usize::MAX;
    assert_eq!(
        PdfFile::parse_with_limits(b.bytes(), small).unwrap_err(),
        PdfError::Limit(LimitExceeded::DecodedTotal(1 << 20))
    );
}

#[test]
fn huge_announced_counts_allocate_nothing() {
    let mut b = Builder::new("1.4");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[]>>");
    let at = b.out.len();
    b.out.extend_from_slice(
        format!(
            "xref\n0 4000000000\n0000000000 65535 f\r\n{:010} 00000 n\r\n{:010} 00000 n\r\ntrailer\n<</Size 3/Root 1 0 R>>\nstartxref\n{at}\n%%EOF\n",
            b.offsets[&1], b.offsets[&2]
        )
        .as_bytes(),
    );
    let pdf = PdfFile::parse(b.bytes()).unwrap();
    assert_eq!(pdf.revisions()[0].entries().len(), 3);

    // An object stream announcing 2^30 objects.
    let mut b = Builder::new("1.5");
    b.stream(
        6,
        "/Type/ObjStm/N 1073741824/First 4",
        b"1 0 <</Type/Catalog>>",
    );
    b.xref_stream(
        7,
        &[(1, Entry::In(6, 0)), (6, Entry::At(b.offsets[&6]))],
        "/Root 1 0 R",
        false,
    );
    assert_eq!(
        PdfFile::parse(b.bytes()).unwrap_err(),
        PdfError::Limit(LimitExceeded::ObjectsInStream(1 << 20))
    );
}

#[test]
fn limits_on_size_revisions_and_entries() {
    let bytes = incremental_pdf();
    let mut limits = Limits::default();
    limits.max_file_size = 100;
    assert!(matches!(
        PdfFile::parse_with_limits(bytes.clone(), limits),
        Err(PdfError::FileTooLarge { limit: 100, .. })
    ));
    let mut limits = Limits::default();
    limits.max_revisions = 1;
    assert_eq!(
        PdfFile::parse_with_limits(bytes.clone(), limits).unwrap_err(),
        PdfError::Limit(LimitExceeded::Revisions(1))
    );
    let mut limits = Limits::default();
    limits.max_xref_entries = 5;
    assert_eq!(
        PdfFile::parse_with_limits(bytes, limits).unwrap_err(),
        PdfError::Limit(LimitExceeded::XrefEntries(5))
    );
}

#[test]
fn encrypted_files_are_read_structurally() {
    let mut b = Builder::new("1.6");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[]/Count 0>>");
    b.obj(
        3,
        "<</Filter/Standard/V 4/R 4/Length 128/O<00>/U<00>/P -4>>",
    );
    b.xref_table(
        &[1, 2, 3],
        true,
        "/Size 4/Root 1 0 R/Encrypt 3 0 R/ID[<01><01>]",
    );
    let pdf = PdfFile::parse(b.bytes()).unwrap();
    assert!(pdf.is_encrypted());
    assert!(pdf.catalog().is_ok());
    assert_eq!(
        IncrementalUpdate::new(&pdf).unwrap_err(),
        PdfError::NotUpdatable(NotUpdatable::Encrypted)
    );
}

#[test]
fn not_a_pdf_and_truncation() {
    assert_eq!(
        PdfFile::parse(b"hello".to_vec()).unwrap_err(),
        PdfError::NotPdf
    );
    assert_eq!(PdfFile::parse(Vec::new()).unwrap_err(), PdfError::NotPdf);
    let bytes = classic_pdf();
    // Cut inside the header's first object: nothing usable.
    assert!(PdfFile::parse(bytes[..30].to_vec()).is_err());
    // Cut before the xref: reconstructed from what is there (documented repair).
    let at = bytes.windows(4).position(|w| w == b"xref").unwrap();
    let pdf = PdfFile::parse(bytes[..at].to_vec()).unwrap();
    assert!(pdf.reconstructed());
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
    assert_eq!(pdf.revisions()[0].end_offset(), at);
}

#[test]
fn header_after_junk_and_version_from_catalog() {
    let mut bytes = b"junk before the header\n".to_vec();
    let mut b = Builder::new("1.4");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R/Version/1.7>>");
    b.obj(2, "<</Type/Pages/Kids[]/Count 0>>");
    b.xref_table(&[1, 2], true, "/Size 3/Root 1 0 R");
    let plain = PdfFile::parse(b.bytes()).unwrap();
    assert_eq!(plain.header_version(), PdfVersion { major: 1, minor: 4 });
    assert_eq!(plain.version(), PdfVersion { major: 1, minor: 7 });
    bytes.extend_from_slice(&b.bytes());
    // Offsets are now all 23 bytes short: every entry is repaired.
    let pdf = PdfFile::parse(bytes).unwrap();
    assert!(matches!(
        pdf.diagnostics()[0],
        Diagnostic::HeaderNotAtStart { offset: 23 }
    ));
    assert!(pdf.catalog().is_ok());
}

#[test]
fn linearized_sections_make_one_revision() {
    // First-page section at the start (its /Prev points forward to the main section).
    let mut b = Builder::new("1.4");
    let lin_at = b.obj(4, "<</Linearized 1/L 0>>");
    let first_xref_pos = b.out.len();
    // Placeholder for the first-page xref; its /Prev is patched once the main one is known.
    let first_section = |main: usize, lin: usize| {
        format!(
            "xref\n4 1\n{lin:010} 00000 n\r\ntrailer\n<</Size 5/Root 1 0 R/Prev {main:010}>>\nstartxref\n0\n%%EOF\n"
        )
    };
    let placeholder = first_section(0, lin_at);
    b.out.extend_from_slice(placeholder.as_bytes());
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(3, "<</Type/Page/Parent 2 0 R>>");
    let main = b.out.len();
    b.out.extend_from_slice(
        format!(
            "xref\n0 4\n0000000000 65535 f\r\n{:010} 00000 n\r\n{:010} 00000 n\r\n{:010} 00000 n\r\ntrailer\n<</Size 4>>\nstartxref\n{first_xref_pos}\n%%EOF\n",
            b.offsets[&1], b.offsets[&2], b.offsets[&3]
        )
        .as_bytes(),
    );
    let real = first_section(main, lin_at);
    let mut bytes = b.bytes();
    bytes[first_xref_pos..first_xref_pos + real.len()].copy_from_slice(real.as_bytes());
    let pdf = PdfFile::parse(bytes.clone()).unwrap();
    assert_eq!(pdf.revisions().len(), 1);
    let rev = &pdf.revisions()[0];
    assert_eq!(rev.xref_offset(), Some(first_xref_pos));
    assert_eq!(rev.end_offset_with_eol(), bytes.len());
    assert_eq!(rev.entries().len(), 5);
    assert_eq!(pdf.pages().unwrap(), vec![r(3)]);
}

#[test]
fn object_streams_with_object_numbers_per_revision() {
    // Revision 0 has object 1 in object stream 6; revision 1 redefines object 6 (a new object
    // stream): each revision resolves through its own object stream 6.
    let mut b = Builder::new("1.5");
    let (dict, data) = object_stream(&[(1, "<</Type/Catalog/Pages 2 0 R/Rev 0>>")]);
    b.stream(6, &dict, &data);
    b.obj(2, "<</Type/Pages/Kids[]/Count 0>>");
    let first = b.xref_stream(
        7,
        &[
            (1, Entry::In(6, 0)),
            (2, Entry::At(b.offsets[&2])),
            (6, Entry::At(b.offsets[&6])),
        ],
        "/Root 1 0 R",
        true,
    );
    let (dict, data) = object_stream(&[(1, "<</Type/Catalog/Pages 2 0 R/Rev 1>>")]);
    b.stream(6, &dict, &data);
    b.xref_stream(
        8,
        &[(1, Entry::In(6, 0)), (6, Entry::At(b.offsets[&6]))],
        &format!("/Root 1 0 R/Prev {first}"),
        false,
    );
    let pdf = PdfFile::parse(b.bytes()).unwrap();
    assert_eq!(pdf.revisions().len(), 2);
    assert_eq!(pdf.catalog_at(0).unwrap().get_i64("Rev"), Some(0));
    assert_eq!(pdf.catalog_at(1).unwrap().get_i64("Rev"), Some(1));
}

/// Resolving every object of a file whose objects are all broken stays linear: each object
/// is read no further than the next object header.
#[test]
fn hostile_objects_cost_linear_time() {
    use std::time::{Duration, Instant};
    let n = 20_000u32;
    // Streams with a wrong /Length and only one `endstream`, at the very end; and objects
    // with unterminated strings.
    let mut b = Builder::new("1.4");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[]/Count 0>>");
    for i in 0..n {
        let num = 3 + i;
        let body = if i % 2 == 0 {
            "<</Length 99999999>>\nstream\nxxxxxxxx".to_owned()
        } else {
            "(unterminated ((( string".to_owned()
        };
        let at = b.out.len();
        b.offsets.insert(num, at);
        b.out
            .extend_from_slice(format!("{num} 0 obj\n{body}\n").as_bytes());
    }
    b.out.extend_from_slice(b"endstream\nendobj\n");
    let nums: Vec<u32> = (1..3 + n).collect();
    b.xref_table(&nums, true, &format!("/Size {}/Root 1 0 R", 3 + n));
    let bytes = b.bytes();
    let start = Instant::now();
    let pdf = PdfFile::parse(bytes).unwrap();
    let mut ok = 0;
    for num in 3..3 + n {
        if pdf.get(r(num)).is_ok() {
            ok += 1;
        }
    }
    let took = start.elapsed();
    assert!(ok <= 1, "{ok}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// Damaged files whose reconstruction meets many `trailer` keywords and unterminated objects.
#[test]
fn hostile_reconstruction_costs_linear_time() {
    use std::time::{Duration, Instant};
    let mut bytes = b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[]>> endobj\n".to_vec();
    for i in 0..30_000 {
        bytes.extend_from_slice(format!("trailer<</Root 1 0 R/A({i} ").as_bytes());
        bytes.extend_from_slice(format!("{} 0 obj (", 3 + i).as_bytes());
    }
    let start = Instant::now();
    let pdf = PdfFile::parse(bytes).unwrap();
    assert!(pdf.reconstructed());
    assert!(pdf.catalog().is_ok());
    let took = start.elapsed();
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// A /Prev chain of cross-reference streams whose data all overlap (each one's /Length runs
/// to the last `endstream`): the load-work bound stops it.
#[test]
fn overlapping_sections_hit_the_load_work_bound() {
    let mut b = Builder::new("1.5");
    let sections = 2000;
    let mut offsets = Vec::new();
    for i in 0..sections {
        offsets.push(b.out.len());
        let prev = if i == 0 {
            String::new()
        } else {
            format!("/Prev {:010}", offsets[i - 1])
        };
        // The /Length is patched below once the final `endstream` is known.
        b.out.extend_from_slice(
            format!(
                "{} 0 obj\n<</Type/XRef/W[1 1 1]/Size 1{prev}/Length 0000000000>>\nstream\n",
                i + 1
            )
            .as_bytes(),
        );
    }
    b.out.extend_from_slice(&[0, 0, 0]);
    let end = b.out.len();
    b.out.extend_from_slice(b"\nendstream\nendobj\n");
    b.out
        .extend_from_slice(format!("startxref\n{}\n%%EOF\n", offsets[sections - 1]).as_bytes());
    for at in &offsets {
        let text = String::from_utf8_lossy(&b.out[*at..*at + 120]).into_owned();
        let data_start = at + text.find("stream\n").unwrap() + 7;
        let length_at = at + text.find("/Length ").unwrap() + 8;
        let length = format!("{:010}", end - data_start);
        b.out[length_at..length_at + 10].copy_from_slice(length.as_bytes());
    }
    assert_eq!(
        PdfFile::parse(b.bytes()).unwrap_err(),
        PdfError::Limit(LimitExceeded::LoadWork(8))
    );
}

#[test]
fn files_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PdfFile>();
    assert_send_sync::<ades_pdf::Appended>();
    assert_send_sync::<PdfError>();
}
