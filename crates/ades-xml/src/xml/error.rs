//! Why a document cannot be read (or an Id cannot be resolved).

use super::NodeId;

/// Why an XML document is refused.
///
/// Every variant carries the byte offset in the original input where the problem was found
/// (`position`), except [`XmlError::DuplicateId`], [`XmlError::InputTooLarge`] and
/// [`XmlError::NotKept`], which are not tied to one place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum XmlError {
    /// The tokenizer found malformed markup (an unclosed tag, a mismatched end tag, a bad
    /// attribute syntax…).
    #[error("malformed XML at byte {position}: {source}")]
    Syntax {
        /// Byte offset.
        position: u64,
        /// What the tokenizer reported.
        source: SyntaxError,
    },
    /// The document is syntactically readable but not well-formed XML 1.0 or not
    /// namespace-well-formed.
    #[error("XML not well-formed at byte {position}: {kind}")]
    NotWellFormed {
        /// Byte offset.
        position: u64,
        /// Which rule is broken.
        kind: WellFormednessError,
    },
    /// A document type declaration: DTDs are refused (no XXE, no entity expansion, no default
    /// attributes that would change what is signed).
    #[error("document type declarations (DTD) are refused (byte {position})")]
    Dtd {
        /// Byte offset of `<!DOCTYPE`.
        position: u64,
    },
    /// A reference to an entity other than the five predefined ones (`&lt;` `&gt;` `&amp;`
    /// `&quot;` `&apos;`); without a DTD it cannot be defined.
    #[error("undefined entity `&{name};` at byte {position}")]
    UndefinedEntity {
        /// Byte offset.
        position: u64,
        /// The entity name.
        name: String,
    },
    /// A character reference that is malformed or names a character XML 1.0 forbids.
    #[error("invalid character reference `&{reference};` at byte {position}")]
    InvalidCharReference {
        /// Byte offset.
        position: u64,
        /// The reference without `&` and `;` (`#x0`).
        reference: String,
    },
    /// A character XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF).
    #[error("character U+{code:04X} is not allowed in XML 1.0 (byte {position})")]
    IllegalCharacter {
        /// Byte offset.
        position: u64,
        /// The code point.
        code: u32,
    },
    /// The input is not what this parser reads (UTF-16, an unsupported declared encoding,
    /// invalid UTF-8).
    #[error("unsupported input encoding at byte {position}: {kind}")]
    Encoding {
        /// Byte offset.
        position: u64,
        /// What is wrong.
        kind: EncodingError,
    },
    /// A namespace rule is broken (unbound prefix, reserved prefix, duplicate expanded name).
    #[error("namespace error at byte {position}: {kind}")]
    Namespace {
        /// Byte offset.
        position: u64,
        /// Which rule.
        kind: NamespaceError,
    },
    /// A [`Limits`](super::Limits) bound was exceeded.
    #[error("XML reading limit exceeded at byte {position}: {limit} (max {max})")]
    LimitExceeded {
        /// Byte offset.
        position: u64,
        /// Which limit.
        limit: Limit,
        /// Its configured value.
        max: usize,
    },
    /// The input is larger than [`Limits::max_total_size`](super::Limits::max_total_size)
    /// (checked before reading anything).
    #[error("XML input of {size} bytes exceeds the limit of {max} bytes")]
    InputTooLarge {
        /// Input size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// Two elements carry the same Id value: the reference is ambiguous, which is how
    /// signature-wrapping attacks hide the signed element.
    #[error("Id `{value}` is carried by more than one element (signature wrapping?)")]
    DuplicateId {
        /// The Id value.
        value: String,
        /// The first element, in document order.
        first: NodeId,
        /// The second one.
        second: NodeId,
    },
    /// A pruned document ([`Document::parse_pruned`](super::Document::parse_pruned)) cannot
    /// answer: the question concerns content it did not keep (an Id carried by a dropped
    /// element, a node-set that includes an element kept only as a path). Read the document
    /// whole to answer it.
    #[error("{what} is in a part of the document not kept in memory")]
    NotKept {
        /// What was asked for.
        what: String,
    },
}

impl XmlError {
    /// The byte offset in the input where the problem was found, if it has one.
    pub fn position(&self) -> Option<u64> {
        match self {
            XmlError::Syntax { position, .. }
            | XmlError::NotWellFormed { position, .. }
            | XmlError::Dtd { position }
            | XmlError::UndefinedEntity { position, .. }
            | XmlError::InvalidCharReference { position, .. }
            | XmlError::IllegalCharacter { position, .. }
            | XmlError::Encoding { position, .. }
            | XmlError::Namespace { position, .. }
            | XmlError::LimitExceeded { position, .. } => Some(*position),
            XmlError::InputTooLarge { .. }
            | XmlError::DuplicateId { .. }
            | XmlError::NotKept { .. } => None,
        }
    }
}

