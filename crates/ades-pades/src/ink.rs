//! What a page draws, roughly: rectangles around its text, painted paths, images and form
//! XObjects, and its annotations, in default user space. Enough to tell whether something
//! added after signing lies over what was signed (an annotation that hides or replaces signed
//! text: the "evil annotation" attack), not a renderer: text extents are estimated from the
//! font size (0.6 em per byte, generous for Latin fonts), clipping and transparency are not
//! taken into account, so the areas are too large rather than too small.

use std::collections::HashMap;

use ades_pdf::{Dictionary, Limits, ObjRef, Object, PdfFile, content_operations};

/// Most operations read from one page's content; a page with more cannot be judged.
const MAX_OPERATIONS: usize = 2_000_000;
/// Deepest graphics-state nesting followed.
const MAX_STATE_DEPTH: usize = 64;

/// An axis-aligned rectangle in default user space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Area {
    /// The rectangle of a PDF `/Rect` array (corners in any order); `None` if malformed.
    pub(crate) fn from_rect(rect: &[Object]) -> Option<Area> {
        let v: Vec<f64> = rect.iter().filter_map(Object::as_f64).collect();
        match v.as_slice() {
            [a, b, c, d] if v.iter().all(|x| x.is_finite()) => Some(Area {
                x0: a.min(*c),
                y0: b.min(*d),
                x1: a.max(*c),
                y1: b.max(*d),
            }),
            _ => None,
        }
    }

    /// Whether it has no surface (nothing shown there).
    pub(crate) fn is_empty(&self) -> bool {
        self.x1 - self.x0 <= 0.0 || self.y1 - self.y0 <= 0.0
    }

    /// Whether the two share more than an edge.
    pub(crate) fn overlaps(&self, other: &Area) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    fn around(points: &[(f64, f64)]) -> Option<Area> {
        let (first, rest) = points.split_first()?;
        let mut a = Area {
            x0: first.0,
            y0: first.1,
            x1: first.0,
            y1: first.1,
        };
        for &(x, y) in rest {
            a.x0 = a.x0.min(x);
            a.y0 = a.y0.min(y);
            a.x1 = a.x1.max(x);
            a.y1 = a.y1.max(y);
        }
        // A horizontal or vertical line still draws: give it the width of a thin stroke.
        if a.x1 - a.x0 < 1.0 {
            a.x0 -= 0.5;
            a.x1 += 0.5;
        }
        if a.y1 - a.y0 < 1.0 {
            a.y0 -= 0.5;
            a.y1 += 0.5;
        }
        [a.x0, a.y0, a.x1, a.y1]
            .iter()
            .all(|v| v.is_finite())
            .then_some(a)
    }
}

