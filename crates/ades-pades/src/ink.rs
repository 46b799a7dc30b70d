//! What a page draws, over-approximated: rectangles in default user space that contain all
//! that its content and its annotations show. Enough to tell whether something added after
//! signing lies over what was signed (an annotation that hides or replaces signed text: the
//! "evil annotation" attack); not a renderer. Every area is a bounding box, too large rather
//! than too small, and where no bound can be given the page cannot be judged
//! ([`drawn_areas`] returns `None`) or the area is [`Area::EVERYWHERE`]:
//!
//! * paths: the box of their points (Bézier control points included); stroked ones widened by
//!   half the line width × the miter limit (at least √2, for square caps) × the CTM's scale on
//!   each axis, at least half a point (the thinnest line);
//! * shadings (`sh`, ISO 32000-1 §8.7.4.3): the current clipping area, tracked as the
//!   intersection of the boxes of the clipping paths (`W`, `W*`); everywhere without one;
//! * images (XObjects and inline): the unit square of the CTM; form XObjects: their `/BBox`
//!   (their content is clipped to it, §8.10.1) through their `/Matrix` and the CTM; an XObject
//!   not in the resources, of an unknown type, or a form without a usable `/BBox`: cannot judge;
//! * text (§9.3, §9.4.4): each byte advances the pen by the font's smallest to largest width
//!   (`/Widths`, `/W`, `/MissingWidth`; at least 1 em, 1.1 em when the widths are not known:
//!   no `/Widths`, or a font not in the resources), with character and word spacing,
//!   horizontal scaling, rise and `TJ` adjustments; the pen is kept as an interval. A glyph is
//!   taken to lie within -0.2 em to its advance + 0.2 em across and -0.5 em to 1.2 em up, or
//!   the font's `/FontBBox` where larger (font programs are not read: a glyph drawn outside the
//!   declared `/FontBBox` is not bounded). Stroked text is widened like a path. Type3 fonts
//!   (arbitrary glyph procedures and matrix) and vertical writing: cannot judge;
//! * annotations ([`annotation_area`]): their `/Rect`; nothing when hidden; everywhere when
//!   they do not zoom or rotate with the page (flags, or a text note, §12.5.6.4) or have an
//!   empty `/Rect` (a viewer may draw an icon), except a widget, whose appearance is scaled to
//!   its `/Rect` (§12.5.5) and so is not shown (an invisible signature).
//!
//! The graphics state saved by `q` and restored by `Q` holds everything here that changes an
//! extent (CTM, clip, line width, miter limit, and the text state parameters, §8.4.1).
//! Transparency, blend modes, soft masks, dash patterns and optional content are ignored: they
//! can only show less. Malformed operands, values that are not finite, more than
//! [`MAX_OPERATIONS`] operations or [`MAX_STATE_DEPTH`] nested saves: cannot judge.

use std::collections::HashMap;

use ades_pdf::{Dictionary, Limits, ObjRef, Object, PdfFile, content_operations};

/// Most operations read from one page's content; a page with more cannot be judged.
const MAX_OPERATIONS: usize = 2_000_000;
/// Deepest graphics-state nesting followed (and page-tree levels climbed for resources).
const MAX_STATE_DEPTH: usize = 64;
/// Smallest advance assumed for the widest glyph of a font, in em.
const MIN_ADVANCE_EM: f64 = 1.0;
/// Advance assumed for the widest glyph of a font whose widths are not known, in em (the
/// widest glyph of the standard 14 fonts is 1.016 em, in ZapfDingbats).
const UNKNOWN_ADVANCE_EM: f64 = 1.1;
/// Least extent assumed for a glyph around its origin, in em: left of the origin and beyond
/// the advance, below the baseline, above it.
const GLYPH_SIDE_EM: f64 = 0.2;
const GLYPH_BOTTOM_EM: f64 = -0.5;
const GLYPH_TOP_EM: f64 = 1.2;
/// Half the width of the thinnest line a viewer draws, in points.
const THINNEST: f64 = 0.5;
/// Annotation flags (§12.5.3).
const HIDDEN: i64 = 1 << 1;
const NO_ZOOM: i64 = 1 << 3;
const NO_ROTATE: i64 = 1 << 4;

