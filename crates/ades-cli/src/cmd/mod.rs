//! One module per subcommand.

pub(crate) mod demo;
pub(crate) mod inspect;
pub(crate) mod multi;
pub(crate) mod sign;
pub(crate) mod verify;
