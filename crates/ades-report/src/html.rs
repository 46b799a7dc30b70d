//! Self-contained HTML report: one HTML5 page with inline CSS only (no scripts, no external
//! links, images or fonts), the verdict on the file in words at the top, then per signature
//! its verdict, signer, certificate chain, time line and every check.

mod signature;

use ades_core::{Indication, LevelReached, ValidationReport};

use crate::escape::text as esc;
use crate::verdict::{self, Verdict};

const STYLE: &str = include_str!("html/style.css");

/// The report as one HTML page.
pub fn html(report: &ValidationReport) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>Validation report: {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&report.file)
    ));
    header(&mut out, report);
    out.push_str("<main>\n");
    for s in &report.signatures {
        signature::section(&mut out, report, s);
    }
    out.push_str(
        "</main>\n<footer>Validation report made by ades. Times in RFC 3339. \
         Indications and sub-indications after ETSI EN 319 102-1.</footer>\n</body>\n</html>\n",
    );
    out
}

/// The verdict on the file, in words, and what was validated.
fn header(out: &mut String, report: &ValidationReport) {
    let verdict = Verdict::of_file(report);
    let class = verdict.map_or("indeterminate", Verdict::class);
    let title = match verdict {
        Some(v) => v.to_string(),
        None => format!("{} — {}", verdict::words(report.worst()), report.worst()),
    };
    let readable = report
        .signatures
        .iter()
        .filter(|s| s.level != LevelReached::Unknown)
        .count();
    let summary = summary(report, verdict, readable);
    out.push_str(&format!(
        "<header class=\"verdict {class}\">\n<p>File <strong>{}</strong> ({}), {readable} signature(s), validated as of {}</p>\n<h1>{}</h1>\n<p>{}</p>\n</header>\n",
        esc(&report.file),
        esc(&report.format.to_string()),
        esc(&ades_core::datetime::rfc3339(report.validation_time)),
        esc(&title),
        esc(&summary),
    ));
}

/// One sentence on the signatures of the file.
fn summary(report: &ValidationReport, verdict: Option<Verdict>, readable: usize) -> String {
    let count = report.signatures.len();
    let passed = report
        .signatures
        .iter()
        .filter(|s| s.indication == Indication::TotalPassed)
        .count();
    match (count, readable, verdict.map(|v| v.indication)) {
        (0, _, _) | (_, _, None) => "The file holds no signature.".to_owned(),
        (_, 0, _) => "Nothing in the file could be read as a signature: see why below.".to_owned(),
        (1, _, Some(Indication::TotalPassed)) => "The signature is valid.".to_owned(),
        (1, _, Some(Indication::TotalFailed)) => {
            "The signature is not valid: see why below.".to_owned()
        }
        (1, _, Some(Indication::Indeterminate)) => {
            "The signature could not be confirmed valid: see why below.".to_owned()
        }
        (n, _, _) => {
            format!("{passed} of {n} signatures are valid; the worst verdict decides for the file.")
        }
    }
}

/// A definition list of the rows whose value is not empty.
fn definitions(out: &mut String, rows: &[(&str, &str)]) {
    out.push_str("<dl>\n");
    for (term, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(term), esc(value)));
    }
    out.push_str("</dl>\n");
}
