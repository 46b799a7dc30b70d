//! The incremental-update writer, checked against a real peer: after appending an update
//! (a new object, and the catalog replaced by a copy that references it; or a signature-like
//! dictionary with filled placeholders) to the generated PDFs and to real ones, `qpdf --check`
//! reports no error and no warning the original did not already have, and our reader sees one
//! more revision with the new state while the earlier revisions are unchanged.
//!
//! qpdf is required: the test fails, saying so, when it is not installed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use ades_pdf::{
    Dictionary, IncrementalUpdate, Object, PdfError, PdfFile, PdfString, PlaceholderError,
    UpdateError, XrefKind, fill_byte_range, fill_hex_string,
};
use common::{corpus_dir, generated, reference_dir, signature_fields};

/// `qpdf --check` on `bytes`: (exit code, warning and error lines).
fn qpdf_check(bytes: &[u8], name: &str) -> (i32, Vec<String>) {
    let dir = std::env::temp_dir().join(format!("ades-pades-writer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let output = match Command::new("qpdf").arg("--check").arg(&path).output() {
        Ok(output) => output,
        Err(e) => panic!(
            "qpdf is required for the writer tests and could not be run ({e}): install it \
             (Debian: apt-get install qpdf) and add it to scripts/test.sh"
        ),
    };
    let _ = std::fs::remove_file(&path);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let problems = text
        .lines()
        .filter(|l| l.contains("WARNING") || l.contains("ERROR") || l.contains("error:"))
        // The path differs between the original and the updated copy.
        .map(|l| l.replace(&path.display().to_string(), "FILE"))
        .collect();
    (output.status.code().unwrap_or(-1), problems)
}

/// Adds a new object and replaces the catalog with a copy that references it.
fn append_marker(bytes: &[u8]) -> (Vec<u8>, ades_pdf::ObjRef) {
    let pdf = PdfFile::parse(bytes.to_vec()).unwrap();
    let mut update = IncrementalUpdate::new(&pdf).unwrap();
    let expected_num = update.next_object_number();
    let mut marker = Dictionary::new();
    marker.insert("Type", Object::name("AdesTest"));
    marker.insert(
        "Note",
        PdfString::literal(b"added (by) \\ ades-pades\n".to_vec()),
    );
    let marker = update.add(marker.into()).unwrap();
    assert_eq!(marker.num, expected_num);
    let root = pdf.root_at(pdf.latest_revision()).unwrap();
    let mut catalog = pdf.catalog().unwrap();
    catalog.insert("AdesTest", marker);
    update.replace(root, catalog.into()).unwrap();
    let appended = update.finish().unwrap();
    let mut out = bytes.to_vec();
    appended.append_to(&mut out).unwrap();
    assert!(out.starts_with(bytes), "the original bytes must not change");
    (out, marker)
}

fn check_update(name: &str, original: &[u8]) {
    let before = PdfFile::parse(original.to_vec()).unwrap();
    let (updated, marker) = append_marker(original);
    let after = PdfFile::parse(updated.clone()).unwrap();
    assert_eq!(
        after.revisions().len(),
        before.revisions().len() + 1,
        "{name}: one more revision"
    );
    assert!(!after.repaired(), "{name}: {:?}", after.diagnostics());
    let latest = after.revisions().last().unwrap();
    let expected_kind = match before.revisions().last().unwrap().kind() {
        XrefKind::Stream => XrefKind::Stream,
        _ => XrefKind::Table,
    };
    assert_eq!(latest.kind(), expected_kind, "{name}");
    assert_eq!(
        latest.start_offset(),
        before.revisions().last().unwrap().end_offset()
    );
    assert_eq!(latest.end_offset_with_eol(), updated.len());
    assert_eq!(after.catalog().unwrap().get_ref("AdesTest"), Some(marker));
    let old = after.latest_revision() - 1;
    assert!(after.catalog_at(old).unwrap().get("AdesTest").is_none());
    assert_eq!(after.pages().unwrap(), before.pages().unwrap(), "{name}");
    let note = after.get(marker).unwrap();
    assert_eq!(
        note.as_dict()
            .unwrap()
            .get("Note")
            .unwrap()
            .as_string()
            .unwrap()
            .as_bytes(),
        b"added (by) \\ ades-pades\n"
    );
    // /ID: first element kept, second fresh.
    let ids = |pdf: &PdfFile| -> Vec<Vec<u8>> {
        pdf.trailer()
            .get_array("ID")
            .unwrap_or_default()
            .iter()
            .map(|s| s.as_string().unwrap().as_bytes().to_vec())
            .collect()
    };
    let (old_ids, new_ids) = (ids(&before), ids(&after));
    assert_eq!(new_ids.len(), 2);
    match old_ids.first() {
        Some(first) => {
            assert_eq!(&new_ids[0], first, "{name}: first ID kept");
            assert_ne!(new_ids[1], new_ids[0], "{name}: fresh second ID");
        }
        // Without an ID, one is made (both elements equal, as at a first save).
        None => assert_eq!(new_ids[1], new_ids[0]),
    }

    let (code_before, warnings_before) = qpdf_check(original, &format!("{name}-before"));
    let (code_after, warnings_after) = qpdf_check(&updated, &format!("{name}-after"));
    assert_ne!(
        code_after, 2,
        "{name}: qpdf --check reports errors: {warnings_after:?}"
    );
    let new: Vec<&String> = warnings_after
        .iter()
        .filter(|w| !warnings_before.contains(w))
        .collect();
    assert!(
        new.is_empty(),
        "{name}: qpdf --check warnings that the original did not have: {new:?}"
    );
    eprintln!(
        "{name}: {} -> {} revision(s) ({expected_kind:?} section appended), qpdf --check exit {code_before} -> {code_after}{}",
        before.revisions().len(),
        after.revisions().len(),
        if warnings_after.is_empty() {
            String::new()
        } else {
            format!(
                " ({} warning(s), all already in the original)",
                warnings_after.len()
            )
        }
    );
}

#[test]
fn updates_of_generated_pdfs_pass_qpdf() {
    for (name, bytes) in generated() {
        check_update(name, &bytes);
    }
}

#[test]
fn updates_of_real_pdfs_pass_qpdf() {
    let files = [
        (reference_dir(), "unsigned.pdf"),
        (corpus_dir(), "data_af_Original.pdf"),
        (corpus_dir(), "data_dss_InfoSelladoTiempo.pdf"),
        (corpus_dir(), "af_p_TEST_PDF_Signed.pdf"),
        (corpus_dir(), "dss_p_certified-no-change-permitted.pdf"),
        (reference_dir(), "pades-b-lta-pyhanko.pdf"),
    ];
    let mut skipped = 0;
    for (dir, name) in files {
        match std::fs::read(dir.join(name)) {
            Ok(bytes) => check_update(name, &bytes),
            Err(_) => skipped += 1,
        }
    }
    if skipped > 0 {
        eprintln!(
            "SKIPPED {skipped} real PDF(s): folders {} / {} absent",
            corpus_dir().display(),
            reference_dir().display()
        );
    }
}

/// A signature-like revision: field, /V dictionary with placeholders, catalog /AcroForm; the
/// placeholders filled after writing, as a signer would.
fn sign_like(original: &[u8], cms: &[u8]) -> (Vec<u8>, [usize; 4]) {
    let pdf = PdfFile::parse(original.to_vec()).unwrap();
    let mut update = IncrementalUpdate::new(&pdf).unwrap();
    let contents = update.reserve_contents(4096);
    let byte_range = update.reserve_byte_range();
    let mut sig = Dictionary::new();
    sig.insert("Type", Object::name("Sig"));
    sig.insert("Filter", Object::name("Adobe.PPKLite"));
    sig.insert("SubFilter", Object::name("ETSI.CAdES.detached"));
    sig.insert("ByteRange", byte_range);
    sig.insert("Contents", contents);
    sig.insert("M", PdfString::literal(b"D:20261122120000Z".to_vec()));
    let sig_ref = update.add(sig.into()).unwrap();
    let page = pdf.pages().unwrap()[0];
    let field_ref = update.allocate().unwrap();
    let mut field = Dictionary::new();
    field.insert("FT", Object::name("Sig"));
    field.insert("T", PdfString::literal(b"Signature1".to_vec()));
    field.insert("V", sig_ref);
    field.insert("Type", Object::name("Annot"));
    field.insert("Subtype", Object::name("Widget"));
    field.insert(
        "Rect",
        Object::Array(vec![0i64.into(), 0i64.into(), 0i64.into(), 0i64.into()]),
    );
    field.insert("F", Object::Integer(132));
    field.insert("P", page);
    update.set(field_ref, field.into()).unwrap();
    let mut page_dict = pdf.get(page).unwrap().as_dict().unwrap().clone();
    let mut annots = match page_dict.get("Annots") {
        Some(a) => pdf
            .resolve(a)
            .unwrap()
            .as_array()
            .unwrap_or_default()
            .to_vec(),
        None => Vec::new(),
    };
    annots.push(field_ref.into());
    page_dict.insert("Annots", Object::Array(annots));
    update.replace(page, page_dict.into()).unwrap();
    let root = pdf.root_at(pdf.latest_revision()).unwrap();
    let mut catalog = pdf.catalog().unwrap();
    let mut acroform = Dictionary::new();
    acroform.insert("Fields", Object::Array(vec![field_ref.into()]));
    acroform.insert("SigFlags", Object::Integer(3));
    catalog.insert("AcroForm", acroform);
    update.replace(root, catalog.into()).unwrap();
    let appended = update.finish().unwrap();

    let mut file = original.to_vec();
    appended.append_to(&mut file).unwrap();
    let contents_range = appended.range_of(contents).unwrap();
    assert_eq!(file[contents_range.start], b'<');
    assert_eq!(file[contents_range.end - 1], b'>');
    assert_eq!(contents_range.len(), 2 * 4096 + 2);
    let ranges = appended.byte_range_for(contents).unwrap();
    assert_eq!(
        ranges,
        [
            0,
            contents_range.start,
            contents_range.end,
            file.len() - contents_range.end
        ]
    );
    fill_byte_range(&mut file, appended.range_of(byte_range).unwrap(), ranges).unwrap();
    fill_hex_string(&mut file, contents_range, cms).unwrap();
    (file, ranges)
}

#[test]
fn signature_placeholders_are_found_filled_and_read_back() {
    let cms: Vec<u8> = (0..=255u8).cycle().take(1500).collect();
    let mut originals: Vec<(String, Vec<u8>)> = generated()
        .into_iter()
        .map(|(n, b)| (n.to_owned(), b))
        .collect();
    if let Ok(bytes) = std::fs::read(reference_dir().join("unsigned.pdf")) {
        originals.push(("unsigned.pdf".to_owned(), bytes));
    }
    if let Ok(bytes) = std::fs::read(corpus_dir().join("af_p_TEST_PDF_Signed.pdf")) {
        originals.push(("af_p_TEST_PDF_Signed.pdf".to_owned(), bytes));
    }
    for (name, original) in originals {
        let (file, ranges) = sign_like(&original, &cms);
        let pdf = PdfFile::parse(file.clone()).unwrap();
        let sigs = signature_fields(&pdf).unwrap();
        let ours = sigs
            .iter()
            .find(|s| s.byte_range == ranges.map(|r| r as i64))
            .unwrap_or_else(|| panic!("{name}: our signature not found in {sigs:?}"));
        assert_eq!(&ours.contents[..cms.len()], &cms[..]);
        assert!(ours.contents[cms.len()..].iter().all(|b| *b == 0));
        assert_eq!(ours.sub_filter.as_deref(), Some("ETSI.CAdES.detached"));
        // The signed ranges cover the whole file but the /Contents value.
        assert_eq!(ranges[2] + ranges[3], file.len());
        assert_eq!(file[ranges[1]], b'<');
        assert_eq!(file[ranges[2] - 1], b'>');
        let latest = pdf.revisions().last().unwrap();
        assert_eq!(latest.end_offset_with_eol(), file.len());
        let (code, warnings) = qpdf_check(&file, &format!("{name}-signed"));
        let (_, before) = qpdf_check(&original, &format!("{name}-unsigned"));
        assert_ne!(code, 2, "{name}: {warnings:?}");
        let new: Vec<&String> = warnings.iter().filter(|w| !before.contains(w)).collect();
        assert!(new.is_empty(), "{name}: new qpdf warnings {new:?}");
    }
}

#[test]
fn output_is_deterministic() {
    let bytes = common::classic_pdf();
    let pdf = PdfFile::parse(bytes).unwrap();
    let run = || {
        let mut update = IncrementalUpdate::new(&pdf).unwrap();
        let p = update.reserve_contents(16);
        let mut d = Dictionary::new();
        d.insert("Contents", p);
        update.add(d.into()).unwrap();
        update.finish().unwrap().into_bytes()
    };
    assert_eq!(run(), run());
}

#[test]
fn misuse_is_an_error() {
    let pdf = PdfFile::parse(common::classic_pdf()).unwrap();
    let mut update = IncrementalUpdate::new(&pdf).unwrap();
    assert!(matches!(
        update.replace(ades_pdf::ObjRef::new(40, 0), Object::Null),
        Err(PdfError::Update(UpdateError::NoSuchObject(_)))
    ));
    assert!(matches!(
        update.set(ades_pdf::ObjRef::new(1, 0), Object::Null),
        Err(PdfError::Update(UpdateError::NotAllocated(_)))
    ));
    let unused = update.reserve_byte_range();
    let _ = unused;
    assert_eq!(
        update.finish().unwrap_err(),
        PdfError::Placeholder(PlaceholderError::Unused)
    );

    let mut update = IncrementalUpdate::new(&pdf).unwrap();
    let p = update.reserve_contents(8);
    update.add(Object::Array(vec![p.into(), p.into()])).unwrap();
    assert_eq!(
        update.finish().unwrap_err(),
        PdfError::Placeholder(PlaceholderError::Reused)
    );

    let mut other = IncrementalUpdate::new(&pdf).unwrap();
    let foreign = other.reserve_contents(8);
    let mut update = IncrementalUpdate::new(&pdf).unwrap();
    update.add(foreign.into()).unwrap();
    assert_eq!(
        update.finish().unwrap_err(),
        PdfError::Placeholder(PlaceholderError::Unknown)
    );

    let mut update = IncrementalUpdate::new(&pdf).unwrap();
    let id = update.allocate().unwrap();
    assert_eq!(
        update.finish().unwrap_err(),
        PdfError::Update(UpdateError::Unset(id))
    );

    let mut update = IncrementalUpdate::new(&pdf).unwrap();
    update.add(Object::Null).unwrap();
    let appended = update.finish().unwrap();
    let mut wrong = vec![0u8; 3];
    assert!(appended.append_to(&mut wrong).is_err());
}

#[test]
fn updates_chain_on_updates() {
    // Three successive updates of the same file, each read back.
    let mut bytes = common::xref_stream_pdf();
    for round in 1..=3 {
        let (next, _) = append_marker(&bytes);
        bytes = next;
        let pdf = PdfFile::parse(bytes.clone()).unwrap();
        assert_eq!(pdf.revisions().len(), 1 + round);
        assert!(!pdf.repaired());
    }
    let (code, warnings) = qpdf_check(&bytes, "chained");
    assert_eq!(code, 0, "{warnings:?}");
    let _ = Path::new("");
}
