//! Every `.pdf` of the foreign corpus (`ADES_CORPUS_DIR`, default `../shared/corpus`) and of the
//! interop references (`ADES_REFERENCE_DIR`, default `../shared/interop/reference`): each
//! parses, has at least one revision, a catalog and a page tree that resolve, and every
//! signature field's /V has a readable /ByteRange and /Contents; every object of every
//! revision is resolved (all must resolve in the references; in the corpus, whose attack
//! samples are damaged on purpose, the unreadable ones are listed). Prints a line per file
//! (revisions, kinds, repairs, signatures, objects) and says how many were skipped when a
//! folder is absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use ades_pdf::{Diagnostic, ObjRef, ObjectLocation, PdfFile, StreamData, XrefEntry};
use common::{corpus_dir, pdfs_in, reference_dir, signature_fields};

/// Revisions per file, as read (linearized originals are one revision; an `%%EOF` inside an
/// enveloped PDF or a first-page section is not a revision end).
const EXPECTED_REVISIONS: &[(&str, usize)] = &[
    ("af_p_INC_firma_no_declarada.pdf", 2),
    ("af_p_TEST_PDF_Signed.pdf", 1),
    ("af_p_TSA-2.pdf", 1),
    ("af_p_certificado_tipo_1.pdf", 1),
    ("af_p_cosigned.pdf", 2),
    ("af_p_pades_basic.pdf", 2),
    ("af_p_pades_epes.pdf", 1),
    ("af_p_samples_2_signed_signed.pdf", 2),
    ("af_p_shadow_attack_1.pdf", 5),
    ("data_af_FicheroOriginal_cades_t_csig.pdf", 1),
    ("data_af_Original.pdf", 1),
    ("data_dss_InfoSelladoTiempo.pdf", 1),
    ("dss_p_BadEncodedCMS.pdf", 2),
    ("dss_p_annotation-and-visible-change.pdf", 6),
    ("dss_p_certified-no-change-permitted.pdf", 3),
    ("dss_p_doc-firmado.pdf", 4),
    ("dss_p_double-signer-info.pdf", 2),
    ("dss_p_enveloping-other-pdf.pdf", 4),
    ("dss_p_hello_INCSAVE_signed.pdf", 4),
    ("dss_p_modified_after_signature.pdf", 4),
    ("dss_p_out-of-byteRange.pdf", 2),
    ("dss_p_pades-epes.pdf", 2),
    ("dss_p_pades-ltv.pdf", 5),
    ("dss_p_spoofing-attack.pdf", 3),
    ("dss_p_t-level-extended.pdf", 3),
    ("dss_p_with-vri-timestamp.pdf", 2),
    ("dss_p_zero_policy_hash.pdf", 4),
    ("pades-b-b-2sigs-pyhanko.pdf", 3),
    ("pades-b-b-pyhanko-expired.pdf", 2),
    ("pades-b-b-pyhanko-revoked.pdf", 2),
    ("pades-b-b-pyhanko-tampered.pdf", 2),
    ("pades-b-b-pyhanko-wrongpolicy.pdf", 2),
    ("pades-b-b-pyhanko.pdf", 2),
    ("pades-b-lt-pyhanko.pdf", 3),
    ("pades-b-lta-pyhanko.pdf", 4),
    ("pades-b-t-pyhanko.pdf", 2),
    ("pdf-bes-endesive.pdf", 2),
    ("ph_p_form-update-sneaky.pdf", 2),
    ("ph_p_pades-lta-dss-indirect-arrs.pdf", 5),
    ("ph_p_sig-no-signed-attrs.pdf", 2),
    ("ph_p_signature-gap-too-big.pdf", 2),
    ("ph_p_tail-uncovered.pdf", 2),
    ("policy_AGE_v1_9_politica_de_firma_anexo_1.pdf", 1),
    ("policy_facturae_v3_1.pdf", 1),
    ("rub_cert_ex1_02_signed.pdf", 2),
    ("rub_cert_ex1_03_manipulated.pdf", 2),
    ("rub_shadow_hide-text-via-form_manipulated.pdf", 3),
    ("rub_shadow_hide_v1_manipulated.pdf", 3),
    ("rub_shadow_hide_v1_signed.pdf", 2),
    ("rub_shadow_replace_v1_manipulated.pdf", 3),
    ("rub_shadow_replace_v1_signed.pdf", 2),
    ("unsigned.pdf", 1),
];