/// An axis-aligned rectangle in default user space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Area {
    /// The whole plane: what cannot be placed more precisely. It overlaps every non-empty area.
    pub(crate) const EVERYWHERE: Area = Area {
        x0: f64::NEG_INFINITY,
        y0: f64::NEG_INFINITY,
        x1: f64::INFINITY,
        y1: f64::INFINITY,
    };

    /// The rectangle of a PDF `/Rect` value of revision `rev` (corners in any order), the
    /// array and each of its elements possibly indirect; `None` unless it is four finite
    /// numbers.
    pub(crate) fn from_rect_resolved(pdf: &PdfFile, rev: usize, rect: &Object) -> Option<Area> {
        Area::from_corners(&numbers(pdf, rev, rect)?)
    }

    fn from_corners(v: &[f64]) -> Option<Area> {
        match v {
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

    fn is_finite(&self) -> bool {
        [self.x0, self.y0, self.x1, self.y1]
            .iter()
            .all(|v| v.is_finite())
    }

    /// The box of `points`, at least a thin line's width across; `None` if there are none.
    fn around(points: &[(f64, f64)]) -> Option<Area> {
        let mut a = Area::bounds(points)?;
        // A horizontal or vertical line still draws: give it the width of a thin stroke.
        if a.x1 - a.x0 < 2.0 * THINNEST {
            a.x0 -= THINNEST;
            a.x1 += THINNEST;
        }
        if a.y1 - a.y0 < 2.0 * THINNEST {
            a.y0 -= THINNEST;
            a.y1 += THINNEST;
        }
        Some(a)
    }

    /// The exact box of `points`; `None` if there are none. A point that is not finite makes
    /// the box not finite (not left out).
    fn bounds(points: &[(f64, f64)]) -> Option<Area> {
        let (first, rest) = points.split_first()?;
        if points.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return Some(Area {
                x0: f64::NAN,
                y0: f64::NAN,
                x1: f64::NAN,
                y1: f64::NAN,
            });
        }
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
        Some(a)
    }

    /// Grown by `dx` left and right and `dy` down and up.
    fn widened(&self, (dx, dy): (f64, f64)) -> Area {
        Area {
            x0: self.x0 - dx,
            y0: self.y0 - dy,
            x1: self.x1 + dx,
            y1: self.y1 + dy,
        }
    }

    /// The common part (empty, not inverted, when there is none).
    fn intersection(&self, other: &Area) -> Area {
        let x0 = self.x0.max(other.x0);
        let y0 = self.y0.max(other.y0);
        Area {
            x0,
            y0,
            x1: self.x1.min(other.x1).max(x0),
            y1: self.y1.min(other.y1).max(y0),
        }
    }
}

/// Where annotation `annot` of revision `rev` shows, in default user space: `Ok(None)` when
/// its Hidden flag is set, or it is a widget with an empty `/Rect` (its appearance is scaled
/// to nothing, §12.5.5: an invisible signature); [`Area::EVERYWHERE`] when it keeps its size
/// or orientation whatever the zoom (the NoZoom or NoRotate flag, or a text note, which
/// behaves so, §12.5.6.4) or has an empty `/Rect` (a viewer may draw an icon there); its
/// `/Rect` otherwise. `Err` (why) when its `/Rect`, `/F` or `/Subtype` cannot be read.
pub(crate) fn annotation_area(
    pdf: &PdfFile,
    rev: usize,
    annot: &Dictionary,
) -> Result<Option<Area>, &'static str> {
    let flags = match entry(pdf, rev, annot, "F") {
        Ok(None) => 0,
        Ok(Some(Object::Integer(f))) => f,
        _ => return Err("its /F flags cannot be read"),
    };
    if flags & HIDDEN != 0 {
        return Ok(None);
    }
    let subtype = match entry(pdf, rev, annot, "Subtype") {
        Ok(None) => None,
        Ok(Some(Object::Name(n))) => Some(n),
        _ => return Err("its /Subtype cannot be read"),
    };
    let is = |s: &str| subtype.as_ref().is_some_and(|n| n.is(s));
    let rect = match annot.get("Rect") {
        None => return Err("it has no /Rect"),
        Some(r) => Area::from_rect_resolved(pdf, rev, r).ok_or("its /Rect is not four numbers")?,
    };
    if flags & (NO_ZOOM | NO_ROTATE) != 0 || is("Text") {
        return Ok(Some(Area::EVERYWHERE));
    }
    if rect.is_empty() {
        return Ok(if is("Widget") {
            None
        } else {
            Some(Area::EVERYWHERE)
        });
    }
    Ok(Some(rect))
}

/// An affine transformation `[a b c d e f]` (ISO 32000-1 §8.3.4).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn from_numbers(v: &[f64]) -> Option<Matrix> {
        <[f64; 6]>::try_from(v).ok().map(Matrix)
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

    /// How far, at most, a vector of length 1 moves across and up once transformed.
    fn scale(&self) -> (f64, f64) {
        let [a, b, c, d, _, _] = self.0;
        (a.abs() + c.abs(), b.abs() + d.abs())
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

/// What is known of a font's glyphs, in em (glyph space units / 1000).
#[derive(Debug, Clone, Copy, PartialEq)]
struct FontMetrics {
    /// The smallest and largest advance of a glyph.
    advance: (f64, f64),
    /// A box around any glyph's outline, from its origin: `[x0, y0, x1, y1]`.
    glyph: [f64; 4],
    /// Whether a glyph may take more than one byte (a composite font): each byte then advances
    /// the pen by a glyph's advance or not at all.
    multibyte: bool,
}

/// A font as far as placing its glyphs goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Font {
    Metrics(FontMetrics),
    /// A Type3 font or vertical writing: where its glyphs go is not bounded here.
    Unbounded,
}

