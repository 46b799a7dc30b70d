//! Keys that are not files, driven like a user: a SoftHSM2 token (Debian `softhsm2`, installed
//! by scripts/test.sh) signs, co-signs and counter-signs CAdES and signs XAdES, with the PIN from
//! the environment; a wrong PIN writes nothing; a CSC service (certomancer-csc-dummy, in the
//! peer venv) signs CAdES.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use std::path::PathBuf;

use common::{Env, code, stderr};

/// A SoftHSM2 token in the environment's directory holding signer1's and signer2's keys.
fn token(env: &Env) -> PathBuf {
    let key = |label: &str| env.p(&format!("pki/{label}.key.pem"));
    let (one, two) = (key("signer1"), key("signer2"));
    ades_testkit::softhsm::token(
        env.dir.path(),
        "ades-cli",
        "123456",
        &[("signer1", "01", &one), ("signer2", "02", &two)],
    )
    .unwrap()
}

fn module() -> String {
    ades_testkit::softhsm::module()
        .unwrap()
        .display()
        .to_string()
}

fn token_args(module: &str, label: &str) -> Vec<String> {
    [
        "--pkcs11",
        module,
        "--token",
        "ades-cli",
        "--key-label",
        label,
        "--pin-env",
        "PIN",
        "--cert",
        &format!("pki/{label}.pem"),
        "--chain",
        "pki/chain.pem",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn a_token_signs_cosigns_and_countersigns_and_a_wrong_pin_writes_nothing() {
    let env = Env::new();
    let conf = token(&env);
    let module = module();
    let good = "123456";
    let run = |verb: &str, label: &str, extra: &[&str], pin: &str| {
        let mut args = vec![verb.to_owned()];
        args.extend(token_args(&module, label));
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        env.ades_with(
            &refs,
            &[
                ("SOFTHSM2_CONF", conf.as_os_str()),
                ("PIN", std::ffi::OsStr::new(pin)),
            ],
        )
    };
    let out = run("sign", "signer1", &["-o", "t.csig", "doc.txt"], good);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run("cosign", "signer2", &["-o", "co.csig", "t.csig"], good);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run(
        "countersign",
        "signer1",
        &["--signer", "2", "-o", "cs.csig", "co.csig"],
        good,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (rc, json) = env.verify_json(&["cs.csig"]);
    assert_eq!(rc, 0, "{json:#}");
    assert_eq!(json["signatures"].as_array().unwrap().len(), 3);
    let out = run(
        "sign",
        "signer1",
        &["--format", "xades", "-o", "t.xsig", "doc.txt"],
        good,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(env.verify_json(&["t.xsig"]).0, 0);

    let out = run("sign", "signer1", &["-o", "bad.csig", "doc.txt"], "654321");
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("wrong PIN"), "{}", stderr(&out));
    assert!(!env.p("bad.csig").exists(), "nothing is written");
}

#[test]
fn a_csc_credential_signs() {
    let env = Env::new();
    let python = ades_testkit::peer_python().unwrap();
    let service = ades_testkit::csc::CscDummy::start(env.server.pki(), &python).unwrap();
    let url = service.url();
    let out = env.ades(&[
        "sign",
        "--csc",
        &url,
        "--csc-credential",
        "ades-test/signer1",
        "--offline",
        "-o",
        "r.csig",
        "doc.txt",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Intact, signed by the key the service holds (its certificate is Certomancer's, not
    // trusted here): INDETERMINATE for the chain only.
    let out = env.ades(&["verify", "--format", "json", "r.csig"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["signatures"][0]["indication"], "INDETERMINATE",
        "{json:#}"
    );
    assert_eq!(
        json["signatures"][0]["sub_indication"], "NO_CERTIFICATE_CHAIN_FOUND",
        "{json:#}"
    );
    let out = env.ades(&[
        "sign",
        "--csc",
        &url,
        "--csc-credential",
        "ades-test/nobody",
        "--offline",
        "-o",
        "n.csig",
        "doc.txt",
    ]);
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("no credential"), "{}", stderr(&out));
    assert!(!env.p("n.csig").exists());
}
