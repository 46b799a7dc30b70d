//! The human-readable rendering of a validation report.

use std::fmt::Write;

use ades_core::report::{Outcome, SigningTimeSource};
use ades_core::{ValidationReport, datetime};

/// The report as text, one block per signature.
pub(crate) fn render(report: &ValidationReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {} signature(s)",
        report.file,
        report.format,
        report.signatures.len()
    );
    for s in &report.signatures {
        let sub = s
            .sub_indication
            .map(|x| format!(" / {x}"))
            .unwrap_or_default();
        let _ = writeln!(out, "\n  {}  {}{}  [{}]", s.id, s.indication, sub, s.level);
        if !s.signer.subject.is_empty() {
            let _ = writeln!(out, "    signer:   {}", s.signer.subject);
            let _ = writeln!(
                out,
                "    issuer:   {} (serial {})",
                s.signer.issuer, s.signer.serial
            );
        }
        if let Some(t) = s.signing_time {
            let source = match s.signing_time_source {
                SigningTimeSource::Timestamp => "proven by time-stamp",
                SigningTimeSource::Claimed => "claimed by the signer, not proven",
                SigningTimeSource::ValidationTime => "no time in the signature: validation time",
            };
            let _ = writeln!(out, "    time:     {} ({source})", datetime::rfc3339(t));
        }
        if let Some(oid) = &s.policy.oid {
            let name = s.policy.name.as_deref().unwrap_or("not a policy we know");
            let hash = match s.policy.hash_ok {
                Some(true) => ", hash matches",
                Some(false) => ", HASH MISMATCH",
                None => "",
            };
            let _ = writeln!(out, "    policy:   {oid} ({name}{hash})");
        }
        for c in &s.checks {
            let mark = match c.outcome {
                Outcome::Passed => "ok  ",
                Outcome::Failed => "FAIL",
                Outcome::Warning => "warn",
                Outcome::Skipped => "skip",
                Outcome::Info => "info",
            };
            let rule = c
                .rule
                .as_deref()
                .map(|r| format!(" [{r}]"))
                .unwrap_or_default();
            let _ = writeln!(out, "    {mark} {}: {}{rule}", c.name, c.detail);
        }
    }
    out
}