/// A syntax error reported by the tokenizer (`quick-xml`); opaque so that the tokenizer's
/// types do not leak into this crate's API. Its [`source`](std::error::Error::source) is the
/// tokenizer's own error.
#[derive(Debug)]
pub struct SyntaxError(pub(crate) quick_xml::Error);

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SyntaxError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// Well-formedness rules checked on top of the tokenizer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WellFormednessError {
    /// No document element.
    #[error("no document element")]
    NoRootElement,
    /// A second element at the top level.
    #[error("more than one document element")]
    MultipleRootElements,
    /// Character data (other than white space) outside the document element.
    #[error("character data outside the document element")]
    TextOutsideRoot,
    /// The input ended inside an element.
    #[error("element `{0}` is not closed")]
    UnclosedElement(String),
    /// An XML declaration that is not at the very beginning.
    #[error("XML declaration not at the start of the document")]
    MisplacedDeclaration,
    /// An XML declaration without a version or with a version other than 1.0.
    #[error("unsupported XML version `{0}` (only 1.0 is read)")]
    UnsupportedVersion(String),
    /// An element, attribute or processing-instruction name that is not an XML name (or not
    /// a namespace-valid QName / NCName).
    #[error("invalid name `{0}`")]
    InvalidName(String),
    /// A processing instruction whose target is `xml` in any case.
    #[error("reserved processing instruction target `{0}`")]
    ReservedPiTarget(String),
    /// Two attributes without white space between them (`a="1"b="2"`).
    #[error("attributes not separated by white space")]
    AttributesNotSeparated,
    /// An XML declaration with attributes other than `version`, `encoding`, `standalone`
    /// (in that order), or a `standalone` other than `yes` / `no`.
    #[error("malformed XML declaration")]
    MalformedDeclaration,
    /// `<` inside an attribute value.
    #[error("`<` in an attribute value")]
    LtInAttributeValue,
    /// A bare `&` not starting a reference, or a reference without `;`.
    #[error("`&` not starting a reference")]
    BareAmpersand,
    /// `]]>` in character data.
    #[error("`]]>` in character data")]
    CdataEndInText,
    /// `--` inside a comment, or a comment ending with `-`.
    #[error("`--` inside a comment")]
    DoubleHyphenInComment,
}

/// Encoding problems.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodingError {
    /// UTF-16 or UTF-32 input (by byte-order mark or by the first bytes): not transcoded,
    /// because the byte ranges this crate reports must be offsets in the original input.
    #[error("UTF-16/UTF-32 input is not supported; convert it to UTF-8")]
    Utf16,
    /// Bytes that are not UTF-8.
    #[error("invalid UTF-8")]
    InvalidUtf8,
    /// The XML declaration names an encoding other than UTF-8 and the content is not plain
    /// ASCII (which every ASCII-compatible encoding reads identically).
    #[error("declared encoding `{0}` is not supported (only UTF-8, or ASCII-only content)")]
    Unsupported(String),
}

/// Namespace well-formedness problems (Namespaces in XML 1.0).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NamespaceError {
    /// A prefix used but not declared.
    #[error("unbound prefix `{0}`")]
    UnboundPrefix(String),
    /// `xmlns:p=""`: undeclaring a prefix is not allowed in XML 1.0.
    #[error("prefix `{0}` declared with an empty namespace name")]
    EmptyPrefixBinding(String),
    /// Misuse of the reserved `xml` / `xmlns` prefixes or their namespace names.
    #[error("reserved prefix or namespace misused: `{0}`")]
    Reserved(String),
    /// Two attributes with the same namespace name and local name.
    #[error("duplicate attribute `{0}`")]
    DuplicateAttribute(String),
}

/// The reading limits of [`Limits`](super::Limits), as reported in
/// [`XmlError::LimitExceeded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Limit {
    /// [`Limits::max_depth`](super::Limits::max_depth).
    #[error("element nesting depth")]
    Depth,
    /// [`Limits::max_attributes`](super::Limits::max_attributes).
    #[error("attributes per element")]
    Attributes,
    /// [`Limits::max_attribute_len`](super::Limits::max_attribute_len).
    #[error("attribute value size")]
    AttributeSize,
    /// [`Limits::max_text_len`](super::Limits::max_text_len).
    #[error("text node size")]
    TextSize,
    /// [`Limits::max_nodes`](super::Limits::max_nodes).
    #[error("number of nodes")]
    Nodes,
}
