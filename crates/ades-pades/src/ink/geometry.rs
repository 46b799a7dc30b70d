//! Rectangles and affine transformations in default user space.

use ades_pdf::{Object, PdfFile};

use super::THINNEST;
use super::resources::numbers;

/// An axis-aligned rectangle in default user space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Area {
    pub(super) x0: f64,
    pub(super) y0: f64,
    pub(super) x1: f64,
    pub(super) y1: f64,
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

    pub(super) fn is_finite(&self) -> bool {
        [self.x0, self.y0, self.x1, self.y1]
            .iter()
            .all(|v| v.is_finite())
    }

    /// The box of `points`, at least a thin line's width across; `None` if there are none.
    pub(super) fn around(points: &[(f64, f64)]) -> Option<Area> {
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
    pub(super) fn bounds(points: &[(f64, f64)]) -> Option<Area> {
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
    pub(super) fn widened(&self, (dx, dy): (f64, f64)) -> Area {
        Area {
            x0: self.x0 - dx,
            y0: self.y0 - dy,
            x1: self.x1 + dx,
            y1: self.y1 + dy,
        }
    }

    /// The common part (empty, not inverted, when there is none).
    pub(super) fn intersection(&self, other: &Area) -> Area {
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

/// An affine transformation `[a b c d e f]` (ISO 32000-1 §8.3.4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Matrix(pub(super) [f64; 6]);

impl Matrix {
    pub(super) const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    pub(super) fn from_numbers(v: &[f64]) -> Option<Matrix> {
        <[f64; 6]>::try_from(v).ok().map(Matrix)
    }

    pub(super) fn translation(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` applied first, then `then`.
    pub(super) fn then(&self, then: &Matrix) -> Matrix {
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

    pub(super) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How far, at most, a vector of length 1 moves across and up once transformed.
    pub(super) fn scale(&self) -> (f64, f64) {
        let [a, b, c, d, _, _] = self.0;
        (a.abs() + c.abs(), b.abs() + d.abs())
    }

    /// The area a rectangle of this space covers once transformed.
    pub(super) fn area(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<Area> {
        Area::around(&[
            self.apply(x0, y0),
            self.apply(x1, y0),
            self.apply(x0, y1),
            self.apply(x1, y1),
        ])
    }
}