fn check_folder(dir: &Path, label: &str, strict: bool) -> (usize, usize) {
    let Some(files) = pdfs_in(dir) else {
        eprintln!(
            "SKIPPED all PDFs of the {label}: no folder at {}",
            dir.display()
        );
        return (0, 0);
    };
    let mut failures = Vec::new();
    let mut repaired = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let pdf = match PdfFile::parse(bytes) {
            Ok(pdf) => pdf,
            Err(e) => {
                failures.push(format!("{name}: parse: {e}"));
                continue;
            }
        };
        let revisions = pdf.revisions();
        assert!(!revisions.is_empty(), "{name}: no revision");
        if let Some((_, expected)) = EXPECTED_REVISIONS.iter().find(|(n, _)| *n == name) {
            assert_eq!(revisions.len(), *expected, "{name}: revisions");
        }
        let kinds: Vec<String> = revisions
            .iter()
            .map(|r| format!("{:?}", r.kind()))
            .collect();
        let pages = match pdf.catalog().and_then(|_| pdf.pages()) {
            Ok(pages) => pages,
            Err(e) => {
                failures.push(format!("{name}: catalog/pages: {e}"));
                continue;
            }
        };
        let sigs = match signature_fields(&pdf) {
            Ok(sigs) => sigs,
            Err(e) => {
                failures.push(format!("{name}: signature fields: {e}"));
                continue;
            }
        };
        for sig in &sigs {
            assert_eq!(sig.byte_range.len(), 4, "{name}: {:?}", sig.byte_range);
            assert!(!sig.contents.is_empty(), "{name}: empty /Contents");
        }
        if pdf.repaired() {
            repaired += 1;
        }
        // Every object of every revision, through its own revision's cross-reference data.
        let mut objects = 0;
        let mut unreadable = Vec::new();
        let mut length_repaired = Vec::new();
        for (index, rev) in revisions.iter().enumerate() {
            for (num, entry) in rev.entries() {
                let generation = match entry {
                    XrefEntry::InUse { generation, .. } => *generation,
                    XrefEntry::Compressed { .. } => 0,
                    XrefEntry::Free { .. } => continue,
                };
                objects += 1;
                match pdf.get_indirect_at(index, ObjRef::new(*num, generation)) {
                    Err(e) => unreadable.push(format!("rev {index} obj {num}: {e}")),
                    Ok(o) => {
                        if let ObjectLocation::File {
                            stream:
                                Some(StreamData {
                                    length_repaired: true,
                                    ..
                                }),
                            ..
                        } = o.location
                        {
                            length_repaired.push(format!("rev {index} obj {num}"));
                        }
                    }
                }
            }
        }
        if strict && !unreadable.is_empty() {
            failures.push(format!("{name}: unreadable objects {unreadable:?}"));
        }
        let notes: Vec<String> = pdf
            .diagnostics()
            .iter()
            .map(|d| match d {
                Diagnostic::XrefEntryRepaired {
                    id, stated, found, ..
                } => {
                    format!("entry {id} {stated}->{found}")
                }
                other => format!("{other:?}"),
            })
            .collect();
        eprintln!(
            "{label}: {name}: {} revision(s) {kinds:?}, v{}, {} page(s), {} signature(s), {objects} objects ({} unreadable{}){}{}{}",
            revisions.len(),
            pdf.version(),
            pages.len(),
            sigs.len(),
            unreadable.len(),
            if unreadable.is_empty() {
                String::new()
            } else {
                format!(": {}", unreadable.join(", "))
            },
            if length_repaired.is_empty() {
                String::new()
            } else {
                format!(", stream /Length repaired: {}", length_repaired.join(", "))
            },
            if pdf.repaired() { ", REPAIRED" } else { "" },
            if notes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", notes.join("; "))
            },
        );
    }
    assert!(
        failures.is_empty(),
        "{label} failures:\n{}",
        failures.join("\n")
    );
    eprintln!("{label}: {} PDFs read, {repaired} repaired", files.len());
    (files.len(), repaired)
}

#[test]
fn every_corpus_pdf_is_read() {
    check_folder(&corpus_dir(), "corpus", false);
}

#[test]
fn every_reference_pdf_is_read() {
    check_folder(&reference_dir(), "reference", true);
}
