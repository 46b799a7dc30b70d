//! Madrid policy §3.5 (algorithms): SHA-1 is still allowed but is to be replaced. The
//! `ades_core::Sha1` marker is `#[deprecated]`, so a crate that denies deprecated items
//! cannot name it.

#![deny(deprecated)]

fn main() {
    let _digest = ades_core::Sha1;
}
