//! The resources a content stream names (fonts, XObjects, graphics states), read beforehand,
//! and the readers of the values they hold.

use std::collections::HashMap;

use ades_pdf::{Dictionary, Object, PdfFile};

use super::geometry::{Area, Matrix};
use super::{
    GLYPH_BOTTOM_EM, GLYPH_SIDE_EM, GLYPH_TOP_EM, MAX_STATE_DEPTH, MIN_ADVANCE_EM,
    UNKNOWN_ADVANCE_EM,
};

/// What is known of a font's glyphs, in em (glyph space units / 1000).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct FontMetrics {
    /// The smallest and largest advance of a glyph.
    pub(super) advance: (f64, f64),
    /// A box around any glyph's outline, from its origin: `[x0, y0, x1, y1]`.
    pub(super) glyph: [f64; 4],
    /// Whether a glyph may take more than one byte (a composite font): each byte then advances
    /// the pen by a glyph's advance or not at all.
    pub(super) multibyte: bool,
}

/// A font as far as placing its glyphs goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Font {
    Metrics(FontMetrics),
    /// A Type3 font or vertical writing: where its glyphs go is not bounded here.
    Unbounded,
}

impl Font {
    /// A font whose widths are not known (not in the resources, or without widths).
    pub(super) const UNKNOWN: Font =
        Font::Metrics(FontMetrics::new(0.0, UNKNOWN_ADVANCE_EM, None, true));
}

impl FontMetrics {
    /// Metrics from the smallest and largest width (em) and the `/FontBBox` (em) if known.
    pub(super) const fn new(
        min: f64,
        max: f64,
        bbox: Option<[f64; 4]>,
        multibyte: bool,
    ) -> FontMetrics {
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
pub(super) enum XObject {
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
pub(super) struct ExtGState {
    pub(super) line_width: Option<f64>,
    pub(super) miter_limit: Option<f64>,
    pub(super) font: Option<(Font, f64)>,
}

/// The resources a content stream names, read beforehand.
#[derive(Debug, Default)]
pub(super) struct Resources {
    pub(super) xobjects: HashMap<Vec<u8>, XObject>,
    pub(super) fonts: HashMap<Vec<u8>, Font>,
    /// `None` for a graphics state that cannot be read.
    pub(super) graphics_states: HashMap<Vec<u8>, Option<ExtGState>>,
}

/// A value that cannot be read (a broken reference, a reference loop…).
pub(super) struct Unreadable;

/// The value of `key` in `dict`, references followed: `Ok(None)` when absent or null.
pub(super) fn entry(
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
pub(super) fn numbers(pdf: &PdfFile, rev: usize, array: &Object) -> Option<Vec<f64>> {
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
    pub(super) fn of_page(pdf: &PdfFile, rev: usize, page: &Dictionary) -> Resources {
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
