//! The small XPath subset that signature transforms use in practice: location paths of
//! element steps (`/`, `//`, `child::`, `descendant::`, `ancestor::`, `self::`, name tests
//! with prefixes resolved at the `XPath` element, `[n]` and `[@Attr='v']` predicates),
//! starting at the root or at `here()`. Anything else is refused rather than guessed.

use ades_xml::{Document, NodeId, NodeKind};

/// Why an expression is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported XPath expression `{0}`")]
pub struct UnsupportedXPath(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    Child,
    Descendant,
    DescendantOrSelf,
    Ancestor,
    AncestorOrSelf,
    Itself,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Predicate {
    Position(usize),
    AttributeEquals(String, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    axis: Axis,
    /// `None` for `*`; otherwise (namespace, local name).
    name: Option<(Option<String>, String)>,
    predicate: Option<Predicate>,
}

/// A parsed location path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocationPath {
    from_here: bool,
    steps: Vec<Step>,
}

impl LocationPath {
    /// Parses `expression`, resolving prefixes in the scope of `context` (the `XPath`
    /// element of the transform).
    pub(crate) fn parse(
        doc: &Document,
        context: NodeId,
        expression: &str,
    ) -> Result<Self, UnsupportedXPath> {
        let refuse = || UnsupportedXPath(expression.to_owned());
        let text: String = expression.split_whitespace().collect();
        let (from_here, mut rest) = match text.strip_prefix("here()") {
            Some(r) => (true, r),
            None => (false, text.as_str()),
        };
        if !rest.starts_with('/') {
            return Err(refuse());
        }
        let mut steps = Vec::new();
        while !rest.is_empty() {
            let (descendant, after) = match rest.strip_prefix("//") {
                Some(r) => (true, r),
                None => (false, rest.strip_prefix('/').ok_or_else(refuse)?),
            };
            let end = step_end(after);
            let (step_text, next) = after.split_at(end);
            if step_text.is_empty() {
                if next.is_empty() && steps.is_empty() && !descendant && !from_here {
                    break; // "/" alone: the root
                }
                return Err(refuse());
            }
            let mut step = parse_step(doc, context, step_text).ok_or_else(refuse)?;
            if descendant {
                step.axis = match step.axis {
                    Axis::Child => Axis::Descendant,
                    _ => return Err(refuse()),
                };
            }
            steps.push(step);
            rest = next;
        }
        Ok(LocationPath { from_here, steps })
    }

    /// The elements selected, in document order; `here` is the node the transform is in.
    pub(crate) fn select(&self, doc: &Document, here: NodeId) -> Vec<NodeId> {
        let mut current = vec![if self.from_here { here } else { doc.root() }];
        for step in &self.steps {
            let mut next: Vec<NodeId> = Vec::new();
            for &node in &current {
                let candidates: Vec<NodeId> = axis_nodes(doc, node, step.axis)
                    .into_iter()
                    .filter(|&n| matches_name(doc, n, step.name.as_ref()))
                    .collect();
                match &step.predicate {
                    None => next.extend(candidates),
                    Some(Predicate::Position(p)) => next.extend(candidates.get(p - 1)),
                    Some(Predicate::AttributeEquals(attr, value)) => next.extend(
                        candidates
                            .into_iter()
                            .filter(|&n| doc.attribute(n, None, attr) == Some(value.as_str())),
                    ),
                }
            }
            next.sort();
            next.dedup();
            current = next;
        }
        current
    }

    /// Whether this is `/`: the whole document.
    pub(crate) fn is_root(&self) -> bool {
        !self.from_here && self.steps.is_empty()
    }
}

fn step_end(s: &str) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, '/') if depth == 0 => return i,
            _ => {}
        }
    }
    s.len()
}

