//! The walk through a content stream: the graphics and text state, and the areas painted.

use ades_pdf::{Limits, Object, content_operations};

use super::geometry::{Area, Matrix};
use super::resources::{Font, Resources, XObject};
use super::{MAX_OPERATIONS, MAX_STATE_DEPTH, THINNEST};

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
pub(super) fn content_areas(
    data: &[u8],
    resources: &Resources,
    areas: &mut Vec<Area>,
) -> Option<()> {
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
