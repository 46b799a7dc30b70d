//! Facturae 3.1 (Orden PRE/2971/2007): the invoice signature is enveloped, a field of the
//! invoice. `FacturaePolicy` does not implement `PermitsPackaging<Xades, Enveloping>`, so an
//! enveloping Facturae signature does not compile.

use ades_core::policy::PermitsPackaging;
use ades_core::policy::format::Xades;
use ades_core::policy::packaging::Enveloping;
use ades_policy::FacturaePolicy;

fn xades_enveloping<P: PermitsPackaging<Xades, Enveloping>>(_policy: &P) {}

fn main() {
    xades_enveloping(&FacturaePolicy::default());
}
