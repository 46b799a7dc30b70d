//! Changes after signing, judged as viewers would show them: annotations over what the page
//! drew (the evil-annotation attack and the ways around its first check), objects given two
//! roles, and revisions that would hide a change from the validator. Built on our own output,
//! with the test PKI.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

#[path = "../../ades-pdf/tests/common/mod.rs"]
mod common;
mod support;

use ades_core::SubIndication;
use ades_pades::PadesOptions;
use ades_pdf::PdfFile;
use ades_testkit::TestPki;
use support::{
    append_revision, modifications, page_with_annot, sign, signed_pdf, signed_simple, simple_pdf,
};

#[test]
fn annotations_after_signing_are_judged_by_what_they_cover() {
    let pki = TestPki::shared();
    let judge = modifications;
    let free_text = |rect: &str| {
        format!("<</Type/Annot/Subtype/FreeText/Rect[{rect}]/Contents(OK)/DA(/Helv 12 Tf 0 g)>>")
    };
    // The page's text, "Licencia de obras" at 18 points, starts at (50, 800).
    let over_text = "40 790 300 830";
    let blank = "300 100 400 150";
    let annotate_with = |signed: &[u8], annot: &str, extra: &[(u32, &str)]| {
        let size = PdfFile::parse(signed.to_vec())
            .unwrap()
            .trailer()
            .get_i64("Size")
            .unwrap() as u32;
        let page = page_with_annot(signed, &format!("{size} 0 R"));
        let mut objects = vec![(3, page.as_str()), (size, annot)];
        objects.extend_from_slice(extra);
        append_revision(signed, &objects, &[])
    };
    let annotate = |signed: &[u8], rect: &str, extra: &[(u32, &str)]| {
        annotate_with(signed, &free_text(rect), extra)
    };

    // An approval signature: annotations on blank parts of the page are allowed, over its
    // text they are not (they could hide or change it).
    let approval = signed_simple(pki, &[]);
    let (sub, d) = judge(annotate(&approval, blank, &[]));
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(
        d.contains("/FreeText annotation added on a blank part of page 3 0 R"),
        "{d}"
    );
    let (sub, d) = judge(annotate(&approval, over_text, &[]));
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("over what page 3 0 R showed when signed"), "{d}");
    // A hidden annotation shows nothing.
    let (sub, d) = judge(annotate_with(
        &approval,
        "<</Type/Annot/Subtype/FreeText/Rect[40 790 300 830]/F 2/Contents(OK)>>",
        &[],
    ));
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");

    // The catalog may gain a /Names tree of appearances with them, not of scripts.
    let catalog = |names: &str| {
        let pdf = PdfFile::parse(approval.clone()).unwrap();
        let root = pdf.catalog().unwrap();
        let form = root.get_ref("AcroForm").unwrap();
        format!("<</Type/Catalog/Pages 2 0 R/AcroForm {form}/Names<<{names}>>>>")
    };
    let with_ap = catalog("/AP<</Names[(icon) 5 0 R]>>");
    let (sub, d) = judge(annotate(&approval, blank, &[(1, with_ap.as_str())]));
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    let with_js = catalog("/JavaScript<</Names[(x) <</S/JavaScript/JS(app.alert(1))>>]>>");
    let (sub, d) = judge(annotate(&approval, blank, &[(1, with_js.as_str())]));
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("/Names"), "{d}");

    // A certification permitting annotations (DocMDP P=3): the same rule, so an annotation
    // cannot replace certified text (the evil annotation attack).
    let certified = signed_pdf(
        pki,
        "/Perms<</DocMDP 6 0 R>>",
        &[(
            6,
            "<</Type/Sig/Reference[<</Type/SigRef/TransformMethod/DocMDP/TransformParams<</Type/TransformParams/P 3/V/1.2>>>>]>>",
        )],
    );
    let (sub, d) = judge(annotate(&certified, blank, &[]));
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("DocMDP P=3 permits it"), "{d}");
    let (sub, d) = judge(annotate(&certified, over_text, &[]));
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
}

