//! Run-time rule tables: each rule cites the section of the policy it comes from and
//! inspects the format-neutral [`SignatureFacts`] of one parsed signature.
//!
//! The Spanish policies built on the NTI de Política de Firma (the Madrid policy, the AGE
//! framework policy, Facturae) share one table, parameterised by the policy identity that
//! the validator demands or recognised.

use ades_core::policy::{
    Citation, PolicyIdentity, PolicyReference, Rule, RuleOutcome, SignatureFacts,
    SigningCertificateRef,
};
use ades_core::{CheckId, DigestAlgorithm, Format, SubIndication};

/// The sections of the Madrid policy (and of the NTI-based Spanish policies) behind the
/// checks generic validation code makes.
pub const MADRID_CITATIONS: &[Citation] = &[
    Citation {
        check: CheckId::CertificateChain,
        section: "§3.7 item 2",
    },
    Citation {
        check: CheckId::CertificateValidity,
        section: "§3.7 item 2",
    },
    Citation {
        check: CheckId::Revocation,
        section: "§3.7 item 2",
    },
    Citation {
        check: CheckId::CertificatePolicy,
        section: "§3.7 item 3",
    },
    Citation {
        check: CheckId::SignatureTimestamp,
        section: "§3.7 item 4",
    },
    Citation {
        check: CheckId::ContentTimestamp,
        section: "§3.7 item 4",
    },
    Citation {
        check: CheckId::DocumentTimestamp,
        section: "§3.7 item 4",
    },
    Citation {
        check: CheckId::TimestampOrder,
        section: "§3.7 item 4",
    },
    Citation {
        check: CheckId::MessageDigest,
        section: "§3.7 item 1",
    },
    Citation {
        check: CheckId::ReferenceDigest,
        section: "§3.7 item 1",
    },
    Citation {
        check: CheckId::Coverage,
        section: "§3.7 item 1",
    },
    Citation {
        check: CheckId::Modifications,
        section: "§3.7 item 1",
    },
];

/// The rules of the Madrid city council policy (and of the NTI-based Spanish policies).
pub const MADRID: &[Rule] = &[
    Rule {
        id: CheckId::AllowedSignatureAlgorithm,
        section: "§3.5",
        text: "RSA with SHA-1 (deprecated), SHA-256 or SHA-512",
        check: allowed_signature_algorithm,
    },
    Rule {
        id: CheckId::AllowedDigestAlgorithms,
        section: "§3.5",
        text: "data digests with SHA-1 (deprecated), SHA-256 or SHA-512",
        check: allowed_data_digests,
    },
    Rule {
        id: CheckId::KeySize,
        section: "§3.5, §4.1",
        text: "RSA keys of at least 2048 bits",
        check: key_size,
    },
    Rule {
        id: CheckId::SigningTime,
        section: "§3.6.4 a), Annex I",
        text: "the signing time is mandatory",
        check: signing_time_present,
    },
    Rule {
        id: CheckId::SigningCertificate,
        section: "§3.6.4 b), Annex I",
        text: "the signer certificate reference is mandatory (ESS signing-certificate(-v2), SigningCertificate)",
        check: signing_certificate_present,
    },
    Rule {
        id: CheckId::SignaturePolicy,
        section: "§3.6.3, §3.4, Annex I",
        text: "an explicit signature-policy-identifier naming this policy (minimum level EPES)",
        check: names_the_policy,
    },
    Rule {
        id: CheckId::PolicyHash,
        section: "§2.2.1, Annex I",
        text: "SigPolicyHash equals the digest of the policy document",
        check: policy_hash_matches,
    },
    Rule {
        id: CheckId::DataFormat,
        section: "§3.6.4 d), Annex I",
        text: "the format of the signed object (content-hints, DataObjectFormat); not permitted in PAdES",
        check: data_format,
    },
    Rule {
        id: CheckId::CounterSignature,
        section: "§3.6.6, Annex I",
        text: "counter-signatures are not permitted in PAdES",
        check: no_pades_counter_signature,
    },
    Rule {
        id: CheckId::ClaimedRole,
        section: "Annex I",
        text: "claimed roles are supplier/emisor, customer/receptor or third party/tercero",
        check: claimed_roles,
    },
    Rule {
        id: CheckId::PadesSubFilter,
        section: "§3.2 (PAdES), §3.4",
        text: "a PAdES signature is a detached CAdES: /SubFilter /ETSI.CAdES.detached",
        check: pades_sub_filter,
    },
];

