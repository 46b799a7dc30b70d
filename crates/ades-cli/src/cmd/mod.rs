//! One module per subcommand.

pub(crate) mod demo;
pub(crate) mod doc_timestamp;
pub(crate) mod extend;
pub(crate) mod inspect;
pub(crate) mod inspect_xades;
pub(crate) mod multi;
pub(crate) mod multi_xades;
pub(crate) mod sign;
pub(crate) mod sign_pades;
pub(crate) mod sign_xades;
pub(crate) mod timestamp;
pub(crate) mod verify;
pub(crate) mod verify_pades;
pub(crate) mod verify_tst;
pub(crate) mod verify_xades;
