//! AdES rules without a signature policy.

use ades_core::policy::format::{Cades, Pades, Xades};
use ades_core::policy::packaging::{Attached, Detached, Enveloped, Enveloping, InternallyDetached};
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsCounterSignature, PermitsDataFormat, PermitsPackaging,
    Policy, PolicyIdentity, Rule,
};
use ades_core::{RsaPkcs1v15, Sha256, Sha384, Sha512};

/// The format rules of the AdES standards with no signature policy: signatures made with it
/// are BES / B-B (no policy identifier), and validation applies [`crate::rules::GENERIC`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenericAdes;

impl Policy for GenericAdes {
    fn identity(&self) -> Option<&PolicyIdentity> {
        None
    }

    fn rules(&self) -> &'static [Rule] {
        crate::rules::GENERIC
    }
}

#[allow(deprecated)]
impl AllowedDigest<GenericAdes> for ades_core::Sha1 {}
impl AllowedDigest<GenericAdes> for Sha256 {}
impl AllowedDigest<GenericAdes> for Sha384 {}
impl AllowedDigest<GenericAdes> for Sha512 {}
impl<D: AllowedDigest<GenericAdes>> AllowedSignature<GenericAdes, D> for RsaPkcs1v15 {}

impl PermitsPackaging<Cades, Attached> for GenericAdes {}
impl PermitsPackaging<Cades, Detached> for GenericAdes {}
impl PermitsPackaging<Xades, InternallyDetached> for GenericAdes {}
impl PermitsPackaging<Xades, Enveloped> for GenericAdes {}
impl PermitsPackaging<Xades, Enveloping> for GenericAdes {}
impl PermitsPackaging<Xades, Detached> for GenericAdes {}
impl PermitsPackaging<Pades, Detached> for GenericAdes {}
impl PermitsCounterSignature<Cades> for GenericAdes {}
impl PermitsCounterSignature<Xades> for GenericAdes {}
impl PermitsDataFormat<Cades> for GenericAdes {}
impl PermitsDataFormat<Xades> for GenericAdes {}

ades_core::runtime_policy! {
    GenericAdes {
        digests "(EN 319 122-1, EN 319 132-1, EN 319 142-1)": [Sha1, Sha256, Sha384, Sha512],
        packagings "(EN 319 122-1, EN 319 132-1, EN 319 142-1)": [
            cades_attached,
            cades_detached,
            xades_internally_detached,
            xades_enveloped,
            xades_enveloping,
            xades_detached,
            pades,
        ],
        counter_signatures "(EN 319 142-1 §5.1: no counter-signatures in PAdES)": [cades, xades],
        co_signatures "(EN 319 122-1, EN 319 132-1)": [cades, xades],
    }
}
