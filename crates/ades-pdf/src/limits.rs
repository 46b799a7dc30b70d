//! The bounds on work and memory that every read of a PDF respects.
//!
//! A PDF is hostile input: each count, size and depth that the file announces is checked
//! against a typed limit before anything is allocated for it, and every loop that follows
//! pointers in the file (/Prev, references, page trees) is bounded and loop-checked. Reaching a
//! limit is an error ([`PdfError::Limit`](crate::PdfError::Limit)), never a repair.

/// Bounds for reading one PDF. [`Limits::default`] suits signed documents up to hundreds of MiB.
///
/// Memory used while loading is at most a small multiple of the file size plus
/// `max_decoded_total`; time is linear in the file size plus the decoded bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest input accepted, in bytes (default 512 MiB).
    pub max_file_size: usize,
    /// Deepest nesting of arrays and dictionaries, and of page-tree levels (default 128).
    pub max_depth: usize,
    /// Most entries in one array or dictionary (default 1 Mi).
    pub max_container_entries: usize,
    /// Highest object number accepted (default 8,388,607, the limit of ISO 32000-1 Annex C).
    pub max_object_number: u32,
    /// Most cross-reference entries, all revisions together, including objects found by
    /// reconstruction (default 2 Mi).
    pub max_xref_entries: usize,
    /// Most cross-reference sections in the /Prev chain, i.e. revisions (default 4096).
    pub max_revisions: usize,
    /// Most object streams decoded while loading (default 100,000).
    pub max_object_streams: usize,
    /// Most objects one object stream may announce in /N (default 1 Mi).
    pub max_objects_per_stream: usize,
    /// Largest decoded size of one stream (default 64 MiB).
    pub max_decoded_stream: usize,
    /// Largest total of decoded bytes while loading: cross-reference and object streams
    /// (default 256 MiB).
    pub max_decoded_total: usize,
    /// Largest expansion factor of a FlateDecode stream; streams decoding to less than
    /// `inflate_ratio_floor` bytes are exempt (default 1000).
    pub max_inflate_ratio: usize,
    /// Decoded size under which the ratio guard does not apply (default 1 MiB).
    pub inflate_ratio_floor: usize,
    /// Longest chain of references followed to reach a direct object (default 32).
    pub max_reference_chain: usize,
    /// Most nodes (pages and intermediate nodes) in a page tree (default 1 Mi).
    pub max_pages: usize,
    /// Bytes parsed while loading (cross-reference sections, object streams, reconstruction),
    /// as a multiple of the file size, plus 1 MiB (default 8): bounds the time hostile
    /// overlapping structures can cost.
    pub max_load_passes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 512 << 20,
            max_depth: 128,
            max_container_entries: 1 << 20,
            max_object_number: 8_388_607,
            max_xref_entries: 2 << 20,
            max_revisions: 4096,
            max_object_streams: 100_000,
            max_objects_per_stream: 1 << 20,
            max_decoded_stream: 64 << 20,
            max_decoded_total: 256 << 20,
            max_inflate_ratio: 1000,
            inflate_ratio_floor: 1 << 20,
            max_reference_chain: 32,
            max_pages: 1 << 20,
            max_load_passes: 8,
        }
    }
}
