//! `ValidationConstraintsEvaluationReport`: one `ValidationConstraint` per check, named
//! `urn:ades:check:<name>`, with its status and result, and the check's outcome, detail and
//! policy rule as report data.

use ades_core::report::{Outcome, PolicySummary};
use ades_core::{Check, Indication, SignatureReport};

use super::uri::{self, ConstraintIndication};
use crate::escape;
use crate::json::serde_name;
use crate::xml_writer::XmlWriter;

/// Writes the policy the signature was judged against and the evaluation of every check.
pub(crate) fn write(w: &mut XmlWriter, signature: &SignatureReport) {
    w.start("ValidationConstraintsEvaluationReport", &[]);
    validation_policy(w, &signature.policy);
    for check in &signature.checks {
        constraint(w, check);
    }
    w.end();
}

/// `SignatureValidationPolicy`: the known policy the signature was judged against, by its
/// identifier and the digest of its document (XAdES `SignaturePolicyIdentifierType`).
fn validation_policy(w: &mut XmlWriter, policy: &PolicySummary) {
    let (Some(identifier), Some(digest)) = (&policy.oid, &policy.digest) else {
        return;
    };
    w.start("SignatureValidationPolicy", &[]);
    w.start(
        "SignaturePolicyIdentifier",
        &[
            ("xmlns:xades", uri::XADES_NAMESPACE),
            ("xmlns:ds", uri::XMLDSIG_NAMESPACE),
        ],
    );
    w.start("xades:SignaturePolicyId", &[]);
    w.start("xades:SigPolicyId", &[]);
    w.leaf("xades:Identifier", &[], &super::policy_uri(identifier));
    w.end();
    w.start("xades:SigPolicyHash", &[]);
    w.empty(
        "ds:DigestMethod",
        &[("Algorithm", digest.algorithm.xmldsig_uri())],
    );
    w.leaf("ds:DigestValue", &[], &digest.value_base64());
    w.end();
    w.end();
    w.end();
    if let Some(name) = &policy.name {
        w.leaf("PolicyName", &[], name);
    }
    w.end();
}

/// A skipped check was not applied and has no result; passed, warning and information
/// checks passed; a failed one failed, or is indeterminate when its sub-indication is.
fn status(check: &Check) -> (&'static str, ConstraintIndication) {
    match check.outcome {
        Outcome::Passed | Outcome::Warning | Outcome::Info => {
            (uri::CONSTRAINT_APPLIED, ConstraintIndication::Passed)
        }
        Outcome::Skipped => (
            uri::CONSTRAINT_DISABLED,
            ConstraintIndication::Indeterminate,
        ),
        Outcome::Failed => match check.sub_indication.map(|s| s.indication()) {
            Some(Indication::Indeterminate) => {
                (uri::CONSTRAINT_APPLIED, ConstraintIndication::Indeterminate)
            }
            _ => (uri::CONSTRAINT_APPLIED, ConstraintIndication::Failed),
        },
    }
}

fn constraint(w: &mut XmlWriter, check: &Check) {
    let (status, indication) = status(check);
    let identifier = escape::uri(&format!("{}{}", uri::CHECK_PREFIX, check.qualified_name()));
    let outcome = serde_name(&check.outcome);
    let rule = check.rule.map(|r| r.to_string()).unwrap_or_default();
    w.start("ValidationConstraint", &[]);
    w.leaf("ValidationConstraintIdentifier", &[], &identifier);
    w.start("ConstraintStatus", &[]);
    w.leaf("Status", &[], status);
    w.end();
    w.start("ValidationStatus", &[]);
    w.leaf("MainIndication", &[], indication.uri());
    if let (Outcome::Failed, Some(sub)) = (check.outcome, check.sub_indication) {
        w.leaf("SubIndication", &[], &uri::sub_indication(sub));
    }
    w.start("AssociatedValidationReportData", &[]);
    super::report_data(
        w,
        &[
            (uri::DATA_OUTCOME, &outcome),
            (uri::DATA_DETAIL, &check.detail),
            (uri::DATA_RULE, &rule),
        ],
    );
    w.end();
    w.end();
    w.end();
}
