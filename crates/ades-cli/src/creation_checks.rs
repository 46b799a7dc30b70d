//! The checks the policy asks for before signing (§3.6.2): the certificate issued under a
//! certification policy, not revoked or suspended, inside its validity period, and the whole
//! chain validating. A failed check stops the signing with a clear error. `--offline` signs
//! without the revocation check and says so (the receiver must check, §3.6.2 c).

use ades_core::report::{CheckList, Outcome};
use ades_core::validation::{CertificateValidator, ValidationTime};
use ades_core::{Certificate, SubIndication, datetime};

use crate::error::CliError;
use crate::keys::SignerMaterial;
use crate::trust_args::TrustArgs;

/// Runs the checks; returns the warnings to print when signing may go ahead.
pub(crate) fn check_before_signing(
    material: &SignerMaterial,
    trust: &TrustArgs,
) -> Result<Vec<String>, CliError> {
    let mut warnings = Vec::new();
    let mut store = trust.store()?;
    if trust.trust.is_empty() {
        // Without --trust, the root supplied with the key is the anchor: the signer trusts it.
        let roots: Vec<&Certificate> = material
            .chain
            .iter()
            .filter(|c| c.is_self_issued())
            .collect();
        if roots.is_empty() {
            return Err(CliError::Usage(
                "cannot validate the signer's chain before signing (policy §3.6.2 c): give --trust ROOT.pem, or a chain that ends at its root".into(),
            ));
        }
        roots.into_iter().for_each(|r| store.add_anchor(r.clone()));
        warnings.push("the chain was validated against the root supplied with the key; give --trust to use your own trust store".into());
    }
    let validator = trust.chain_validator(store)?;
    let mut checks = CheckList::new();
    let now = datetime::now();
    validator.validate_certificate(
        &material.certificate,
        &material.chain,
        &ValidationTime::now(now),
        &mut checks,
    );
    let mut problems = Vec::new();
    for c in checks.checks() {
        match c.outcome {
            Outcome::Failed
                if trust.offline && c.sub_indication == Some(SubIndication::TryLater) =>
            {
                warnings.push(format!(
                    "offline: {}; the receiver must check revocation (policy §3.6.2 c)",
                    c.detail
                ));
            }
            Outcome::Failed => problems.push(format!("{}: {}", c.qualified_name(), c.detail)),
            Outcome::Warning => warnings.push(c.detail.clone()),
            _ => {}
        }
    }
    if material.certificate.policies().is_empty() {
        warnings
            .push("the signer certificate names no certificate policy (policy §3.6.2 b)".into());
    }
    if problems.is_empty() {
        Ok(warnings)
    } else {
        let hint = if trust.offline {
            ""
        } else {
            " (use --offline to sign without the revocation check)"
        };
        Err(CliError::Refused(format!(
            "the signer certificate does not pass the checks before signing (policy §3.6.2):\n  {}{}",
            problems.join("\n  "),
            if problems
                .iter()
                .any(|p| p.starts_with("revocation") && p.contains("unknown"))
            {
                hint
            } else {
                ""
            }
        )))
    }
}
