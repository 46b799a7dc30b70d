//! `ades sign --format pades`, `ades doc-timestamp` and `ades verify` on PDFs as users and
//! scripts drive them: the output name, the input never touched and its bytes kept as the
//! prefix of the output, sequential signatures, PAdES-T, exit codes from the worst
//! indication, dynamic content refused with a clear message, and a broken PDF reported as
//! TOTAL-FAILED / FORMAT_FAILURE (exit 1), never an error exit or a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

use std::process::Output;

mod common;

use common::Env;

fn pdf(catalog_extra: &str, extra: &[&str]) -> Vec<u8> {
    let mut objects = vec![
        format!("<</Type/Catalog/Pages 2 0 R{catalog_extra}>>"),
        "<</Type/Pages/Kids[3 0 R]/Count 1>>".into(),
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>".into(),
    ];
    objects.extend(extra.iter().map(|s| s.to_string()));
    ades_testkit::pdf::pdf_file(&objects, "")
}

/// The CLI environment with a one-page `doc.pdf`.
fn env() -> Env {
    let env = Env::with_seed(0x434c_5044);
    std::fs::write(env.p("doc.pdf"), pdf("", &[])).unwrap();
    env
}

/// `ades sign --format pades` by `label` on `input`, trusting the test root.
fn sign_pdf(env: &Env, label: &str, input: &str, extra: &[&str]) -> Output {
    let mut args = vec!["--format", "pades", "--trust", "pki/root.pem"];
    args.extend_from_slice(extra);
    args.push(input);
    env.sign(label, &args)
}

fn indications(json: &serde_json::Value) -> Vec<String> {
    json["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["indication"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn sign_twice_timestamp_and_verify() {
    let env = env();
    let original = std::fs::read(env.p("doc.pdf")).unwrap();
    let out = sign_pdf(
        &env,
        "signer1",
        "doc.pdf",
        &["--location", "Madrid", "--reason", "Conforme"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(env.p("doc.pdf")).unwrap(),
        original,
        "the input is untouched"
    );
    let signed = std::fs::read(env.p("doc.signed.pdf")).unwrap();
    assert!(signed.starts_with(&original));
    let (code, json) = env.verify_json(&["doc.signed.pdf"]);
    assert_eq!(
        (code, indications(&json)),
        (0, vec!["TOTAL-PASSED".to_owned()]),
        "{json:#}"
    );
    assert_eq!(json["format"], "PAdES");

    let tsa = env.server.tsa_url();
    let out = sign_pdf(
        &env,
        "signer2",
        "doc.signed.pdf",
        &[
            "--tsa",
            &tsa,
            "--visible",
            "1:36,36,200,50",
            "-o",
            "two.pdf",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, json) = env.verify_json(&["two.pdf"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["signatures"][1]["level"], "PAdES-T");

    let out = env.ades(&[
        "doc-timestamp",
        "--tsa",
        &tsa,
        "-o",
        "stamped.pdf",
        "two.pdf",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, json) = env.verify_json(&["stamped.pdf"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(indications(&json).len(), 3);

    // Never over the input.
    let out = sign_pdf(&env, "signer1", "doc.pdf", &["-o", "doc.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(std::fs::read(env.p("doc.pdf")).unwrap(), original);
}

#[test]
fn dynamic_content_broken_and_modified_pdfs() {
    let env = env();
    std::fs::write(
        env.p("js.pdf"),
        pdf(
            "/OpenAction 4 0 R",
            &["<</S/JavaScript/JS(app.alert\\(1\\))>>"],
        ),
    )
    .unwrap();
    let out = sign_pdf(&env, "signer1", "js.pdf", &[]);
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dynamic content") && stderr.contains("JavaScript"),
        "{stderr}"
    );
    assert!(!env.p("js.signed.pdf").exists());
    let out = sign_pdf(&env, "signer1", "js.pdf", &["--allow-dynamic-content"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Not a PDF we can sign: a clear refusal.
    std::fs::write(env.p("bad.pdf"), b"%PDF-1.7\nnothing here").unwrap();
    let out = sign_pdf(&env, "signer1", "bad.pdf", &[]);
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A broken PDF verifies to a FORMAT_FAILURE report, exit 1.
    let (code, json) = env.verify_json(&["bad.pdf"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(json["signatures"][0]["sub_indication"], "FORMAT_FAILURE");

    // A signed PDF whose page is replaced afterwards: TOTAL-FAILED, exit 1.
    sign_pdf(&env, "signer1", "doc.pdf", &[]);
    let mut signed = std::fs::read(env.p("doc.signed.pdf")).unwrap();
    let text = String::from_utf8_lossy(&signed).into_owned();
    let prev: usize = text
        .rsplit("startxref\n")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let at = signed.len();
    signed
        .extend_from_slice(b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>>\nendobj\n");
    let xref = signed.len();
    signed.extend_from_slice(
        format!("xref\n3 1\n{at:010} 00000 n \ntrailer\n<</Size 20/Root 1 0 R/Prev {prev}>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    std::fs::write(env.p("modified.pdf"), signed).unwrap();
    let (code, json) = env.verify_json(&["modified.pdf"]);
    assert_eq!(code, 1, "{json:#}");
    assert_eq!(
        json["signatures"][0]["sub_indication"], "MODIFIED_AFTER_SIGNING",
        "{json:#}"
    );
}
