//! `ades sign` and `ades verify` over many files: folders, manifests, shards (also from
//! JOB_COMPLETION_INDEX), JSON lines, report files, unreadable files, and the revocation
//! cache shared through a real `redis-server`; `ades csv`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::collections::BTreeSet;

use common::{Env, code, stderr};
use serde_json::Value;

const FILES: usize = 24;

/// An environment with FILES documents in `batch/`, all signed there by one `ades sign`.
fn signed_batch() -> Env {
    let env = Env::with_seed(0x4241_5443);
    std::fs::create_dir(env.p("batch")).unwrap();
    for i in 0..FILES {
        std::fs::write(
            env.p(&format!("batch/doc{i:02}.txt")),
            format!("Documento {i}\n"),
        )
        .unwrap();
    }
    let out = env.sign("signer1", &["--trust", "pki/root.pem", "batch"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("sign: {FILES} files")),
        "{}",
        stderr(&out)
    );
    env
}

/// The JSON lines of a run, by file.
fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect()
}

fn files_of(lines: &[Value]) -> BTreeSet<String> {
    lines
        .iter()
        .map(|l| l["file"].as_str().unwrap().to_owned())
        .collect()
}

fn verify(env: &Env, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["verify", "--trust", "pki/root.pem"];
    args.extend_from_slice(extra);
    env.ades(&args)
}

