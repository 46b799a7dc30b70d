//! The three machine and human reports of real validations: the ETSI TS 119 102-2 XML valid
//! against the v1.4.1 schema (xmllint), the JSON valid against our schema (Python
//! `jsonschema` from the peer venv), the HTML self-contained, escaped, and rendered by
//! headless Chromium with the verdict in words.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod samples;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ades_core::{Indication, SubIndication, ValidationReport};

/// The verdict the page must show, worked out here independently of the crate.
fn expected_verdict(report: &ValidationReport) -> String {
    let worst = report.worst();
    let words = match worst {
        Indication::TotalPassed => "Valid",
        Indication::TotalFailed => "Not valid",
        Indication::Indeterminate => "Cannot be confirmed",
    };
    let sub = report
        .signatures
        .iter()
        .find(|s| s.indication == worst)
        .and_then(|s| s.sub_indication)
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    format!("{words} — {worst}{sub}")
}

/// Where the rendered reports go: `$ADES_REPORT_OUT` when set (to keep them for a look),
/// else a temporary folder (held by the returned guard).
fn out_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("ADES_REPORT_OUT") {
        Some(dir) => {
            std::fs::create_dir_all(&dir).unwrap();
            (None, PathBuf::from(dir))
        }
        None => {
            let tmp = tempfile::tempdir().unwrap();
            let path = tmp.path().to_owned();
            (Some(tmp), path)
        }
    }
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

/// Runs `command` to its end within `limit`, killing it (by its id) when it overruns; its
/// output is read as it comes, so that a full pipe cannot stall it.
fn run(mut command: Command, limit: Duration) -> std::process::Output {
    use std::io::Read;
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut bytes).unwrap();
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("{command:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::process::Output {
        status: child.wait().unwrap(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

#[test]
fn samples_have_the_verdicts_they_are_made_for() {
    let samples = samples::all();
    let get = |name: &str| &samples.iter().find(|(n, _)| *n == name).unwrap().1;
    let good = &get("cades-t-good").signatures[0];
    assert_eq!(good.indication, Indication::TotalPassed, "{good:#?}");
    assert_eq!(good.chain.len(), 3, "signer, AC APE, root");
    let tampered = &get("cades-tampered").signatures[0];
    assert_eq!(tampered.sub_indication, Some(SubIndication::HashFailure));
    let no_anchors = &get("cades-no-anchors").signatures[0];
    assert_eq!(no_anchors.indication, Indication::Indeterminate);
    assert_eq!(
        get("garbage").signatures[0].sub_indication,
        Some(SubIndication::FormatFailure)
    );
    assert_eq!(get("unreadable").worst(), Indication::Indeterminate);
    assert!(get("no-signatures").signatures.is_empty());
    for name in ["pades", "xades-countersigned"] {
        for s in &get(name).signatures {
            assert_eq!(s.indication, Indication::TotalPassed, "{name}: {s:#?}");
            assert!(!s.chain.is_empty(), "{name}");
        }
    }
    assert_eq!(get("xades-countersigned").signatures.len(), 2);
}

fn etsi_schema() -> Option<PathBuf> {
    let dir = std::env::var_os("ADES_ETSI_SCHEMA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/schemas/etsi-119102-2")
        });
    let xsd = dir.join("TS119102-2-v141.xsd");
    xsd.exists().then_some(xsd)
}

fn xmllint(args: &[&str], file: &Path) -> std::process::Output {
    let mut command = Command::new("xmllint");
    command.args(args).arg(file);
    match command.output() {
        Ok(out) => out,
        Err(e) => panic!(
            "xmllint cannot be run ({e}): install Debian's libxml2-utils (scripts/test.sh does)"
        ),
    }
}

#[test]
fn etsi_xml_reports_are_schema_valid() {
    let (_guard, dir) = out_dir();
    let schema = etsi_schema();
    let samples = samples::all();
    let mut validated = 0;
    for (name, report) in &samples {
        let xml = ades_report::etsi_xml(report);
        let path = write(&dir, &format!("{name}.xml"), &xml);
        let out = match &schema {
            Some(xsd) => {
                validated += 1;
                let xsd = xsd.to_str().unwrap();
                xmllint(&["--noout", "--nonet", "--schema", xsd], &path)
            }
            None => xmllint(&["--noout", "--nonet"], &path),
        };
        assert!(
            out.status.success(),
            "{name}: {}\n{xml}",
            String::from_utf8_lossy(&out.stderr)
        );
        let main = match report.worst() {
            Indication::TotalPassed => "total-passed",
            Indication::TotalFailed => "total-failed",
            Indication::Indeterminate => "indeterminate",
        };
        assert!(
            xml.contains(&format!(
                "<MainIndication>urn:etsi:019102:mainindication:{main}</MainIndication>"
            )),
            "{name}"
        );
    }
    match &schema {
        Some(_) => eprintln!("validated {validated} ETSI reports against TS119102-2-v141.xsd"),
        None => eprintln!(
            "SKIPPED {} ETSI schema validations (well-formedness only): no TS119102-2-v141.xsd \
             in $ADES_ETSI_SCHEMA_DIR or ../shared/schemas/etsi-119102-2",
            samples.len()
        ),
    }
}

