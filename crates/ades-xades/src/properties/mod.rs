//! XAdES qualifying properties: writing the signed properties of new signatures and reading
//! those of any signature.

pub(crate) mod read;
pub(crate) mod write;
