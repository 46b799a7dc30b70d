//! The canonicalization algorithms and their identifiers.

use super::error::C14nError;

/// Canonical XML 1.0: `http://www.w3.org/TR/2001/REC-xml-c14n-20010315`.
pub const C14N_10: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
/// Canonical XML 1.0 with comments.
pub const C14N_10_WITH_COMMENTS: &str =
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
/// Exclusive XML Canonicalization 1.0: `http://www.w3.org/2001/10/xml-exc-c14n#`.
pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
/// Exclusive XML Canonicalization 1.0 with comments.
pub const EXC_C14N_WITH_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
/// Canonical XML 1.1: `http://www.w3.org/2006/12/xml-c14n11`.
pub const C14N_11: &str = "http://www.w3.org/2006/12/xml-c14n11";
/// Canonical XML 1.1 with comments.
pub const C14N_11_WITH_COMMENTS: &str = "http://www.w3.org/2006/12/xml-c14n11#WithComments";

/// A canonicalization algorithm with its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum C14nMethod {
    /// Canonical XML 1.0 (W3C REC 2001-03-15). In a document subset, the apex element
    /// inherits the `xml:*` attributes (all of them, `xml:id` and `xml:base` included) of
    /// its ancestors.
    Inclusive10 {
        /// The `#WithComments` variant.
        comments: bool,
    },
    /// Exclusive XML Canonicalization 1.0 (W3C REC 2002-07-18): only the namespaces an
    /// element visibly uses (plus the listed ones) are rendered; no `xml:*` inheritance.
    Exclusive10 {
        /// The `#WithComments` variant.
        comments: bool,
        /// The `InclusiveNamespaces PrefixList`: prefixes treated as in Canonical XML 1.0;
        /// `#default` stands for the default namespace.
        inclusive_prefixes: Vec<String>,
    },
    /// Canonical XML 1.1 (W3C REC 2008-05-02): as 1.0, but only `xml:lang` and `xml:space`
    /// are inherited, `xml:id` is not, and `xml:base` is fixed up (joined with the
    /// `xml:base` of the omitted ancestors).
    Inclusive11 {
        /// The `#WithComments` variant.
        comments: bool,
    },
}

impl C14nMethod {
    /// The method an algorithm URI names (in `ds:CanonicalizationMethod` or `ds:Transform`).
    /// Exclusive canonicalization starts with an empty prefix list; see
    /// [`C14nMethod::with_inclusive_prefixes`].
    pub fn from_uri(uri: &str) -> Result<Self, C14nError> {
        Ok(match uri {
            C14N_10 => C14nMethod::Inclusive10 { comments: false },
            C14N_10_WITH_COMMENTS => C14nMethod::Inclusive10 { comments: true },
            EXC_C14N => C14nMethod::Exclusive10 {
                comments: false,
                inclusive_prefixes: Vec::new(),
            },
            EXC_C14N_WITH_COMMENTS => C14nMethod::Exclusive10 {
                comments: true,
                inclusive_prefixes: Vec::new(),
            },
            C14N_11 => C14nMethod::Inclusive11 { comments: false },
            C14N_11_WITH_COMMENTS => C14nMethod::Inclusive11 { comments: true },
            _ => return Err(C14nError::UnknownAlgorithm(uri.to_owned())),
        })
    }

    /// The algorithm URI.
    pub fn uri(&self) -> &'static str {
        match self {
            C14nMethod::Inclusive10 { comments: false } => C14N_10,
            C14nMethod::Inclusive10 { comments: true } => C14N_10_WITH_COMMENTS,
            C14nMethod::Exclusive10 {
                comments: false, ..
            } => EXC_C14N,
            C14nMethod::Exclusive10 { comments: true, .. } => EXC_C14N_WITH_COMMENTS,
            C14nMethod::Inclusive11 { comments: false } => C14N_11,
            C14nMethod::Inclusive11 { comments: true } => C14N_11_WITH_COMMENTS,
        }
    }

    /// Whether comments are kept (the `#WithComments` variants).
    pub fn with_comments(&self) -> bool {
        match self {
            C14nMethod::Inclusive10 { comments }
            | C14nMethod::Exclusive10 { comments, .. }
            | C14nMethod::Inclusive11 { comments } => *comments,
        }
    }

    /// Sets the `InclusiveNamespaces PrefixList` of exclusive canonicalization from the
    /// attribute's value (white-space separated prefixes, `#default` for the default
    /// namespace). No effect on the inclusive methods.
    pub fn with_inclusive_prefixes(mut self, prefix_list: &str) -> Self {
        if let C14nMethod::Exclusive10 {
            inclusive_prefixes, ..
        } = &mut self
        {
            *inclusive_prefixes = prefix_list
                .split([' ', '\t', '\r', '\n'])
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn uris_round_trip() {
        for uri in [
            C14N_10,
            C14N_10_WITH_COMMENTS,
            EXC_C14N,
            EXC_C14N_WITH_COMMENTS,
            C14N_11,
            C14N_11_WITH_COMMENTS,
        ] {
            assert_eq!(C14nMethod::from_uri(uri).unwrap().uri(), uri);
        }
        assert!(C14nMethod::from_uri("http://www.w3.org/2000/09/xmldsig#base64").is_err());
        let m = C14nMethod::from_uri(EXC_C14N)
            .unwrap()
            .with_inclusive_prefixes(" ds\n#default  xades ");
        assert_eq!(
            m,
            C14nMethod::Exclusive10 {
                comments: false,
                inclusive_prefixes: vec!["ds".into(), "#default".into(), "xades".into()]
            }
        );
    }
}
