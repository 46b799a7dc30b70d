//! Fuzzes the PDF reader and the incremental-update writer: every input is parsed; when it
//! parses, every revision's objects (the first 200 of each), catalog and page tree are asked
//! for, streams are decoded, and an update (a new object, the catalog replaced by a copy that
//! references it) is appended and read back, which must give one more revision. Never a
//! panic; time and memory bounded by `ades_pdf::Limits`.

#![no_main]

use ades_pdf::{IncrementalUpdate, ObjRef, Object, PdfFile, XrefEntry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(pdf) = PdfFile::parse(data.to_vec()) else {
        return;
    };
    assert!(!pdf.revisions().is_empty());
    let mut previous_end = 0;
    for (index, rev) in pdf.revisions().iter().enumerate() {
        assert_eq!(rev.start_offset(), previous_end);
        assert!(rev.start_offset() <= rev.end_offset());
        assert!(rev.end_offset_with_eol() <= pdf.len());
        previous_end = rev.end_offset();
        for (num, entry) in rev.entries().iter().take(200) {
            let generation = match entry {
                XrefEntry::InUse { generation, .. } => *generation,
                _ => 0,
            };
            if let Ok(obj) = pdf.get_indirect_at(index, ObjRef::new(*num, generation)) {
                let _ = pdf.resolve_at(index, &obj.object);
                if let Object::Stream(stream) = &obj.object {
                    let _ = pdf.decode_stream(stream);
                }
            }
        }
        let _ = pdf.catalog_at(index);
        let _ = pdf.pages_at(index);
    }
    let _ = pdf.version();
    let _ = pdf.object_numbers_at(pdf.latest_revision());
    if let Ok(mut update) = IncrementalUpdate::new(&pdf)
        && let Ok(root) = pdf.root_at(pdf.latest_revision())
        && let Ok(marker) = update.add(Object::name("Fuzz"))
    {
        let mut catalog = pdf.catalog().unwrap_or_default();
        catalog.insert("Fuzz", marker);
        if update.replace(root, catalog.into()).is_ok()
            && let Ok(appended) = update.finish()
        {
            let mut out = data.to_vec();
            if appended.append_to(&mut out).is_ok() {
                let again = PdfFile::parse(out).expect("an appended update reads back");
                assert_eq!(again.revisions().len(), pdf.revisions().len() + 1);
            }
        }
    }
});