impl Font {
    /// A font whose widths are not known (not in the resources, or without widths).
    const UNKNOWN: Font = Font::Metrics(FontMetrics::new(0.0, UNKNOWN_ADVANCE_EM, None, true));
}

impl FontMetrics {
    /// Metrics from the smallest and largest width (em) and the `/FontBBox` (em) if known.
    const fn new(min: f64, max: f64, bbox: Option<[f64; 4]>, multibyte: bool) -> FontMetrics {
        let min = if min < 0.0 { min } else { 0.0 };
        let max = if max > MIN_ADVANCE_EM {
            max
        } else {
            MIN_ADVANCE_EM
        };
        let mut glyph = [
            -GLYPH_SIDE_EM,
            GLYPH_BOTTOM_EM,
            max + GLYPH_SIDE_EM,
            GLYPH_TOP_EM,
        ];
        if let Some([x0, y0, x1, y1]) = bbox {
            let ours = glyph;
            glyph = [
                if x0 < ours[0] { x0 } else { ours[0] },
                if y0 < ours[1] { y0 } else { ours[1] },
                if x1 > ours[2] { x1 } else { ours[2] },
                if y1 > ours[3] { y1 } else { ours[3] },
            ];
        }
        FontMetrics {
            advance: (min, max),
            glyph,
            multibyte,
        }
    }
}

/// A form or image XObject, as far as placing it goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum XObject {
    /// A form: its `/Matrix` and `/BBox` (in form space).
    Form(Matrix, [f64; 4]),
    /// An image: the unit square of user space.
    Image,
    /// A PostScript XObject: viewers draw nothing.
    PostScript,
    /// Unreadable, of an unknown type, or a form without a usable `/BBox`.
    Unbounded,
}

/// What an `/ExtGState` resource sets that changes an extent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct ExtGState {
    line_width: Option<f64>,
    miter_limit: Option<f64>,
    font: Option<(Font, f64)>,
}

/// The resources a content stream names, read beforehand.
#[derive(Debug, Default)]
struct Resources {
    xobjects: HashMap<Vec<u8>, XObject>,
    fonts: HashMap<Vec<u8>, Font>,
    /// `None` for a graphics state that cannot be read.
    graphics_states: HashMap<Vec<u8>, Option<ExtGState>>,
}

/// A value that cannot be read (a broken reference, a reference loop…).
struct Unreadable;

/// The value of `key` in `dict`, references followed: `Ok(None)` when absent or null.
fn entry(
    pdf: &PdfFile,
    rev: usize,
    dict: &Dictionary,
    key: &str,
) -> Result<Option<Object>, Unreadable> {
    match dict.get(key) {
        None => Ok(None),
        Some(value) => match pdf.resolve_at(rev, value) {
            Ok(Object::Null) => Ok(None),
            Ok(value) => Ok(Some(value)),
            Err(_) => Err(Unreadable),
        },
    }
}

/// The numbers of an array, the array and each element possibly indirect; `None` unless all
/// are finite numbers.
fn numbers(pdf: &PdfFile, rev: usize, array: &Object) -> Option<Vec<f64>> {
    let array = pdf.resolve_at(rev, array).ok()?;
    array
        .as_array()?
        .iter()
        .map(|item| {
            pdf.resolve_at(rev, item)
                .ok()?
                .as_f64()
                .filter(|v| v.is_finite())
        })
        .collect()
}

/// A number entry, possibly indirect: `Ok(None)` when absent, `Err` when not a finite number.
fn number_entry(
    pdf: &PdfFile,
    rev: usize,
    dict: &Dictionary,
    key: &str,
) -> Result<Option<f64>, Unreadable> {
    match entry(pdf, rev, dict, key)? {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or(Unreadable),
    }
}

