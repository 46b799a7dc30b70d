//! Madrid policy §3.2.1 (XAdES packaging): internally detached (the `<documento>`
//! structure) and enveloped only. `MadridPolicy` does not implement
//! `PermitsPackaging<Xades, Enveloping>`, so an enveloping XAdES signature does not compile.

use ades_core::policy::PermitsPackaging;
use ades_core::policy::format::Xades;
use ades_core::policy::packaging::Enveloping;
use ades_policy::MadridPolicy;

fn xades_enveloping<P: PermitsPackaging<Xades, Enveloping>>(_policy: &P) {}

fn main() {
    xades_enveloping(&MadridPolicy::default());
}