/// The ways around the overlap judgement found in review: a `/Rect` written as an indirect
/// object (or with indirect numbers), flags that draw an annotation beyond its `/Rect`, an
/// annotation without one, and an annotation added hidden then shown or moved over signed
/// text in place.
#[test]
fn annotations_are_judged_where_viewers_draw_them() {
    let pki = TestPki::shared();
    let judge = modifications;
    let next_number = |pdf: &[u8]| {
        PdfFile::parse(pdf.to_vec())
            .unwrap()
            .trailer()
            .get_i64("Size")
            .unwrap() as u32
    };
    // Adds `annot` (as object N) and the `extra` objects numbered from N + 1 (`{1}`, `{2}`
    // in `annot` stand for them) to page 3.
    let annotate = |signed: &[u8], annot: &str, extra: &[&str]| {
        let n = next_number(signed);
        let mut annot = annot.to_owned();
        for i in 1..=extra.len() {
            annot = annot.replace(&format!("{{{i}}}"), &format!("{} 0 R", n + i as u32));
        }
        let page = page_with_annot(signed, &format!("{n} 0 R"));
        let mut objects = vec![(3, page.as_str()), (n, annot.as_str())];
        for (i, body) in extra.iter().enumerate() {
            objects.push((n + 1 + i as u32, body));
        }
        (append_revision(signed, &objects, &[]), n)
    };
    let over_text = "[40 790 300 830]";
    let approval = signed_simple(pki, &[]);

    // /Rect as an indirect array, or with an indirect number: read through the references.
    let (pdf, _) = annotate(
        &approval,
        "<</Type/Annot/Subtype/FreeText/Rect {1}/Contents(OK)>>",
        &[over_text],
    );
    let (sub, d) = judge(pdf);
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("over what page 3 0 R showed when signed"), "{d}");
    let (pdf, _) = annotate(
        &approval,
        "<</Type/Annot/Subtype/FreeText/Rect[300 100 400 {1}]/Contents(OK)>>",
        &["150"],
    );
    let (sub, d) = judge(pdf);
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("on a blank part of page 3 0 R"), "{d}");
    // No /Rect (or one that is not an array): viewers may still draw it.
    let (pdf, _) = annotate(
        &approval,
        "<</Type/Annot/Subtype/FreeText/Rect {1}/Contents(OK)>>",
        &["(not a rectangle)"],
    );
    let (sub, d) = judge(pdf);
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("its /Rect is not four numbers"), "{d}");
    // NoZoom draws at a fixed size from the corner: beyond the /Rect, so anywhere on a page
    // with content; a zero-size /Rect still gets a note's icon.
    for annot in [
        "<</Type/Annot/Subtype/Text/Rect[300 100 310 110]/F 8/Contents(OK)>>",
        "<</Type/Annot/Subtype/Text/Rect[300 100 300 100]/Contents(OK)>>",
    ] {
        let (pdf, _) = annotate(&approval, annot, &[]);
        let (sub, d) = judge(pdf);
        assert_eq!(
            sub,
            Some(SubIndication::ModifiedAfterSigning),
            "{annot}: {d}"
        );
    }

    // Under DocMDP P=3: an annotation added hidden over the certified text is allowed; shown
    // or moved there in a later revision it is not; its author or date may change.
    let certified = signed_pdf(
        pki,
        "/Perms<</DocMDP 6 0 R>>",
        &[(
            6,
            "<</Type/Sig/Reference[<</Type/SigRef/TransformMethod/DocMDP/TransformParams<</Type/TransformParams/P 3/V/1.2>>>>]>>",
        )],
    );
    let (hidden, n) = annotate(
        &certified,
        "<</Type/Annot/Subtype/FreeText/Rect[40 790 300 830]/F 2/Contents(OK)>>",
        &[],
    );
    let (sub, d) = judge(hidden.clone());
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    let rewrite = |body: &str| append_revision(&hidden, &[(n, body)], &[]);
    let (sub, d) = judge(rewrite(
        "<</Type/Annot/Subtype/FreeText/Rect[40 790 300 830]/Contents(OK)>>",
    ));
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(
        d.contains(&format!("annotation {n} 0 R changed (F)")),
        "{d}"
    );
    let (sub, d) = judge(rewrite(
        "<</Type/Annot/Subtype/FreeText/Rect[40 790 300 830]/F 2/Contents(OK)/T(Ana)/M(D:20261204)>>",
    ));
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("changed: M, T (DocMDP P=3 permits it)"), "{d}");
    let (blank, n) = annotate(
        &certified,
        "<</Type/Annot/Subtype/FreeText/Rect[300 100 400 150]/Contents(OK)>>",
        &[],
    );
    let moved = append_revision(
        &blank,
        &[(
            n,
            "<</Type/Annot/Subtype/FreeText/Rect[40 790 300 830]/Contents(OK)>>",
        )],
        &[],
    );
    let (sub, d) = judge(moved);
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    let nudged = append_revision(
        &blank,
        &[(
            n,
            "<</Type/Annot/Subtype/FreeText/Rect[310 100 410 150]/Contents(OK)>>",
        )],
        &[],
    );
    let (sub, d) = judge(nudged);
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
}

