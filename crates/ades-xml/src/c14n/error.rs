//! Why a canonical form cannot be produced.

use crate::xml::{NodeId, XmlError};

/// Why canonicalization (or resolving what to canonicalize) failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum C14nError {
    /// An algorithm URI this crate does not implement.
    #[error("unknown canonicalization algorithm `{0}`")]
    UnknownAlgorithm(String),
    /// A namespace declaration with a relative URI: the canonicalization specifications
    /// require implementations to fail on them.
    #[error("relative namespace URI `{uri}`: canonicalization is not defined for it")]
    RelativeNamespaceUri {
        /// The namespace name.
        uri: String,
    },
    /// A subset rooted at a node that is not an element of the document.
    #[error("node {0:?} is not an element of this document")]
    NotAnElement(NodeId),
    /// A same-document reference this crate does not resolve (only `""`, `#id`,
    /// `#xpointer(/)` and `#xpointer(id('id'))` are).
    #[error("unsupported same-document reference `{0}`")]
    UnsupportedReference(String),
    /// No element carries the referenced Id.
    #[error("no element with Id `{0}`")]
    IdNotFound(String),
    /// Resolving the reference failed (an Id carried by two elements).
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// The output could not be written.
    #[error("writing the canonical form: {0}")]
    Io(#[from] std::io::Error),
}
