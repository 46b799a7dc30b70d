//! The `ades` command as users and scripts drive it: the CLI contract of the design (output
//! names, atomic writes never over the input, JSON report shape, exit codes) and clear errors
//! on bad input — never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

use std::path::Path;
use std::process::Command;

use ades_testkit::P12_PASSWORD;

mod common;

use common::{Env, code, stderr};

#[test]
fn sign_writes_csig_beside_the_input_and_verify_reports_the_contract_shape() {
    let env = Env::new();
    let out = env.sign(
        "signer1",
        &[
            "--role",
            "emisor",
            "--location",
            "Madrid",
            "--country",
            "ES",
            "--commitment",
            "proof-of-origin",
            "doc.txt",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(env.p("doc.txt.csig").exists());
    let (code, json) = env.verify_json(&["--policy", "madrid", "doc.txt.csig"]);
    let sig = &json["signatures"][0];
    for key in [
        "id",
        "level",
        "indication",
        "sub_indication",
        "signing_time",
        "signing_time_source",
        "signer",
        "policy",
        "checks",
    ] {
        assert!(sig.get(key).is_some(), "missing {key} in {sig}");
    }
    assert_eq!(json["format"], "CAdES");
    assert_eq!(sig["level"], "CAdES-EPES");
    assert_eq!(sig["policy"]["oid"], "2.16.724.1.8.1.1.1.1.0");
    assert_eq!(sig["policy"]["hash_ok"], true);
    assert!(
        sig["signer"]["subject"]
            .as_str()
            .unwrap()
            .contains("12345678Z")
    );
    // The chain, OCSP and CRLs of the test PKI's services all check out: exit code 0.
    assert_eq!(sig["indication"], "TOTAL-PASSED", "{sig}");
    assert_eq!(sig["signing_time_source"], "claimed");
    assert_eq!(code, 0);
    // Without trust anchors the chain cannot be validated: INDETERMINATE, exit code 2.
    let out = env.ades(&["verify", "--format", "json", "doc.txt.csig"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn detached_sha512_and_p12_with_password_file() {
    let env = Env::new();
    let out = env.ades(&[
        "sign",
        "--p12",
        "pki/signer2.p12",
        "--password-file",
        "pw",
        "--packaging",
        "detached",
        "--digest",
        "sha512",
        "-o",
        "det.csig",
        "doc.txt",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // The content beside the signature is found without --content.
    std::fs::copy(env.p("doc.txt"), env.p("det")).unwrap();
    let (_, json) = env.verify_json(&["det.csig"]);
    let checks = json["signatures"][0]["checks"].as_array().unwrap();
    assert!(
        checks
            .iter()
            .any(|c| c["name"] == "message-digest" && c["outcome"] == "passed"),
        "{json}"
    );
    let (code, json) = env.verify_json(&["--content", "doc.txt", "det.csig"]);
    assert_eq!(
        json["signatures"][0]["indication"], "TOTAL-PASSED",
        "{json}"
    );
    assert_eq!(code, 0);
}

#[test]
fn password_from_environment_and_wrong_password() {
    let env = Env::new();
    let out = Command::new(env!("CARGO_BIN_EXE_ades"))
        .current_dir(env.p(""))
        .env("ADES_TEST_PW", P12_PASSWORD)
        .args([
            "sign",
            "--p12",
            "pki/signer1.p12",
            "--password-env",
            "ADES_TEST_PW",
            "-o",
            "env.csig",
            "doc.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    std::fs::write(env.p("bad"), "nope\n").unwrap();
    let out = env.ades(&[
        "sign",
        "--p12",
        "pki/signer1.p12",
        "--password-file",
        "bad",
        "-o",
        "x.csig",
        "doc.txt",
    ]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("wrong password"), "{}", stderr(&out));
    assert!(!env.p("x.csig").exists());
}

#[test]
fn refuses_bad_signer_material() {
    let env = Env::new();
    let expired = env.sign("expired", &["doc.txt"]);
    assert_ne!(code(&expired), 0);
    assert!(stderr(&expired).contains("expired"), "{}", stderr(&expired));
    let no_nr = env.sign("no-repudiation", &["doc.txt"]);
    assert_ne!(code(&no_nr), 0);
    assert!(
        stderr(&no_nr).contains("nonRepudiation"),
        "{}",
        stderr(&no_nr)
    );
    let mismatch = env.ades(&[
        "sign",
        "--key",
        "pki/signer2.key.pem",
        "--cert",
        "pki/signer1.pem",
        "doc.txt",
    ]);
    assert_ne!(code(&mismatch), 0);
    assert!(
        stderr(&mismatch).contains("does not match"),
        "{}",
        stderr(&mismatch)
    );
    let missing = env.sign("signer1", &["no-such-file.txt"]);
    assert_eq!(code(&missing), 4);
    assert!(stderr(&missing).contains("no-such-file.txt"));
    let sha384 = env.sign("signer1", &["--digest", "sha384", "doc.txt"]);
    assert_eq!(code(&sha384), 3);
    assert!(
        stderr(&sha384).contains("not permitted") && stderr(&sha384).contains("§3.5"),
        "{}",
        stderr(&sha384)
    );
}

#[test]
fn never_writes_over_the_input() {
    let env = Env::new();
    let before = std::fs::read(env.p("doc.txt")).unwrap();
    let out = env.sign("signer1", &["-o", "doc.txt", "doc.txt"]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("refusing"));
    let out = env.sign("signer1", &["-o", "./../".to_owned().as_str(), "doc.txt"]);
    assert_ne!(code(&out), 0);
    assert_eq!(std::fs::read(env.p("doc.txt")).unwrap(), before);
}

#[test]
fn exit_codes_follow_the_worst_signature() {
    let env = Env::new();
    assert_eq!(code(&env.sign("signer1", &["doc.txt"])), 0);
    let mut bytes = std::fs::read(env.p("doc.txt.csig")).unwrap();
    // Flip a byte of the encapsulated content: TOTAL-FAILED (HASH_FAILURE), exit 1.
    let at = bytes.windows(9).position(|w| w == b"Solicitud").unwrap();
    bytes[at] ^= 0x20;
    std::fs::write(env.p("tampered.csig"), &bytes).unwrap();
    let (code1, json) = env.verify_json(&["tampered.csig"]);
    assert_eq!(json["signatures"][0]["sub_indication"], "HASH_FAILURE");
    assert_eq!(code1, 1);
    // Truncated and non-CMS input: a clear FORMAT_FAILURE report and exit 1, never a panic.
    let good = std::fs::read(env.p("doc.txt.csig")).unwrap();
    for (name, data) in [
        ("trunc.csig", good[..700].to_vec()),
        ("text.csig", b"hello".to_vec()),
        ("empty.csig", Vec::new()),
    ] {
        std::fs::write(env.p(name), data).unwrap();
        let (c, json) = env.verify_json(&[name]);
        assert_eq!(c, 1, "{name}: {json}");
        assert_eq!(json["signatures"][0]["sub_indication"], "FORMAT_FAILURE");
    }
    // Usage errors exit 3.
    let out = env.ades(&["verify", "--policy", "nonsense", "doc.txt.csig"]);
    assert_eq!(code(&out), 3);
    let out = env.ades(&["verify", "--at", "yesterday", "doc.txt.csig"]);
    assert_eq!(code(&out), 3);
}

#[test]
fn cosign_countersign_and_inspect() {
    let env = Env::new();
    assert_eq!(code(&env.sign("signer1", &["doc.txt"])), 0);
    let mut args: Vec<String> = vec!["cosign".into()];
    args.extend(env.key_args("signer2"));
    args.extend(["-o".into(), "co.csig".into(), "doc.txt.csig".into()]);
    let out = env.ades(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut args: Vec<String> = vec!["countersign".into()];
    args.extend(env.key_args("signer2"));
    args.extend([
        "--signer".into(),
        "2".into(),
        "-o".into(),
        "cs.csig".into(),
        "co.csig".into(),
    ]);
    let out = env.ades(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (_, json) = env.verify_json(&["cs.csig"]);
    let ids: Vec<&str> = json["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["signer-1", "signer-2", "signer-2/counter-1"]);
    let out = env.ades(&["inspect", "cs.csig"]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "signature-policy-identifier",
        "content-hints: text/plain",
        "counter-signature 1",
        "signing-certificate-v2",
    ] {
        assert!(text.contains(needle), "inspect lacks {needle}:\n{text}");
    }
}

#[test]
fn demo_runs_end_to_end() {
    let env = Env::new();
    let out = env.ades(&["demo", "--out", "demo"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("solicitud.txt.csig"));
    assert!(Path::new(&env.p("demo/pki/root.pem")).exists());
    assert!(
        text.matches("signature-value: RSA/SHA-256 signature verifies")
            .count()
            == 2,
        "{text}"
    );
}

#[test]
fn level_t_extend_and_time_stamp_tokens() {
    let env = Env::new();
    let tsa = env.server.tsa_url();
    let out = env.sign(
        "signer1",
        &[
            "--tsa",
            &tsa,
            "--content-timestamp",
            "-o",
            "t.csig",
            "doc.txt",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (c, json) = env.verify_json(&["t.csig"]);
    let sig = &json["signatures"][0];
    assert_eq!(
        (
            c,
            sig["level"].as_str(),
            sig["signing_time_source"].as_str()
        ),
        (0, Some("CAdES-T"), Some("timestamp")),
        "{sig}"
    );
    let checks = sig["checks"].as_array().unwrap();
    assert!(
        checks
            .iter()
            .any(|c| c["name"] == "content-timestamp" && c["outcome"] == "passed"),
        "{sig}"
    );

    assert_eq!(code(&env.sign("signer1", &["-o", "b.csig", "doc.txt"])), 0);
    let out = env.ades(&[
        "extend", "--to", "T", "--tsa", &tsa, "-o", "b2t.csig", "b.csig",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (c, json) = env.verify_json(&["b2t.csig"]);
    assert_eq!(
        (c, json["signatures"][0]["level"].as_str()),
        (0, Some("CAdES-T"))
    );
    // Long-term levels need a chain to a trust anchor: without --trust, a clear refusal.
    let out = env.ades(&["extend", "--to", "LTA", "--tsa", &tsa, "b.csig"]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("long-term"), "{}", stderr(&out));
    assert!(!env.p("b.csig.lta.csig").exists());

    let out = env.ades(&["timestamp", "--tsa", &tsa, "doc.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (c, json) = env.verify_json(&["doc.txt.tst"]);
    assert_eq!(
        (c, json["format"].as_str()),
        (0, Some("RFC 3161")),
        "{json}"
    );
    std::fs::write(env.p("other.txt"), "otro documento").unwrap();
    let (c, json) = env.verify_json(&["--content", "other.txt", "doc.txt.tst"]);
    assert_eq!(
        (c, json["signatures"][0]["sub_indication"].as_str()),
        (1, Some("HASH_FAILURE"))
    );
}

#[test]
fn creation_checks_refuse_revoked_and_offline_signs_with_a_warning() {
    let env = Env::new();
    let revoked = env.sign("revoked", &["doc.txt"]);
    assert_ne!(code(&revoked), 0);
    assert!(
        stderr(&revoked).contains("revoked on"),
        "{}",
        stderr(&revoked)
    );
    assert!(!env.p("doc.txt.csig").exists());
    // Offline, the revocation check is skipped and said so.
    let offline = env.sign("signer1", &["--offline", "-o", "off.csig", "doc.txt"]);
    assert_eq!(code(&offline), 0, "{}", stderr(&offline));
    assert!(stderr(&offline).contains("offline"), "{}", stderr(&offline));
    // Verifying offline without CRLs cannot pass; with the CAs' CRLs it can.
    let (c, json) = env.verify_json(&["--offline", "off.csig"]);
    assert_eq!(
        (c, json["signatures"][0]["sub_indication"].as_str()),
        (2, Some("TRY_LATER"))
    );
    let now = ades::core::datetime::now();
    let week = ades::core::time::Duration::days(7);
    std::fs::write(
        env.p("ape.crl"),
        env.server.pki().crl("ape", now, week).unwrap(),
    )
    .unwrap();
    std::fs::write(
        env.p("root.crl"),
        env.server.pki().crl("root", now, week).unwrap(),
    )
    .unwrap();
    let (c, json) = env.verify_json(&[
        "--offline",
        "--crl",
        "ape.crl",
        "--crl",
        "root.crl",
        "off.csig",
    ]);
    assert_eq!(c, 0, "{json}");
}

#[test]
fn a_dead_or_faulty_tsa_is_a_clear_error() {
    let env = Env::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dead = format!("http://127.0.0.1:{port}/tsa");
    let started = std::time::Instant::now();
    let out = env.sign("signer1", &["--tsa", &dead, "-o", "d.csig", "doc.txt"]);
    assert_eq!(code(&out), 4);
    assert!(stderr(&out).contains("unreachable"), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(
        !env.p("d.csig").exists(),
        "nothing is written when time-stamping fails"
    );
    env.server.set_fault(ades_testkit::server::Fault::Http500);
    let out = env.ades(&["timestamp", "--tsa", &env.server.tsa_url(), "doc.txt"]);
    assert_eq!(code(&out), 4);
    assert!(stderr(&out).contains("HTTP 500"), "{}", stderr(&out));
}
