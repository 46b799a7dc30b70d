//! The standing of a delegated OCSP responder (RFC 6960 §4.2.2.2.1): a responder whose
//! certificate lacks id-pkix-ocsp-nocheck has its own certificate checked too, against its
//! issuer's CRLs (embedded, given or fetched). Asking the responder about itself would prove
//! nothing: a stolen responder key would vouch for itself.

use ades_core::{Certificate, datetime};

use crate::crl::RevocationReason;
use crate::ocsp::OcspAnswer;
use crate::revocation::{
    Evidence, RevocationChecker, RevocationStatus, StatusRequest, embedded_crls, judge_crls,
};

/// `CRLReason`s that say nothing against what the key signed before the revocation
/// (affiliationChanged, superseded, cessationOfOperation): a responder revoked so after it
/// produced a response still answered for its CA. Any other reason, or none, may mean a key
/// in other hands, which could back-date producedAt.
const ORDERLY_REASONS: [RevocationReason; 3] = [3, 4, 5];

impl RevocationChecker {
    /// Whether a "good" `answer` about `cert` may be used as far as its signer goes:
    /// `Ok(None)` when the CA signed it or its delegated responder carries
    /// id-pkix-ocsp-nocheck, `Ok(Some(crl))` with the CRL that shows the responder not
    /// revoked (or revoked after producedAt for an orderly reason), `Err(why)` when the
    /// responder was revoked otherwise, or its status is unknown. The responder's CRL comes
    /// from its own distribution points or, when it names none, from `cert`'s (the same CA's).
    pub(crate) fn responder_standing(
        &self,
        answer: &OcspAnswer,
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
    ) -> Result<Option<Evidence>, String> {
        let Some(responder) = answer
            .delegated_responder
            .as_ref()
            .filter(|r| !r.is_ocsp_nocheck_responder())
        else {
            return Ok(None);
        };
        let who = responder
            .common_name()
            .unwrap_or_else(|| responder.subject_text());
        let mut attempts = Vec::new();
        let mut urls = responder.crl_urls();
        if urls.is_empty() {
            urls = cert.crl_urls();
        }
        let status = judge_crls(
            embedded_crls(issuer, request),
            responder,
            issuer,
            request,
            &mut attempts,
        )
        .or_else(|| self.look_up_crls_at(&urls, responder, issuer, request, &mut attempts));
        match status {
            Some(RevocationStatus::Good { evidence, .. }) => Ok(Some(evidence)),
            Some(RevocationStatus::Revoked {
                time,
                reason: Some(reason),
                evidence,
                ..
            }) if time > answer.produced_at && ORDERLY_REASONS.contains(&reason) => {
                Ok(Some(evidence))
            }
            Some(RevocationStatus::Revoked { time, .. }) => Err(format!(
                "its delegated responder {who} was revoked on {}",
                datetime::rfc3339(time)
            )),
            Some(RevocationStatus::Unknown(_)) | None => {
                let why = if attempts.is_empty() {
                    "no CRL of its issuer".to_owned()
                } else {
                    attempts.join("; ")
                };
                Err(format!(
                    "its delegated responder {who} lacks id-pkix-ocsp-nocheck and its own status is unknown: {why}"
                ))
            }
        }
    }
}
