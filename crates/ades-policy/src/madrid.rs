//! The Madrid city council policy as a type.

use ades_core::const_oid::ObjectIdentifier;
use ades_core::policy::format::{Cades, Pades, Xades};
use ades_core::policy::packaging::{Attached, Detached, Enveloped, Enveloping, InternallyDetached};
use ades_core::policy::{
    AllowedDigest, AllowedSignature, Citation, PermitsCounterSignature, PermitsDataFormat,
    PermitsPackaging, Policy, PolicyHash, PolicyIdentity, Rule,
};
use ades_core::{DigestAlgorithm, RsaPkcs1v15, Sha256, Sha512};

/// The signature policy of the Madrid city council, v1.0 (§2.2.1).
///
/// The policy hash written into signatures is configurable: the official policy document
/// is not at hand, so the default is the documented stand-in
/// [`MadridPolicy::DEFAULT_HASH_BASE64`]. Use [`MadridPolicy::with_policy_hash`] or
/// [`MadridPolicy::with_policy_document`] when the official document is available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadridPolicy {
    identity: PolicyIdentity,
}

impl MadridPolicy {
    /// Policy OID (§2.2.1).
    pub const OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.724.1.8.1.1.1.1.0");

    /// Where the policy is published (SPuri qualifier, §2.2.1).
    pub const SPURI: &'static str = "https://sede.madrid.es";
    /// The policy's name in reports and rule citations.
    pub const NAME: &'static str = "Ayuntamiento de Madrid v1.0";

    /// OID of the policy manager, Informática del Ayuntamiento de Madrid (§2.2.3).
    pub const MANAGER_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.724.1.8.2.1.1");

    /// Stand-in SigPolicyHash: SHA-256 over the text of the policy (the official PDF is not at
    /// hand). Recompute it from a document with [`MadridPolicy::with_policy_document`].
    pub const DEFAULT_HASH_BASE64: &'static str = "RYnre5i/kIlpfsTEIm1/ip5wUVVwNXQhtYwXITOMuo0=";

    /// The policy with the default (stand-in) policy hash.
    pub fn new() -> Self {
        let hash = PolicyHash::from_base64(DigestAlgorithm::Sha256, Self::DEFAULT_HASH_BASE64)
            .unwrap_or(PolicyHash {
                algorithm: DigestAlgorithm::Sha256,
                value: Vec::new(),
            });
        Self::with_policy_hash(hash)
    }

    /// The policy's identity (OID, SPuri, hash).
    pub fn policy_identity(&self) -> &PolicyIdentity {
        &self.identity
    }

    /// The policy with a given SigPolicyHash (algorithm and value).
    pub fn with_policy_hash(hash: PolicyHash) -> Self {
        MadridPolicy {
            identity: PolicyIdentity {
                name: Self::NAME,
                oid: Some(Self::OID),
                url_identifier: None,
                spuri: Some(Self::SPURI.to_owned()),
                hash,
                alternative_hashes: Vec::new(),
            },
        }
    }

    /// The policy whose hash is recomputed from the policy document itself.
    pub fn with_policy_document(algorithm: DigestAlgorithm, document: &[u8]) -> Self {
        Self::with_policy_hash(PolicyHash::of_document(algorithm, document))
    }
}

impl Default for MadridPolicy {
    fn default() -> Self {
        Self::new()
    }
}

impl Policy for MadridPolicy {
    fn identity(&self) -> Option<&PolicyIdentity> {
        Some(&self.identity)
    }

    fn rules(&self) -> &'static [Rule] {
        crate::rules::MADRID
    }

    fn citations(&self) -> &'static [Citation] {
        crate::rules::MADRID_CITATIONS
    }
}

// §3.5: RSA with SHA-1 (to be replaced), SHA-256, SHA-512. SHA-384, MD5 and every other
// algorithm have no implementation, so a builder asked for them does not compile.
#[allow(deprecated)]
impl AllowedDigest<MadridPolicy> for ades_core::Sha1 {}
impl AllowedDigest<MadridPolicy> for Sha256 {}
impl AllowedDigest<MadridPolicy> for Sha512 {}
impl<D: AllowedDigest<MadridPolicy>> AllowedSignature<MadridPolicy, D> for RsaPkcs1v15 {}

// §3.2.2: CAdES attached (implicit) by default, detached (explicit) for large data.
impl PermitsPackaging<Cades, Attached> for MadridPolicy {}
impl PermitsPackaging<Cades, Detached> for MadridPolicy {}
// §3.2.1: XAdES internally detached (the <documento> structure, which the policy proposes
// for interoperability) and enveloped (admitted for Facturae). The policy proposes rather than
// mandates a structure and forbids none, so enveloping and detached (external file, for data
// too large to embed, as §3.2.2 allows for CAdES) stay possible; see docs/conformance.md.
impl PermitsPackaging<Xades, InternallyDetached> for MadridPolicy {}
impl PermitsPackaging<Xades, Enveloped> for MadridPolicy {}
impl PermitsPackaging<Xades, Enveloping> for MadridPolicy {}
impl PermitsPackaging<Xades, Detached> for MadridPolicy {}
// §3.2.3: PAdES is a CAdES detached inside the PDF.
impl PermitsPackaging<Pades, Detached> for MadridPolicy {}

// Annex I: counter-signatures for XAdES and CAdES only ("No está permitido" for PAdES).
impl PermitsCounterSignature<Cades> for MadridPolicy {}
impl PermitsCounterSignature<Xades> for MadridPolicy {}

// Annex I: the format of the original object (content-hints, DataObjectFormat) is mandatory
// for XAdES and CAdES and not permitted for PAdES.
impl PermitsDataFormat<Cades> for MadridPolicy {}
impl PermitsDataFormat<Xades> for MadridPolicy {}

// The same permissions, asked for at run time (a request, a configuration file): each list
// must also be permitted by the impls above, or this does not compile.
ades_core::runtime_policy! {
    MadridPolicy {
        digests "§3.5": [Sha1, Sha256, Sha512],
        packagings "§3.2": [
            cades_attached,
            cades_detached,
            xades_internally_detached,
            xades_enveloped,
            xades_enveloping,
            xades_detached,
            pades,
        ],
        counter_signatures "Annex I": [cades, xades],
        co_signatures "§3.6.7": [cades, xades],
    }
}
