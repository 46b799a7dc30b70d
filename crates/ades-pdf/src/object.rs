//! The object model (ISO 32000-1 §7.3): what the parser produces and the writer serialises.
//!
//! Objects are owned values; a stream keeps its data as encoded in the file (decode it with
//! [`PdfFile::decode_stream`](crate::PdfFile::decode_stream)). Where an object was found in the
//! file is reported beside it ([`IndirectObject`](crate::IndirectObject)), not inside it.

use std::fmt;

/// An indirect reference `num generation R`, the identity of an indirect object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef {
    /// Object number (1 and up; 0 is the head of the free list).
    pub num: u32,
    /// Generation number.
    pub generation: u16,
}

impl ObjRef {
    /// The reference `num generation R`.
    pub const fn new(num: u32, generation: u16) -> Self {
        ObjRef { num, generation }
    }
}

impl fmt::Display for ObjRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} R", self.num, self.generation)
    }
}

/// A name object (`/Type`), holding its bytes after `#xx` escapes are decoded, without the `/`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Name(Vec<u8>);

impl Name {
    /// A name from its decoded bytes (without the leading `/`).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Name(bytes.into())
    }

    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The name as UTF-8 text, if it is.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// Whether the name is exactly `s`.
    pub fn is(&self, s: &str) -> bool {
        self.0 == s.as_bytes()
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name(s.as_bytes().to_vec())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}", String::from_utf8_lossy(&self.0))
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// How a string was (or will be) written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StringFormat {
    /// `( … )` with escapes.
    #[default]
    Literal,
    /// `< … >` in hexadecimal.
    Hexadecimal,
}

/// A string object: its bytes after escapes are decoded, and the form it was written in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct PdfString {
    bytes: Vec<u8>,
    format: StringFormat,
}

impl PdfString {
    /// A string of `format` (decryption keeps the way a string was written).
    pub(crate) fn with_format(bytes: Vec<u8>, format: StringFormat) -> Self {
        PdfString { bytes, format }
    }

    /// A literal string `( … )`.
    pub fn literal(bytes: impl Into<Vec<u8>>) -> Self {
        PdfString {
            bytes: bytes.into(),
            format: StringFormat::Literal,
        }
    }

    /// A hexadecimal string `< … >`.
    pub fn hex(bytes: impl Into<Vec<u8>>) -> Self {
        PdfString {
            bytes: bytes.into(),
            format: StringFormat::Hexadecimal,
        }
    }

    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The decoded bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The form the string was written in.
    pub fn format(&self) -> StringFormat {
        self.format
    }
}

/// A dictionary `<< /Key value … >>`, in file order.
///
/// Duplicate keys found in a file are kept (see [`Dictionary::has_duplicate_keys`]); lookups
/// return the **last** occurrence, as qpdf does. [`Dictionary::insert`] replaces every
/// occurrence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dictionary {
    entries: Vec<(Name, Object)>,
}

impl Dictionary {
    /// An empty dictionary.
    pub const fn new() -> Self {
        Dictionary {
            entries: Vec::new(),
        }
    }