#[test]
fn a_folder_is_signed_and_verified_as_json_lines() {
    let env = signed_batch();
    // Signing the folder again signs only the documents, not the signatures beside them.
    let again = env.sign(
        "signer1",
        &["--trust", "pki/root.pem", "--jobs", "1", "batch"],
    );
    assert!(
        stderr(&again).contains(&format!("sign: {FILES} files")),
        "{}",
        stderr(&again)
    );
    let out = verify(&env, &["--json-lines", "batch"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines = lines(&out.stdout);
    assert_eq!(lines.len(), FILES);
    for l in &lines {
        assert_eq!(l["signatures"][0]["indication"], "TOTAL-PASSED", "{l}");
        assert!(
            l["$schema"]
                .as_str()
                .unwrap()
                .contains("validation-report/1")
        );
    }
    let err = stderr(&out);
    assert!(err.contains(&format!("verify: {FILES} files")), "{err}");
    assert!(
        !err.contains('\u{1b}'),
        "no progress bar when stderr is not a terminal: {err}"
    );
    // -o takes one file only.
    let out = verify(
        &env,
        &[
            "-o",
            "r.txt",
            "batch/doc00.txt.csig",
            "batch/doc01.txt.csig",
        ],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

#[test]
fn shards_split_the_batch_and_read_the_job_index() {
    let env = signed_batch();
    let run = |shard: &str, vars: &[(&str, &std::ffi::OsStr)]| {
        let out = env.ades_with(
            &[
                "verify",
                "--trust",
                "pki/root.pem",
                "--json-lines",
                "--shard",
                shard,
                "batch",
            ],
            vars,
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        files_of(&lines(&out.stdout))
    };
    let (first, second, third) = (run("0/3", &[]), run("1/3", &[]), run("2/3", &[]));
    assert_eq!(first.len() + second.len() + third.len(), FILES);
    assert!(first.is_disjoint(&second) && second.is_disjoint(&third));
    let from_env = run("/3", &[("JOB_COMPLETION_INDEX", std::ffi::OsStr::new("1"))]);
    assert_eq!(from_env, second);
    let out = env.ades(&["verify", "--shard", "/3", "batch"]);
    assert_eq!(code(&out), 3, "no JOB_COMPLETION_INDEX: {}", stderr(&out));
    let out = env.ades(&["verify", "--shard", "3/3", "batch"]);
    assert_eq!(code(&out), 3);
}

#[test]
fn unreadable_files_are_reported_and_the_batch_goes_on() {
    let env = signed_batch();
    std::fs::write(env.p("batch/broken.csig"), b"\x30\x82\x01").unwrap();
    let out = verify(&env, &["--json-lines", "batch", "missing.csig"]);
    assert_eq!(
        code(&out),
        4,
        "an unreadable file is the worst: {}",
        stderr(&out)
    );
    let lines = lines(&out.stdout);
    assert_eq!(lines.len(), FILES + 2);
    let by_name = |name: &str| {
        lines
            .iter()
            .find(|l| l["file"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    let missing = by_name("missing.csig");
    assert_eq!(missing["signatures"][0]["indication"], "INDETERMINATE");
    assert_eq!(
        missing["signatures"][0]["sub_indication"],
        "SIGNED_DATA_NOT_FOUND"
    );
    let broken = by_name("broken.csig");
    assert_eq!(broken["signatures"][0]["indication"], "TOTAL-FAILED");
    assert!(stderr(&out).contains("1 unreadable"), "{}", stderr(&out));
}

#[test]
fn manifests_name_files_and_may_not_leave_their_folder() {
    let env = signed_batch();
    std::fs::write(
        env.p("batch/list.txt"),
        "# two of them\ndoc00.txt.csig\ndoc01.txt.csig\n",
    )
    .unwrap();
    let out = verify(&env, &["--json-lines", "--manifest", "batch/list.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(lines(&out.stdout).len(), 2);
    std::fs::write(env.p("batch/evil.txt"), "doc00.txt.csig\n../pki/root.pem\n").unwrap();
    let out = verify(&env, &["--json-lines", "--manifest", "batch/evil.txt"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "refused before any file is validated"
    );
    assert!(stderr(&out).contains("outside"), "{}", stderr(&out));
}

#[test]
fn reports_are_written_in_every_format() {
    let env = signed_batch();
    for (format, marker) in [
        ("etsi-xml", "<ValidationReport"),
        ("html", "<!DOCTYPE html"),
        ("json", "\"$schema\""),
        ("text", "TOTAL-PASSED"),
    ] {
        let out = verify(
            &env,
            &["--report", format, "-o", "r.out", "batch/doc00.txt.csig"],
        );
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let text = std::fs::read_to_string(env.p("r.out")).unwrap();
        assert!(text.contains(marker), "{format}: {text}");
    }
    // A file that cannot be read still gets a report saying so.
    let out = verify(
        &env,
        &["--report", "etsi-xml", "-o", "m.xml", "missing.csig"],
    );
    assert_eq!(code(&out), 4);
    let text = std::fs::read_to_string(env.p("m.xml")).unwrap();
    assert!(
        text.contains("indeterminate") || text.contains("INDETERMINATE"),
        "{text}"
    );
    // A batch writes one report per file into --report-dir.
    let out = verify(
        &env,
        &["--report", "html", "--report-dir", "reports", "batch"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = std::fs::read_dir(env.p("reports")).unwrap().count();
    assert_eq!(written, FILES);
    assert!(env.p("reports/doc00.txt.csig.report.html").is_file());
}

#[test]
fn shards_share_revocation_answers_through_redis() {
    let env = signed_batch();
    let mut redis = ades_testkit::redis::RedisServer::start().unwrap();
    let url = redis.url();
    let online = verify(&env, &["--json-lines", "--revocation-cache", &url, "batch"]);
    assert_eq!(code(&online), 0, "{}", stderr(&online));
    // Offline, the answers the online run stored decide: nothing is indeterminate.
    let offline = verify(
        &env,
        &[
            "--offline",
            "--json-lines",
            "--revocation-cache",
            &url,
            "batch",
        ],
    );
    assert_eq!(code(&offline), 0, "{}", stderr(&offline));
    assert_eq!(lines(&offline.stdout).len(), FILES);
    // Without the cache, offline cannot know.
    let alone = verify(&env, &["--offline", "--json-lines", "batch"]);
    assert_eq!(code(&alone), 2, "{}", stderr(&alone));
    // Redis down: a warning, the same verdicts.
    redis.stop();
    let down = verify(&env, &["--json-lines", "--revocation-cache", &url, "batch"]);
    assert_eq!(code(&down), 0, "{}", stderr(&down));
    assert_eq!(lines(&down.stdout).len(), FILES);
    assert!(
        stderr(&down).contains("warning: revocation cache"),
        "{}",
        stderr(&down)
    );
}

#[test]
fn secure_verification_codes_check_against_their_document() {
    let env = Env::new();
    std::fs::write(env.p("csv.key"), [7u8; 32]).unwrap();
    let out = env.ades(&["csv", "make", "--secret-file", "csv.key", "doc.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let made = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(made.len(), 23, "{made}");
    let check = |code_text: &str, extra: &[&str]| {
        let mut args = vec![
            "csv",
            "check",
            "--secret-file",
            "csv.key",
            "--code",
            code_text,
        ];
        args.extend_from_slice(extra);
        args.push("doc.txt");
        code(&env.ades(&args))
    };
    assert_eq!(check(&made, &[]), 0);
    assert_eq!(check(&made.to_ascii_lowercase().replace('-', " "), &[]), 0);
    assert_eq!(check(&made, &["--signer", "12345678Z"]), 1);
    assert_eq!(check(&made, &["--issuer", "Otro"]), 1);
    assert_eq!(check("not a code", &[]), 3);
    std::fs::write(env.p("doc.txt"), "changed\n").unwrap();
    assert_eq!(check(&made, &[]), 1);
    std::fs::write(env.p("short.key"), [7u8; 4]).unwrap();
    let out = env.ades(&["csv", "make", "--secret-file", "short.key", "doc.txt"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

#[test]
fn a_folder_of_signatures_is_extended_file_by_file() {
    let env = signed_batch();
    let tsa = env.server.tsa_url();
    let out = env.ades(&[
        "extend",
        "--to",
        "T",
        "--tsa",
        &tsa,
        "--trust",
        "pki/root.pem",
        "batch",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("extend: {FILES} files")),
        "{}",
        stderr(&out)
    );
    let out = verify(&env, &["--json-lines", "batch"]);
    let lines = lines(&out.stdout);
    let extended: Vec<&Value> = lines
        .iter()
        .filter(|l| l["file"].as_str().unwrap().ends_with(".t.csig"))
        .collect();
    assert_eq!(extended.len(), FILES);
    for l in extended {
        assert_eq!(l["signatures"][0]["level"], "CAdES-T", "{l}");
        assert_eq!(l["signatures"][0]["indication"], "TOTAL-PASSED", "{l}");
    }
    let out = env.ades(&[
        "extend", "--to", "T", "--tsa", &tsa, "-o", "x.csig", "batch",
    ]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

#[test]
fn a_visible_pades_signature_shows_a_code_that_checks_against_the_signed_pdf() {
    let env = Env::new();
    let objects = [
        "<</Type/Catalog/Pages 2 0 R>>".to_owned(),
        "<</Type/Pages/Kids[3 0 R]/Count 1>>".to_owned(),
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>".to_owned(),
    ];
    std::fs::write(
        env.p("decreto.pdf"),
        ades_testkit::pdf::pdf_file(&objects, ""),
    )
    .unwrap();
    std::fs::write(env.p("csv.key"), [9u8; 32]).unwrap();
    let out = env.sign(
        "signer1",
        &[
            "--format",
            "pades",
            "--trust",
            "pki/root.pem",
            "--visible",
            "1:36,36,260,60",
            "--csv-secret-file",
            "csv.key",
            "decreto.pdf",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let signed = std::fs::read(env.p("decreto.signed.pdf")).unwrap();
    let text = String::from_utf8_lossy(&signed);
    let shown = text
        .split("(CSV: ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("the code is in the visible signature's appearance")
        .to_owned();
    assert!(stderr(&out).contains(&shown), "{}", stderr(&out));
    let check = |file: &str, extra: &[&str]| {
        let mut args = vec!["csv", "check", "--secret-file", "csv.key", "--code", &shown];
        args.extend_from_slice(extra);
        args.push(file);
        code(&env.ades(&args))
    };
    // The signed PDF (its revision before the signature) and the original with its signer.
    assert_eq!(check("decreto.signed.pdf", &[]), 0);
    assert_eq!(check("decreto.pdf", &["--signer", "IDCES-12345678Z"]), 0);
    assert_eq!(
        check("decreto.pdf", &[]),
        1,
        "the signer is part of the binding"
    );
    let out = env.sign(
        "signer1",
        &[
            "--format",
            "pades",
            "--csv-secret-file",
            "csv.key",
            "decreto.pdf",
        ],
    );
    assert_eq!(code(&out), 3, "a code needs a visible signature");
}

#[test]
fn verify_records_a_secure_verification_code_in_the_report() {
    let env = Env::new();
    std::fs::write(env.p("csv.key"), [5u8; 32]).unwrap();
    let out = env.sign("signer1", &["--trust", "pki/root.pem", "doc.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let made = env.ades(&["csv", "make", "--secret-file", "csv.key", "doc.txt.csig"]);
    let made = String::from_utf8(made.stdout).unwrap().trim().to_owned();
    let report = |code_text: &str| {
        let out = env.ades(&[
            "verify",
            "--trust",
            "pki/root.pem",
            "--report",
            "json",
            "--csv-secret-file",
            "csv.key",
            "--csv-code",
            code_text,
            "doc.txt.csig",
        ]);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let csv = json["signatures"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "csv")
            .unwrap()
            .clone();
        (code(&out), csv)
    };
    let (exit, csv) = report(&made);
    assert_eq!(exit, 0, "{csv}");
    assert_eq!(csv["outcome"], "passed");
    assert!(csv["rule"].as_str().unwrap().contains("§4.1.2"), "{csv}");
    let other = made.replace(&made[..1], if made.starts_with('0') { "1" } else { "0" });
    let (exit, csv) = report(&other);
    assert_eq!(exit, 1, "{csv}");
    assert_eq!(csv["outcome"], "failed");
}