fn parse_step(doc: &Document, context: NodeId, text: &str) -> Option<Step> {
    let (body, predicate) = match text.find('[') {
        Some(i) => {
            let inner = text[i + 1..].strip_suffix(']')?;
            (&text[..i], Some(parse_predicate(inner)?))
        }
        None => (text, None),
    };
    let (axis, test) = match body.split_once("::") {
        Some((axis, test)) => (
            match axis {
                "child" => Axis::Child,
                "descendant" => Axis::Descendant,
                "descendant-or-self" => Axis::DescendantOrSelf,
                "ancestor" => Axis::Ancestor,
                "ancestor-or-self" => Axis::AncestorOrSelf,
                "self" => Axis::Itself,
                _ => return None,
            },
            test,
        ),
        None => (Axis::Child, body),
    };
    let name = if test == "*" {
        None
    } else {
        match test.split_once(':') {
            Some((prefix, local)) => Some((
                Some(doc.lookup_namespace(context, Some(prefix))?.to_owned()),
                valid_name(local)?,
            )),
            // An unprefixed name test means "no namespace" in XPath 1.0.
            None => Some((None, valid_name(test)?)),
        }
    };
    Some(Step {
        axis,
        name,
        predicate,
    })
}

fn valid_name(s: &str) -> Option<String> {
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    ok.then(|| s.to_owned())
}

fn parse_predicate(inner: &str) -> Option<Predicate> {
    if let Ok(n) = inner.parse::<usize>() {
        return (n > 0).then_some(Predicate::Position(n));
    }
    let (attr, value) = inner.strip_prefix('@')?.split_once('=')?;
    let value = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .or_else(|| value.strip_prefix('"').and_then(|v| v.strip_suffix('"')))?;
    Some(Predicate::AttributeEquals(
        valid_name(attr)?,
        value.to_owned(),
    ))
}

fn axis_nodes(doc: &Document, node: NodeId, axis: Axis) -> Vec<NodeId> {
    let elements = |it: &mut dyn Iterator<Item = NodeId>| -> Vec<NodeId> {
        it.filter(|&n| doc.kind(n) == Some(NodeKind::Element))
            .collect()
    };
    match axis {
        Axis::Child => elements(&mut doc.children(node)),
        Axis::Descendant => elements(&mut doc.descendants(node)),
        Axis::DescendantOrSelf => elements(&mut std::iter::once(node).chain(doc.descendants(node))),
        // Nearest first, as XPath numbers reverse axes.
        Axis::Ancestor => elements(&mut doc.ancestors(node)),
        Axis::AncestorOrSelf => elements(&mut std::iter::once(node).chain(doc.ancestors(node))),
        Axis::Itself => elements(&mut std::iter::once(node)),
    }
}

fn matches_name(doc: &Document, node: NodeId, name: Option<&(Option<String>, String)>) -> bool {
    match name {
        None => true,
        Some((ns, local)) => doc.has_name(node, ns.as_deref(), local),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ades_xml::Limits;

    const DOC: &str = r#"<r xmlns:ds="urn:ds"><a Id="x"><ds:S><b/><ds:S/></ds:S></a><ds:S/></r>"#;

    fn run(expr: &str, here: Option<&str>) -> Vec<String> {
        let doc = Document::parse(DOC.as_bytes(), &Limits::default()).unwrap();
        let root = doc.document_element();
        let here = here
            .map(|h| {
                doc.descendants(root)
                    .find(|&n| doc.local_name(n) == Some(h))
                    .unwrap()
            })
            .unwrap_or(root);
        let path = LocationPath::parse(&doc, root, expr).unwrap();
        path.select(&doc, here)
            .into_iter()
            .map(|n| format!("{}@{}", doc.local_name(n).unwrap_or("/"), n.index()))
            .collect()
    }

    #[test]
    fn descendant_steps_with_prefixes() {
        assert_eq!(run("/descendant::ds:S", None).len(), 3);
        assert_eq!(run("//ds:S", None).len(), 3);
        assert_eq!(run("//*[@Id='x']/ds:S", None).len(), 1);
    }

    #[test]
    fn here_and_nearest_ancestor() {
        let inner = run("here()/ancestor::ds:S[1]", Some("b"));
        assert_eq!(inner.len(), 1);
        assert!(inner[0].starts_with("S@"));
    }

    #[test]
    fn refuses_functions_and_unbound_prefixes() {
        let doc = Document::parse(DOC.as_bytes(), &Limits::default()).unwrap();
        let root = doc.document_element();
        for expr in ["count(//a)", "//x:S", "a", "//a[last()]", "//a | //b"] {
            assert!(LocationPath::parse(&doc, root, expr).is_err(), "{expr}");
        }
        assert!(LocationPath::parse(&doc, root, "/").unwrap().is_root());
    }
}
