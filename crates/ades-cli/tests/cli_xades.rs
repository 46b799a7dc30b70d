//! `ades` on XAdES as users drive it: the policy's `<documento>` structure by default, the
//! other packagings, counter- and co-signatures, XAdES-T, inspection, and clear refusals
//! (DTDs, non-XML enveloped input, Facturae enveloping) that leave the input untouched.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

mod common;

use common::{Env, code, stderr};

const INVOICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Factura xmlns="urn:example:factura"><Emisor>Ayuntamiento de Madrid</Emisor></Factura>
"#;

#[test]
fn internally_detached_by_default_then_counter_signed_extended_and_inspected() {
    let env = Env::new();
    let before = std::fs::read(env.p("doc.txt")).unwrap();
    let out = env.sign(
        "signer1",
        &["--format", "xades", "--role", "emisor", "doc.txt"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        std::fs::read(env.p("doc.txt")).unwrap(),
        before,
        "the input is untouched"
    );
    let xml = std::fs::read_to_string(env.p("doc.txt.xsig")).unwrap();
    assert!(xml.contains("<documento><documentoOriginal Id=\"original\" encoding=\"base64\" nombreFichero=\"doc.txt\">"));
    let (rc, json) = env.verify_json(&["--policy", "madrid", "doc.txt.xsig"]);
    assert_eq!(json["format"], "XAdES");
    let sig = &json["signatures"][0];
    assert_eq!(sig["indication"], "TOTAL-PASSED", "{sig}");
    assert_eq!(sig["level"], "XAdES-EPES");
    assert_eq!(sig["policy"]["hash_ok"], true);
    assert_eq!(rc, 0);

    let mut args = vec!["countersign".to_owned()];
    args.extend(env.key_args("signer2"));
    args.extend(["-o".into(), "cs.xsig".into(), "doc.txt.xsig".into()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = env.ades(&refs);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let tsa = env.server.tsa_url();
    let out = env.ades(&[
        "extend",
        "--to",
        "T",
        "--tsa",
        &tsa,
        "-o",
        "cs.t.xsig",
        "cs.xsig",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 signature time-stamp(s) added"),
        "{}",
        stderr(&out)
    );
    let (rc, json) = env.verify_json(&["cs.t.xsig"]);
    let sigs = json["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 2, "{json}");
    assert_eq!(sigs[0]["level"], "XAdES-T");
    assert_eq!(sigs[0]["signing_time_source"], "timestamp");
    assert!(
        sigs.iter().all(|s| s["indication"] == "TOTAL-PASSED"),
        "{json}"
    );
    assert_eq!(rc, 0);

    let out = env.ades(&["inspect", "cs.t.xsig"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(code(&out), 0);
    assert!(text.contains("counter-signature 1"), "{text}");
    assert!(text.contains("SignatureTimeStamp"), "{text}");
}

#[test]
fn enveloped_enveloping_and_detached() {
    let env = Env::new();
    std::fs::write(env.p("factura.xml"), INVOICE).unwrap();
    let out = env.sign(
        "signer1",
        &[
            "--format",
            "xades",
            "--packaging",
            "enveloped",
            "--policy",
            "facturae",
            "--role",
            "emisor",
            "factura.xml",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (rc, json) = env.verify_json(&["factura.xml.xsig"]);
    assert_eq!(
        json["signatures"][0]["policy"]["name"], "Facturae v3.1",
        "{json}"
    );
    assert_eq!(rc, 0, "{json}");

    let out = env.sign(
        "signer1",
        &[
            "--format",
            "xades",
            "--packaging",
            "enveloping",
            "-o",
            "env.xsig",
            "doc.txt",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("§3.2.1"),
        "the note on the packaging: {}",
        stderr(&out)
    );
    assert_eq!(env.verify_json(&["env.xsig"]).0, 0);

    let out = env.sign(
        "signer1",
        &[
            "--format",
            "xades",
            "--packaging",
            "detached",
            "-o",
            "det.xsig",
            "doc.txt",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (rc, _) = env.verify_json(&["det.xsig"]);
    assert_eq!(rc, 2, "without the content: INDETERMINATE");
    let (rc, json) = env.verify_json(&["--content", "doc.txt", "det.xsig"]);
    assert_eq!(rc, 0, "{json}");

    // A content time-stamp (AllDataObjectsTimeStamp) and a signature time-stamp.
    let tsa = env.server.tsa_url();
    let out = env.sign(
        "signer1",
        &[
            "--format",
            "xades",
            "--tsa",
            &tsa,
            "--content-timestamp",
            "-o",
            "ct.xsig",
            "doc.txt",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (rc, json) = env.verify_json(&["ct.xsig"]);
    assert_eq!(rc, 0, "{json}");
    let checks = json["signatures"][0]["checks"].as_array().unwrap();
    assert!(
        checks
            .iter()
            .any(|c| c["name"] == "content-timestamp" && c["outcome"] == "passed"),
        "{json}"
    );
}

#[test]
fn refusals_are_clear_and_write_nothing() {
    let env = Env::new();
    std::fs::write(
        env.p("xxe.xml"),
        "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n<d>&x;</d>",
    )
    .unwrap();
    let out = env.sign(
        "signer1",
        &["--format", "xades", "--packaging", "enveloped", "xxe.xml"],
    );
    assert_ne!(code(&out), 0);
    assert!(
        stderr(&out).to_lowercase().contains("dtd"),
        "{}",
        stderr(&out)
    );
    assert!(!env.p("xxe.xml.xsig").exists());

    let out = env.sign(
        "signer1",
        &["--format", "xades", "--packaging", "enveloped", "doc.txt"],
    );
    assert_ne!(code(&out), 0, "a text file is not XML");
    assert!(!env.p("doc.txt.xsig").exists());

    let out = env.sign(
        "signer1",
        &[
            "--format",
            "xades",
            "--packaging",
            "enveloping",
            "--policy",
            "facturae",
            "doc.txt",
        ],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(stderr(&out).contains("enveloped"));

    let out = env.sign(
        "signer1",
        &["--format", "xades", "--packaging", "attached", "doc.txt"],
    );
    assert_eq!(code(&out), 3, "{}", stderr(&out));

    // A broken XML signature is a report, not an error.
    std::fs::write(env.p("broken.xsig"), "<documento><ds:Signature").unwrap();
    let (rc, json) = env.verify_json(&["broken.xsig"]);
    assert_eq!(rc, 1);
    assert_eq!(json["signatures"][0]["sub_indication"], "FORMAT_FAILURE");
}
