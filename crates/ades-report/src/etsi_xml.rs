//! ETSI TS 119 102-2 (v1.4.1) XML validation report.
//!
//! One `SignatureValidationReport` per signature of the report (counter-signatures
//! included), with its identifier, one validation constraint per check, the validation time
//! and best signature time, the claimed signing time and the policy it names as signature
//! attributes, the signer, and the status with the certificate chain; the certificates
//! themselves follow as validation objects. What it leaves out is in `docs/reports.md`.

mod constraints;
mod datetime;
mod objects;
mod uri;

use ades_core::report::SigningTimeSource;
use ades_core::{LevelReached, SignatureReport, ValidationReport};

use crate::escape;
use crate::json::serde_name;
use crate::xml_writer::XmlWriter;
use datetime::xs_date_time;
use objects::Certificates;

/// The report as an ETSI TS 119 102-2 `ValidationReport` document (UTF-8, namespace
/// `http://uri.etsi.org/19102/v1.4.1#`), valid against the v1.4.1 schema whatever the
/// report holds: a file without signatures gets one `SignatureValidationReport` saying
/// INDETERMINATE and why.
pub fn etsi_xml(report: &ValidationReport) -> String {
    let certificates = Certificates::collect(report);
    let mut w = XmlWriter::new();
    w.start("ValidationReport", &[("xmlns", uri::NAMESPACE)]);
    if report.signatures.is_empty() {
        no_signature(&mut w, report);
    }
    for (n, signature) in report.signatures.iter().enumerate() {
        let id = format!("S-{}", n + 1);
        signature_report(&mut w, report, signature, &id, &certificates);
    }
    certificates.write(&mut w);
    w.finish()
}

fn signature_report(
    w: &mut XmlWriter,
    report: &ValidationReport,
    signature: &SignatureReport,
    id: &str,
    certificates: &Certificates<'_>,
) {
    w.start("SignatureValidationReport", &[]);
    w.start("SignatureIdentifier", &[("id", id)]);
    w.leaf("HashOnly", &[], "false");
    w.leaf("DocHashOnly", &[], "false");
    if !signature.id.is_empty() {
        w.leaf("DAIdentifier", &[], &signature.id);
    }
    w.end();
    constraints::write(w, signature);
    time_info(w, report, signature);
    attributes(w, signature);
    signer_information(w, signature, certificates);
    w.start("SignatureValidationStatus", &[]);
    w.leaf(
        "MainIndication",
        &[],
        uri::main_indication(signature.indication),
    );
    if let Some(sub) = signature.sub_indication {
        w.leaf("SubIndication", &[], &uri::sub_indication(sub));
    }
    w.start("AssociatedValidationReportData", &[]);
    certificates.write_chain(w, &signature.chain);
    let level = signature.level.to_string();
    let source = serde_name(&signature.signing_time_source);
    let policy_name = signature.policy.name.clone().unwrap_or_default();
    let mut data = file_data(report);
    data.extend([
        (uri::DATA_LEVEL, level.as_str()),
        (uri::DATA_SIGNING_TIME_SOURCE, source.as_str()),
        (uri::DATA_POLICY_NAME, policy_name.as_str()),
    ]);
    report_data(w, &data);
    w.end();
    w.end();
    w.end();
}

/// The one entry of a report without signatures: INDETERMINATE (what
/// [`ValidationReport::worst`] says), and why.
fn no_signature(w: &mut XmlWriter, report: &ValidationReport) {
    w.start("SignatureValidationReport", &[]);
    w.start("SignatureValidationStatus", &[]);
    w.leaf("MainIndication", &[], uri::main_indication(report.worst()));
    w.start("AssociatedValidationReportData", &[]);
    let mut data = file_data(report);
    data.push((uri::DATA_DETAIL, "the file holds no signature"));
    report_data(w, &data);
    w.end();
    w.end();
    w.end();
}

/// The file name and format, as report data.
fn file_data(report: &ValidationReport) -> Vec<(&'static str, &str)> {
    vec![
        (uri::DATA_FILE, report.file.as_str()),
        (uri::DATA_FORMAT, report.format.name()),
    ]
}

