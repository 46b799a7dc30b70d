//! Namespace bindings of the streamed canonicalization: owned (the parse's model changes
//! while the canonicalization goes on), undone element by element, and looked up by hash so
//! that no lookup depends on how many bindings the open elements hold.

use std::collections::HashMap;

/// One binding, with the one of the same prefix it shadows.
struct Binding {
    prefix: Box<str>,
    uri: Box<str>,
    /// Index in `OwnedBindings::stack` of the binding of the same prefix below this one.
    shadowed: Option<usize>,
}

/// Namespace bindings as a stack of (prefix, URI), prefix "" for the default namespace,
/// with the innermost binding of each prefix indexed by a hash map.
#[derive(Default)]
pub(super) struct OwnedBindings {
    stack: Vec<Binding>,
    /// Prefix → index in `stack` of its innermost binding; only the prefixes bound now, so
    /// memory follows the open elements, not the document.
    innermost: HashMap<Box<str>, usize>,
}

impl OwnedBindings {
    pub(super) fn push(&mut self, prefix: &str, uri: &str) {
        let at = self.stack.len();
        let shadowed = match self.innermost.get_mut(prefix) {
            Some(top) => Some(std::mem::replace(top, at)),
            None => {
                self.innermost.insert(prefix.into(), at);
                None
            }
        };
        self.stack.push(Binding {
            prefix: prefix.into(),
            uri: uri.into(),
            shadowed,
        });
    }

    /// What [`pop_to`](Self::pop_to) returns to.
    pub(super) fn mark(&self) -> usize {
        self.stack.len()
    }

    /// Undoes the bindings pushed since `mark`, innermost first.
    pub(super) fn pop_to(&mut self, mark: usize) {
        while self.stack.len() > mark {
            let Some(b) = self.stack.pop() else {
                break;
            };
            match b.shadowed {
                Some(below) => {
                    if let Some(top) = self.innermost.get_mut(&b.prefix) {
                        *top = below;
                    }
                }
                None => {
                    self.innermost.remove(&b.prefix);
                }
            }
        }
    }

    /// The URI `prefix` is bound to, if any.
    pub(super) fn get(&self, prefix: &str) -> Option<&str> {
        let &at = self.innermost.get(prefix)?;
        self.stack.get(at).map(|b| &*b.uri)
    }

    /// The innermost binding of each prefix, in no particular order.
    pub(super) fn in_scope(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.innermost
            .iter()
            .filter_map(|(p, &at)| self.stack.get(at).map(|b| (&**p, &*b.uri)))
    }

    /// Every URI bound, shadowed ones included, outermost first.
    pub(super) fn uris(&self) -> impl Iterator<Item = &str> + '_ {
        self.stack.iter().map(|b| &*b.uri)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::OwnedBindings;

    fn sorted_scope(b: &OwnedBindings) -> Vec<(String, String)> {
        let mut v: Vec<_> = b
            .in_scope()
            .map(|(p, u)| (p.to_owned(), u.to_owned()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn shadowing_is_undone_element_by_element() {
        let mut b = OwnedBindings::default();
        assert_eq!(b.get(""), None);
        b.push("", "urn:d");
        b.push("a", "urn:a1");
        let outer = b.mark();
        b.push("a", "urn:a2");
        b.push("b", "urn:b");
        b.push("a", "urn:a3");
        assert_eq!(b.get("a"), Some("urn:a3"));
        assert_eq!(b.get("b"), Some("urn:b"));
        assert_eq!(b.get(""), Some("urn:d"));
        assert_eq!(
            sorted_scope(&b),
            [("", "urn:d"), ("a", "urn:a3"), ("b", "urn:b")]
                .map(|(p, u)| (p.to_owned(), u.to_owned()))
        );
        assert_eq!(
            b.uris().collect::<Vec<_>>(),
            ["urn:d", "urn:a1", "urn:a2", "urn:b", "urn:a3"]
        );
        b.pop_to(outer);
        assert_eq!(b.get("a"), Some("urn:a1"));
        assert_eq!(b.get("b"), None);
        assert_eq!(b.in_scope().count(), 2);
        b.pop_to(0);
        assert_eq!(b.get("a"), None);
        assert_eq!(b.get(""), None);
        assert_eq!(b.in_scope().count(), 0);
        // Nothing is left of the prefixes no longer bound.
        assert!(b.innermost.is_empty());
        b.pop_to(0);
        assert_eq!(b.mark(), 0);
    }

    #[test]
    fn agrees_with_a_backward_scan() {
        // Pseudo-random pushes and pops against the plain stack they replace.
        let mut b = OwnedBindings::default();
        let mut plain: Vec<(String, String)> = Vec::new();
        let mut marks = Vec::new();
        let mut seed = 0x2545_f491_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        for step in 0..5_000 {
            match next() % 8 {
                0 | 1 => marks.push(b.mark()),
                2 | 3 => {
                    if let Some(m) = marks.pop() {
                        b.pop_to(m);
                        plain.truncate(m);
                    }
                }
                _ => {
                    let prefix = format!("p{}", next() % 12);
                    let uri = format!("urn:{step}");
                    b.push(&prefix, &uri);
                    plain.push((prefix, uri));
                }
            }
            assert_eq!(b.mark(), plain.len());
            for p in 0..13 {
                let prefix = format!("p{p}");
                let expected = plain
                    .iter()
                    .rev()
                    .find(|(q, _)| *q == prefix)
                    .map(|(_, u)| u.as_str());
                assert_eq!(b.get(&prefix), expected);
            }
            assert!(b.uris().eq(plain.iter().map(|(_, u)| u.as_str())));
            let mut nearest: Vec<(&str, &str)> = Vec::new();
            for (p, u) in plain.iter().rev() {
                if !nearest.iter().any(|(q, _)| q == p) {
                    nearest.push((p, u));
                }
            }
            nearest.sort_unstable();
            let mut scope: Vec<_> = b.in_scope().collect();
            scope.sort_unstable();
            assert_eq!(scope, nearest);
        }
    }
}
