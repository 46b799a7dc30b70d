//! Deterministic mutations of signature files for mutation storms and fuzz smoke tests: the
//! generic byte mutations (bit flips, truncations, splices between two files, duplicated,
//! deleted and boundary bytes), DER length tweaks, and the structural ones of XML (duplicated
//! and reordered elements, duplicated attributes) and PDF (revisions, cross-reference
//! entries).

/// A deterministic generator (SplitMix64): the same inputs on every run for one seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A random byte.
    pub fn byte(&mut self) -> u8 {
        self.next_u64() as u8
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.byte()).collect()
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// The kind of file, for the structural mutations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// DER / BER (CMS, time-stamp tokens).
    Der,
    /// XML.
    Xml,
    /// PDF.
    Pdf,
}

/// The mutation operators, by name (counted in storm reports).
pub const OPERATORS: [&str; 9] = [
    "bit-flip",
    "truncate",
    "splice",
    "duplicate",
    "delete",
    "boundary-byte",
    "der-length",
    "structure",
    "structure-2",
];

/// A mutation of `original`: the operator's name and the mutated bytes (possibly equal to the
/// original, which callers skip). `other` is another signature file for splices.
pub fn mutate(rng: &mut Rng, original: &[u8], other: &[u8], kind: Kind) -> (&'static str, Vec<u8>) {
    let mut b = original.to_vec();
    if b.is_empty() {
        return ("truncate", b);
    }
    let op = rng.below(OPERATORS.len());
    let name = OPERATORS.get(op).copied().unwrap_or("bit-flip");
    match op {
        0 => {
            for _ in 0..=rng.below(4) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => b.truncate(1 + rng.below(b.len() - 1)),
        2 => {
            let i = rng.below(b.len());
            let j = rng.below(other.len());
            let k = (j + 1 + rng.below(4096)).min(other.len());
            let piece = other.get(j..k).unwrap_or_default().to_vec();
            b.splice(i..i, piece);
        }
        3 => {
            let i = rng.below(b.len());
            let j = (i + 1 + rng.below(2048)).min(b.len());
            let piece = b[i..j].to_vec();
            b.splice(j..j, piece);
        }
        4 => {
            let i = rng.below(b.len());
            let j = (i + 1 + rng.below(512)).min(b.len());
            b.drain(i..j);
        }
        5 => {
            let i = rng.below(b.len());
            b[i] = *rng.pick(&[0u8, 0x7f, 0x80, 0xff]).unwrap_or(&0);
        }
        6 => der_length(rng, &mut b),
        _ => match kind {
            Kind::Der => der_length(rng, &mut b),
            Kind::Xml if op == 7 => xml_elements(rng, &mut b),
            Kind::Xml => xml_attribute(rng, &mut b),
            Kind::Pdf if op == 7 => pdf_revision(rng, &mut b),
            Kind::Pdf => pdf_xref(rng, &mut b),
        },
    }
    (name, b)
}

/// A DER length octet changed: the byte after a constructed tag or an OCTET/BIT STRING tag,
/// by ±1, or made long-form / indefinite.
fn der_length(rng: &mut Rng, b: &mut [u8]) {
    let tags: Vec<usize> = (0..b.len().saturating_sub(1))
        .filter(|&i| matches!(b[i], 0x30 | 0x31 | 0xa0 | 0xa3 | 0x04 | 0x03 | 0x02))
        .collect();
    if let Some(&i) = rng.pick(&tags) {
        let l = i + 1;
        b[l] = match rng.below(4) {
            0 => b[l].wrapping_add(1),
            1 => b[l].wrapping_sub(1),
            2 => 0x80,
            _ => 0x84,
        };
    }
}

/// Start offsets of the XML start tags (`<x`, not `</`, `<?`, `<!`).
fn start_tags(b: &[u8]) -> Vec<usize> {
    (0..b.len().saturating_sub(1))
        .filter(|&i| b[i] == b'<' && b[i + 1].is_ascii_alphabetic())
        .collect()
}

/// The element starting at `at`, through its matching end tag when it is simple to find
/// (the next `</` + its name + `>`), else its start tag.
fn element_span(b: &[u8], at: usize) -> std::ops::Range<usize> {
    let name_end = (at + 1..b.len())
        .find(|&i| matches!(b[i], b' ' | b'>' | b'/' | b'\n' | b'\t' | b'\r'))
        .unwrap_or(b.len());
    let name = &b[at + 1..name_end];
    let tag_end = (at..b.len())
        .find(|&i| b[i] == b'>')
        .map_or(b.len(), |i| i + 1);
    if b.get(tag_end.saturating_sub(2)) == Some(&b'/') {
        return at..tag_end;
    }
    let mut close = b"</".to_vec();
    close.extend_from_slice(name);
    close.push(b'>');
    b.get(tag_end..)
        .and_then(|rest| {
            rest.windows(close.len())
                .position(|w| w == close.as_slice())
        })
        .map_or(at..tag_end, |p| at..tag_end + p + close.len())
}

/// An element duplicated in place, or two elements swapped.
fn xml_elements(rng: &mut Rng, b: &mut Vec<u8>) {
    let tags = start_tags(b);
    let (Some(&x), Some(&y)) = (rng.pick(&tags), rng.pick(&tags)) else {
        return;
    };
    let first = element_span(b, x.min(y));
    let second = element_span(b, x.max(y));
    if rng.below(2) == 0 || first.end > second.start {
        let piece = b[first.clone()].to_vec();
        b.splice(first.end..first.end, piece);
    } else {
        let (one, two) = (b[first.clone()].to_vec(), b[second.clone()].to_vec());
        b.splice(second, one);
        b.splice(first, two);
    }
}

/// An attribute of a start tag duplicated, or its value emptied.
fn xml_attribute(rng: &mut Rng, b: &mut Vec<u8>) {
    let quotes: Vec<usize> = (1..b.len())
        .filter(|&i| b[i] == b'"' && b[i - 1] == b'=')
        .collect();
    let Some(&open) = rng.pick(&quotes) else {
        return;
    };
    let Some(close) = (open + 1..b.len()).find(|&i| b[i] == b'"') else {
        return;
    };
    let name_start = (0..open - 1)
        .rev()
        .find(|&i| matches!(b[i], b' ' | b'\n' | b'\t'))
        .map_or(0, |i| i + 1);
    if rng.below(2) == 0 {
        let mut copy = vec![b' '];
        copy.extend_from_slice(&b[name_start..=close]);
        b.splice(close + 1..close + 1, copy);
    } else {
        b.drain(open + 1..close);
    }
}

/// The last revision (from the last `startxref`'s section back to its `%%EOF`) appended
/// again, or the text between two `%%EOF` markers dropped.
fn pdf_revision(rng: &mut Rng, b: &mut Vec<u8>) {
    let eofs: Vec<usize> = b
        .windows(5)
        .enumerate()
        .filter(|(_, w)| w == b"%%EOF")
        .map(|(i, _)| i + 5)
        .collect();
    match eofs.as_slice() {
        [.., before, last] if rng.below(2) == 0 => {
            let piece = b[*before..*last].to_vec();
            b.extend_from_slice(&piece);
        }
        [.., before, last] => {
            b.drain(*before..*last);
        }
        _ => {
            let piece = b.clone();
            b.extend_from_slice(&piece);
        }
    }
}

/// A digit of a cross-reference entry (`nnnnnnnnnn ggggg n`) changed.
fn pdf_xref(rng: &mut Rng, b: &mut [u8]) {
    let entries: Vec<usize> = b
        .windows(3)
        .enumerate()
        .filter(|(_, w)| *w == b" n " || *w == b" f ")
        .map(|(i, _)| i)
        .filter(|&i| i >= 16)
        .collect();
    if let Some(&at) = rng.pick(&entries) {
        let digit = at - 16 + rng.below(10);
        b[digit] = b'0' + rng.below(10) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_are_deterministic_and_change_things() {
        let xml = b"<a x=\"1\"><b>t</b><c/></a>".to_vec();
        let mut changed = 0;
        for seed in 0..200 {
            let (_, one) = mutate(&mut Rng::new(seed), &xml, b"zz", Kind::Xml);
            let (_, two) = mutate(&mut Rng::new(seed), &xml, b"zz", Kind::Xml);
            assert_eq!(one, two);
            changed += usize::from(one != xml);
        }
        assert!(changed > 150, "{changed}");
    }
}
