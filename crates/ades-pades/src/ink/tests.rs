#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::HashMap;

use super::geometry::Matrix;
use super::resources::{ExtGState, Font, FontMetrics, XObject};
use super::*;

/// A font of the test resources: widths from `min` to `max` em, an optional bbox (em).
fn font(min: f64, max: f64, bbox: Option<[f64; 4]>) -> Font {
    Font::Metrics(FontMetrics::new(min, max, bbox, false))
}

/// Resources: forms `Fm1` (moved 100 right, box 200 × 50) and `Bad` (no usable box),
/// image `Im1`, PostScript `Ps1`; fonts `F1` (widths unknown), `F2` (widest glyph 2 em),
/// `F3` (FontBBox reaching 3 em up), `T3` (Type3); graphics state `Thick` (line width 20).
fn resources() -> Resources {
    let mut r = Resources::default();
    r.xobjects.insert(
        b"Fm1".to_vec(),
        XObject::Form(Matrix::translation(100.0, 0.0), [0.0, 0.0, 200.0, 50.0]),
    );
    r.xobjects.insert(b"Bad".to_vec(), XObject::Unbounded);
    r.xobjects.insert(b"Im1".to_vec(), XObject::Image);
    r.xobjects.insert(b"Ps1".to_vec(), XObject::PostScript);
    r.fonts.insert(b"F1".to_vec(), Font::UNKNOWN);
    r.fonts.insert(b"F2".to_vec(), font(0.0, 2.0, None));
    r.fonts
        .insert(b"F3".to_vec(), font(0.0, 0.5, Some([-0.1, -0.2, 0.9, 3.0])));
    r.fonts.insert(b"T3".to_vec(), Font::Unbounded);
    r.graphics_states.insert(
        b"Thick".to_vec(),
        Some(ExtGState {
            line_width: Some(20.0),
            ..ExtGState::default()
        }),
    );
    r.graphics_states.insert(b"Broken".to_vec(), None);
    r
}

fn try_areas(content: &[u8]) -> Option<Vec<Area>> {
    let mut out = Vec::new();
    content_areas(content, &resources(), &mut out)?;
    Some(out)
}

fn areas(content: &[u8]) -> Vec<Area> {
    try_areas(content).unwrap()
}

