//! Pruned documents: a model of large inputs that keeps in memory only the subtrees asked
//! for (the signatures) and the elements on the path to them, and the input itself, from
//! which everything else is read again when needed (whole-document canonicalization
//! streams from it). Also the event interface through which a parse hands every node to a
//! consumer as it goes, which that streaming is built on.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use super::document::{Document, NodeId};
use super::error::XmlError;
use super::limits::Limits;

/// An element name whose subtrees a pruned parse keeps whole: a namespace name (`None`: no
/// namespace) and a local name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeptName<'a> {
    /// The namespace name.
    pub namespace: Option<&'a str>,
    /// The local name.
    pub local_name: &'a str,
}

/// Why [`Document::parse_pruned`] refused its input, and the input.
#[derive(thiserror::Error)]
#[error("{error}")]
pub struct PrunedParseError {
    /// Why.
    #[source]
    pub error: XmlError,
    /// The input, unchanged.
    pub input: Vec<u8>,
}

impl std::fmt::Debug for PrunedParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrunedParseError")
            .field("error", &self.error)
            .field("input_len", &self.input.len())
            .finish()
    }
}

impl From<PrunedParseError> for XmlError {
    fn from(e: PrunedParseError) -> XmlError {
        e.error
    }
}

/// What a pruned document remembers of what it does not hold.
#[derive(Clone)]
pub(crate) struct Pruned {
    /// The whole input, UTF-8 (byte offsets of the model point into it).
    pub(crate) source: Vec<u8>,
    pub(crate) dropped: Dropped,
    /// The limits of the parse, for parsing the input again.
    pub(crate) limits: Limits,
}

impl std::fmt::Debug for Pruned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pruned")
            .field("source_len", &self.source.len())
            .field("dropped_ids", &self.dropped.ids.len())
            .field("path_only", &self.dropped.skeleton.len())
            .finish()
    }
}

/// What a pruned parse left out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dropped {
    /// Hashes of the identifiers carried by elements that were not kept.
    pub(crate) ids: HashSet<u64>,
    /// Elements kept only as the path to kept subtrees (their other content was dropped),
    /// sorted once the parse ends.
    pub(crate) skeleton: Vec<u32>,
}

pub(crate) fn id_hash(value: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Receives every node of a document in document order while it is parsed. Element events
/// come with the document under construction, in which the element and its ancestors are
/// complete (name, namespace declarations, attributes) for the duration of the call.
pub(crate) trait EventSink {
    /// An element starts (`position`: the offset of its `<`).
    fn start(&mut self, doc: &Document, element: NodeId, position: u64);
    /// A text node (adjacent character data, references and CDATA merged; line ends
    /// normalized).
    fn text(&mut self, text: &str);
    /// A comment; `top_level`: outside the document element.
    fn comment(&mut self, text: &str, top_level: bool);
    /// A processing instruction; `top_level`: outside the document element.
    fn pi(&mut self, target: &str, data: &str, top_level: bool);
    /// The innermost open element ends.
    fn end(&mut self);
}

impl Document {
    /// Parses a large UTF-8 document keeping in memory only the subtrees of elements named
    /// in `keep` (at any depth) and the elements on the path from the document element to
    /// them (with their names, namespace declarations and attributes, not their other
    /// content). The document element is always kept. The input is kept as it is, so that
    /// whole-document canonicalization can stream from it ([`canonicalize`](crate::canonicalize)
    /// does so for a pruned document).
    ///
    /// The input is checked exactly as [`Document::parse`] checks it; what is kept answers
    /// every question as the full model would, and what would need the dropped content is
    /// an error, never a different answer: canonicalizing a node-set that includes a
    /// path-only element, or resolving an Id carried by a dropped element
    /// ([`XmlError::NotKept`]).
    ///
    /// A refused input comes back in the error ([`PrunedParseError::input`]), for a caller
    /// that tries another reading (a transcoding, say).
    pub fn parse_pruned(
        source: Vec<u8>,
        limits: &Limits,
        keep: &[KeptName<'_>],
    ) -> Result<Document, PrunedParseError> {
        parse_pruned_with(source, limits, keep, None)
    }

    /// Whether this document was read with [`Document::parse_pruned`].
    pub fn is_pruned(&self) -> bool {
        self.pruned.is_some()
    }

    /// The input of a pruned document.
    pub fn source(&self) -> Option<&[u8]> {
        self.pruned.as_ref().map(|p| p.source.as_slice())
    }

    /// The input of a pruned document, giving the model up.
    pub fn into_source(self) -> Option<Vec<u8>> {
        self.pruned.map(|p| p.source)
    }

    /// Whether `id` is an element kept only as the path to kept subtrees (its other
    /// content is not in the model).
    pub fn is_path_only(&self, id: NodeId) -> bool {
        self.pruned.as_ref().is_some_and(|p| {
            p.dropped
                .skeleton
                .binary_search(&(id.index() as u32))
                .is_ok()
        })
    }

    /// The elements kept only as paths ([`Document::is_path_only`]).
    pub(crate) fn path_only(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.pruned.iter().flat_map(|p| {
            p.dropped
                .skeleton
                .iter()
                .map(|&i| NodeId::from_index(i as usize))
        })
    }

    /// The limits a pruned document was read with (the defaults for another).
    pub(crate) fn pruned_limits(&self) -> Limits {
        self.pruned
            .as_ref()
            .map_or_else(Limits::default, |p| p.limits.clone())
    }

    /// Whether an element that a pruned parse dropped carries the identifier `value` (a hash
    /// lookup; [`Document::find_by_id`] of such a value is [`XmlError::NotKept`]).
    pub fn is_id_dropped(&self, value: &str) -> bool {
        self.pruned
            .as_ref()
            .is_some_and(|p| p.dropped.ids.contains(&id_hash(value)))
    }
}

/// [`Document::parse_pruned`], handing what is not kept to `sink` as it is read.
pub(crate) fn parse_pruned_with<'a>(
    source: Vec<u8>,
    limits: &'a Limits,
    keep: &'a [KeptName<'a>],
    sink: Option<&'a mut (dyn EventSink + 'a)>,
) -> Result<Document, PrunedParseError> {
    let (mut doc, dropped) = match super::parser::parse_with(&source, limits, Some(keep), sink) {
        Ok(parsed) => parsed,
        Err(error) => {
            return Err(PrunedParseError {
                error,
                input: source,
            });
        }
    };
    doc.pruned = Some(Box::new(Pruned {
        source,
        dropped,
        limits: limits.clone(),
    }));
    Ok(doc)
}

/// Parses `source` handing every node to `sink`, keeping nothing but the document element.
pub(crate) fn parse_into_sink(
    source: &[u8],
    limits: &Limits,
    sink: &mut dyn EventSink,
) -> Result<(), XmlError> {
    super::parser::parse_with(source, limits, Some(&[]), Some(sink)).map(drop)
}
