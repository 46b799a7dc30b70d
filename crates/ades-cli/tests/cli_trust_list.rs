//! `ades verify --trust-list`: the anchors of a trusted list (ETSI TS 119 612) whose signature
//! verifies with the expected scheme operator's certificate, a warning when the list is out of
//! date, and an error for a list signed by anyone else.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

mod common;

use common::{Env, code, stderr};

/// The status of a service granted since 2020.
const GRANTED_SINCE_2020: &str = "<ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</ServiceStatus><StatusStartingTime>2020-01-01T00:00:00Z</StatusStartingTime>";

/// A trusted list with the test root as a CA/QC service of `status` and `history` (a
/// `ServiceHistory`, or nothing), due again at `next_update`, signed (enveloped XAdES) by
/// signer2 as its scheme operator.
fn signed_list(env: &Env, name: &str, next_update: &str, status: &str, history: &str) {
    let pem = std::fs::read_to_string(env.p("pki/root.pem")).unwrap();
    let base64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let list = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#" Id="tsl"><SchemeInformation><TSLSequenceNumber>3</TSLSequenceNumber><SchemeTerritory>ES</SchemeTerritory><ListIssueDateTime>2020-01-01T00:00:00Z</ListIssueDateTime><NextUpdate><dateTime>{next_update}</dateTime></NextUpdate></SchemeInformation><TrustServiceProviderList><TrustServiceProvider><TSPInformation><TSPName><Name xml:lang="es">TEST-RCM</Name></TSPName></TSPInformation><TSPServices><TSPService><ServiceInformation><ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier><ServiceName><Name xml:lang="es">AC RAIZ TEST-RCM</Name></ServiceName><ServiceDigitalIdentity><DigitalId><X509Certificate>{base64}</X509Certificate></DigitalId></ServiceDigitalIdentity>{status}</ServiceInformation>{history}</TSPService></TSPServices></TrustServiceProvider></TrustServiceProviderList></TrustServiceStatusList>"#
    );
    let unsigned = format!("{name}.unsigned.xml");
    std::fs::write(env.p(&unsigned), list).unwrap();
    let out = env.sign(
        "signer2",
        &[
            "--format",
            "xades",
            "--packaging",
            "enveloped",
            "--policy",
            "none",
            "--output",
            name,
            &unsigned,
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// [`signed_list`] granting the root since 2020.
fn granted_list(env: &Env, name: &str, next_update: &str) {
    signed_list(env, name, next_update, GRANTED_SINCE_2020, "");
}

fn verify_with_list(env: &Env, list: &str, list_signer: &str) -> std::process::Output {
    env.ades(&[
        "verify",
        "--trust-list",
        list,
        "--trust-list-signer",
        list_signer,
        "doc.txt.csig",
    ])
}

#[test]
fn a_trusted_list_gives_its_anchors_and_says_when_it_is_out_of_date() {
    let env = Env::new();
    let out = env.sign("signer1", &["doc.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    granted_list(&env, "current.xml", "2099-01-01T00:00:00Z");
    granted_list(&env, "stale.xml", "2021-01-01T00:00:00Z");

    // Without anchors the chain ends nowhere.
    let out = env.ades(&["verify", "doc.txt.csig"]);
    assert_ne!(code(&out), 0, "{}", stderr(&out));

    let out = verify_with_list(&env, "current.xml", "pki/signer2.pem");
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{err}");
    assert!(err.contains("signature verified, 1 anchors"), "{err}");
    assert!(!err.contains("out of date"), "{err}");

    let out = verify_with_list(&env, "stale.xml", "pki/signer2.pem");
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{err}");
    assert!(
        err.contains("warning: trusted list stale.xml is out of date (NextUpdate 2021-01-01"),
        "{err}"
    );

    // The list is trusted only from its expected signer.
    let out = verify_with_list(&env, "current.xml", "pki/signer1.pem");
    let err = stderr(&out);
    assert_eq!(code(&out), 3, "{err}");
    assert!(
        err.contains("not signed by an expected scheme operator certificate"),
        "{err}"
    );
}

/// A service withdrawn in 2021 (granted from 2020) does not anchor a signature made now: its
/// chain ends at no anchor trusted at the validation time.
#[test]
fn a_withdrawn_service_anchors_nothing_after_its_withdrawal() {
    let env = Env::new();
    let out = env.sign("signer1", &["doc.txt"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let history = format!(
        "<ServiceHistory><ServiceHistoryInstance><ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</ServiceTypeIdentifier><ServiceName><Name xml:lang=\"es\">AC RAIZ TEST-RCM</Name></ServiceName>{GRANTED_SINCE_2020}</ServiceHistoryInstance></ServiceHistory>"
    );
    let withdrawn = "<ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn</ServiceStatus><StatusStartingTime>2021-01-01T00:00:00Z</StatusStartingTime>";
    signed_list(
        &env,
        "withdrawn.xml",
        "2099-01-01T00:00:00Z",
        withdrawn,
        &history,
    );

    let out = verify_with_list(&env, "withdrawn.xml", "pki/signer2.pem");
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "INDETERMINATE: {err}");
    assert!(
        err.contains("signature verified, 1 anchors (0 of services trusted now)"),
        "{err}"
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("does not show trusted at") || err.contains("does not show trusted at"),
        "{report}{err}"
    );

    // An older list of the same territory would reopen what the newer one withdrew.
    granted_list(&env, "current.xml", "2099-01-01T00:00:00Z");
    let out = env.ades(&[
        "verify",
        "--trust-list",
        "current.xml",
        "--trust-list",
        "withdrawn.xml",
        "--trust-list-signer",
        "pki/signer2.pem",
        "doc.txt.csig",
    ]);
    let err = stderr(&out);
    assert_eq!(code(&out), 3, "{err}");
    assert!(err.contains("are both lists of ES"), "{err}");
}
