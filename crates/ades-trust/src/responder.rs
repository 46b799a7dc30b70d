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

/// `CRLReason` keyCompromise: every response the key signed is suspect, whenever produced.
const KEY_COMPROMISE: RevocationReason = 1;

impl RevocationChecker {
    /// Whether `answer` may be used as far as its signer goes: `Ok(None)` when the CA signed it
    /// or its delegated responder carries id-pkix-ocsp-nocheck, `Ok(Some(crl))` with the CRL
    /// that shows the responder not revoked, `Err(why)` when the responder was revoked before
    /// it produced the response (or for key compromise), or its status is unknown.
    pub(crate) fn responder_standing(
        &self,
        answer: &OcspAnswer,
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
        let status = judge_crls(
            embedded_crls(issuer, request),
            responder,
            issuer,
            request,
            &mut attempts,
        )
        .or_else(|| self.look_up_crls(responder, issuer, request, &mut attempts));
        match status {
            Some(RevocationStatus::Good { evidence, .. }) => Ok(Some(evidence)),
            Some(RevocationStatus::Revoked { time, reason, .. })
                if time <= answer.produced_at || reason == Some(KEY_COMPROMISE) =>
            {
                Err(format!(
                    "its delegated responder {who} was revoked on {}",
                    datetime::rfc3339(time)
                ))
            }
            Some(RevocationStatus::Revoked { evidence, .. }) => Ok(Some(evidence)),
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