/// The values of every `name="…"` attribute in `xml`.
fn attribute_values<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    xml.match_indices(&needle)
        .filter_map(|(at, _)| xml[at + needle.len()..].split('"').next())
        .collect()
}

/// xmllint checks that identifiers are unique, not that references resolve: this does.
#[test]
fn etsi_xml_references_resolve() {
    for (name, report) in samples::all() {
        let xml = ades_report::etsi_xml(&report);
        let ids = attribute_values(&xml, "id");
        let references = attribute_values(&xml, "VOReference");
        for reference in references.iter().flat_map(|r| r.split_whitespace()) {
            assert!(ids.contains(&reference), "{name}: {reference} is no object");
        }
        let objects = xml.matches("<ValidationObject id=").count();
        let signers = report
            .signatures
            .iter()
            .filter_map(|s| s.signer.certificate.as_ref());
        let distinct: std::collections::BTreeSet<&str> = report
            .signatures
            .iter()
            .flat_map(|s| &s.chain)
            .chain(signers)
            .map(|c| c.sha256.as_str())
            .collect();
        assert_eq!(objects, distinct.len(), "{name}");
    }
}

#[test]
fn etsi_xml_says_what_the_report_says() {
    let samples = samples::all();
    let xml =
        |name: &str| ades_report::etsi_xml(&samples.iter().find(|(n, _)| *n == name).unwrap().1);
    let good = xml("cades-t-good");
    for needle in [
        "<ValidationReport xmlns=\"http://uri.etsi.org/19102/v1.4.1#\">",
        "<SignatureIdentifier id=\"S-1\">",
        "<DAIdentifier>signer-1</DAIdentifier>",
        "<TypeOfProof>urn:etsi:019102:poetype:validation</TypeOfProof>",
        "<SigPolicyId>urn:oid:2.16.724.1.8.1.1.1.1.0</SigPolicyId>",
        "<ValidationConstraintIdentifier>urn:ades:check:message-digest</ValidationConstraintIdentifier>",
        "<Status>urn:etsi:019102:constraintStatus:applied</Status>",
        "<ObjectType>urn:etsi:019102:validationObject:certificate</ObjectType>",
        "<IntermediateCertificate VOReference=\"C-",
    ] {
        assert!(good.contains(needle), "{needle}\n{good}");
    }
    assert_eq!(good.matches("<ValidationObject id=").count(), 3);
    let tampered = xml("cades-tampered");
    assert!(
        tampered
            .contains("<SubIndication>urn:etsi:019102:subindication:HASH_FAILURE</SubIndication>")
    );
    let hostile = xml("hostile");
    assert!(
        hostile.contains(
            "<SubIndication>urn:ades:subindication:MODIFIED_AFTER_SIGNING</SubIndication>"
        )
    );
    assert!(!hostile.contains("<script") && !hostile.contains('\u{0}'));
    assert!(hostile.contains("&lt;script&gt;alert(&quot;detail&quot;)&lt;/script&gt; &amp;"));
    let empty = xml("no-signatures");
    assert_eq!(empty.matches("<SignatureValidationReport>").count(), 1);
    assert!(empty.contains("the file holds no signature"));
}

fn peer_python() -> PathBuf {
    ades_testkit::peer_python().unwrap_or_else(|e| panic!("{e}"))
}

/// The number of schema errors of each of `files` against `schema`, from the peer venv's
/// `jsonschema`, and its full output.
fn jsonschema_errors(schema: &Path, files: &[PathBuf]) -> (Vec<usize>, String) {
    const SCRIPT: &str = r#"
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
for path in sys.argv[2:]:
    errors = list(validator.iter_errors(json.load(open(path, encoding="utf-8"))))
    print(f"ERRORS {len(errors)} {path}")
    for error in errors:
        print(f"  /{'/'.join(map(str, error.absolute_path))}: {error.message}")
"#;
    let mut command = Command::new(peer_python());
    command.arg("-c").arg(SCRIPT).arg(schema).args(files);
    let out = run(command, Duration::from_secs(120));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "jsonschema failed: {text}");
    let counts: Vec<usize> = text
        .lines()
        .filter_map(|l| l.strip_prefix("ERRORS "))
        .map(|l| l.split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(counts.len(), files.len(), "{text}");
    (counts, text)
}

/// `signature` with the value at `pointer` (its last step a key) set to `value`.
fn spoiled(
    signature: &serde_json::Value,
    pointer: &str,
    value: serde_json::Value,
) -> serde_json::Value {
    let mut out = signature.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    out.pointer_mut(parent)
        .and_then(serde_json::Value::as_object_mut)
        .unwrap()
        .insert(key.to_owned(), value);
    out
}

