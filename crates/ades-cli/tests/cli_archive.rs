//! `ades archive` driven like a user: evidence records for many files with one TSA request,
//! verification exit codes, renewal from the manifest, and a run resumed after a failure
//! that asks the TSA for nothing again.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::{Env, code, stderr};

fn files(env: &Env, n: usize) -> Vec<String> {
    std::fs::create_dir_all(env.p("docs")).unwrap();
    (0..n)
        .map(|i| {
            let name = format!("docs/doc-{i:02}.txt");
            std::fs::write(env.p(&name), format!("Expediente {i}\n").repeat(1 + i)).unwrap();
            name
        })
        .collect()
}

/// Runs `args` with the path of one of its outputs taken by a folder (it fails half-way), then
/// again once the folder is gone: the second run succeeds without asking the TSA again.
fn fails_then_resumes(env: &Env, args: &[&str], blocker: &str) -> std::process::Output {
    std::fs::create_dir_all(env.p(blocker)).unwrap();
    assert_ne!(code(&env.ades(args)), 0);
    std::fs::remove_dir(env.p(blocker)).unwrap();
    let before = env.server.request_count();
    let out = env.ades(args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        env.server.request_count() - before,
        0,
        "resumed without a new request"
    );
    out
}

#[test]
fn create_verify_renew_and_resume() {
    let env = Env::with_seed(0x4152_4348);
    let tsa = env.server.tsa_url();
    let docs = files(&env, 20);
    let mut args = vec!["archive", "create", "--tsa", &tsa, "-o", "ers"];
    args.extend(docs.iter().map(String::as_str));
    let before = env.server.request_count();
    let out = env.ades(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(env.server.request_count() - before, 1, "one TSA request");
    assert!(
        std::fs::read_to_string(env.p("ers/MANIFEST.tsv"))
            .unwrap()
            .contains("doc-07.txt.ers")
    );

    let verify = |record: &str, file: &str| {
        let out = env.ades(&[
            "archive",
            "verify",
            "--trust",
            "pki/root.pem",
            "--record",
            record,
            file,
        ]);
        code(&out)
    };
    assert_eq!(verify("ers/doc-07.txt.ers", "docs/doc-07.txt"), 0);
    assert_eq!(verify("ers/doc-07.txt.ers", "docs/doc-08.txt"), 1);

    // Renewal with SHA-512 (a hash-tree renewal over the documents the manifest names).
    let records: Vec<String> = (0..20).map(|i| format!("ers/doc-{i:02}.txt.ers")).collect();
    let mut args = vec![
        "archive", "renew", "--tsa", &tsa, "--digest", "sha512", "-o", "ers2",
    ];
    args.extend(records.iter().map(String::as_str));
    let before = env.server.request_count();
    let out = env.ades(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(env.server.request_count() - before, 1, "one TSA request");
    assert_eq!(verify("ers2/doc-13.txt.ers", "docs/doc-13.txt"), 0);

    // A run that fails half-way (a record's path is taken by a folder) keeps its time-stamp;
    // run again, it asks the TSA for nothing and writes every record.
    let mut args = vec!["archive", "create", "--tsa", &tsa, "-o", "ers3"];
    args.extend(docs.iter().map(String::as_str));
    let out = fails_then_resumes(&env, &args, "ers3/doc-05.txt.ers");
    assert!(stderr(&out).contains("resuming"));
    assert_eq!(verify("ers3/doc-05.txt.ers", "docs/doc-05.txt"), 0);
}

#[test]
fn restamp_renews_what_is_due() {
    let env = Env::with_seed(0x5245_5354);
    let tsa = env.server.tsa_url();
    let out = env.sign("signer1", &["--tsa", &tsa, "-o", "t.csig", "doc.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = env.sign("signer1", &["-o", "b.csig", "doc.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let restamp = |extra: &[&str]| {
        let mut args = vec![
            "archive",
            "restamp",
            "--tsa",
            &tsa,
            "--trust",
            "pki/root.pem",
        ];
        args.extend_from_slice(extra);
        args.extend(["b.csig", "t.csig"]);
        env.ades(&args)
    };
    // Within 90 days only the signature without a time-stamp is due.
    let out = restamp(&["--dry-run", "-o", "out"]);
    let listing = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(listing.contains("due      b.csig"), "{listing}");
    assert!(listing.contains("not due  t.csig"), "{listing}");
    // Asking for SHA-512: the SHA-256 time-stamp is due too; each gets an archive time-stamp.
    let out = restamp(&["--digest", "sha512", "-o", "out"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (c, json) = env.verify_json(&["--trust", "pki/root.pem", "out/t.csig"]);
    assert_eq!(c, 0, "{json}");
    assert_eq!(json["signatures"][0]["level"], "CAdES-LTA", "{json}");
}

#[test]
fn a_group_of_files_in_one_record() {
    let env = Env::with_seed(0x4752_4f55);
    let tsa = env.server.tsa_url();
    let docs = files(&env, 3);
    let mut args = vec![
        "archive",
        "create",
        "--tsa",
        &tsa,
        "--group",
        "expediente",
        "-o",
        "ers",
    ];
    args.extend(docs.iter().map(String::as_str));
    let out = env.ades(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let verify = |files: &[&str]| {
        let mut args = vec![
            "archive",
            "verify",
            "--trust",
            "pki/root.pem",
            "--record",
            "ers/expediente.ers",
        ];
        args.extend_from_slice(files);
        code(&env.ades(&args))
    };
    // The whole group, or any member of it, is covered; a changed member is not.
    assert_eq!(
        verify(&["docs/doc-00.txt", "docs/doc-01.txt", "docs/doc-02.txt"]),
        0
    );
    assert_eq!(verify(&["docs/doc-01.txt"]), 0);
    std::fs::write(env.p("docs/doc-01.txt"), "otro\n").unwrap();
    assert_eq!(verify(&["docs/doc-01.txt"]), 1);
}

#[test]
fn a_renewal_that_fails_half_way_resumes_without_a_new_request() {
    let env = Env::with_seed(0x5245_4e57);
    let tsa = env.server.tsa_url();
    let docs = files(&env, 4);
    let mut args = vec!["archive", "create", "--tsa", &tsa, "-o", "ers"];
    args.extend(docs.iter().map(String::as_str));
    assert_eq!(code(&env.ades(&args)), 0);
    let records: Vec<String> = (0..4).map(|i| format!("ers/doc-{i:02}.txt.ers")).collect();
    let mut args = vec!["archive", "renew", "--tsa", &tsa, "-o", "ers2"];
    args.extend(records.iter().map(String::as_str));
    fails_then_resumes(&env, &args, "ers2/doc-02.txt.ers");
    let out = env.ades(&[
        "archive",
        "verify",
        "--trust",
        "pki/root.pem",
        "--record",
        "ers2/doc-02.txt.ers",
        "docs/doc-02.txt",
    ]);
    assert_eq!(code(&out), 0);
}