/// An object given two roles by whoever prepared the document is judged in both: one array
/// as the form's `/Fields` and a page's `/Annots` (a new annotation would pass as a new
/// field), a page's content stream listed in the `/DSS` (it would change as validation data).
#[test]
fn an_object_in_two_roles_is_judged_in_both() {
    let pki = TestPki::shared();
    let judge = modifications;
    let content = |text: &str| {
        let data = format!("BT /F1 18 Tf 50 800 Td ({text}) Tj ET");
        format!("<</Length {}>>\nstream\n{data}\nendstream", data.len())
    };

    // The form's /Fields is the page's /Annots: a /FreeText over the text added to it.
    let unsigned = simple_pdf("/AcroForm<</Fields 7 0 R>>", &[(7, "[]")]);
    let shared = append_revision(
        &unsigned,
        &[(
            3,
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots 7 0 R>>",
        )],
        &[],
    );
    let signed = sign(pki, &pki.signer1, &shared, PadesOptions::default());
    let pdf = PdfFile::parse(signed.clone()).unwrap();
    let n = pdf.trailer().get_i64("Size").unwrap() as u32;
    let entries: String = pdf
        .get(ades_pdf::ObjRef::new(7, 0))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{} ", o.as_reference().unwrap()))
        .collect();
    drop(pdf);
    let grown = format!("[{entries}{n} 0 R]");
    let (sub, d) = judge(append_revision(
        &signed,
        &[
            (7, grown.as_str()),
            (
                n,
                "<</Type/Annot/Subtype/FreeText/Rect[40 790 300 830]/Contents(OK)>>",
            ),
        ],
        &[],
    ));
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(
        d.contains("both the form's /Fields and a page's /Annots"),
        "{d}"
    );

    // The signed document names its page content as DSS data (prepared so before signing).
    let prepared = signed_pdf(pki, "/DSS<</Certs[4 0 R]>>", &[]);
    let (sub, d) = judge(append_revision(
        &prepared,
        &[(4, &content("Licencia denegada"))],
        &[],
    ));
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(
        d.contains("validation data or metadata, but the document also uses it"),
        "{d}"
    );
    // The same update of a DSS the page does not use is validation data indeed.
    let honest = signed_pdf(pki, "/DSS<</Certs[7 0 R]>>", &[(7, &content("x"))]);
    let (sub, d) = judge(append_revision(&honest, &[(7, &content("y"))], &[]));
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("DSS object 7 0 R updated"), "{d}");
}

/// The number a new object appended to `pdf` gets.
fn next_number(pdf: &[u8]) -> u32 {
    PdfFile::parse(pdf.to_vec())
        .unwrap()
        .trailer()
        .get_i64("Size")
        .unwrap() as u32
}

