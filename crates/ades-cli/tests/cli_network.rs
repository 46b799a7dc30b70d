//! `--network-timeout` and the network's faults as a user meets them (issue 14, part 5): a
//! time-stamp authority that hangs, trickles, resets the connection, answers garbage or an
//! oversized body fails `ades sign` within the timeout with a clear message, exit code 4, no
//! panic and no output file; an OCSP responder that hangs makes `ades verify` INDETERMINATE
//! (TRY_LATER) within the timeout.
//!
//! Every case has its own test PKI and services and runs on its own thread: the file takes
//! about one timeout.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

use std::process::Output;
use std::time::{Duration, Instant};

use ades_testkit::parallel::in_parallel;
use ades_testkit::server::{Fault, Service};

mod common;

use common::{Env, code, stderr};

/// `--network-timeout` in the tests.
const TIMEOUT: &str = "2";
/// How long a command may take with it: the timeout, and the rest of the run.
const BOUND: Duration = Duration::from_secs(5);

/// `ades sign --level T` with a TSA that has `fault`, timed; the signer's OCSP check and the
/// CRLs are answered correctly.
fn sign_with_faulty_tsa(fault: Fault) -> (Env, String, Output, Duration) {
    let env = Env::new();
    env.server.set_fault_for(Service::Tsa, fault);
    let tsa = env.server.tsa_url();
    let started = Instant::now();
    let out = env.sign(
        "signer1",
        &[
            "--trust",
            "pki/root.pem",
            "--level",
            "T",
            "--tsa",
            &tsa,
            "--network-timeout",
            TIMEOUT,
            "-o",
            "out.csig",
            "doc.txt",
        ],
    );
    let took = started.elapsed();
    (env, tsa, out, took)
}

#[test]
fn sign_fails_in_time_and_clearly_when_the_tsa_misbehaves() {
    let cases = [
        ("hang", Fault::Hang),
        ("trickle", Fault::Trickle),
        ("reset", Fault::Reset),
        ("garbage", Fault::Garbage),
        ("oversized", Fault::Oversized),
        ("nonce mismatch", Fault::WrongNonce),
    ];
    let outcomes = in_parallel(&cases, |fault| sign_with_faulty_tsa(*fault));
    for ((label, (env, tsa, out, took), _), (_, fault)) in outcomes.into_iter().zip(cases) {
        let err = stderr(&out);
        eprintln!("TSA {label}: {took:.2?}: {}", err.trim());
        assert_eq!(code(&out), 4, "{label}: {err}");
        assert!(took < BOUND, "{label} took {took:?}");
        assert!(!env.p("out.csig").exists(), "{label}: an output file");
        let expected = match fault {
            Fault::Hang | Fault::Trickle => format!("{tsa} did not answer within 2 s"),
            Fault::Reset => format!("{tsa} is unreachable: the server reset the connection"),
            Fault::Oversized => format!("{tsa} answered more than"),
            Fault::Garbage => "malformed time-stamp structure".to_owned(),
            Fault::WrongNonce => "does not carry the request's nonce".to_owned(),
            other => panic!("{other:?}"),
        };
        assert!(err.contains(&expected), "{label}: {err}");
        // One line of error (and perhaps a hint), not a trace.
        assert!(err.lines().count() <= 3, "{label}: {err}");
    }
}

