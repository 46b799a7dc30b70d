//! The Facturae 3.1 signature policy as a type: enveloped XAdES over Facturae invoices
//! (Orden PRE/2971/2007), referred to by the Madrid policy for invoices (§3.2.1).

use ades_core::policy::format::Xades;
use ades_core::policy::packaging::Enveloped;
use ades_core::policy::{
    AllowedDigest, AllowedSignature, PermitsCounterSignature, PermitsDataFormat, PermitsPackaging,
    Policy, PolicyIdentity, Rule,
};
use ades_core::{RsaPkcs1v15, Sha256, Sha512};

use crate::known::{self, KnownPolicy};

/// The Facturae 3.1 policy (identifier: its URL; SHA-1 `Ohixl6upD6av8N7pEvDABhEL6hM=`).
/// Its claimed roles are `emisor`, `receptor` and `tercero`.
#[derive(Debug, Clone)]
pub struct FacturaePolicy {
    known: KnownPolicy,
}

impl FacturaePolicy {
    /// The policy.
    pub fn new() -> Self {
        FacturaePolicy {
            known: known::facturae(),
        }
    }

    /// The policy's identity.
    pub fn policy_identity(&self) -> &PolicyIdentity {
        self.known.policy_identity()
    }
}

impl Default for FacturaePolicy {
    fn default() -> Self {
        Self::new()
    }
}

impl Policy for FacturaePolicy {
    fn identity(&self) -> Option<&PolicyIdentity> {
        Some(self.known.policy_identity())
    }

    fn rules(&self) -> &'static [Rule] {
        crate::rules::FACTURAE
    }
}

#[allow(deprecated)]
impl AllowedDigest<FacturaePolicy> for ades_core::Sha1 {}
impl AllowedDigest<FacturaePolicy> for Sha256 {}
impl AllowedDigest<FacturaePolicy> for Sha512 {}
impl<D: AllowedDigest<FacturaePolicy>> AllowedSignature<FacturaePolicy, D> for RsaPkcs1v15 {}
impl PermitsPackaging<Xades, Enveloped> for FacturaePolicy {}
impl PermitsCounterSignature<Xades> for FacturaePolicy {}
impl PermitsDataFormat<Xades> for FacturaePolicy {}

ades_core::runtime_policy! {
    FacturaePolicy {
        digests "§6": [Sha1, Sha256, Sha512],
        packagings "§1.2 (enveloped XAdES over the invoice)": [xades_enveloped],
        counter_signatures "§1.2": [xades],
        co_signatures "§1.2 (one enveloped signature per invoice)": [],
    }
}