/// An indirect stream object's body.
fn stream_body(dict: &str, data: &str) -> String {
    format!(
        "<<{dict}/Length {}>>\nstream\n{data}\nendstream",
        data.len()
    )
}

/// Revisions that would keep a change out of the validator's sight: an object stream
/// rewritten under the entries of the objects it holds, a stream named `/Type /ObjStm` to pass
/// as cross-reference machinery, validation data whose structure reaches the page tree, a key
/// written twice, a generation bumped, an annotation passed off as a form field, and a visible
/// signature widget over the signed text.
#[test]
fn later_revisions_cannot_hide_a_change() {
    let pki = TestPki::shared();
    let judge = modifications;
    let changed = |(sub, d): (Option<SubIndication>, String), what: &str| {
        assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
        assert!(d.contains(what), "{what}: {d}");
    };

    // The page tree of a PDF 1.5 lives in object stream 6: a revision that rewrites only
    // that stream changes it for every reader.
    let compressed = sign(
        pki,
        &pki.signer1,
        &common::xref_stream_pdf(),
        PadesOptions::default(),
    );
    let (dict, data) = common::object_stream(&[(2, "<</Type/Pages/Kids[3 0 R 3 0 R]/Count 2>>")]);
    let rewritten = stream_body(&dict, std::str::from_utf8(&data).unwrap());
    changed(
        judge(append_revision(
            &compressed,
            &[(6, rewritten.as_str())],
            &[],
        )),
        "object 2 0 R",
    );

    // A content stream typed /ObjStm is judged like any object.
    let typed = stream_body("/Type/ObjStm/N 0/First 0", "");
    let signed = signed_simple(pki, &[(7, typed.as_str())]);
    let other = stream_body("/Type/ObjStm/N 0/First 0", "BT (x) Tj ET");
    changed(
        judge(append_revision(&signed, &[(7, other.as_str())], &[])),
        "object 7 0 R",
    );

    // A DSS whose /Certs names the page tree makes the tree no DSS data: its pages and
    // their content are judged as such.
    let prepared = signed_pdf(pki, "/DSS<</Certs[2 0 R]>>", &[]);
    let content = stream_body("", "BT /F1 18 Tf 50 800 Td (Licencia denegada) Tj ET");
    changed(
        judge(append_revision(&prepared, &[(4, content.as_str())], &[])),
        "object 4 0 R",
    );

    // A key written twice, then the copy replaced by another key of the same length.
    let twice = signed_pdf(pki, "/Lang(es)/Lang(es)", &[]);
    let pdf = PdfFile::parse(twice.clone()).unwrap();
    let form = pdf.catalog().unwrap().get_ref("AcroForm").unwrap();
    drop(pdf);
    let catalog = format!(
        "<</Type/Catalog/Pages 2 0 R/Lang(es)/OpenAction<</S/JavaScript/JS(1)>>/AcroForm {form}>>"
    );
    changed(
        judge(append_revision(&twice, &[(1, catalog.as_str())], &[])),
        "catalog entries changed",
    );

    // The page written again, unchanged, as generation 1: readers that follow generations
    // lose the page the signed revision named.
    let signed = signed_simple(pki, &[]);
    let page = page_with_annot(&signed, "");
    let mut bumped = append_revision(&signed, &[(3, page.as_str())], &[]);
    let at = bumped.windows(8).rposition(|w| w == b"3 0 obj\n").unwrap();
    bumped[at + 2] = b'1';
    let xref = bumped
        .windows(6)
        .rposition(|w| w == b"xref\r\n" || w == b"xref\n3")
        .unwrap();
    let entry = bumped[xref..]
        .windows(8)
        .position(|w| w == b" 00000 n")
        .unwrap();
    bumped[xref + entry + 5] = b'1';
    changed(judge(bumped), "generation 1");

    // An annotation over the text, signed; afterwards added to the form's /Fields and given
    // another appearance: still an annotation, whose change an approval signature forbids.
    let n = next_number(&simple_pdf("", &[]));
    let note = "<</Type/Annot/Subtype/Square/Rect[40 790 300 830]/C[1 1 0]/F 4>>";
    let unsigned = simple_pdf("", &[(n, note)]);
    let with_note = append_revision(
        &unsigned,
        &[(
            3,
            &format!(
                "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots[{n} 0 R]>>"
            ),
        )],
        &[],
    );
    let signed = sign(pki, &pki.signer1, &with_note, PadesOptions::default());
    let pdf = PdfFile::parse(signed.clone()).unwrap();
    let form_id = pdf.catalog().unwrap().get_ref("AcroForm").unwrap();
    let form = pdf.get(form_id).unwrap();
    let fields: String = pdf
        .resolve(form.dict().unwrap().get("Fields").unwrap())
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} ", f.as_reference().unwrap()))
        .collect();
    drop(pdf);
    let grown = format!("<</Fields[{fields}{n} 0 R]/SigFlags 3>>");
    let as_field = append_revision(&signed, &[(form_id.num, grown.as_str())], &[]);
    let (sub, d) = judge(as_field.clone());
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    let ap = next_number(&as_field);
    let covered = format!(
        "<</Type/Annot/Subtype/Square/Rect[40 790 300 830]/F 4/T(x)/V(y)/FT/Tx/AP<</N {ap} 0 R>>>>"
    );
    let box_over = stream_body(
        "/Type/XObject/Subtype/Form/BBox[0 0 260 40]",
        "1 g 0 0 260 40 re f 0 g BT /Helv 18 Tf 10 12 Td (Licencia denegada) Tj ET",
    );
    changed(
        judge(append_revision(
            &as_field,
            &[(n, covered.as_str()), (ap, box_over.as_str())],
            &[],
        )),
        &format!("annotation {n} 0 R"),
    );

    // A signature widget is an appearance too: visible over the signed text, it fails after
    // an approval signature like any annotation.
    let approval = signed_simple(pki, &[]);
    let w = next_number(&approval);
    let page = page_with_annot(&approval, &format!("{w} 0 R"));
    let widget = "<</Type/Annot/Subtype/Widget/FT/Sig/T(Sig9)/Rect[40 790 300 830]/F 4/P 3 0 R>>";
    changed(
        judge(append_revision(
            &approval,
            &[(3, page.as_str()), (w, widget)],
            &[],
        )),
        "visible signature widget added over what page 3 0 R showed",
    );
}