/// The one area `content` draws.
fn area(content: &[u8]) -> Area {
    let a = areas(content);
    assert_eq!(a.len(), 1, "{a:?}");
    a[0]
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Area {
    Area { x0, y0, x1, y1 }
}

fn assert_near(a: Area, b: Area) {
    let close = |x: f64, y: f64| (x - y).abs() < 1e-6;
    assert!(
        close(a.x0, b.x0) && close(a.y0, b.y0) && close(a.x1, b.x1) && close(a.y1, b.y1),
        "{a:?} != {b:?}"
    );
}

/// A PDF file of `objects` (number, body), with a cross-reference table.
fn pdf(objects: &[(u32, String)]) -> PdfFile {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = HashMap::new();
    for (num, body) in objects {
        offsets.insert(*num, out.len());
        out.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let size = objects.iter().map(|(n, _)| n + 1).max().unwrap_or(1);
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
    for n in 0..size {
        out.extend_from_slice(
            match offsets.get(&n) {
                Some(offset) => format!("{offset:010} 00000 n \n").into_bytes(),
                None => b"0000000000 65535 f \n".to_vec(),
            }
            .as_slice(),
        );
    }
    out.extend_from_slice(
        format!("trailer\n<</Size {size}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    PdfFile::parse(out).unwrap()
}

fn stream(dict: &str, data: &str) -> String {
    format!(
        "<<{dict}/Length {}>>\nstream\n{data}\nendstream",
        data.len()
    )
}

/// A one-page file: the page (object 3) with `page` in its dictionary, content `content`
/// (object 4), and `objects`.
fn page_pdf(page: &str, content: &str, objects: &[(u32, String)]) -> PdfFile {
    let mut all = vec![
        (1, "<</Type/Catalog/Pages 2 0 R>>".to_owned()),
        (2, "<</Type/Pages/Kids[3 0 R]/Count 1>>".to_owned()),
        (
            3,
            format!("<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R{page}>>"),
        ),
        (4, stream("", content)),
    ];
    all.extend_from_slice(objects);
    pdf(&all)
}

const PAGE: ObjRef = ObjRef::new(3, 0);

#[test]
fn text_is_placed_by_its_matrices() {
    let a = area(b"BT /F1 18 Tf 50 800 Td (Licencia de obras) Tj ET");
    // 17 bytes of at most 1.1 em of 18 points from (50, 800).
    assert!(a.overlaps(&rect(100.0, 805.0, 101.0, 806.0)));
    assert!(a.overlaps(&rect(380.0, 805.0, 381.0, 806.0)));
    assert!(!a.overlaps(&rect(50.0, 700.0, 300.0, 780.0)));
    assert!(!a.overlaps(&rect(420.0, 790.0, 500.0, 820.0)));
    // The same text moved by the CTM and a text matrix.
    let b = areas(b"q 1 0 0 1 0 -400 cm BT /F1 10 Tf 1 0 0 1 100 600 Tm (x) Tj T* ET Q");
    assert!(b[0].overlaps(&rect(100.0, 200.0, 105.0, 205.0)));
}

#[test]
fn paths_and_images_count_where_painted() {
    let a = areas(
        b"0 0 100 100 re n 10 10 m 20 10 l S q 50 0 0 50 300 300 cm /Im1 Do Q q 1 0 0 1 0 500 cm /Fm1 Do Q /Ps1 Do",
    );
    assert_eq!(a.len(), 3, "{a:?}");
    assert!(a[0].overlaps(&rect(15.0, 9.0, 16.0, 11.0)));
    assert!(a[1].overlaps(&rect(320.0, 320.0, 330.0, 330.0)));
    assert!(!a[1].overlaps(&rect(0.0, 0.0, 100.0, 100.0)));
    // The form: its box moved by its matrix, then by the CTM.
    assert!(a[2].overlaps(&rect(250.0, 520.0, 260.0, 530.0)));
    assert!(!a[2].overlaps(&rect(0.0, 500.0, 90.0, 600.0)));
    // An inline image fills the unit square of the CTM.
    let b = area(b"q 10 0 0 20 30 40 cm BI /W 1 /H 1 ID x EI Q");
    assert_near(b, rect(30.0, 40.0, 40.0, 60.0));
}

#[test]
fn unreadable_or_unbalanced_content_is_not_judged_wrongly() {
    assert!(try_areas(b"(unterminated Tj").is_none());
    assert!(try_areas(b"1 2 cm").is_none());
    // More restores than saves, while nothing was changed: harmless.
    assert!(try_areas(b"Q Q Q 0 0 1 1 re f").is_some());
    // After a change, which state a viewer falls back to is not known.
    assert!(try_areas(b"2 0 0 2 0 0 cm Q 0 0 1 1 re f").is_none());
}

/// 1. `/BBox`, `/Matrix`, `/Subtype` and `/Rect` may be indirect, as may each number.
#[test]
fn indirect_values_are_resolved() {
    let file = page_pdf(
        "/Resources<</XObject<</Fm1 5 0 R>>>>/Annots[7 0 R]",
        "/Fm1 Do",
        &[
            (
                5,
                stream(
                    "/Type/XObject/Subtype 6 0 R/BBox 8 0 R/Matrix[1 0 0 1 9 0 R 0]",
                    "",
                ),
            ),
            (6, "/Form".to_owned()),
            (7, "<</Type/Annot/Subtype/Square/Rect 10 0 R>>".to_owned()),
            (8, "[0 0 100 11 0 R]".to_owned()),
            (9, "300".to_owned()),
            (10, "[400 400 11 0 R 450]".to_owned()),
            (11, "50".to_owned()),
        ],
    );
    let drawn = drawn_areas(&file, 0, PAGE).unwrap();
    assert_eq!(drawn.len(), 2, "{drawn:?}");
    assert_near(drawn[0], rect(50.0, 400.0, 400.0, 450.0));
    assert_near(drawn[1], rect(300.0, 0.0, 400.0, 50.0));
    // An annotation whose /Rect cannot be read: the page cannot be judged.
    for rect in ["[1 2 3]", "12 0 R", "[0 0 (a) 10]"] {
        let file = page_pdf(
            "/Annots[<</Type/Annot/Subtype/Square/Rect 5 0 R>>]",
            "",
            &[(5, rect.to_owned())],
        );
        assert!(drawn_areas(&file, 0, PAGE).is_none(), "{rect}");
    }
    let file = page_pdf("/Annots[<</Type/Annot/Subtype/Square>>]", "", &[]);
    assert!(drawn_areas(&file, 0, PAGE).is_none());
}

/// 2. Every XObject drawn must be known and bounded.
#[test]
fn xobjects_must_be_known_and_bounded() {
    assert!(try_areas(b"/Nowhere Do").is_none());
    assert!(try_areas(b"/Bad Do").is_none());
    assert!(try_areas(b"/Fm1 Do /Im1 Do /Ps1 Do").is_some());
    let file = page_pdf(
        "/Resources<</XObject<</A 5 0 R/B 6 0 R/C 7 0 R/D 8 0 R/E 9 0 R/F 10 0 R>>>>",
        "",
        &[
            (5, stream("/Subtype/Form/BBox[0 0 10]", "")),
            (6, stream("/Subtype/Form", "")),
            (
                7,
                stream("/Subtype/Form/BBox[0 0 10 10]/Matrix[1 0 0 1]", ""),
            ),
            (8, stream("/Subtype/Image/Width 1/Height 1", "x")),
            (9, stream("/Subtype/PS", "")),
            (10, "<</Subtype/Form/BBox[0 0 1 1]>>".to_owned()),
        ],
    );
    let page = file.get(PAGE).unwrap();
    let r = Resources::of_page(&file, 0, page.dict().unwrap());
    let kind = |name: &[u8]| r.xobjects.get(name).copied();
    for bad in [&b"A"[..], b"B", b"C", b"F"] {
        assert_eq!(kind(bad), Some(XObject::Unbounded));
    }
    assert_eq!(kind(b"D"), Some(XObject::Image));
    assert_eq!(kind(b"E"), Some(XObject::PostScript));
    // Drawn through the page: cannot judge.
    let file = page_pdf(
        "/Resources<</XObject<</A 5 0 R>>>>",
        "/A Do",
        &[(5, stream("/Subtype/Form", ""))],
    );
    assert!(drawn_areas(&file, 0, PAGE).is_none());
    // Resources that cannot be read name nothing.
    let file = page_pdf("/Resources 9 0 R", "/Fm1 Do", &[(9, "9 0 R".to_owned())]);
    assert!(drawn_areas(&file, 0, PAGE).is_none());
}

/// 3. A shading paints the whole clipping area, everything without one.
#[test]
fn shadings_paint_the_clip() {
    assert_eq!(area(b"/Sh1 sh"), Area::EVERYWHERE);
    assert!(Area::EVERYWHERE.overlaps(&rect(1.0, 1.0, 2.0, 2.0)));
    let a = area(b"q 10 10 100 100 re W n /Sh1 sh Q");
    assert_near(a, rect(10.0, 10.0, 110.0, 110.0));
    // Clips intersect, in user space, and take effect after the painting operator.
    let a = areas(b"q 2 0 0 2 0 0 cm 10 10 100 100 re W f 0 0 20 300 re W* n /Sh1 sh Q");
    assert_eq!(a.len(), 2);
    assert_near(a[0], rect(20.0, 20.0, 220.0, 220.0));
    assert_near(a[1], rect(20.0, 20.0, 40.0, 220.0));
    // The clip is part of the graphics state.
    let a = areas(b"q 0 0 10 10 re W n Q /Sh1 sh");
    assert_eq!(a, vec![Area::EVERYWHERE]);
    // Disjoint clips leave nothing.
    let a = area(b"0 0 10 10 re W n 50 50 10 10 re W n /Sh1 sh");
    assert!(a.is_empty());
}

/// 4. `q`/`Q` save and restore the CTM, clip, line width, miter limit and text state.
#[test]
fn text_state_is_part_of_the_graphics_state() {
    let a = area(b"/F1 72 Tf q /F1 1 Tf Q BT 100 100 Td (x) Tj ET");
    assert!(a.overlaps(&rect(100.0, 160.0, 101.0, 161.0)), "{a:?}");
    for (inner, outer) in [
        (&b"0 Tc"[..], &b"50 Tc"[..]),
        (b"0 Tw", b"50 Tw"),
        (b"100 Tz", b"300 Tz"),
        (b"0 Ts", b"100 Ts"),
        (b"/F1 1 Tf", b"/F2 10 Tf"),
    ] {
        let content = [
            &b"/F1 10 Tf "[..],
            outer,
            b" q ",
            inner,
            b" Q BT 0 0 Td ( x) Tj ET",
        ]
        .concat();
        let with = area(&content);
        let without = area(&[&b"/F1 10 Tf "[..], inner, b" BT 0 0 Td ( x) Tj ET"].concat());
        assert!(
            with.x1 > without.x1 + 1.0 || with.y1 > without.y1 + 1.0,
            "{}: {with:?} {without:?}",
            String::from_utf8_lossy(outer)
        );
    }
    // The leading too.
    let a = area(b"20 TL q 0 TL Q BT 0 100 Td T* (x) Tj ET");
    assert!(a.y1 < 100.0, "{a:?}");
    // Line width and miter limit.
    let thick = area(b"4 w 3 M q 1 w 10 M Q 0 0 m 100 0 l S");
    assert_near(thick, rect(-6.0, -6.0, 106.0, 6.0));
    // And the CTM and clip.
    let moved = area(b"q 2 0 0 2 0 0 cm q 1 0 0 1 50 50 cm Q 0 0 10 10 re f Q");
    assert_near(moved, rect(0.0, 0.0, 20.0, 20.0));
}

/// 5. Rise, horizontal scaling, character and word spacing, widths and the font's box.
#[test]
fn text_extent_follows_the_text_state() {
    // 1.1 em per byte of a font whose widths are unknown, -0.5 to 1.2 em up.
    let base = area(b"BT /F1 10 Tf (ab) Tj ET");
    assert_near(base, rect(-2.0, -5.0, 24.0, 12.0));
    // The rise moves the box up.
    assert_near(
        area(b"BT /F1 10 Tf 30 Ts (ab) Tj ET"),
        rect(-2.0, 25.0, 24.0, 42.0),
    );
    // Horizontal scaling stretches the advance and the glyphs.
    assert_near(
        area(b"BT /F1 10 Tf 200 Tz (ab) Tj ET"),
        rect(-4.0, -5.0, 48.0, 12.0),
    );
    // Character spacing per byte, word spacing per space.
    assert_near(
        area(b"BT /F1 10 Tf 5 Tc (ab) Tj ET"),
        rect(-2.0, -5.0, 29.0, 12.0),
    );
    assert_near(
        area(b"BT /F1 10 Tf 7 Tw (a b) Tj ET"),
        rect(-2.0, -5.0, 42.0, 12.0),
    );
    // Negative spacing can move the pen backwards: the box covers where it went.
    let back = area(b"BT /F1 10 Tf -30 Tc (abc) Tj ET");
    assert!(back.x0 <= -60.0, "{back:?}");
    // The widest glyph of the font, and its FontBBox.
    assert_near(
        area(b"BT /F2 10 Tf (ab) Tj ET"),
        rect(-2.0, -5.0, 42.0, 12.0),
    );
    assert_near(
        area(b"BT /F3 10 Tf (ab) Tj ET"),
        rect(-2.0, -5.0, 22.0, 30.0),
    );
    // A font not in the resources: the default, not "cannot judge".
    assert_near(area(b"BT /F9 10 Tf (ab) Tj ET"), base);
    // TJ adjustments move the pen; a negative total does not shrink the box below the
    // positions visited.
    let shown = areas(b"BT /F1 10 Tf [(a) -1000 (b) 5000] TJ (c) Tj ET");
    assert_eq!(shown.len(), 2);
    assert_near(shown[0], rect(-2.0, -5.0, 34.0, 12.0));
    // The pen, between 10 and 32 after `b`, moved back by 50.
    assert_near(shown[1], rect(-42.0, -5.0, -5.0, 12.0));
    // Stroked text grows by the line width.
    let stroked = area(b"BT /F1 10 Tf 1 Tr 4 w (ab) Tj ET");
    assert_near(stroked, rect(-22.0, -25.0, 44.0, 32.0));
    // Type3 glyphs are not bounded.
    assert!(try_areas(b"BT /T3 10 Tf (ab) Tj ET").is_none());
    assert!(try_areas(b"BT /T3 10 Tf ET").is_some());
}

/// 5. Fonts as read from the file: widths, indirect values, Type3, vertical writing.
#[test]
fn fonts_are_read_from_the_resources() {
    let fonts = "/Resources<</Font<</W 5 0 R/T 6 0 R/V 7 0 R/H 8 0 R/E 9 0 R/S 11 0 R/N 12 0 R>>>>";
    let file = page_pdf(
        fonts,
        "",
        &[
            (
                5,
                "<</Type/Font/Subtype/TrueType/FirstChar 32/LastChar 34/Widths 10 0 R/FontDescriptor<</FontBBox[0 -300 900 13 0 R]/MissingWidth 250>>>>"
                    .to_owned(),
            ),
            (
                6,
                "<</Type/Font/Subtype/Type3/FontMatrix[1 0 0 1 0 0]/FontBBox[0 0 1 1]/CharProcs<<>>/Widths[1]/FirstChar 0/LastChar 0>>"
                    .to_owned(),
            ),
            (
                7,
                "<</Type/Font/Subtype/Type0/Encoding/Identity-V/DescendantFonts[<</Subtype/CIDFontType2/DW 1000>>]>>"
                    .to_owned(),
            ),
            (
                8,
                "<</Type/Font/Subtype/Type0/Encoding/Identity-H/DescendantFonts[<</Subtype/CIDFontType2/W[1 [500 3000] 10 20 -100]>>]>>"
                    .to_owned(),
            ),
            (9, "<</Type/Font/Subtype/Type0/Encoding 14 0 R>>".to_owned()),
            (10, "[500 13 0 R 600]".to_owned()),
            (11, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".to_owned()),
            (12, "<</Type/Font/FontMatrix[1 0 0 1 0 0]>>".to_owned()),
            (13, "1500".to_owned()),
            (14, stream("/Type/CMap/CMapName/X", "/CMapName /X def /WMode 1 def")),
        ],
    );
    let page = file.get(PAGE).unwrap();
    let r = Resources::of_page(&file, 0, page.dict().unwrap());
    let get = |name: &[u8]| r.fonts.get(name).copied().unwrap();
    assert_eq!(get(b"W"), font(0.0, 1.5, Some([0.0, -0.3, 0.9, 1.5])));
    assert_eq!(get(b"T"), Font::Unbounded);
    assert_eq!(get(b"V"), Font::Unbounded);
    assert_eq!(get(b"E"), Font::Unbounded);
    assert_eq!(get(b"N"), Font::Unbounded);
    assert_eq!(
        get(b"H"),
        Font::Metrics(FontMetrics::new(-0.1, 3.0, None, true))
    );
    assert_eq!(
        get(b"S"),
        Font::Metrics(FontMetrics::new(0.0, UNKNOWN_ADVANCE_EM, None, false))
    );
    // Through the page: a vertical font's text cannot be judged.
    let file = page_pdf(
        "/Resources<</Font<</V 5 0 R>>>>",
        "BT /V 12 Tf (ab) Tj ET",
        &[(
            5,
            "<</Type/Font/Subtype/Type0/Encoding/UniJIS-UCS2-V>>".to_owned(),
        )],
    );
    assert!(drawn_areas(&file, 0, PAGE).is_none());
}

/// 6. Strokes reach half the line width × the miter limit beyond their path.
#[test]
fn strokes_are_widened_by_the_line_width() {
    // Default: width 1, miter limit 10.
    assert_near(area(b"0 0 m 100 0 l S"), rect(-5.0, -5.0, 105.0, 5.0));
    assert_near(
        area(b"20 w 0 0 m 100 0 l S"),
        rect(-100.0, -100.0, 200.0, 100.0),
    );
    assert_near(
        area(b"20 w 2 M 0 0 m 100 0 l S"),
        rect(-20.0, -20.0, 120.0, 20.0),
    );
    // Through the CTM's scale on each axis.
    assert_near(
        area(b"20 w 2 M 3 0 0 1 0 0 cm 0 0 m 100 0 l S"),
        rect(-60.0, -20.0, 360.0, 20.0),
    );
    // The line width of an ExtGState.
    assert_near(
        area(b"2 M /Thick gs 0 0 m 100 0 l S"),
        rect(-20.0, -20.0, 120.0, 20.0),
    );
    assert!(try_areas(b"/Broken gs").is_none());
    assert!(try_areas(b"/Missing gs").is_none());
    // The thinnest line still draws; fills are not widened.
    assert_near(area(b"0 w 0 0 m 100 0 l S"), rect(-0.5, -0.5, 100.5, 0.5));
    assert_near(area(b"20 w 0 0 100 10 re f"), rect(0.0, 0.0, 100.0, 10.0));
    assert_near(
        area(b"20 w 1 M 0 0 100 10 re B"),
        rect(
            -14.142_135_623_730_951,
            -14.142_135_623_730_951,
            114.142_135_623_730_95,
            24.142_135_623_730_95,
        ),
    );
}

/// 7. Bounds and values that cannot be judged.
#[test]
fn bounds_and_malformed_values_are_not_judged() {
    let deep = b"q ".repeat(MAX_STATE_DEPTH + 1);
    assert!(try_areas(&deep).is_none());
    assert!(try_areas(&b"q ".repeat(MAX_STATE_DEPTH)).is_some());
    // Positions that overflow, even where a point is lost (infinity × 0).
    let far = "1".to_owned() + &"0".repeat(300) + ".0";
    let content = format!("{far} 0 0 1 0 0 cm 0 0 m 0 10 l 10 10 l f");
    assert!(try_areas(content.as_bytes()).is_some());
    let content = format!("BT /F1 {far} Tf {far} Tz (abc) Tj ET");
    assert!(try_areas(content.as_bytes()).is_none());
    let content = format!("{far} 0 0 1 0 0 cm {far} 0 0 1 0 0 cm 0 0 m 0 10 l 10 10 l f");
    assert!(try_areas(content.as_bytes()).is_none());
    // A CTM that overflows.
    let huge = "1000000000 0 0 1000000000 0 0 cm ";
    let content = format!("{} 0 0 10 10 re f", huge.repeat(2));
    assert!(try_areas(content.as_bytes()).is_some());
    let content = format!("{} 0 0 10 10 re f", huge.repeat(40));
    assert!(try_areas(content.as_bytes()).is_none());
    // Operands that are not what the operator takes.
    for bad in [
        &b"0 0 10 re f"[..],
        b"1 0 0 1 0 cm",
        b"/F1 Tf",
        b"BT /F1 10 Tf 12 Tj ET",
        b"BT [(a) /x] TJ ET",
        b"(x) Tz",
        b"1.5 Tr",
        b"12 Do",
    ] {
        assert!(try_areas(bad).is_none(), "{}", String::from_utf8_lossy(bad));
    }
    // A CTM change inside a path.
    assert!(try_areas(b"0 0 m 2 0 0 2 0 0 cm 10 10 l S").is_none());
}

#[test]
fn annotations_show_where_their_flags_say() {
    let bodies = [
        "<</Subtype/FreeText/Rect[10 20 30 40]>>",
        "<</Subtype/FreeText/Rect 20 0 R/F 21 0 R>>",
        "<</Subtype/FreeText/Rect[10 20 30 40]/F 2>>",
        "<</Subtype/FreeText/F 2>>",
        "<</Subtype/FreeText/Rect[10 20 30 40]/F 8>>",
        "<</Subtype/Square/Rect[10 20 30 40]/F 16>>",
        "<</Subtype/Text/Rect[10 20 30 40]>>",
        "<</Subtype/FreeText/Rect[10 20 10 40]>>",
        "<</Subtype/Widget/FT/Sig/Rect[0 0 0 0]/F 132>>",
        "<</Subtype/Widget/Rect[0 0 0 0]/F 8>>",
        "<</Subtype/FreeText>>",
        "<</Subtype/FreeText/Rect[10 20 30]>>",
        "<</Subtype/FreeText/Rect[10 20 30 40]/F/Hidden>>",
        "<</Subtype 22 0 R/Rect[10 20 30 40]>>",
    ];
    let mut objects: Vec<(u32, String)> =
        (1..).zip(bodies.iter().map(|b| (*b).to_owned())).collect();
    objects.push((20, "[10 20 30 21 0 R]".to_owned()));
    objects.push((21, "4".to_owned()));
    objects.push((22, "22 0 R".to_owned()));
    let file = pdf(&objects);
    let shown = |num: u32| {
        let annot = file.get(ObjRef::new(num, 0)).unwrap();
        annotation_area(&file, 0, annot.dict().unwrap())
    };
    let at = Some(rect(10.0, 20.0, 30.0, 40.0));
    let everywhere = Some(Area::EVERYWHERE);
    assert_eq!(shown(1), Ok(at));
    assert_eq!(shown(2), Ok(Some(rect(10.0, 4.0, 30.0, 20.0))));
    // Hidden: nothing shown, whatever the /Rect.
    assert_eq!(shown(3), Ok(None));
    assert_eq!(shown(4), Ok(None));
    // NoZoom, NoRotate, a text note, an empty /Rect: everywhere.
    assert_eq!(shown(5), Ok(everywhere));
    assert_eq!(shown(6), Ok(everywhere));
    assert_eq!(shown(7), Ok(everywhere));
    assert_eq!(shown(8), Ok(everywhere));
    // An invisible signature's widget shows nothing, unless it keeps its size.
    assert_eq!(shown(9), Ok(None));
    assert_eq!(shown(10), Ok(everywhere));
    // Unreadable.
    for num in 11..=14 {
        assert!(shown(num).is_err(), "{num}");
    }
    // EVERYWHERE overlaps anything with a surface, nothing without.
    assert!(Area::EVERYWHERE.overlaps(&rect(-1e300, 5.0, -1e299, 6.0)));
    assert!(rect(0.0, 0.0, 1.0, 1.0).overlaps(&Area::EVERYWHERE));
    assert!(!Area::EVERYWHERE.is_empty());
    // Hidden annotations are not counted in what a page draws; the others are.
    let file = page_pdf(
        "/Annots[5 0 R 6 0 R null 7 0 R]",
        "",
        &[
            (5, bodies[2].to_owned()),
            (6, bodies[0].to_owned()),
            (7, bodies[8].to_owned()),
        ],
    );
    assert_eq!(
        drawn_areas(&file, 0, PAGE),
        Some(vec![rect(10.0, 20.0, 30.0, 40.0)])
    );
}
