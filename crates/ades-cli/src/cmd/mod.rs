//! One module per subcommand.

pub(crate) mod archive;
pub(crate) mod archive_restamp;
pub(crate) mod csv;
pub(crate) mod demo;
pub(crate) mod doc_timestamp;
pub(crate) mod extend;
pub(crate) mod inspect;
pub(crate) mod inspect_xades;
pub(crate) mod multi;
pub(crate) mod sign;
pub(crate) mod timestamp;
pub(crate) mod verify;
pub(crate) mod verify_batch;
