//! The XML document model: a read-only arena DOM built from `quick-xml` events, keeping
//! what exact canonicalization needs (prefixes, the namespace declarations made on each
//! element, attributes in document order with raw and normalized values, comments,
//! processing instructions) and the byte range of every element in the original input.

mod chars;
mod document;
mod error;
mod limits;
mod parser;
mod prune;
mod transcode;

pub(crate) use document::NodeData;
pub use document::{
    Attribute, Children, Document, NamespaceDeclaration, NodeId, NodeKind, XML_NAMESPACE,
    XMLNS_NAMESPACE,
};
pub use error::{EncodingError, Limit, NamespaceError, SyntaxError, WellFormednessError, XmlError};
pub use limits::Limits;
pub(crate) use prune::{EventSink, parse_into_sink, parse_pruned_with};
pub use prune::{KeptName, PrunedParseError};
pub use transcode::transcode_to_utf8;