    /// Number of entries (duplicates included).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the dictionary has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of `key` (the last occurrence if the key is duplicated).
    pub fn get(&self, key: impl AsRef<[u8]>) -> Option<&Object> {
        let key = key.as_ref();
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k.as_bytes() == key)
            .map(|(_, v)| v)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: impl AsRef<[u8]>) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`, replacing every earlier occurrence (in the position of the first).
    pub fn insert(&mut self, key: impl Into<Name>, value: impl Into<Object>) {
        let key = key.into();
        let value = value.into();
        match self.entries.iter().position(|(k, _)| *k == key) {
            Some(first) => {
                let mut index = 0;
                self.entries.retain(|(k, _)| {
                    let keep = index <= first || *k != key;
                    index += 1;
                    keep
                });
                if let Some(slot) = self.entries.get_mut(first) {
                    slot.1 = value;
                }
            }
            None => self.entries.push((key, value)),
        }
    }

    /// Removes every occurrence of `key`; returns the value `get` would have returned.
    pub fn remove(&mut self, key: impl AsRef<[u8]>) -> Option<Object> {
        let key = key.as_ref();
        let mut last = None;
        self.entries.retain_mut(|(k, v)| {
            if k.as_bytes() == key {
                last = Some(std::mem::take(v));
                false
            } else {
                true
            }
        });
        last
    }

    /// The entries in order, values mutable (decryption rewrites strings in place).
    pub(crate) fn entries_mut(&mut self) -> impl Iterator<Item = (&Name, &mut Object)> {
        self.entries.iter_mut().map(|(k, v)| (&*k, v))
    }

    /// The entries in order (duplicates included).
    pub fn iter(&self) -> impl Iterator<Item = (&Name, &Object)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Whether some key occurs more than once (readers disagree on which one counts: a
    /// validator should treat it as suspicious).
    pub fn has_duplicate_keys(&self) -> bool {
        let mut keys: Vec<&Name> = self.entries.iter().map(|(k, _)| k).collect();
        keys.sort();
        keys.windows(2).any(|w| w.first() == w.get(1))
    }

    /// The value of `key` if it is a name.
    pub fn get_name(&self, key: impl AsRef<[u8]>) -> Option<&Name> {
        self.get(key).and_then(Object::as_name)
    }

    /// The value of `key` if it is an integer.
    pub fn get_i64(&self, key: impl AsRef<[u8]>) -> Option<i64> {
        self.get(key).and_then(Object::as_i64)
    }

    /// The value of `key` if it is a reference.
    pub fn get_ref(&self, key: impl AsRef<[u8]>) -> Option<ObjRef> {
        self.get(key).and_then(Object::as_reference)
    }

    /// The value of `key` if it is a direct dictionary.
    pub fn get_dict(&self, key: impl AsRef<[u8]>) -> Option<&Dictionary> {
        self.get(key).and_then(Object::as_dict)
    }

    /// The value of `key` if it is a direct array.
    pub fn get_array(&self, key: impl AsRef<[u8]>) -> Option<&[Object]> {
        self.get(key).and_then(Object::as_array)
    }

    /// Whether `/Type` is the name `ty`.
    pub fn has_type(&self, ty: &str) -> bool {
        self.get_name("Type").is_some_and(|n| n.is(ty))
    }

    pub(crate) fn push_raw(&mut self, key: Name, value: Object) {
        self.entries.push((key, value));
    }
}

impl FromIterator<(Name, Object)> for Dictionary {
    fn from_iter<T: IntoIterator<Item = (Name, Object)>>(iter: T) -> Self {
        let mut dict = Dictionary::new();
        for (k, v) in iter {
            dict.insert(k, v);
        }
        dict
    }
}

/// A stream: its dictionary and its data as stored in the file (still encoded).
///
/// When written, `/Length` is set to the data's length whatever the dictionary says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stream {
    /// The stream dictionary.
    pub dict: Dictionary,
    /// The encoded data, exactly the bytes between `stream` + EOL and the EOL before `endstream`.
    pub data: Vec<u8>,
}

/// Space reserved by the writer for a value known only after the file is written
/// (a signature's `/Contents` and `/ByteRange`); see [`IncrementalUpdate`](crate::IncrementalUpdate).
///
/// Obtained from [`IncrementalUpdate::reserve_contents`](crate::IncrementalUpdate::reserve_contents)
/// or [`IncrementalUpdate::reserve_byte_range`](crate::IncrementalUpdate::reserve_byte_range),
/// put into an object as [`Object::Placeholder`]. The parser never produces one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Placeholder {
    pub(crate) id: u64,
    pub(crate) kind: PlaceholderKind,
}

impl Placeholder {
    /// What the placeholder stands for.
    pub fn kind(&self) -> PlaceholderKind {
        self.kind
    }
}

/// What a [`Placeholder`] stands for, and so how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceholderKind {
    /// A hexadecimal string of `len` bytes, written `<` + `2 × len` zeros + `>`.
    HexString {
        /// Capacity in bytes (the hex text is twice as long).
        len: usize,
    },
    /// An array of four integers, written `[0000000000 0000000000 0000000000 0000000000]`
    /// (four ten-digit fields: room for any offset below 10^10).
    ByteRange,
}

/// Width of one integer field of a [`PlaceholderKind::ByteRange`] placeholder.
pub const BYTE_RANGE_DIGITS: usize = 10;

/// A PDF object.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Object {
    /// `null` (also what a reference to a free or absent object means).
    #[default]
    Null,
    /// `true` / `false`.
    Boolean(bool),
    /// An integer.
    Integer(i64),
    /// A real number (written without exponent).
    Real(f64),
    /// A string.
    String(PdfString),
    /// A name.
    Name(Name),
    /// An array.
    Array(Vec<Object>),
    /// A dictionary.
    Dictionary(Dictionary),
    /// A stream (only as an indirect object).
    Stream(Stream),
    /// An indirect reference.
    Reference(ObjRef),
    /// Writer-only: space reserved for a value filled in after writing (never parsed).
    Placeholder(Placeholder),
}

/// The type of an object, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    /// `null`.
    Null,
    /// A boolean.
    Boolean,
    /// An integer.
    Integer,
    /// A real.
    Real,
    /// A string.
    String,
    /// A name.
    Name,
    /// An array.
    Array,
    /// A dictionary.
    Dictionary,
    /// A stream.
    Stream,
    /// A reference.
    Reference,
    /// A writer placeholder.
    Placeholder,
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ObjectKind::Null => "null",
            ObjectKind::Boolean => "boolean",
            ObjectKind::Integer => "integer",
            ObjectKind::Real => "real",
            ObjectKind::String => "string",
            ObjectKind::Name => "name",
            ObjectKind::Array => "array",
            ObjectKind::Dictionary => "dictionary",
            ObjectKind::Stream => "stream",
            ObjectKind::Reference => "reference",
            ObjectKind::Placeholder => "placeholder",
        };
        f.write_str(s)
    }
}

impl Object {
    /// The name object `/name`.
    pub fn name(name: &str) -> Self {
        Object::Name(Name::from(name))
    }

    /// The type of the object.
    pub fn kind(&self) -> ObjectKind {
        match self {
            Object::Null => ObjectKind::Null,
            Object::Boolean(_) => ObjectKind::Boolean,
            Object::Integer(_) => ObjectKind::Integer,
            Object::Real(_) => ObjectKind::Real,
            Object::String(_) => ObjectKind::String,
            Object::Name(_) => ObjectKind::Name,
            Object::Array(_) => ObjectKind::Array,
            Object::Dictionary(_) => ObjectKind::Dictionary,
            Object::Stream(_) => ObjectKind::Stream,
            Object::Reference(_) => ObjectKind::Reference,
            Object::Placeholder(_) => ObjectKind::Placeholder,
        }
    }

    /// Whether the object is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Object::Null)
    }

    /// The boolean value.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Object::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer value.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Object::Integer(i) => Some(*i),
            _ => None,
        }
    }

    /// The numeric value of an integer or a real.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(*r),
            _ => None,
        }
    }

    /// The name.
    pub fn as_name(&self) -> Option<&Name> {
        match self {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The string.
    pub fn as_string(&self) -> Option<&PdfString> {
        match self {
            Object::String(s) => Some(s),
            _ => None,
        }
    }

    /// The array's elements.
    pub fn as_array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The dictionary (of a dictionary object, not of a stream: see [`Object::dict`]).
    pub fn as_dict(&self) -> Option<&Dictionary> {
        match self {
            Object::Dictionary(d) => Some(d),
            _ => None,
        }
    }

    /// The dictionary of a dictionary or of a stream.
    pub fn dict(&self) -> Option<&Dictionary> {
        match self {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    /// The stream.
    pub fn as_stream(&self) -> Option<&Stream> {
        match self {
            Object::Stream(s) => Some(s),
            _ => None,
        }
    }

    /// The reference.
    pub fn as_reference(&self) -> Option<ObjRef> {
        match self {
            Object::Reference(r) => Some(*r),
            _ => None,
        }
    }
}

impl From<bool> for Object {
    fn from(b: bool) -> Self {
        Object::Boolean(b)
    }
}

impl From<i64> for Object {
    fn from(i: i64) -> Self {
        Object::Integer(i)
    }
}

impl From<f64> for Object {
    fn from(r: f64) -> Self {
        Object::Real(r)
    }
}

impl From<Name> for Object {
    fn from(n: Name) -> Self {
        Object::Name(n)
    }
}

impl From<PdfString> for Object {
    fn from(s: PdfString) -> Self {
        Object::String(s)
    }
}

impl From<Vec<Object>> for Object {
    fn from(a: Vec<Object>) -> Self {
        Object::Array(a)
    }
}

impl From<Dictionary> for Object {
    fn from(d: Dictionary) -> Self {
        Object::Dictionary(d)
    }
}

impl From<Stream> for Object {
    fn from(s: Stream) -> Self {
        Object::Stream(s)
    }
}

impl From<ObjRef> for Object {
    fn from(r: ObjRef) -> Self {
        Object::Reference(r)
    }
}

impl From<Placeholder> for Object {
    fn from(p: Placeholder) -> Self {
        Object::Placeholder(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_duplicates_last_wins_and_insert_replaces_all() {
        let mut d = Dictionary::new();
        d.push_raw(Name::from("A"), Object::Integer(1));
        d.push_raw(Name::from("B"), Object::Integer(2));
        d.push_raw(Name::from("A"), Object::Integer(3));
        assert!(d.has_duplicate_keys());
        assert_eq!(d.get_i64("A"), Some(3));
        d.insert("A", Object::Integer(4));
        assert_eq!(d.len(), 2);
        assert!(!d.has_duplicate_keys());
        let keys: Vec<_> = d.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys, vec![Name::from("A"), Name::from("B")]);
        assert_eq!(d.remove("A"), Some(Object::Integer(4)));
        assert_eq!(d.len(), 1);
    }
}