/// Format rules without a policy (AdES BES / B-B).
pub const GENERIC: &[Rule] = &[
    Rule {
        id: CheckId::KnownSignatureAlgorithm,
        section: "EN 319 102-1 §5.2.8",
        text: "a signature algorithm this validator implements; SHA-1 is reported as deprecated",
        check: known_signature_algorithm,
    },
    Rule {
        id: CheckId::KnownDigestAlgorithms,
        section: "EN 319 102-1 §5.2.8",
        text: "data digests with an algorithm this validator implements",
        check: known_data_digests,
    },
    Rule {
        id: CheckId::SigningCertificate,
        section: "EN 319 122-1 §5.2.2, EN 319 132-1 §5.2.2",
        text: "the signer certificate reference is mandatory",
        check: signing_certificate_present,
    },
    Rule {
        id: CheckId::SignaturePolicy,
        section: "EN 319 102-1 §5.2.4",
        text: "a policy named by the signature is reported; unknown policies are not checked",
        check: report_unknown_policy,
    },
];

const ALLOWED_DIGESTS: [DigestAlgorithm; 3] = [
    DigestAlgorithm::Sha1,
    DigestAlgorithm::Sha256,
    DigestAlgorithm::Sha512,
];

fn allowed_signature_algorithm(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    match facts.signature_algorithm {
        Some(alg) if alg.is_rsa() && alg.digest() == DigestAlgorithm::Sha1 => RuleOutcome::Warn(
            "RSA/SHA-1 is allowed but deprecated (§3.5): re-sign with SHA-256 or SHA-512".into(),
        ),
        Some(alg) if alg.is_rsa() && ALLOWED_DIGESTS.contains(&alg.digest()) => {
            RuleOutcome::Pass(format!("{alg}"))
        }
        Some(alg) => crypto_failure(format!(
            "{alg} is not allowed (RSA with SHA-1, SHA-256 or SHA-512)"
        )),
        None => crypto_failure(format!(
            "signature algorithm {} is not allowed (RSA with SHA-1, SHA-256 or SHA-512)",
            facts.signature_algorithm_id
        )),
    }
}

fn allowed_data_digests(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    let mut deprecated = false;
    for d in &facts.data_digests {
        match d {
            Ok(DigestAlgorithm::Sha1) => deprecated = true,
            Ok(d) if ALLOWED_DIGESTS.contains(d) => {}
            Ok(d) => return crypto_failure(format!("digest {d} is not allowed")),
            Err(id) => return crypto_failure(format!("digest algorithm {id} is not allowed")),
        }
    }
    if deprecated {
        RuleOutcome::Warn("SHA-1 data digest: allowed but deprecated (§3.5)".into())
    } else {
        RuleOutcome::Pass("data digests allowed".into())
    }
}

fn key_size(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    match facts.signer_key_bits {
        Some(bits) if bits >= 2048 => RuleOutcome::Pass(format!("RSA {bits} bits")),
        Some(bits) => RuleOutcome::Warn(format!(
            "RSA {bits} bits: below the 2048 bits of the certificates the policy admits (§4.1)"
        )),
        None => RuleOutcome::NotApplicable,
    }
}

fn signing_time_present(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    match facts.signing_time {
        Some(t) => RuleOutcome::Pass(format!(
            "claimed signing time {}",
            ades_core::datetime::rfc3339(t)
        )),
        None => RuleOutcome::constraint("no signing time"),
    }
}

