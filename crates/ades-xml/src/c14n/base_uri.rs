//! The `xml:base` fix-up of Canonical XML 1.1 (§2.4): the join-URI-References function, a
//! variant of RFC 3986 §5.2.2 that accepts relative base URIs and keeps leading `..`
//! segments instead of dropping them.

/// The five components of a URI reference (RFC 3986 Appendix B).
#[derive(Debug, Default, PartialEq, Eq)]
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

fn parse(uri: &str) -> Parts<'_> {
    let mut rest = uri;
    let mut parts = Parts::default();
    if let Some(i) = rest.find('#') {
        parts.fragment = rest.get(i + 1..);
        rest = rest.get(..i).unwrap_or("");
    }
    if let Some(i) = rest.find('?') {
        parts.query = rest.get(i + 1..);
        rest = rest.get(..i).unwrap_or("");
    }
    if let Some(i) = rest.find(':')
        && i > 0
        && !rest.get(..i).unwrap_or("/").contains('/')
    {
        parts.scheme = rest.get(..i);
        rest = rest.get(i + 1..).unwrap_or("");
    }
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        parts.authority = after.get(..end);
        rest = after.get(end..).unwrap_or("");
    }
    parts.path = rest;
    parts
}

fn recompose(p: &Parts<'_>, path: &str) -> String {
    let mut out = String::new();
    if let Some(s) = p.scheme {
        out.push_str(s);
        out.push(':');
    }
    if let Some(a) = p.authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(path);
    if let Some(q) = p.query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = p.fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The last segment of `output` is a complete `..` segment.
fn ends_with_dotdot_segment(output: &str) -> bool {
    output == ".." || output.ends_with("/..")
}

/// remove_dot_segments as modified by Canonical XML 1.1 §2.4: leading `..` segments of a
/// relative path are kept.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path.to_owned();
    while input.contains("//") {
        input = input.replace("//", "/");
    }
    let mut output = String::new();
    let absolute = input.starts_with('/');
    if absolute {
        output.push('/');
        input.remove(0);
    }
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("./") {
            input = rest.to_owned();
        } else if let Some(rest) = input.strip_prefix("../") {
            input = rest.to_owned();
            if output != "/" {
                output.push_str("../");
            }
        } else if input.starts_with("/./") {
            input.replace_range(..2, "");
        } else if input == "/." {
            input = "/".to_owned();
        } else if input.starts_with("/../") || input == "/.." {
            if input == "/.." {
                input = "/".to_owned();
            } else {
                input.replace_range(..3, "");
            }
            if output.is_empty() {
                // An absolute path cannot climb above its root (the root slash went with the
                // segment removed before); a relative one keeps the `..`.
                if !absolute {
                    output.push_str("..");
                }
            } else if output.ends_with("../") {
                output.push_str("..");
            } else if ends_with_dotdot_segment(&output) {
                output.push_str("/..");
            } else if output == "/" {
                // Already at the root.
            } else {
                match output.rfind('/') {
                    Some(i) => output.truncate(i),
                    None => {
                        // The first character went and it was not the root slash.
                        output.clear();
                        if input.starts_with('/') {
                            input.remove(0);
                        }
                    }
                }
            }
        } else if input == "." {
            input.clear();
        } else if input == ".." {
            if output != "/" {
                output.push_str("..");
            }
            input.clear();
        } else {
            let from = usize::from(input.starts_with('/'));
            let end = input
                .get(from..)
                .and_then(|s| s.find('/'))
                .map_or(input.len(), |i| i + from);
            output.push_str(input.get(..end).unwrap_or(""));
            input.replace_range(..end, "");
        }
    }
    if ends_with_dotdot_segment(&output) {
        output.push('/');
    }
    output
}

/// join-URI-References(`base`, `reference`) of Canonical XML 1.1 §2.4.
pub(crate) fn join(base: &str, reference: &str) -> String {
    let base_owned;
    let base = if base.ends_with("..") {
        base_owned = format!("{base}/");
        &base_owned
    } else {
        base
    };
    let b = parse(base);
    let mut r = parse(reference);
    if r.scheme.is_some() && r.scheme == b.scheme {
        r.scheme = None;
    }
    let mut t = Parts {
        fragment: r.fragment,
        ..Parts::default()
    };
    let path;
    if r.scheme.is_some() {
        t.scheme = r.scheme;
        t.authority = r.authority;
        path = remove_dot_segments(r.path);
        t.query = r.query;
    } else {
        if r.authority.is_some() {
            t.authority = r.authority;
            path = remove_dot_segments(r.path);
            t.query = r.query;
        } else {
            if r.path.is_empty() {
                path = b.path.to_owned();
                t.query = r.query.or(b.query);
            } else {
                if r.path.starts_with('/') {
                    path = remove_dot_segments(r.path);
                } else {
                    let merged = if b.authority.is_some() && b.path.is_empty() {
                        format!("/{}", r.path)
                    } else {
                        match b.path.rfind('/') {
                            Some(i) => format!("{}{}", b.path.get(..=i).unwrap_or(""), r.path),
                            None => r.path.to_owned(),
                        }
                    };
                    path = remove_dot_segments(&merged);
                }
                t.query = r.query;
            }
            t.authority = b.authority;
        }
        t.scheme = b.scheme;
    }
    recompose(&t, &path)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn rfc3986_examples_with_absolute_base() {
        let base = "http://a/b/c/d;p?q";
        for (r, t) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            (";x", "http://a/b/c/;x"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("g..", "http://a/b/c/g.."),
            ("./g/.", "http://a/b/c/g/"),
            ("g/../h", "http://a/b/c/h"),
            ("http:g", "http://a/b/c/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
        ] {
            assert_eq!(join(base, r), t, "{r}");
        }
    }

    #[test]
    fn relative_bases_keep_leading_dotdot() {
        assert_eq!(join("bar/", "foo"), "bar/foo");
        assert_eq!(join("something/else", "bar/"), "something/bar/");
        assert_eq!(join("../a/", "b"), "../a/b");
        assert_eq!(join("a/b/", "../../../c"), "../c");
        assert_eq!(join("..", "x"), "../x");
        assert_eq!(join("", "x"), "x");
        assert_eq!(join("a/", ""), "a/");
        assert_eq!(
            join("http://www.example.com/", "a/b/../c"),
            "http://www.example.com/a/c"
        );
    }
}
