//! The time-stamps of a CAdES signature (TS 101 733 §6.1.1, §5.11.4): signature time-stamps
//! over the signature value (CAdES-T) and the content time-stamp over the content. The oldest
//! valid signature time-stamp is the best signature time (policy §3.7, rule 5); the claimed
//! signing-time stays an indication.

use ades_core::cms::{SignedData, SignerInfo};
use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, ValidationTime};
use ades_core::{DigestAlgorithm, SubIndication, datetime, digest, oid};
use ades_tsp::TimeStampToken;

/// What the time-stamps prove.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TimeEvidence {
    /// The oldest valid signature time-stamp: the signature existed then.
    pub(crate) best_signature_time: Option<OffsetDateTime>,
    /// The newest valid content time-stamp: the content existed then, so the signature was
    /// made after it.
    pub(crate) content_time: Option<OffsetDateTime>,
}

/// Checks every signature and content time-stamp of `si`, recording a check for each.
pub(crate) fn check_timestamps(
    sd: &SignedData,
    si: &SignerInfo,
    content_digest: &dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
    validator: Option<&dyn CertificateValidator>,
    now: OffsetDateTime,
    checks: &mut CheckList,
) -> TimeEvidence {
    let mut evidence = TimeEvidence::default();
    let signature_digest = |alg: DigestAlgorithm| Some(digest::digest(alg, si.signature()));
    for attr in si
        .unsigned_attributes()
        .iter()
        .filter(|a| a.oid == oid::ATTR_SIGNATURE_TIMESTAMP)
    {
        for value in &attr.values {
            if let Some(t) = verify_one(
                "signature-timestamp",
                value,
                &signature_digest,
                validator,
                sd.certificates(),
                now,
                checks,
            ) {
                evidence.best_signature_time =
                    Some(evidence.best_signature_time.map_or(t, |b| b.min(t)));
            }
        }
    }
    if let Some(attr) = si.signed_attribute(oid::ATTR_CONTENT_TIMESTAMP) {
        for value in &attr.values {
            if let Some(t) = verify_one(
                "content-timestamp",
                value,
                content_digest,
                validator,
                sd.certificates(),
                now,
                checks,
            ) {
                evidence.content_time = Some(evidence.content_time.map_or(t, |c| c.max(t)));
            }
        }
    }
    if let (Some(content), Some(signature)) = (evidence.content_time, evidence.best_signature_time)
        && content > signature
    {
        checks.fail(
            "timestamp-order",
            SubIndication::TimestampOrderFailure,
            format!(
                "the content time-stamp ({}) is later than the signature time-stamp ({})",
                datetime::rfc3339(content),
                datetime::rfc3339(signature)
            ),
        );
    }
    evidence
}

fn verify_one(
    name: &str,
    token_der: &[u8],
    digest_of: &dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
    validator: Option<&dyn CertificateValidator>,
    pool: &[ades_core::Certificate],
    now: OffsetDateTime,
    checks: &mut CheckList,
) -> Option<OffsetDateTime> {
    let token = match TimeStampToken::from_der(token_der) {
        Ok(t) => t,
        Err(e) => {
            checks.fail(
                name,
                SubIndication::FormatFailure,
                format!("unreadable time-stamp token: {e}"),
            );
            return None;
        }
    };
    let proven = token.verify(name, digest_of, validator, pool, now, checks)?;
    checks.pass(name, format!("valid {}", ades_tsp::describe(&token)));
    Some(proven)
}

/// The X.509 validation time of a signer given its time evidence.
pub(crate) fn validation_time(evidence: &TimeEvidence, now: OffsetDateTime) -> ValidationTime {
    match evidence.best_signature_time {
        Some(t) => ValidationTime::proven(t, now),
        None => ValidationTime::now(now),
    }
}

/// Digest of the signed content for a content time-stamp (attached or detached).
pub(crate) fn content_digest_of<'a>(
    sd: &'a SignedData,
    detached: Option<&'a dyn ades_core::validation::DetachedContent>,
) -> impl Fn(DigestAlgorithm) -> Option<Vec<u8>> + 'a {
    move |alg| match (sd.content(), detached) {
        (Some(c), _) => Some(digest::digest(alg, c)),
        (None, Some(d)) => d.digest(alg).ok(),
        (None, None) => None,
    }
}