fn signing_certificate_present(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    match facts.signing_certificate {
        Some(SigningCertificateRef::EssV1) => {
            RuleOutcome::Pass("ESS signing-certificate (SHA-1 ESSCertID)".into())
        }
        Some(SigningCertificateRef::EssV2) => {
            RuleOutcome::Pass("ESS signing-certificate-v2".into())
        }
        Some(SigningCertificateRef::Xades) => RuleOutcome::Pass("SigningCertificate".into()),
        None => RuleOutcome::constraint("no signing-certificate reference (below BES)"),
    }
}

fn names_the_policy(facts: &SignatureFacts, policy: Option<&PolicyIdentity>) -> RuleOutcome {
    let Some(policy) = policy else {
        return RuleOutcome::NotApplicable;
    };
    match &facts.policy {
        None => RuleOutcome::constraint(format!(
            "no signature-policy-identifier: BES, below the EPES minimum of {}",
            policy.name
        )),
        Some(PolicyReference::Implied) => {
            RuleOutcome::constraint("implied policy: an explicit identifier is required")
        }
        Some(reference @ PolicyReference::Explicit { identifier, .. }) => {
            if policy.is_named_by(reference) {
                RuleOutcome::Pass(format!("policy {identifier} ({})", policy.name))
            } else {
                RuleOutcome::constraint(format!(
                    "the signature names policy {identifier}, not {}",
                    policy.name
                ))
            }
        }
    }
}

fn policy_hash_matches(facts: &SignatureFacts, policy: Option<&PolicyIdentity>) -> RuleOutcome {
    let Some(policy) = policy else {
        return RuleOutcome::NotApplicable;
    };
    let Some(
        reference @ PolicyReference::Explicit {
            hash_algorithm,
            hash_algorithm_id,
            hash_value,
            ..
        },
    ) = &facts.policy
    else {
        return RuleOutcome::NotApplicable;
    };
    if !policy.is_named_by(reference) {
        return RuleOutcome::NotApplicable;
    }
    let Some(algorithm) = hash_algorithm else {
        return RuleOutcome::Fail {
            detail: format!("policy hash algorithm {hash_algorithm_id} is not supported"),
            sub_indication: SubIndication::PolicyProcessingError,
        };
    };
    if policy.accepts_hash(*algorithm, hash_value) {
        RuleOutcome::Pass(format!(
            "{algorithm} policy hash matches the policy document"
        ))
    } else {
        RuleOutcome::Fail {
            detail: format!(
                "policy hash ({algorithm}) does not match the digest of the policy document of {}",
                policy.name
            ),
            sub_indication: SubIndication::PolicyProcessingError,
        }
    }
}

fn data_format(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    match (facts.format, facts.has_data_format) {
        (Format::Pades, true) => {
            RuleOutcome::constraint("content-hints / data format is not permitted in PAdES")
        }
        (Format::Pades, false) => RuleOutcome::Pass("no data-format attribute (PAdES)".into()),
        (_, _) if facts.is_counter_signature => RuleOutcome::NotApplicable,
        (Format::Cades, true) => RuleOutcome::Pass("content-hints present".into()),
        (Format::Xades, true) => RuleOutcome::Pass("DataObjectFormat present".into()),
        (Format::Cades, false) => RuleOutcome::constraint("no content-hints attribute"),
        (Format::Xades, false) => RuleOutcome::constraint("no DataObjectFormat"),
        (_, _) => RuleOutcome::NotApplicable,
    }
}

fn no_pades_counter_signature(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    if facts.format == Format::Pades && facts.counter_signatures > 0 {
        RuleOutcome::constraint("PAdES signature carries a counter-signature")
    } else {
        RuleOutcome::NotApplicable
    }
}

fn pades_sub_filter(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    if facts.format != Format::Pades {
        return RuleOutcome::NotApplicable;
    }
    match facts.sub_filter.as_deref() {
        Some("ETSI.CAdES.detached") => RuleOutcome::Pass("/SubFilter /ETSI.CAdES.detached".into()),
        Some(other) => RuleOutcome::constraint(format!(
            "/SubFilter /{other}: the policy's PAdES is /ETSI.CAdES.detached (PAdES-BES/EPES)"
        )),
        None => {
            RuleOutcome::constraint("no /SubFilter: the policy's PAdES is /ETSI.CAdES.detached")
        }
    }
}

