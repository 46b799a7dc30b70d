//! The signature policies a validator recognises by the identifier a signature carries:
//! the Madrid city council policy, the AGE framework policy (NTI) v1.8 and v1.9, and the
//! Facturae 3.1 policy. Each comes with the digests of its official document, so a foreign
//! signature naming one of them gets its SigPolicyHash checked.

use ades_core::DigestAlgorithm;
use ades_core::const_oid::ObjectIdentifier;
use ades_core::policy::{Citation, Policy, PolicyHash, PolicyIdentity, PolicyReference, Rule};

use crate::MadridPolicy;

/// A recognised policy: its identity and rule table, usable wherever a [`Policy`] is.
#[derive(Debug, Clone)]
pub struct KnownPolicy {
    identity: PolicyIdentity,
    rules: &'static [Rule],
    citations: &'static [Citation],
}

impl KnownPolicy {
    /// The policy's identity.
    pub fn policy_identity(&self) -> &PolicyIdentity {
        &self.identity
    }
}

impl Policy for KnownPolicy {
    fn identity(&self) -> Option<&PolicyIdentity> {
        Some(&self.identity)
    }

    fn rules(&self) -> &'static [Rule] {
        self.rules
    }

    fn citations(&self) -> &'static [Citation] {
        self.citations
    }
}

/// OID of the AGE framework signature policy v1.9.
pub const AGE_1_9_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.724.1.3.1.1.2.1.9");
/// OID of the AGE framework signature policy v1.8.
pub const AGE_1_8_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.724.1.3.1.1.2.1.8");
/// Identifier (a URL) of the Facturae 3.1 signature policy.
pub const FACTURAE_3_1_URL: &str = "http://www.facturae.es/politica_de_firma_formato_facturae/politica_de_firma_formato_facturae_v3_1.pdf";

fn sha1(b64: &str) -> Option<PolicyHash> {
    PolicyHash::from_base64(DigestAlgorithm::Sha1, b64).ok()
}

/// The AGE framework policy v1.9 (SHA-1 of its PDF, `G7roucf600+f03r/o0bAOQ6WAs0=`).
pub fn age_1_9() -> Option<KnownPolicy> {
    Some(KnownPolicy {
        identity: PolicyIdentity {
            name: "AGE v1.9",
            oid: Some(AGE_1_9_OID),
            url_identifier: None,
            spuri: Some("https://sede.administracion.gob.es/politica_de_firma_anexo_1.pdf".into()),
            hash: sha1("G7roucf600+f03r/o0bAOQ6WAs0=")?,
            alternative_hashes: Vec::new(),
        },
        rules: crate::rules::MADRID,
        citations: crate::rules::MADRID_CITATIONS,
    })
}

/// The AGE framework policy v1.8: its XAdES and CAdES/PAdES renderings have distinct digests.
pub fn age_1_8() -> Option<KnownPolicy> {
    Some(KnownPolicy {
        identity: PolicyIdentity {
            name: "AGE v1.8",
            oid: Some(AGE_1_8_OID),
            url_identifier: None,
            spuri: Some(
                "http://administracionelectronica.gob.es/es/ctt/politicafirma/politica_firma_AGE_v1_8.pdf"
                    .into(),
            ),
            hash: sha1("V8lVVNGDCPen6VELRD1Ja8HARFk=")?,
            alternative_hashes: vec![sha1("7SxX3erFuH31TvAw9LZ70N7p1vA=")?],
        },
        rules: crate::rules::MADRID,
        citations: crate::rules::MADRID_CITATIONS,
    })
}

/// The Facturae 3.1 policy, identified by URL (SHA-1 `Ohixl6upD6av8N7pEvDABhEL6hM=`).
pub fn facturae_3_1() -> Option<KnownPolicy> {
    Some(facturae())
}

/// The Facturae 3.1 policy (infallible: its digest is a constant).
pub(crate) fn facturae() -> KnownPolicy {
    const FACTURAE_SHA1: [u8; 20] = [
        0x3a, 0x18, 0xb1, 0x97, 0xab, 0xa9, 0x0f, 0xa6, 0xaf, 0xf0, 0xde, 0xe9, 0x12, 0xf0, 0xc0,
        0x06, 0x11, 0x0b, 0xea, 0x13,
    ];
    KnownPolicy {
        identity: PolicyIdentity {
            name: "Facturae v3.1",
            oid: None,
            url_identifier: Some(FACTURAE_3_1_URL),
            spuri: None,
            hash: PolicyHash {
                algorithm: DigestAlgorithm::Sha1,
                value: FACTURAE_SHA1.to_vec(),
            },
            alternative_hashes: Vec::new(),
        },
        rules: crate::rules::FACTURAE,
        citations: &[],
    }
}