/// An affine transformation `[a b c d e f]` (ISO 32000-1 §8.3.4).
#[derive(Debug, Clone, Copy)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        let v: Vec<f64> = operands.iter().filter_map(Object::as_f64).collect();
        <[f64; 6]>::try_from(v.as_slice()).ok().map(Matrix)
    }

    fn translation(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` applied first, then `then`.
    fn then(&self, then: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// The area a rectangle of this space covers once transformed.
    fn area(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<Area> {
        Area::around(&[
            self.apply(x0, y0),
            self.apply(x1, y0),
            self.apply(x0, y1),
            self.apply(x1, y1),
        ])
    }
}

/// The text state that positions glyphs (§9.3, §9.4.2).
struct Text {
    matrix: Matrix,
    line: Matrix,
    size: f64,
    leading: f64,
}

/// The areas page `page` of revision `rev` draws on: its content and its annotations. `None`
/// when the content cannot be read or is too large to judge.
pub(crate) fn drawn_areas(pdf: &PdfFile, rev: usize, page: ObjRef) -> Option<Vec<Area>> {
    let page = pdf.get_at(rev, page).ok()?;
    let page = page.dict()?;
    let mut areas: Vec<Area> = Vec::new();
    let annots = page
        .get("Annots")
        .and_then(|a| pdf.resolve_at(rev, a).ok())
        .and_then(|a| a.as_array().map(<[Object]>::to_vec))
        .unwrap_or_default();
    for annot in &annots {
        if let Ok(Object::Dictionary(d)) = pdf.resolve_at(rev, annot)
            && let Some(area) = d.get_array("Rect").and_then(Area::from_rect)
            && !area.is_empty()
        {
            areas.push(area);
        }
    }
    let contents = match page.get("Contents") {
        None => Vec::new(),
        Some(c) => match pdf.resolve_at(rev, c).ok()? {
            Object::Array(parts) => parts,
            _ => vec![c.clone()],
        },
    };
    let forms = form_xobjects(pdf, rev, page);
    let mut data = Vec::new();
    for part in &contents {
        let Object::Stream(stream) = pdf.resolve_at(rev, part).ok()? else {
            return None;
        };
        data.extend(pdf.decode_stream(&stream).ok()?);
        data.push(b'\n');
    }
    content_areas(&data, &forms, &mut areas)?;
    Some(areas)
}

/// A form XObject's placement: its `/Matrix` and `/BBox` (in form space).
type Form = (Matrix, [f64; 4]);

/// The form XObjects of a page's resources (inherited from the page tree if the page has
/// none), by resource name.
fn form_xobjects(pdf: &PdfFile, rev: usize, page: &Dictionary) -> HashMap<Vec<u8>, Form> {
    let mut node = page.clone();
    let mut resources = None;
    for _ in 0..MAX_STATE_DEPTH {
        if let Some(r) = node.get("Resources") {
            resources = pdf.resolve_at(rev, r).ok();
            break;
        }
        match node.get("Parent").map(|p| pdf.resolve_at(rev, p)) {
            Some(Ok(Object::Dictionary(parent))) => node = parent,
            _ => break,
        }
    }
    let xobjects = resources
        .as_ref()
        .and_then(Object::dict)
        .and_then(|r| r.get("XObject"))
        .and_then(|x| pdf.resolve_at(rev, x).ok());
    let mut forms = HashMap::new();
    for (name, value) in xobjects
        .as_ref()
        .and_then(Object::dict)
        .map(|d| d.iter().collect::<Vec<_>>())
        .unwrap_or_default()
    {
        let Ok(Object::Stream(stream)) = pdf.resolve_at(rev, value) else {
            continue;
        };
        if !stream
            .dict
            .get_name("Subtype")
            .is_some_and(|s| s.is("Form"))
        {
            continue;
        }
        let bbox: Vec<f64> = stream
            .dict
            .get_array("BBox")
            .unwrap_or_default()
            .iter()
            .filter_map(Object::as_f64)
            .collect();
        let Ok(bbox) = <[f64; 4]>::try_from(bbox.as_slice()) else {
            continue;
        };
        let matrix = stream
            .dict
            .get_array("Matrix")
            .and_then(Matrix::from_operands)
            .unwrap_or(Matrix::IDENTITY);
        forms.insert(name.as_bytes().to_vec(), (matrix, bbox));
    }
    forms
}

/// Adds the areas a decoded content stream draws on; `None` if it cannot be read.
fn content_areas(data: &[u8], forms: &HashMap<Vec<u8>, Form>, areas: &mut Vec<Area>) -> Option<()> {
    let limits = Limits::default();
    let mut ctm = Matrix::IDENTITY;
    let mut saved: Vec<Matrix> = Vec::new();
    let mut path: Vec<(f64, f64)> = Vec::new();
    let mut text = Text {
        matrix: Matrix::IDENTITY,
        line: Matrix::IDENTITY,
        size: 0.0,
        leading: 0.0,
    };
    for (count, op) in content_operations(data, &limits).enumerate() {
        if count > MAX_OPERATIONS {
            return None;
        }
        let op = op.ok()?;
        let num = |i: usize| op.operands.get(i).and_then(Object::as_f64).unwrap_or(0.0);
        match op.operator.as_slice() {
            b"q" => {
                if saved.len() >= MAX_STATE_DEPTH {
                    return None;
                }
                saved.push(ctm);
            }
            b"Q" => ctm = saved.pop().unwrap_or(Matrix::IDENTITY),
            b"cm" => ctm = Matrix::from_operands(&op.operands)?.then(&ctm),
            b"m" | b"l" => path.push(ctm.apply(num(0), num(1))),
            b"c" => {
                for i in [0, 2, 4] {
                    path.push(ctm.apply(num(i), num(i + 1)));
                }
            }
            b"v" | b"y" => {
                for i in [0, 2] {
                    path.push(ctm.apply(num(i), num(i + 1)));
                }
            }
            b"re" => {
                let (x, y, w, h) = (num(0), num(1), num(2), num(3));
                for (px, py) in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
                    path.push(ctm.apply(px, py));
                }
            }
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                areas.extend(Area::around(&path));
                path.clear();
            }
            b"n" => path.clear(),
            // A form XObject: its bounding box where its matrix and the CTM put it; an image
            // (or a shading) fills the unit square of its space.
            b"Do" => {
                let form = op
                    .operands
                    .first()
                    .and_then(Object::as_name)
                    .and_then(|n| forms.get(n.as_bytes()));
                areas.extend(match form {
                    Some((matrix, [x0, y0, x1, y1])) => matrix.then(&ctm).area(*x0, *y0, *x1, *y1),
                    None => ctm.area(0.0, 0.0, 1.0, 1.0),
                });
            }
            b"BI" | b"sh" => areas.extend(ctm.area(0.0, 0.0, 1.0, 1.0)),
            b"BT" => {
                text.matrix = Matrix::IDENTITY;
                text.line = Matrix::IDENTITY;
            }
            b"Tf" => text.size = num(1),
            b"TL" => text.leading = num(0),
            b"Td" | b"TD" => {
                if op.operator == b"TD" {
                    text.leading = -num(1);
                }
                text.line = Matrix::translation(num(0), num(1)).then(&text.line);
                text.matrix = text.line;
            }
            b"Tm" => {
                text.line = Matrix::from_operands(&op.operands)?;
                text.matrix = text.line;
            }
            b"T*" => next_line(&mut text),
            b"Tj" | b"'" | b"\"" | b"TJ" => {
                if op.operator != b"Tj" && op.operator != b"TJ" {
                    next_line(&mut text);
                }
                let width = shown_width(&op.operands, text.size);
                let size = text.size.abs().max(1.0);
                let user = text.matrix.then(&ctm);
                areas.extend(user.area(0.0, -0.3 * size, width.max(0.0), size));
                text.matrix = Matrix::translation(width, 0.0).then(&text.matrix);
            }
            _ => {}
        }
    }
    Some(())
}

fn next_line(text: &mut Text) {
    text.line = Matrix::translation(0.0, -text.leading).then(&text.line);
    text.matrix = text.line;
}

/// The estimated advance of the strings a text-showing operator shows (in text space).
fn shown_width(operands: &[Object], size: f64) -> f64 {
    let per_byte = 0.6 * size.abs();
    operands
        .iter()
        .map(|o| match o {
            Object::String(s) => s.as_bytes().len() as f64 * per_byte,
            Object::Array(items) => items
                .iter()
                .map(|i| match i {
                    Object::String(s) => s.as_bytes().len() as f64 * per_byte,
                    other => -other.as_f64().unwrap_or(0.0) / 1000.0 * size.abs(),
                })
                .sum(),
            _ => 0.0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn areas(content: &[u8]) -> Vec<Area> {
        let mut forms = HashMap::new();
        forms.insert(
            b"Fm1".to_vec(),
            (Matrix::translation(100.0, 0.0), [0.0, 0.0, 200.0, 50.0]),
        );
        let mut out = Vec::new();
        content_areas(content, &forms, &mut out).unwrap();
        out
    }

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Area {
        Area { x0, y0, x1, y1 }
    }

    #[test]
    fn text_is_placed_by_its_matrices() {
        let a = areas(b"BT /F1 18 Tf 50 800 Td (Licencia de obras) Tj ET");
        assert_eq!(a.len(), 1);
        // 17 bytes at 0.6 em of 18 points from (50, 800).
        assert!(a[0].overlaps(&rect(100.0, 805.0, 101.0, 806.0)));
        assert!(!a[0].overlaps(&rect(50.0, 700.0, 300.0, 780.0)));
        assert!(!a[0].overlaps(&rect(300.0, 790.0, 400.0, 820.0)));
        // The same text moved by the CTM and a text matrix.
        let b = areas(b"q 1 0 0 1 0 -400 cm BT /F1 10 Tf 1 0 0 1 100 600 Tm (x) Tj T* ET Q");
        assert!(b[0].overlaps(&rect(100.0, 200.0, 105.0, 205.0)));
    }

    #[test]
    fn paths_and_images_count_where_painted() {
        let a = areas(
            b"0 0 100 100 re n 10 10 m 20 10 l S q 50 0 0 50 300 300 cm /Im1 Do Q q 1 0 0 1 0 500 cm /Fm1 Do Q",
        );
        assert_eq!(a.len(), 3, "{a:?}");
        assert!(a[0].overlaps(&rect(15.0, 9.0, 16.0, 11.0)));
        assert!(a[1].overlaps(&rect(320.0, 320.0, 330.0, 330.0)));
        assert!(!a[1].overlaps(&rect(0.0, 0.0, 100.0, 100.0)));
        // The form: its box moved by its matrix, then by the CTM.
        assert!(a[2].overlaps(&rect(250.0, 520.0, 260.0, 530.0)));
        assert!(!a[2].overlaps(&rect(0.0, 500.0, 90.0, 600.0)));
    }

    #[test]
    fn unreadable_or_unbalanced_content_is_not_judged_wrongly() {
        let (mut out, forms) = (Vec::new(), HashMap::new());
        assert!(content_areas(b"(unterminated Tj", &forms, &mut out).is_none());
        assert!(content_areas(b"1 2 cm", &forms, &mut out).is_none());
        // More restores than saves fall back to the identity, without panicking.
        assert!(content_areas(b"Q Q Q 0 0 1 1 re f", &forms, &mut out).is_some());
    }
}
