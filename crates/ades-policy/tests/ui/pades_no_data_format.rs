//! Madrid policy Annex I (and §3.6.4 d)): the data-format attribute (content-hints) is not
//! permitted in PAdES. `MadridPolicy` does not implement `PermitsDataFormat<Pades>`, so code
//! that needs that permission does not compile.

use ades_core::policy::PermitsDataFormat;
use ades_core::policy::format::Pades;
use ades_policy::MadridPolicy;

fn pades_with_content_hints<P: PermitsDataFormat<Pades>>(_policy: &P) {}

fn main() {
    pades_with_content_hints(&MadridPolicy::default());
}