/// The name/value pairs of a resource category (`/Font`, `/XObject`…) of `resources`; empty
/// when absent or unreadable (the names then are not found).
fn category(
    pdf: &PdfFile,
    rev: usize,
    resources: &Dictionary,
    key: &str,
) -> Vec<(Vec<u8>, Object)> {
    match entry(pdf, rev, resources, key) {
        Ok(Some(Object::Dictionary(d))) => d
            .iter()
            .map(|(name, value)| (name.as_bytes().to_vec(), value.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

impl Resources {
    /// The resources of a page (inherited from the page tree if the page has none); none when
    /// they cannot be read.
    fn of_page(pdf: &PdfFile, rev: usize, page: &Dictionary) -> Resources {
        let mut node = page.clone();
        for _ in 0..MAX_STATE_DEPTH {
            match entry(pdf, rev, &node, "Resources") {
                Ok(Some(Object::Dictionary(resources))) => {
                    return Resources::read(pdf, rev, &resources);
                }
                Ok(None) => {}
                _ => return Resources::default(),
            }
            match entry(pdf, rev, &node, "Parent") {
                Ok(Some(Object::Dictionary(parent))) => node = parent,
                _ => break,
            }
        }
        Resources::default()
    }

    fn read(pdf: &PdfFile, rev: usize, resources: &Dictionary) -> Resources {
        Resources {
            xobjects: category(pdf, rev, resources, "XObject")
                .into_iter()
                .map(|(name, value)| (name, read_xobject(pdf, rev, &value)))
                .collect(),
            fonts: category(pdf, rev, resources, "Font")
                .into_iter()
                .map(|(name, value)| (name, read_font(pdf, rev, &value)))
                .collect(),
            graphics_states: category(pdf, rev, resources, "ExtGState")
                .into_iter()
                .map(|(name, value)| (name, read_ext_g_state(pdf, rev, &value)))
                .collect(),
        }
    }
}

fn read_xobject(pdf: &PdfFile, rev: usize, value: &Object) -> XObject {
    let Ok(Object::Stream(stream)) = pdf.resolve_at(rev, value) else {
        return XObject::Unbounded;
    };
    let dict = &stream.dict;
    match entry(pdf, rev, dict, "Subtype") {
        Ok(Some(Object::Name(n))) if n.is("Image") => XObject::Image,
        Ok(Some(Object::Name(n))) if n.is("PS") => XObject::PostScript,
        Ok(Some(Object::Name(n))) if n.is("Form") => {
            let bbox = dict
                .get("BBox")
                .and_then(|b| numbers(pdf, rev, b))
                .and_then(|v| <[f64; 4]>::try_from(v.as_slice()).ok());
            let matrix = match dict.get("Matrix") {
                None => Some(Matrix::IDENTITY),
                Some(m) => numbers(pdf, rev, m).and_then(|v| Matrix::from_numbers(&v)),
            };
            match (matrix, bbox) {
                (Some(matrix), Some(bbox)) => XObject::Form(matrix, bbox),
                _ => XObject::Unbounded,
            }
        }
        _ => XObject::Unbounded,
    }
}

/// A font resource: its widths and glyph box, or [`Font::Unbounded`] for a Type3 font, a
/// vertical one, or a font dictionary that cannot be read.
fn read_font(pdf: &PdfFile, rev: usize, value: &Object) -> Font {
    let font = match pdf.resolve_at(rev, value) {
        Ok(Object::Null) => return Font::UNKNOWN,
        Ok(Object::Dictionary(d)) => d,
        _ => return Font::Unbounded,
    };
    let subtype = match entry(pdf, rev, &font, "Subtype") {
        Ok(Some(Object::Name(n))) => Some(n),
        Ok(None) => None,
        _ => return Font::Unbounded,
    };
    let is = |s: &str| subtype.as_ref().is_some_and(|n| n.is(s));
    // A Type3 font draws with content streams under its own /FontMatrix.
    if is("Type3") || font.contains_key("FontMatrix") || font.contains_key("CharProcs") {
        return Font::Unbounded;
    }
    if is("Type0") {
        if !matches!(is_horizontal(pdf, rev, &font), Ok(true)) {
            return Font::Unbounded;
        }
        let descendant = match entry(pdf, rev, &font, "DescendantFonts") {
            Ok(Some(Object::Array(fonts))) => match fonts.first().map(|f| pdf.resolve_at(rev, f)) {
                Some(Ok(Object::Dictionary(d))) => Some(d),
                _ => None,
            },
            _ => None,
        };
        let Some(descendant) = descendant else {
            return Font::UNKNOWN;
        };
        let Some((min, max)) = cid_widths(pdf, rev, &descendant) else {
            return Font::Unbounded;
        };
        let (bbox, _) = descriptor(pdf, rev, &descendant);
        return Font::Metrics(FontMetrics::new(min, max, bbox, true));
    }
    let (bbox, missing) = descriptor(pdf, rev, &font);
    let widths: Vec<f64> = match entry(pdf, rev, &font, "Widths") {
        Ok(Some(Object::Array(items))) => items
            .iter()
            .filter_map(|w| pdf.resolve_at(rev, w).ok()?.as_f64())
            .filter(|w| w.is_finite())
            .map(|w| w / 1000.0)
            .collect(),
        _ => Vec::new(),
    };
    if widths.is_empty() {
        // Built-in metrics (the standard 14 fonts) or the viewer's substitute.
        let min = missing.unwrap_or(0.0).min(0.0);
        let max = missing.unwrap_or(0.0).max(UNKNOWN_ADVANCE_EM);
        return Font::Metrics(FontMetrics::new(min, max, bbox, false));
    }
    let extremes = widths.iter().chain(missing.iter());
    let min = extremes.clone().copied().fold(0.0, f64::min);
    let max = extremes.copied().fold(0.0, f64::max);
    Font::Metrics(FontMetrics::new(min, max, bbox, false))
}

/// A font descriptor's `/FontBBox` and `/MissingWidth`, in em.
fn descriptor(pdf: &PdfFile, rev: usize, font: &Dictionary) -> (Option<[f64; 4]>, Option<f64>) {
    let Ok(Some(Object::Dictionary(d))) = entry(pdf, rev, font, "FontDescriptor") else {
        return (None, None);
    };
    let bbox = d
        .get("FontBBox")
        .and_then(|b| Area::from_rect_resolved(pdf, rev, b))
        .map(|a| [a.x0 / 1000.0, a.y0 / 1000.0, a.x1 / 1000.0, a.y1 / 1000.0]);
    let missing = number_entry(pdf, rev, &d, "MissingWidth")
        .ok()
        .flatten()
        .map(|w| w / 1000.0);
    (bbox, missing)
}

/// The smallest and largest width of a CIDFont (`/W`, `/DW`), in em; `None` if `/W` is
/// malformed.
fn cid_widths(pdf: &PdfFile, rev: usize, cid_font: &Dictionary) -> Option<(f64, f64)> {
    let default = number_entry(pdf, rev, cid_font, "DW")
        .ok()?
        .unwrap_or(1000.0);
    let (mut min, mut max) = (default, default);
    let mut widen = |w: f64| {
        min = min.min(w);
        max = max.max(w);
    };
    let items = match entry(pdf, rev, cid_font, "W").ok()? {
        None => Vec::new(),
        Some(Object::Array(items)) => items,
        Some(_) => return None,
    };
    // `c [w1 w2 …]` or `c_first c_last w`.
    let mut items = items.iter();
    while let Some(first) = items.next() {
        pdf.resolve_at(rev, first).ok()?.as_f64()?;
        match pdf.resolve_at(rev, items.next()?).ok()? {
            Object::Array(widths) => {
                for w in &widths {
                    widen(pdf.resolve_at(rev, w).ok()?.as_f64()?);
                }
            }
            last => {
                last.as_f64()?;
                widen(pdf.resolve_at(rev, items.next()?).ok()?.as_f64()?);
            }
        }
    }
    (min.is_finite() && max.is_finite()).then_some((min / 1000.0, max / 1000.0))
}

/// Whether a composite font writes horizontally: its CMap (`/Encoding`) is not vertical (a
/// predefined name ending in `-V`, or an embedded CMap in writing mode 1); `Err` when that
/// cannot be told.
fn is_horizontal(pdf: &PdfFile, rev: usize, font: &Dictionary) -> Result<bool, Unreadable> {
    match entry(pdf, rev, font, "Encoding")? {
        None => Ok(true),
        Some(Object::Name(name)) => Ok(!name.as_bytes().ends_with(b"-V")),
        Some(Object::Stream(cmap)) => {
            if number_entry(pdf, rev, &cmap.dict, "WMode")?.is_some_and(|m| m != 0.0) {
                return Ok(false);
            }
            match entry(pdf, rev, &cmap.dict, "UseCMap")? {
                None => {}
                Some(Object::Name(name)) if !name.as_bytes().ends_with(b"-V") => {}
                Some(_) => return Err(Unreadable),
            }
            let data = pdf.decode_stream(&cmap).map_err(|_| Unreadable)?;
            // `/WMode 1 def` in the CMap program: any value but 0 is taken as vertical.
            let mut rest = data.as_slice();
            while let Some(at) = rest.windows(6).position(|w| w == b"/WMode") {
                rest = rest.get(at + 6..).unwrap_or_default();
                let value = rest.iter().find(|b| !b.is_ascii_whitespace());
                if value != Some(&b'0') {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Some(_) => Err(Unreadable),
    }
}

/// An `/ExtGState` resource's line width, miter limit and font; `None` if any of them (or the
/// dictionary) cannot be read.
fn read_ext_g_state(pdf: &PdfFile, rev: usize, value: &Object) -> Option<ExtGState> {
    let Ok(Object::Dictionary(d)) = pdf.resolve_at(rev, value) else {
        return None;
    };
    let font = match entry(pdf, rev, &d, "Font").ok()? {
        None => None,
        Some(Object::Array(pair)) => match pair.as_slice() {
            [font, size] => Some((
                read_font(pdf, rev, font),
                pdf.resolve_at(rev, size)
                    .ok()?
                    .as_f64()
                    .filter(|s| s.is_finite())?,
            )),
            _ => return None,
        },
        Some(_) => return None,
    };
    Some(ExtGState {
        line_width: number_entry(pdf, rev, &d, "LW").ok()?,
        miter_limit: number_entry(pdf, rev, &d, "ML").ok()?,
        font,
    })
}

/// The graphics state (§8.4.1) as far as extents go, text state parameters included.
#[derive(Debug, Clone, Copy, PartialEq)]
struct State {
    ctm: Matrix,
    /// The box of the clipping path, `None` for no clipping.
    clip: Option<Area>,
    line_width: f64,
    miter_limit: f64,
    char_spacing: f64,
    word_spacing: f64,
    /// `Tz` / 100.
    horizontal_scaling: f64,
    leading: f64,
    font: Font,
    size: f64,
    rise: f64,
    /// Whether the text rendering mode strokes the glyphs' outlines.
    stroke_text: bool,
}

impl State {
    const INITIAL: State = State {
        ctm: Matrix::IDENTITY,
        clip: None,
        line_width: 1.0,
        miter_limit: 10.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        horizontal_scaling: 1.0,
        leading: 0.0,
        font: Font::UNKNOWN,
        size: 0.0,
        rise: 0.0,
        stroke_text: false,
    };

    /// How far a stroke reaches beyond its path, across and up, in default user space.
    fn stroke_margin(&self) -> (f64, f64) {
        let reach = self.line_width.abs() / 2.0 * self.miter_limit.max(std::f64::consts::SQRT_2);
        let (sx, sy) = self.ctm.scale();
        ((reach * sx).max(THINNEST), (reach * sy).max(THINNEST))
    }
}

/// The text object's matrices (§9.4.2), not part of the graphics state. The pen is where
/// `matrix` puts the origin, moved along its x axis by an offset known to lie in `pen`.
struct Text {
    matrix: Matrix,
    line: Matrix,
    pen: (f64, f64),
}

impl Text {
    fn start_line(&mut self, line: Matrix) {
        self.line = line;
        self.matrix = line;
        self.pen = (0.0, 0.0);
    }
}

/// The areas page `page` of revision `rev` draws on: its content and its annotations. `None`
/// when the content or an annotation cannot be read, or is too large to judge.
pub(crate) fn drawn_areas(pdf: &PdfFile, rev: usize, page: ObjRef) -> Option<Vec<Area>> {
    let page = pdf.get_at(rev, page).ok()?;
    let page = page.dict()?;
    let mut areas: Vec<Area> = Vec::new();
    match entry(pdf, rev, page, "Annots").ok()? {
        None => {}
        Some(Object::Array(annots)) => {
            for annot in &annots {
                match pdf.resolve_at(rev, annot).ok()? {
                    Object::Null => {}
                    Object::Dictionary(d) => areas.extend(annotation_area(pdf, rev, &d).ok()?),
                    _ => return None,
                }
            }
        }
        Some(_) => return None,
    }
    let contents = match page.get("Contents") {
        None => Vec::new(),
        Some(c) => match pdf.resolve_at(rev, c).ok()? {
            Object::Array(parts) => parts,
            _ => vec![c.clone()],
        },
    };
    let resources = Resources::of_page(pdf, rev, page);
    let mut data = Vec::new();
    for part in &contents {
        let Object::Stream(stream) = pdf.resolve_at(rev, part).ok()? else {
            return None;
        };
        data.extend(pdf.decode_stream(&stream).ok()?);
        data.push(b'\n');
    }
    content_areas(&data, &resources, &mut areas)?;
    Some(areas)
}

/// The `N` numbers an operator takes; `None` unless its operands are exactly those.
fn operand_numbers<const N: usize>(operands: &[Object]) -> Option<[f64; N]> {
    if operands.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (slot, operand) in out.iter_mut().zip(operands) {
        *slot = operand.as_f64()?;
    }
    Some(out)
}

/// The one name operand of an operator (`Do`, `gs`).
fn operand_name(operands: &[Object]) -> Option<&[u8]> {
    match operands {
        [Object::Name(n)] => Some(n.as_bytes()),
        _ => None,
    }
}

/// Adds `area`; `None` if it is not finite.
fn add(areas: &mut Vec<Area>, area: Option<Area>) -> Option<()> {
    if let Some(area) = area {
        if !area.is_finite() {
            return None;
        }
        areas.push(area);
    }
    Some(())
}

/// Adds the areas a decoded content stream draws on; `None` if it cannot be read or judged.
fn content_areas(data: &[u8], resources: &Resources, areas: &mut Vec<Area>) -> Option<()> {
    let limits = Limits::default();
    let mut state = State::INITIAL;
    let mut saved: Vec<State> = Vec::new();
    // The current path's points, in default user space, and whether it is to clip.
    let mut path: Vec<(f64, f64)> = Vec::new();
    let mut clipping = false;
    let mut text = Text {
        matrix: Matrix::IDENTITY,
        line: Matrix::IDENTITY,
        pen: (0.0, 0.0),
    };
    for (count, op) in content_operations(data, &limits).enumerate() {
        if count >= MAX_OPERATIONS {
            return None;
        }
        let op = op.ok()?;
        let operands = op.operands.as_slice();
        match op.operator.as_slice() {
            b"q" | b"Q" | b"cm" if !path.is_empty() => {
                // Not allowed inside a path (§8.5.2): viewers disagree on which CTM applies.
                return None;
            }
            b"q" => {
                if saved.len() >= MAX_STATE_DEPTH {
                    return None;
                }
                saved.push(state);
            }
            b"Q" => match saved.pop() {
                Some(s) => state = s,
                // An unmatched restore: harmless while nothing was changed.
                None if state == State::INITIAL => {}
                None => return None,
            },
            b"cm" => {
                let m: [f64; 6] = operand_numbers(operands)?;
                state.ctm = Matrix(m).then(&state.ctm);
            }
            b"w" => [state.line_width] = operand_numbers(operands)?,
            b"M" => [state.miter_limit] = operand_numbers(operands)?,
            b"gs" => {
                let gs = resources.graphics_states.get(operand_name(operands)?)?;
                let gs = gs.as_ref()?;
                if let Some(w) = gs.line_width {
                    state.line_width = w;
                }
                if let Some(m) = gs.miter_limit {
                    state.miter_limit = m;
                }
                if let Some((font, size)) = gs.font {
                    state.font = font;
                    state.size = size;
                }
            }
            b"m" | b"l" => {
                let [x, y] = operand_numbers(operands)?;
                path.push(state.ctm.apply(x, y));
            }
            b"c" => {
                let [x1, y1, x2, y2, x3, y3] = operand_numbers(operands)?;
                for (x, y) in [(x1, y1), (x2, y2), (x3, y3)] {
                    path.push(state.ctm.apply(x, y));
                }
            }
            b"v" | b"y" => {
                let [x1, y1, x2, y2] = operand_numbers(operands)?;
                for (x, y) in [(x1, y1), (x2, y2)] {
                    path.push(state.ctm.apply(x, y));
                }
            }
            b"re" => {
                let [x, y, w, h] = operand_numbers(operands)?;
                for (px, py) in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
                    path.push(state.ctm.apply(px, py));
                }
            }
            b"W" | b"W*" => clipping = true,
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n" => {
                let painted = match op.operator.as_slice() {
                    b"n" => None,
                    b"f" | b"F" | b"f*" => Area::around(&path),
                    _ => Area::bounds(&path).map(|a| a.widened(state.stroke_margin())),
                };
                add(areas, painted)?;
                // The clipping path takes effect after painting (§8.5.4).
                if clipping && let Some(clip) = Area::around(&path) {
                    if !clip.is_finite() {
                        return None;
                    }
                    state.clip = Some(match state.clip {
                        Some(current) => current.intersection(&clip),
                        None => clip,
                    });
                }
                clipping = false;
                path.clear();
            }
            // A shading fills the whole clipping area (§8.7.4.3).
            b"sh" => areas.push(state.clip.unwrap_or(Area::EVERYWHERE)),
            // A form XObject: its bounding box where its matrix and the CTM put it (its
            // content is clipped to it); an image fills the unit square of user space.
            b"Do" => match resources.xobjects.get(operand_name(operands)?)? {
                XObject::Form(matrix, [x0, y0, x1, y1]) => {
                    add(areas, matrix.then(&state.ctm).area(*x0, *y0, *x1, *y1))?;
                }
                XObject::Image => add(areas, state.ctm.area(0.0, 0.0, 1.0, 1.0))?,
                XObject::PostScript => {}
                XObject::Unbounded => return None,
            },
            b"BI" => add(areas, state.ctm.area(0.0, 0.0, 1.0, 1.0))?,
            b"BT" => text.start_line(Matrix::IDENTITY),
            b"Tc" => [state.char_spacing] = operand_numbers(operands)?,
            b"Tw" => [state.word_spacing] = operand_numbers(operands)?,
            b"Tz" => {
                let [scale] = operand_numbers(operands)?;
                state.horizontal_scaling = scale / 100.0;
            }
            b"TL" => [state.leading] = operand_numbers(operands)?,
            b"Ts" => [state.rise] = operand_numbers(operands)?,
            b"Tr" => {
                let [Object::Integer(mode)] = operands else {
                    return None;
                };
                state.stroke_text = !matches!(mode, 0 | 3 | 4 | 7);
            }
            b"Tf" => {
                let [Object::Name(name), size] = operands else {
                    return None;
                };
                state.size = size.as_f64()?;
                // A font not found: honest files sometimes inherit one; its widths are unknown.
                state.font = resources
                    .fonts
                    .get(name.as_bytes())
                    .copied()
                    .unwrap_or(Font::UNKNOWN);
            }
            b"Td" | b"TD" => {
                let [x, y] = operand_numbers(operands)?;
                if op.operator == b"TD" {
                    state.leading = -y;
                }
                text.start_line(Matrix::translation(x, y).then(&text.line));
            }
            b"Tm" => {
                let m: [f64; 6] = operand_numbers(operands)?;
                text.start_line(Matrix(m));
            }
            b"T*" => next_line(&mut text, &state),
            b"Tj" => {
                let [shown @ Object::String(_)] = operands else {
                    return None;
                };
                add(
                    areas,
                    show_text(&mut text, &state, std::slice::from_ref(shown))?,
                )?;
            }
            b"TJ" => {
                let [Object::Array(items)] = operands else {
                    return None;
                };
                add(areas, show_text(&mut text, &state, items)?)?;
            }
            b"'" => {
                let [shown @ Object::String(_)] = operands else {
                    return None;
                };
                next_line(&mut text, &state);
                add(
                    areas,
                    show_text(&mut text, &state, std::slice::from_ref(shown))?,
                )?;
            }
            b"\"" => {
                let [word, char, shown @ Object::String(_)] = operands else {
                    return None;
                };
                state.word_spacing = word.as_f64()?;
                state.char_spacing = char.as_f64()?;
                next_line(&mut text, &state);
                add(
                    areas,
                    show_text(&mut text, &state, std::slice::from_ref(shown))?,
                )?;
            }
            _ => {}
        }
    }
    Some(())
}

fn next_line(text: &mut Text, state: &State) {
    text.start_line(Matrix::translation(0.0, -state.leading).then(&text.line));
}

/// The lesser and the greater of two numbers.
fn ordered(a: f64, b: f64) -> (f64, f64) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Shows `items` (strings, and `TJ` adjustments in thousandths of an em) from the pen, moves
/// the pen past them, and returns the area their glyphs may cover (`Some(None)` when no byte
/// is shown); `None` when the font cannot be judged.
fn show_text(text: &mut Text, state: &State, items: &[Object]) -> Option<Option<Area>> {
    let Font::Metrics(font) = state.font else {
        return None;
    };
    let size = state.size;
    let scaling = state.horizontal_scaling;
    // The glyph box, in text space from the glyph's origin; a tiny font is not trusted to
    // stay tiny.
    let ink_size = if size < 0.0 {
        size.min(-1.0)
    } else {
        size.max(1.0)
    };
    let [gx0, gy0, gx1, gy1] = font.glyph;
    let (ink_left, ink_right) = ordered(gx0 * ink_size * scaling, gx1 * ink_size * scaling);
    let (ink_bottom, ink_top) = ordered(gy0 * ink_size, gy1 * ink_size);
    // The advance of a glyph: ((w × size) + Tc + Tw) × Th (§9.4.4), w among the font's widths.
    let advance = |word_spacing: f64| {
        let (min, max) = font.advance;
        ordered(
            (min * size + state.char_spacing + word_spacing) * scaling,
            (max * size + state.char_spacing + word_spacing) * scaling,
        )
    };
    let (mut lo, mut hi) = text.pen;
    let mut ink: Option<(f64, f64)> = None;
    for item in items {
        match item {
            Object::String(s) => {
                for &byte in s.as_bytes() {
                    let (left, right) = (lo + ink_left, hi + ink_right);
                    ink = Some(match ink {
                        None => (left, right),
                        Some((l, r)) => (l.min(left), r.max(right)),
                    });
                    let (mut a, mut b) = advance(if byte == b' ' {
                        state.word_spacing
                    } else {
                        0.0
                    });
                    if font.multibyte {
                        // Part of a longer code (no advance), or a one-byte code with or
                        // without word spacing.
                        let (a2, b2) = advance(0.0);
                        a = a.min(a2).min(0.0);
                        b = b.max(b2).max(0.0);
                    }
                    lo += a;
                    hi += b;
                    if !(left.is_finite() && right.is_finite() && lo.is_finite() && hi.is_finite())
                    {
                        return None;
                    }
                }
            }
            other => {
                let shift = -other.as_f64()? / 1000.0 * size * scaling;
                lo += shift;
                hi += shift;
                if !(lo.is_finite() && hi.is_finite()) {
                    return None;
                }
            }
        }
    }
    text.pen = (lo, hi);
    let Some((left, right)) = ink else {
        return Some(None);
    };
    let rise = state.rise;
    let area = text
        .matrix
        .then(&state.ctm)
        .area(left, rise + ink_bottom, right, rise + ink_top);
    Some(if state.stroke_text {
        area.map(|a| a.widened(state.stroke_margin()))
    } else {
        area
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

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
        let fonts =
            "/Resources<</Font<</W 5 0 R/T 6 0 R/V 7 0 R/H 8 0 R/E 9 0 R/S 11 0 R/N 12 0 R>>>>";
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
}