#[test]
fn json_reports_are_schema_valid_and_the_schema_is_strict() {
    let schema: serde_json::Value = serde_json::from_str(ades_report::JSON_SCHEMA).unwrap();
    assert_eq!(schema["$id"], ades_report::JSON_SCHEMA_ID);
    let (_guard, dir) = out_dir();
    let schema_path = write(&dir, "schema.json", ades_report::JSON_SCHEMA);
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for (name, report) in samples::all() {
        let json = ades_report::json(&report);
        assert_eq!(json["$schema"], ades_report::JSON_SCHEMA_ID);
        good.push(write(&dir, &format!("{name}.json"), &json.to_string()));
        // The same report spoiled one way each: the schema must notice every one.
        let Some(first) = json["signatures"].get(0) else {
            continue;
        };
        for (what, pointer, value) in [
            ("extra", "/surprise", serde_json::json!(1)),
            ("indication", "/indication", "PASSED".into()),
            ("outcome", "/checks/0/outcome", "ok".into()),
            ("time", "/signing_time", "yesterday".into()),
            ("sub", "/sub_indication", "HASH_FAILED".into()),
        ] {
            let mut json = json.clone();
            json["signatures"][0] = spoiled(first, pointer, value);
            bad.push(write(
                &dir,
                &format!("{name}-{what}.bad.json"),
                &json.to_string(),
            ));
        }
    }
    let (counts, out) = jsonschema_errors(&schema_path, &[good.clone(), bad.clone()].concat());
    let (good_counts, bad_counts) = counts.split_at(good.len());
    assert!(good_counts.iter().all(|&n| n == 0), "{out}");
    assert!(
        bad_counts.iter().all(|&n| n > 0),
        "a spoiled report passed: {out}"
    );
    eprintln!(
        "{} JSON reports valid, {} spoiled ones rejected by the schema",
        good.len(),
        bad.len()
    );
}

/// Every tag of `html` (all text is escaped, so every `<` opens one), lower-cased.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            rest.split('>')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .collect()
}

#[test]
fn html_is_self_contained_and_escaped() {
    for (name, report) in samples::all() {
        let html = ades_report::html(&report);
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{name}"
        );
        assert!(html.contains("<meta charset=\"utf-8\">"), "{name}");
        assert!(html.contains(&expected_verdict(&report)), "{name}");
        for tag in tags(&html) {
            let tag_name = tag.split_whitespace().next().unwrap_or_default();
            assert!(
                !["script", "img", "link", "iframe", "object", "embed", "base"].contains(&tag_name),
                "{name}: <{tag}>"
            );
            for attribute in ["src=", "href=", "srcset=", "action="] {
                assert!(!tag.contains(attribute), "{name}: <{tag}>");
            }
        }
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{name}");
        let style = lower
            .split("<style>")
            .nth(1)
            .and_then(|s| s.split("</style>").next());
        for needle in ["url(", "@import", "http:", "https:"] {
            assert!(
                !style.unwrap_or_default().contains(needle),
                "{name}: {needle}"
            );
        }
        assert!(!html.contains('\u{0}') && !html.contains('\u{1}'), "{name}");
    }
    let samples = samples::all();
    let hostile = ades_report::html(&samples.iter().find(|(n, _)| *n == "hostile").unwrap().1);
    assert!(hostile.contains("&lt;script&gt;alert(&quot;detail&quot;)&lt;/script&gt; &amp;"));
    assert!(hostile.contains("CN=&lt;img src=x onerror=alert(1)&gt;"));
    assert!(hostile.contains("Policy &lt;b&gt;bold&lt;/b&gt; §1 &amp; 2"));
}

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("ADES_CHROMIUM") {
        return PathBuf::from(path);
    }
    for name in ["chromium", "chromium-browser"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            if dir.join(name).is_file() {
                return dir.join(name);
            }
        }
    }
    panic!(
        "headless Chromium is needed to render the HTML report and was not found: \
         apt-get install chromium (scripts/test.sh does), or set ADES_CHROMIUM"
    );
}

#[test]
fn html_renders_in_headless_chromium_with_the_verdict_in_words() {
    let browser = chromium();
    let (_guard, dir) = out_dir();
    for (name, report) in samples::all() {
        let page = write(&dir, &format!("{name}.html"), &ades_report::html(&report));
        let profile = dir.join(format!("profile-{name}"));
        let mut command = Command::new(&browser);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("--dump-dom")
            .arg(format!("file://{}", page.display()));
        let out = run(command, Duration::from_secs(90));
        let dom = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && dom.contains("</html>"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let verdict = expected_verdict(&report);
        assert!(dom.contains(&verdict), "{name}: no {verdict:?} in\n{dom}");
        assert!(!dom.to_ascii_lowercase().contains("<script"), "{name}");
    }
}
