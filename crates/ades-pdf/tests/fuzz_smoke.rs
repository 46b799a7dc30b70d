//! Smoke test of the `pdf_parse` fuzz target's entry point on the stable toolchain: the
//! generated PDFs truncated at every length and bit-flipped at every byte, and real PDFs
//! (`unsigned.pdf`, a pyHanko PAdES file, an AutoFirma file with cross-reference and object
//! streams) truncated, bit-flipped and spliced at deterministic random places. Every input
//! must give an error or a file whose every revision, object, catalog and page tree can be
//! asked for without a panic, in bounded time; when an update can be appended, the result
//! must read back with one more revision.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use ades_pdf::{IncrementalUpdate, ObjRef, Object, PdfFile, XrefEntry};
use ades_testkit::mutate::Rng;
use common::{corpus_dir, generated, reference_dir};

/// The slowest one input may be (debug build, a loaded CI machine).
const BUDGET: Duration = Duration::from_secs(5);

/// What the fuzz target does with one input.
fn exercise(bytes: &[u8]) -> bool {
    let Ok(pdf) = PdfFile::parse(bytes.to_vec()) else {
        return false;
    };
    assert!(!pdf.revisions().is_empty());
    let mut previous_end = 0;
    for (index, rev) in pdf.revisions().iter().enumerate() {
        assert_eq!(rev.index(), index);
        assert!(rev.start_offset() <= rev.end_offset());
        assert!(rev.end_offset() <= rev.end_offset_with_eol());
        assert!(rev.end_offset_with_eol() <= pdf.len());
        assert_eq!(rev.start_offset(), previous_end);
        previous_end = rev.end_offset();
        for (num, entry) in rev.entries().iter().take(100) {
            let generation = match entry {
                XrefEntry::InUse { generation, .. } => *generation,
                _ => 0,
            };
            if let Ok(obj) = pdf.get_at(index, ObjRef::new(*num, generation)) {
                let _ = pdf.resolve_at(index, &obj);
                if let Object::Stream(s) = &obj
                    && s.data.len() < 1 << 16
                {
                    let _ = pdf.decode_stream(s);
                }
            }
        }
        let _ = pdf.catalog_at(index);
        let _ = pdf.pages_at(index);
    }
    let _ = pdf.version();
    let _ = pdf.is_encrypted();
    if let Ok(mut update) = IncrementalUpdate::new(&pdf)
        && let Ok(root) = pdf.root_at(pdf.latest_revision())
    {
        let marker = update.add(Object::name("Fuzz")).unwrap();
        let mut catalog = pdf.catalog().unwrap_or_default();
        catalog.insert("Fuzz", marker);
        if update.replace(root, catalog.into()).is_ok()
            && let Ok(appended) = update.finish()
        {
            let mut out = bytes.to_vec();
            appended.append_to(&mut out).unwrap();
            let again = PdfFile::parse(out).expect("an appended update reads back");
            assert_eq!(again.revisions().len(), pdf.revisions().len() + 1);
            assert_eq!(again.catalog().unwrap().get_ref("Fuzz"), Some(marker));
        }
    }
    true
}

fn run(label: &str, input: &[u8]) -> bool {
    let start = Instant::now();
    let ok = exercise(input);
    let took = start.elapsed();
    assert!(
        took < BUDGET,
        "{label}: one input took {took:?} ({} bytes)",
        input.len()
    );
    ok
}

fn mutate_all(name: &str, bytes: &[u8], every: bool, rng: &mut Rng) -> (usize, usize) {
    let mut parsed = 0;
    let mut total = 0;
    let positions: Vec<usize> = if every {
        (0..bytes.len()).collect()
    } else {
        (0..200).map(|_| rng.below(bytes.len())).collect()
    };
    for &cut in &positions {
        total += 1;
        parsed += usize::from(run(&format!("{name} truncated at {cut}"), &bytes[..cut]));
    }
    for &at in &positions {
        let mut flipped = bytes.to_vec();
        flipped[at] ^= 1 << rng.below(8);
        total += 1;
        parsed += usize::from(run(&format!("{name} bit flip at {at}"), &flipped));
    }
    for _ in 0..if every { 200 } else { 60 } {
        // Splice: a random chunk copied over another place, or digits rewritten.
        let mut spliced = bytes.to_vec();
        let from = rng.below(bytes.len());
        let to = rng.below(bytes.len());
        let len = rng.below(64).min(bytes.len() - from).min(bytes.len() - to);
        let chunk = bytes[from..from + len].to_vec();
        spliced[to..to + len].copy_from_slice(&chunk);
        for _ in 0..4 {
            let at = rng.below(spliced.len());
            if spliced[at].is_ascii_digit() {
                spliced[at] = b'0' + rng.below(10) as u8;
            }
        }
        total += 1;
        parsed += usize::from(run(&format!("{name} splice {from}->{to}"), &spliced));
    }
    (parsed, total)
}

#[test]
fn generated_pdfs_survive_truncation_flips_and_splices() {
    let mut rng = Rng::new(0x5EED_0F0D);
    for (name, bytes) in generated() {
        assert!(run(name, &bytes));
        let (parsed, total) = mutate_all(name, &bytes, true, &mut rng);
        eprintln!("{name}: {total} mutated inputs, {parsed} parsed, none panicked");
    }
}

#[test]
fn real_pdfs_survive_truncation_flips_and_splices() {
    let mut rng = Rng::new(0x00C0_FFEE);
    let files = [
        (reference_dir(), "unsigned.pdf", true),
        (reference_dir(), "pades-b-b-pyhanko.pdf", false),
        (corpus_dir(), "af_p_TEST_PDF_Signed.pdf", false),
    ];
    let mut skipped = 0;
    for (dir, name, every) in files {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            skipped += 1;
            continue;
        };
        assert!(run(name, &bytes));
        let (parsed, total) = mutate_all(name, &bytes, every, &mut rng);
        eprintln!("{name}: {total} mutated inputs, {parsed} parsed, none panicked");
    }
    if skipped > 0 {
        eprintln!("SKIPPED {skipped} real PDF(s): corpus or reference folder absent");
    }
}

#[test]
fn random_bytes_and_pdf_like_noise() {
    let mut rng = Rng::new(42);
    let tokens: [&[u8]; 16] = [
        b"%PDF-1.7\n",
        b"1 0 obj",
        b"endobj",
        b"<<",
        b">>",
        b"[",
        b"]",
        b"stream\n",
        b"endstream",
        b"xref\n0 3\n",
        b"trailer",
        b"startxref\n",
        b"%%EOF",
        b"/Prev 0",
        b"/Root 1 0 R",
        b" 0000000009 00000 n\r\n",
    ];
    for i in 0..400 {
        let mut input = b"%PDF-1.4\n".to_vec();
        for _ in 0..rng.below(60) {
            if rng.below(3) == 0 {
                input.extend((0..rng.below(8)).map(|_| rng.byte()));
            } else {
                input.extend_from_slice(tokens[rng.below(tokens.len())]);
            }
            if rng.below(2) == 0 {
                input.extend_from_slice(format!(" {} ", rng.below(400)).as_bytes());
            }
        }
        run(&format!("noise {i}"), &input);
    }
}