/// `ValidationTimeInfo`: the validation time, and as best signature time the time-stamp's
/// time when a time-stamp proves one, else the validation time (EN 319 102-1: without a
/// proof of existence the signature is known to exist at validation time only; a claimed
/// signing time is a signature attribute, not a proof).
fn time_info(w: &mut XmlWriter, report: &ValidationReport, signature: &SignatureReport) {
    let Some(validation_time) = xs_date_time(report.validation_time) else {
        return;
    };
    let proven = match signature.signing_time_source {
        SigningTimeSource::Timestamp => signature.signing_time.and_then(xs_date_time),
        _ => None,
    };
    w.start("ValidationTimeInfo", &[]);
    w.leaf("ValidationTime", &[], &validation_time);
    w.start("BestSignatureTime", &[]);
    w.leaf(
        "POETime",
        &[],
        proven.as_deref().unwrap_or(&validation_time),
    );
    w.leaf("TypeOfProof", &[], uri::POE_VALIDATION);
    w.end();
    w.end();
}

/// `SignatureAttributes`: the claimed signing time, and the policy a signature names (as
/// `urn:oid:` when it is an OID).
fn attributes(w: &mut XmlWriter, signature: &SignatureReport) {
    let claimed = match signature.signing_time_source {
        SigningTimeSource::Claimed => signature.signing_time.and_then(xs_date_time),
        _ => None,
    };
    let policy = match signature.level {
        LevelReached::Signature { .. } => signature.policy.oid.as_deref().map(policy_uri),
        _ => None,
    };
    if claimed.is_none() && policy.is_none() {
        return;
    }
    w.start("SignatureAttributes", &[]);
    if let Some(time) = claimed {
        w.start("SigningTime", &[]);
        w.leaf("Time", &[], &time);
        w.end();
    }
    if let Some(policy) = policy {
        w.start("SigPolicyIdentifier", &[]);
        w.leaf("SigPolicyId", &[], &policy);
        w.end();
    }
    w.end();
}

/// A policy identifier as a URI: `urn:oid:` for a dotted OID, the identifier (a URL, a URN)
/// otherwise.
fn policy_uri(identifier: &str) -> String {
    let identifier = identifier.trim();
    let dotted = !identifier.is_empty()
        && identifier
            .split('.')
            .all(|arc| !arc.is_empty() && arc.bytes().all(|b| b.is_ascii_digit()));
    if dotted {
        format!("urn:oid:{identifier}")
    } else {
        escape::uri(identifier)
    }
}

/// `SignerInformation`, when the signer certificate is known (the first of the chain, or
/// the certificate found without a chain).
fn signer_information(
    w: &mut XmlWriter,
    signature: &SignatureReport,
    certificates: &Certificates<'_>,
) {
    let signer = signature
        .chain
        .first()
        .or(signature.signer.certificate.as_ref());
    let Some(id) = signer.and_then(|c| certificates.id(c)) else {
        return;
    };
    w.start("SignerInformation", &[]);
    w.empty("SignerCertificate", &[("VOReference", id)]);
    if !signature.signer.subject.is_empty() {
        w.leaf("Signer", &[], &signature.signer.subject);
    }
    w.end();
}

/// `AdditionalValidationReportData` with one `ReportData` per non-empty value.
fn report_data(w: &mut XmlWriter, data: &[(&str, &str)]) {
    let present: Vec<_> = data.iter().filter(|(_, v)| !v.is_empty()).collect();
    if present.is_empty() {
        return;
    }
    w.start("AdditionalValidationReportData", &[]);
    for (kind, value) in present {
        w.start("ReportData", &[]);
        w.leaf("Type", &[], kind);
        w.leaf("Value", &[], value);
        w.end();
    }
    w.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_identifiers_become_uris() {
        assert_eq!(
            policy_uri("2.16.724.1.8.1.1.1.1.0"),
            "urn:oid:2.16.724.1.8.1.1.1.1.0"
        );
        assert_eq!(
            policy_uri("http://www.facturae.es/politica de firma"),
            "http://www.facturae.es/politica%20de%20firma"
        );
        assert_eq!(policy_uri("1..2"), "1..2");
    }
}
