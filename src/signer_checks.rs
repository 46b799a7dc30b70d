//! The checks the policy asks for before signing (§3.6.2): the signer certificate issued
//! under a certification policy, inside its validity period, not revoked or suspended, and its
//! whole chain validating. A failed check stops the signing with a clear error.
//!
//! Client-side signing without network may skip the revocation check (§3.6.2 c): the
//! receiving system must then check before accepting; the check says so in a warning.

use ades_core::report::{CheckList, Outcome};
use ades_core::validation::{CertificateValidator, ValidationTime};
use ades_core::{Certificate, CheckId, SubIndication};
use time::OffsetDateTime;

/// How the signer certificate is checked before signing.
#[derive(Clone, Copy)]
pub enum SignerChecks<'a> {
    /// Validate the certificate, its chain and its revocation status with `validator`
    /// (policy §3.6.2).
    Validate {
        /// Chain building, validity and revocation (e.g. `ades::trust::ChainValidator`).
        validator: &'a dyn CertificateValidator,
        /// Whether an unknown revocation status stops the signing. `false` for client-side
        /// signing without network (§3.6.2 c): a warning says the receiver must check.
        revocation_required: bool,
    },
    /// The caller has checked the certificate itself; the signing says so in a warning.
    CheckedByCaller,
}

impl std::fmt::Debug for SignerChecks<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignerChecks::Validate {
                revocation_required,
                ..
            } => f
                .debug_struct("Validate")
                .field("revocation_required", revocation_required)
                .finish_non_exhaustive(),
            SignerChecks::CheckedByCaller => f.write_str("CheckedByCaller"),
        }
    }
}

/// The signer certificate failed a check before signing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the signer certificate does not pass the checks before signing (policy §3.6.2):\n  {}",
    problems.join("\n  ")
)]
pub struct SignerCheckFailure {
    /// What failed, one line each (`certificate-validity: …`).
    pub problems: Vec<String>,
    /// Whether the only obstacle includes an unknown revocation status (no responder
    /// reachable): signing offline is then possible (§3.6.2 c).
    pub revocation_unknown: bool,
}

impl SignerChecks<'_> {
    /// Runs the checks on `certificate` (with `chain` to build the path) at `now`; returns
    /// the warnings to show when signing may go ahead.
    pub fn run(
        &self,
        certificate: &Certificate,
        chain: &[Certificate],
        now: OffsetDateTime,
    ) -> Result<Vec<String>, SignerCheckFailure> {
        let (validator, revocation_required) = match *self {
            SignerChecks::Validate {
                validator,
                revocation_required,
            } => (validator, revocation_required),
            SignerChecks::CheckedByCaller => {
                return Ok(vec![
                    "the signer certificate was not checked before signing here (policy §3.6.2): the caller says it did".into(),
                ]);
            }
        };
        let mut checks = CheckList::new();
        validator.validate_certificate(certificate, chain, &ValidationTime::now(now), &mut checks);
        let mut warnings = Vec::new();
        let mut problems = Vec::new();
        let mut revocation_unknown = false;
        for c in checks.checks() {
            let unknown =
                c.name == CheckId::Revocation && c.sub_indication == Some(SubIndication::TryLater);
            match c.outcome {
                Outcome::Failed if unknown && !revocation_required => warnings.push(format!(
                    "offline: {}; the receiver must check revocation (policy §3.6.2 c)",
                    c.detail
                )),
                Outcome::Failed => {
                    revocation_unknown |= unknown;
                    problems.push(format!("{}: {}", c.qualified_name(), c.detail));
                }
                Outcome::Warning => warnings.push(c.detail.clone()),
                _ => {}
            }
        }
        if certificate.policies().is_empty() {
            warnings.push(
                "the signer certificate names no certificate policy (policy §3.6.2 b)".into(),
            );
        }
        if problems.is_empty() {
            Ok(warnings)
        } else {
            Err(SignerCheckFailure {
                problems,
                revocation_unknown,
            })
        }
    }
}