/// The Madrid policy as a known policy, with the given identity (hash configuration).
pub fn madrid(policy: &MadridPolicy) -> KnownPolicy {
    KnownPolicy {
        identity: policy.policy_identity().clone(),
        rules: crate::rules::MADRID,
        citations: crate::rules::MADRID_CITATIONS,
    }
}

/// Every recognised policy, with `madrid` supplying the Madrid policy's hash configuration.
pub fn all(madrid_policy: &MadridPolicy) -> Vec<KnownPolicy> {
    let mut out = vec![madrid(madrid_policy)];
    out.extend([age_1_9(), age_1_8(), facturae_3_1()].into_iter().flatten());
    out
}

/// The recognised policy a signature names, if any.
pub fn find(reference: &PolicyReference, madrid_policy: &MadridPolicy) -> Option<KnownPolicy> {
    all(madrid_policy)
        .into_iter()
        .find(|p| p.identity.is_named_by(reference))
}

/// Looks a policy up by its command-line name (`madrid`, `age`, `age-1.8`, `facturae`).
pub fn by_name(name: &str, madrid_policy: &MadridPolicy) -> Option<KnownPolicy> {
    match name.to_ascii_lowercase().as_str() {
        "madrid" => Some(madrid(madrid_policy)),
        "age" | "age-1.9" => age_1_9(),
        "age-1.8" => age_1_8(),
        "facturae" | "facturae-3.1" => facturae_3_1(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn recognises_by_oid_urn_and_url() {
        let madrid = MadridPolicy::default();
        let by_oid = PolicyReference::Explicit {
            oid: Some(AGE_1_9_OID),
            identifier: AGE_1_9_OID.to_string(),
            hash_algorithm: None,
            hash_algorithm_id: String::new(),
            hash_value: Vec::new(),
            uri: None,
        };
        assert_eq!(
            find(&by_oid, &madrid).unwrap().policy_identity().name,
            "AGE v1.9"
        );
        let by_urn = PolicyReference::Explicit {
            oid: None,
            identifier: "urn:oid:2.16.724.1.8.1.1.1.1.0".into(),
            hash_algorithm: None,
            hash_algorithm_id: String::new(),
            hash_value: Vec::new(),
            uri: None,
        };
        assert_eq!(
            find(&by_urn, &madrid).unwrap().policy_identity().oid,
            Some(MadridPolicy::OID)
        );
        let by_url = PolicyReference::Explicit {
            oid: None,
            identifier: FACTURAE_3_1_URL.into(),
            hash_algorithm: None,
            hash_algorithm_id: String::new(),
            hash_value: Vec::new(),
            uri: None,
        };
        assert!(find(&by_url, &madrid).is_some());
        assert!(
            by_name("age-1.8", &madrid)
                .unwrap()
                .policy_identity()
                .accepts_hash(
                    DigestAlgorithm::Sha1,
                    &sha1("7SxX3erFuH31TvAw9LZ70N7p1vA=").unwrap().value
                )
        );
    }
}

/// Applies the policy a signature names when it is one we know, the generic AdES rules
/// otherwise (what `ades verify` does without `--policy`).
#[derive(Debug, Clone, Default)]
pub struct Recognised {
    madrid: MadridPolicy,
}

impl Recognised {
    /// Recognition with `madrid` supplying the Madrid policy's hash configuration.
    pub fn new(madrid: MadridPolicy) -> Self {
        Recognised { madrid }
    }
}

impl ades_core::policy::PolicySelector for Recognised {
    fn select(&self, reference: Option<&PolicyReference>) -> ades_core::policy::AppliedPolicy {
        use ades_core::policy::{AppliedPolicy, PolicySelection};
        match reference.and_then(|r| find(r, &self.madrid)) {
            Some(known) => AppliedPolicy {
                identity: Some(known.identity),
                rules: known.rules,
                citations: known.citations,
                how: PolicySelection::Recognised,
            },
            None => AppliedPolicy {
                identity: None,
                rules: crate::rules::GENERIC,
                citations: &[],
                how: PolicySelection::Generic,
            },
        }
    }
}

#[cfg(test)]
mod facturae_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn facturae_digest_constant_matches_its_published_base64() {
        let published =
            PolicyHash::from_base64(DigestAlgorithm::Sha1, "Ohixl6upD6av8N7pEvDABhEL6hM=").unwrap();
        assert_eq!(facturae().policy_identity().hash, published);
    }
}
