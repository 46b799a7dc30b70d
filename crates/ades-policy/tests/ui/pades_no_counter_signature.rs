//! Madrid policy Annex I (and §3.6.6): counter-signatures are not permitted in PAdES
//! ("No está permitido"). `MadridPolicy` does not implement
//! `PermitsCounterSignature<Pades>`, so code that needs that permission does not compile.

use ades_core::policy::PermitsCounterSignature;
use ades_core::policy::format::Pades;
use ades_policy::MadridPolicy;

fn counter_sign_pades<P: PermitsCounterSignature<Pades>>(_policy: &P) {}

fn main() {
    counter_sign_pades(&MadridPolicy::default());
}
