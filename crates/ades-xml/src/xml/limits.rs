//! Reading limits: bounded work and memory on hostile input.

/// Bounds applied while reading a document. Exceeding one is an
/// [`XmlError::LimitExceeded`](super::XmlError::LimitExceeded) (or
/// [`XmlError::InputTooLarge`](super::XmlError::InputTooLarge)), reported as soon as the
/// bound is crossed, before the rest of the input is read.
///
/// DTDs and custom entities are refused unconditionally, so entity expansion (XXE, "billion
/// laughs") needs no limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting (the document element is at depth 1). Default 256.
    pub max_depth: usize,
    /// Most attributes on one element, namespace declarations included. Default 256.
    pub max_attributes: usize,
    /// Largest attribute value, in bytes after normalization. Default 8 MiB.
    pub max_attribute_len: usize,
    /// Largest text node (adjacent character data, references and CDATA sections merged),
    /// comment or processing instruction, in bytes. Default 64 MiB.
    pub max_text_len: usize,
    /// Largest input, in bytes. Default 512 MiB; inputs of 4 GiB or more are always refused.
    pub max_total_size: usize,
    /// Most nodes (elements, text nodes, comments, processing instructions). Default 16 Mi.
    pub max_nodes: usize,
    /// Most `ds:Reference` elements one XML-DSig `SignedInfo` or `Manifest` may hold, read by
    /// the signature layer: each reference costs at most one pass over the document, so this
    /// bounds a signature's work at `max_references` × the input. Default 10,000 (EU DSS's
    /// test files have up to 900).
    pub max_references: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_attributes: 256,
            max_attribute_len: 8 << 20,
            max_text_len: 64 << 20,
            max_total_size: 512 << 20,
            max_nodes: 16 << 20,
            max_references: 10_000,
        }
    }
}
