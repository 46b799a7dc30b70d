//! One signature's section of the HTML report: verdict, signer and policy, certificate
//! chain, time line and the table of checks.

use ades_core::datetime::rfc3339;
use ades_core::report::{CertificateSummary, SigningTimeSource};
use ades_core::{LevelReached, SignatureReport, ValidationReport};

use super::definitions;
use crate::escape::text as esc;
use crate::json::serde_name;
use crate::verdict::Verdict;

/// Writes the section of `signature`.
pub(super) fn section(out: &mut String, report: &ValidationReport, signature: &SignatureReport) {
    let verdict = Verdict::of_signature(signature);
    let what = match signature.level {
        LevelReached::DocumentTimestamp => "Document time-stamp",
        LevelReached::TimestampToken => "Time-stamp token",
        LevelReached::Unknown => "Not readable as a signature:",
        _ => "Signature",
    };
    out.push_str(&format!(
        "<section class=\"signature\">\n<h2>{what} {} <span class=\"badge {}\">{}</span></h2>\n",
        esc(&signature.id),
        verdict.class(),
        esc(&verdict.to_string())
    ));
    let level = signature.level.to_string();
    let policy = policy_text(signature);
    let signer = &signature.signer;
    definitions(
        out,
        &[
            ("Level", &level),
            ("Signer", &signer.subject),
            ("Signer's issuer", &signer.issuer),
            ("Certificate serial", &signer.serial),
            (
                "Subject serial number",
                signer.subject_serial_number.as_deref().unwrap_or_default(),
            ),
            ("Signature policy", &policy),
        ],
    );
    chain(out, &signature.chain);
    timeline(out, report, signature);
    checks(out, signature);
    out.push_str("</section>\n");
}

fn policy_text(signature: &SignatureReport) -> String {
    let policy = &signature.policy;
    let Some(oid) = &policy.oid else {
        return String::new();
    };
    let name = policy.name.as_deref().unwrap_or("not a policy ades knows");
    let hash = match policy.hash_ok {
        Some(true) => ", policy hash matches",
        Some(false) => ", POLICY HASH DOES NOT MATCH",
        None => "",
    };
    format!("{oid} ({name}{hash})")
}

fn chain(out: &mut String, chain: &[CertificateSummary]) {
    out.push_str("<h3>Certificate chain</h3>\n");
    if chain.is_empty() {
        out.push_str("<p>No certificate chain was built.</p>\n");
        return;
    }
    out.push_str("<ol class=\"chain\">\n");
    let last = chain.len() - 1;
    for (i, cert) in chain.iter().enumerate() {
        let role = match i {
            0 => "Signer certificate",
            _ if i == last => "Trust anchor",
            _ => "Intermediate certificate",
        };
        let validity = format!(
            "{} to {}",
            rfc3339(cert.not_before),
            rfc3339(cert.not_after)
        );
        out.push_str(&format!("<li><strong>{role}</strong>\n"));
        definitions(
            out,
            &[
                ("Subject", &cert.subject),
                ("Issuer", &cert.issuer),
                ("Serial", &cert.serial),
                ("Valid", &validity),
                ("SHA-256", &cert.sha256),
            ],
        );
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

fn timeline(out: &mut String, report: &ValidationReport, signature: &SignatureReport) {
    out.push_str("<h3>Time line</h3>\n<ol class=\"timeline\">\n");
    let what = match signature.signing_time_source {
        SigningTimeSource::Timestamp => "Signing time, proven by a time-stamp",
        SigningTimeSource::Claimed => "Signing time claimed by the signer (not proven)",
        SigningTimeSource::ValidationTime => {
            "No signing time in the signature: the validation time was used"
        }
    };
    if let Some(t) = signature.signing_time {
        out.push_str(&format!(
            "<li><span class=\"when\">{}</span> {what}</li>\n",
            esc(&rfc3339(t))
        ));
    }
    for check in signature.checks.iter().filter(|c| {
        let name = c.qualified_name();
        name.contains("timestamp") || name.contains("revocation")
    }) {
        out.push_str(&format!(
            "<li><span class=\"when\">{}</span> <code>{}</code>: {}</li>\n",
            esc(&serde_name(&check.outcome)),
            esc(&check.qualified_name()),
            esc(&check.detail)
        ));
    }
    out.push_str(&format!(
        "<li><span class=\"when\">{}</span> Validation time</li>\n</ol>\n",
        esc(&rfc3339(report.validation_time))
    ));
}

fn checks(out: &mut String, signature: &SignatureReport) {
    out.push_str("<h3>Checks</h3>\n");
    if signature.checks.is_empty() {
        out.push_str("<p>No check was made.</p>\n");
        return;
    }
    out.push_str(
        "<table>\n<colgroup><col class=\"c-outcome\"><col class=\"c-check\"><col><col class=\"c-rule\"></colgroup>\n\
         <thead><tr><th>Outcome</th><th>Check</th><th>Detail</th><th>Policy rule</th></tr></thead>\n<tbody>\n",
    );
    for check in &signature.checks {
        let outcome = serde_name(&check.outcome);
        let sub = check
            .sub_indication
            .filter(|_| check.outcome == ades_core::Outcome::Failed)
            .map(|s| format!("<br><span class=\"sub\">{}</span>", esc(&s.to_string())))
            .unwrap_or_default();
        let rule = check.rule.map(|r| r.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "<tr class=\"o-{}\"><td class=\"outcome\">{}{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n",
            esc(&outcome),
            esc(&outcome),
            sub,
            esc(&check.qualified_name()),
            esc(&check.detail),
            esc(&rule)
        ));
    }
    out.push_str("</tbody>\n</table>\n");
}
