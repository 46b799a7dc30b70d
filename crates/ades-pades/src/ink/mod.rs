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

use ades_pdf::{Dictionary, ObjRef, Object, PdfFile};

mod content;
mod geometry;
mod resources;
#[cfg(test)]
mod tests;

use content::content_areas;
pub(crate) use geometry::Area;
use resources::{Resources, entry};

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