#[test]
fn timestamp_and_extend_take_the_network_timeout_too() {
    let cases = [("timestamp", ()), ("extend", ())];
    let outcomes = in_parallel(&cases, |()| Env::new());
    let mut runs = Vec::new();
    for (label, env, _) in outcomes {
        if label == "extend" {
            let out = env.sign(
                "signer1",
                &["--trust", "pki/root.pem", "-o", "b.csig", "doc.txt"],
            );
            assert_eq!(code(&out), 0, "{}", stderr(&out));
        }
        env.server.set_fault_for(Service::Tsa, Fault::Hang);
        runs.push((label, env));
    }
    let outcomes = in_parallel(&runs, |env| {
        let tsa = env.server.tsa_url();
        let out = if env.p("b.csig").exists() {
            env.ades(&[
                "extend",
                "--to",
                "T",
                "--tsa",
                &tsa,
                "--trust",
                "pki/root.pem",
                "--network-timeout",
                TIMEOUT,
                "-o",
                "t.csig",
                "b.csig",
            ])
        } else {
            env.ades(&[
                "timestamp",
                "--tsa",
                &tsa,
                "--network-timeout",
                TIMEOUT,
                "-o",
                "t.tst",
                "doc.txt",
            ])
        };
        (tsa, out)
    });
    for ((label, (tsa, out), took), (_, env)) in outcomes.into_iter().zip(&runs) {
        let err = stderr(&out);
        eprintln!("{label}, TSA hang: {took:.2?}: {}", err.trim());
        assert_eq!(code(&out), 4, "{label}: {err}");
        assert!(took < BOUND, "{label} took {took:?}");
        assert!(
            err.contains(&format!("{tsa} did not answer within 2 s")),
            "{label}: {err}"
        );
        assert!(!env.p("t.csig").exists() && !env.p("t.tst").exists());
    }
}

/// `ades verify` of a fresh CAdES-B signature with the OCSP responder made to `ocsp` and the
/// CRL distribution points to `crl`.
fn verify_with_faults(
    ocsp: Fault,
    crl: Fault,
    timeout: &str,
) -> (serde_json::Value, i32, Duration) {
    let env = Env::new();
    let out = env.sign(
        "signer1",
        &["--trust", "pki/root.pem", "-o", "b.csig", "doc.txt"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    env.server.set_fault_for(Service::Ocsp, ocsp);
    env.server.set_fault_for(Service::Crl, crl);
    let started = Instant::now();
    let out = env.ades(&[
        "verify",
        "--format",
        "json",
        "--trust",
        "pki/root.pem",
        "--network-timeout",
        timeout,
        "b.csig",
    ]);
    let took = started.elapsed();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("not JSON: {}", stderr(&out)));
    (json, code(&out), took)
}

#[test]
fn verify_is_indeterminate_in_time_when_the_ocsp_responder_hangs() {
    let cases = [
        // The OCSP responder hangs and the CRLs fail at once: one timeout.
        ("OCSP hang, CRL 500", (Fault::Hang, Fault::Http500, "2", 1)),
        // Everything hangs: the signer's OCSP and CRL, the intermediate's CRL, one timeout
        // each.
        ("OCSP and CRL hang", (Fault::Hang, Fault::Hang, "1", 3)),
    ];
    let outcomes = in_parallel(&cases, |(ocsp, crl, timeout, _)| {
        verify_with_faults(*ocsp, *crl, timeout)
    });
    for ((label, (json, exit, took), _), (_, (_, _, timeout, exchanges))) in
        outcomes.into_iter().zip(cases)
    {
        let sig = &json["signatures"][0];
        eprintln!(
            "verify, {label}: {took:.2?}: {} {}",
            sig["indication"], sig["sub_indication"]
        );
        let limit = Duration::from_secs(timeout.parse::<u64>().unwrap() * exchanges + 3);
        assert!(took < limit, "{label} took {took:?}");
        assert_eq!(exit, 2, "{label}: {json}");
        assert_eq!(sig["indication"], "INDETERMINATE", "{label}: {sig}");
        assert_eq!(sig["sub_indication"], "TRY_LATER", "{label}: {sig}");
        let checks = sig["checks"].as_array().unwrap();
        assert!(
            checks.iter().any(|c| c["name"] == "revocation"
                && c["detail"].as_str().is_some_and(
                    |d| d.contains(&format!("/ocsp did not answer within {timeout} s"))
                )),
            "{label}: {checks:?}"
        );
    }
}

#[test]
fn the_network_timeout_is_a_positive_number_of_seconds() {
    let env = Env::new();
    for bad in ["0", "-1", "soon", "1.5"] {
        let out = env.ades(&["verify", &format!("--network-timeout={bad}"), "doc.txt"]);
        assert_eq!(code(&out), 3, "{bad}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("--network-timeout"),
            "{}",
            stderr(&out)
        );
    }
    let help = env.ades(&["sign", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--network-timeout <SECONDS>"));
}
