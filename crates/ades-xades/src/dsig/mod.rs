//! The XML-DSig core (W3C XML Signature Syntax and Processing, second edition): reading
//! `ds:Signature` elements, transforms, and the small XPath subset transforms need.

pub(crate) mod signature;
pub(crate) mod subset;
pub(crate) mod transform;
pub(crate) mod xpath;

pub use signature::{Reference, SignatureElement};
pub use transform::{FilterOp, FilterPath, MAX_TRANSFORMS, Transform};
pub use xpath::UnsupportedXPath;