/// A signed revision whose entry for the page content points at the wrong object: the
/// validator finds the content in that revision's bytes; a copy appended after signing, with
/// no entry of its own, is what a reader that rebuilds the table by scanning shows.
#[test]
fn an_object_defined_again_after_a_broken_entry_is_a_change() {
    let pki = TestPki::shared();
    let mut b = common::Builder::new("1.7");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(
        3,
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
    );
    b.stream(4, "", b"BT /F1 18 Tf 50 800 Td (Licencia de obras) Tj ET");
    b.obj(5, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>");
    // The entry of object 4 states object 5's offset.
    let five = b.offsets[&5];
    b.offsets.insert(4, five);
    b.xref_table(&[1, 2, 3, 4, 5], true, "/Size 6/Root 1 0 R");
    let signed = sign(pki, &pki.signer1, &b.out, PadesOptions::default());

    let mut changed = signed.clone();
    changed.extend_from_slice(
        stream_body("", "BT /F1 18 Tf 50 800 Td (Licencia denegada) Tj ET")
            .replace("<<", "4 0 obj\n<<")
            .as_bytes(),
    );
    changed.extend_from_slice(b"\nendobj\n");
    let n = next_number(&signed);
    let (sub, d) = modifications(append_revision(&changed, &[(n, "<</Note(x)>>")], &[]));
    assert_eq!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
    assert!(d.contains("is defined again at offset"), "{d}");
    // Without the later copy the same file is only a signature with an added object.
    let (sub, d) = modifications(append_revision(&signed, &[(n, "<</Note(x)>>")], &[]));
    assert_ne!(sub, Some(SubIndication::ModifiedAfterSigning), "{d}");
}
