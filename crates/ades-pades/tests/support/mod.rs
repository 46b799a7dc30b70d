//! What the PAdES integration tests share: a one-page PDF, signing it with the test PKI,
//! appending revisions by hand, and reading a report's checks.

#![allow(dead_code)] // each test binary uses a part

use ades_core::{Sha256, SignatureReport, SubIndication, datetime};
use ades_pades::{PadesBuilder, PadesOptions, PadesValidator, SourcePdf};
use ades_pdf::PdfFile;
use ades_policy::{GenericAdes, MadridPolicy};
use ades_testkit::TestPki;

use crate::common::Builder;

/// A one-page PDF; `extra_catalog` and `extra_objects` add dynamic content and the like.
pub(crate) fn simple_pdf(extra_catalog: &str, extra_objects: &[(u32, &str)]) -> Vec<u8> {
    let mut b = Builder::new("1.7");
    b.obj(1, &format!("<</Type/Catalog/Pages 2 0 R{extra_catalog}>>"));
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(
        3,
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
    );
    b.stream(4, "", b"BT /F1 18 Tf 50 800 Td (Licencia de obras) Tj ET");
    b.obj(5, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>");
    let mut nums = vec![1, 2, 3, 4, 5];
    for (num, body) in extra_objects {
        b.obj(*num, body);
        nums.push(*num);
    }
    let size = nums.iter().max().unwrap() + 1;
    b.xref_table(&nums, true, &format!("/Size {size}/Root 1 0 R"));
    b.out
}

pub(crate) fn sign(
    pki: &TestPki,
    who: &ades_testkit::Identity,
    pdf: &[u8],
    options: PadesOptions,
) -> Vec<u8> {
    let source = SourcePdf::from_bytes(pdf.to_vec()).unwrap();
    let signed = PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(who.certificate.clone(), pki.chain())
        .options(options)
        .sign::<Sha256>(&source, &who.key, datetime::now(), None)
        .unwrap();
    let out = signed.to_vec(&source).unwrap();
    assert!(out.starts_with(pdf), "the original bytes are kept");
    out
}

pub(crate) fn detail(report: &SignatureReport, name: &str) -> String {
    report
        .checks
        .iter()
        .filter(|c| c.name.name() == name)
        .map(|c| c.detail.clone())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Appends a revision made of `objects` (number, body) with a table chained to the file's
/// last one.
pub(crate) fn append_revision(
    signed: &[u8],
    objects: &[(u32, &str)],
    extra_entries: &[(u32, usize)],
) -> Vec<u8> {
    let pdf = PdfFile::parse(signed.to_vec()).unwrap();
    let prev = pdf.revisions().last().unwrap().xref_offset().unwrap();
    let size = pdf.trailer().get_i64("Size").unwrap();
    let root = pdf.trailer().get_ref("Root").unwrap();
    let mut b = Builder::extend(signed.to_vec());
    let mut nums = Vec::new();
    for (num, body) in objects {
        b.obj(*num, body);
        nums.push(*num);
    }
    for (num, offset) in extra_entries {
        b.offsets.insert(*num, *offset);
        nums.push(*num);
    }
    b.xref_table(
        &nums,
        false,
        &format!(
            "/Size {size}/Root {} {} R/Prev {prev}",
            root.num, root.generation
        ),
    );
    b.out
}

pub(crate) fn signed_simple(pki: &TestPki, extra: &[(u32, &str)]) -> Vec<u8> {
    signed_pdf(pki, "", extra)
}

/// [`simple_pdf`] signed by signer 1 with the default options.
pub(crate) fn signed_pdf(pki: &TestPki, extra_catalog: &str, extra: &[(u32, &str)]) -> Vec<u8> {
    sign(
        pki,
        &pki.signer1,
        &simple_pdf(extra_catalog, extra),
        PadesOptions::default(),
    )
}

/// Page 3 of `signed` as it is, with `annot` added to its `/Annots`.
pub(crate) fn page_with_annot(signed: &[u8], annot: &str) -> String {
    let pdf = PdfFile::parse(signed.to_vec()).unwrap();
    let page = pdf.get(ades_pdf::ObjRef::new(3, 0)).unwrap();
    let existing: String = page
        .dict()
        .unwrap()
        .get_array("Annots")
        .unwrap_or_default()
        .iter()
        .filter_map(ades_pdf::Object::as_reference)
        .map(|r| format!("{r} "))
        .collect();
    format!(
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots[{existing}{annot}]>>"
    )
}

/// The first signature's sub-indication and what its `modifications` check says, validated
/// without trust anchors (only the changes after signing are of interest).
pub(crate) fn modifications(bytes: Vec<u8>) -> (Option<SubIndication>, String) {
    let r = PadesValidator::new(&GenericAdes)
        .validate(bytes, "changed after signing")
        .signatures
        .remove(0);
    (r.sub_indication, detail(&r, "modifications"))
}