/// Roles of Annex I, in English and Spanish (as Facturae and AutoFirma write them).
pub const CLAIMED_ROLES: [&str; 6] = [
    "supplier",
    "emisor",
    "customer",
    "receptor",
    "third party",
    "tercero",
];

fn claimed_roles(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    if facts.claimed_roles.is_empty() {
        return RuleOutcome::NotApplicable;
    }
    let unknown: Vec<&str> = facts
        .claimed_roles
        .iter()
        .map(String::as_str)
        .filter(|r| !CLAIMED_ROLES.contains(&r.trim().to_lowercase().as_str()))
        .collect();
    if unknown.is_empty() {
        RuleOutcome::Pass(format!("claimed role {}", facts.claimed_roles.join(", ")))
    } else {
        RuleOutcome::Warn(format!(
            "claimed role {} is not one of supplier/emisor, customer/receptor, third party/tercero",
            unknown.join(", ")
        ))
    }
}

fn known_signature_algorithm(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    match facts.signature_algorithm {
        Some(alg) if alg.digest() == DigestAlgorithm::Sha1 => {
            RuleOutcome::Warn(format!("{alg}: SHA-1 is deprecated"))
        }
        Some(alg) => RuleOutcome::Pass(format!("{alg}")),
        None => crypto_failure(format!(
            "signature algorithm {} is not supported",
            facts.signature_algorithm_id
        )),
    }
}

fn known_data_digests(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    if let Some(Err(id)) = facts.data_digests.iter().find(|d| d.is_err()) {
        return crypto_failure(format!("digest algorithm {id} is not supported"));
    }
    if facts.data_digests.contains(&Ok(DigestAlgorithm::Sha1)) {
        RuleOutcome::Warn("SHA-1 data digest: deprecated".into())
    } else {
        RuleOutcome::Pass("data digests supported".into())
    }
}

fn report_unknown_policy(facts: &SignatureFacts, _: Option<&PolicyIdentity>) -> RuleOutcome {
    match &facts.policy {
        None => RuleOutcome::Pass("no signature policy (BES)".into()),
        Some(PolicyReference::Implied) => RuleOutcome::Pass("implied signature policy".into()),
        Some(PolicyReference::Explicit { identifier, .. }) => RuleOutcome::Warn(format!(
            "policy {identifier} is not one this validator knows: its rules and hash were not checked"
        )),
    }
}

fn crypto_failure(detail: String) -> RuleOutcome {
    RuleOutcome::Fail {
        detail,
        sub_indication: SubIndication::CryptoConstraintsFailure,
    }
}

/// The rules of the Facturae 3.1 signature policy (its own document, not the NTI profile):
/// the structure of its §1.2 has SigningTime and SignaturePolicyIdentifier, with
/// SigningCertificate and SignerRole optional and no DataObjectFormat; RSA with SHA-1 or
/// better.
pub const FACTURAE: &[Rule] = &[
    Rule {
        id: CheckId::AllowedSignatureAlgorithm,
        section: "§6",
        text: "RSA with SHA-1 (deprecated), SHA-256 or SHA-512",
        check: allowed_signature_algorithm,
    },
    Rule {
        id: CheckId::AllowedDigestAlgorithms,
        section: "§6",
        text: "data digests with SHA-1 (deprecated), SHA-256 or SHA-512",
        check: allowed_data_digests,
    },
    Rule {
        id: CheckId::SigningTime,
        section: "§1.2",
        text: "xades:SigningTime is mandatory",
        check: signing_time_present,
    },
    Rule {
        id: CheckId::SignaturePolicy,
        section: "§1.2",
        text: "a SignaturePolicyIdentifier naming the Facturae policy",
        check: names_the_policy,
    },
    Rule {
        id: CheckId::PolicyHash,
        section: "§1.2",
        text: "SigPolicyHash equals the digest of the policy document",
        check: policy_hash_matches,
    },
    Rule {
        id: CheckId::ClaimedRole,
        section: "§1.2",
        text: "claimed roles are emisor (supplier), receptor (customer) or tercero (third party)",
        check: claimed_roles,
    },
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::MadridPolicy;
    use ades_core::SignatureAlgorithm;
    use ades_core::policy::PolicyHash;

    fn epes_facts(policy: &PolicyIdentity) -> SignatureFacts {
        let mut facts = SignatureFacts::new(Format::Cades);
        facts.signature_algorithm = Some(SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha256));
        facts.data_digests = vec![Ok(DigestAlgorithm::Sha256)];
        facts.signing_time = Some(ades_core::datetime::now());
        facts.signing_certificate = Some(SigningCertificateRef::EssV2);
        facts.has_data_format = true;
        facts.signer_key_bits = Some(2048);
        facts.policy = Some(PolicyReference::Explicit {
            oid: policy.oid,
            identifier: policy.oid.unwrap().to_string(),
            hash_algorithm: Some(policy.hash.algorithm),
            hash_algorithm_id: policy.hash.algorithm.oid().to_string(),
            hash_value: policy.hash.value.clone(),
            uri: policy.spuri.clone(),
        });
        facts
    }

    fn outcomes(
        facts: &SignatureFacts,
        policy: &PolicyIdentity,
    ) -> Vec<(&'static str, RuleOutcome)> {
        MADRID
            .iter()
            .map(|r| (r.id.name(), (r.check)(facts, Some(policy))))
            .collect()
    }

    fn failed(facts: &SignatureFacts, policy: &PolicyIdentity) -> Vec<&'static str> {
        outcomes(facts, policy)
            .into_iter()
            .filter(|(_, o)| matches!(o, RuleOutcome::Fail { .. }))
            .map(|(id, _)| id)
            .collect()
    }

    #[test]
    fn epes_passes_every_rule() {
        let policy = MadridPolicy::default();
        let facts = epes_facts(policy.policy_identity());
        assert!(failed(&facts, policy.policy_identity()).is_empty());
    }

    #[test]
    fn each_missing_attribute_is_its_own_failure() {
        let policy = MadridPolicy::default();
        let id = policy.policy_identity();
        let mut f = epes_facts(id);
        f.signing_time = None;
        assert_eq!(failed(&f, id), ["signing-time"]);
        let mut f = epes_facts(id);
        f.has_data_format = false;
        assert_eq!(failed(&f, id), ["data-format"]);
        let mut f = epes_facts(id);
        f.policy = None;
        assert_eq!(failed(&f, id), ["signature-policy"]);
        let mut f = epes_facts(id);
        f.signature_algorithm = Some(SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha384));
        assert_eq!(failed(&f, id), ["allowed-signature-algorithm"]);
    }

    #[test]
    fn policy_hash_mismatch_is_policy_processing_error() {
        let policy = MadridPolicy::with_policy_hash(PolicyHash {
            algorithm: DigestAlgorithm::Sha256,
            value: vec![0; 32],
        });
        let facts = epes_facts(MadridPolicy::default().policy_identity());
        let hash = outcomes(&facts, policy.policy_identity())
            .into_iter()
            .find(|(id, _)| *id == "policy-hash")
            .unwrap()
            .1;
        assert!(matches!(
            hash,
            RuleOutcome::Fail {
                sub_indication: SubIndication::PolicyProcessingError,
                ..
            }
        ));
    }

    #[test]
    fn sha1_is_a_warning_and_pades_forbids_content_hints() {
        let policy = MadridPolicy::default();
        let id = policy.policy_identity();
        let mut f = epes_facts(id);
        f.signature_algorithm = Some(SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha1));
        assert!(failed(&f, id).is_empty());
        let mut f = epes_facts(id);
        f.format = Format::Pades;
        f.counter_signatures = 1;
        assert_eq!(
            failed(&f, id),
            ["data-format", "counter-signature", "pades-sub-filter"]
        );
        f.sub_filter = Some("ETSI.CAdES.detached".into());
        f.has_data_format = false;
        f.counter_signatures = 0;
        assert!(failed(&f, id).is_empty());
        f.sub_filter = Some("adbe.pkcs7.detached".into());
        assert_eq!(failed(&f, id), ["pades-sub-filter"]);
    }
}
