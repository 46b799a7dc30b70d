//! Signing on a SoftHSM2 token (Debian `softhsm2`, installed by scripts/test.sh; a missing
//! module fails the test): the test PKI's signer key is imported into a token made in a
//! temporary directory, with its certificate and issuer, and every failure a user can meet
//! (wrong PIN, unknown token, no key, two keys with one label, missing module) is an error
//! that names the problem.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};
use std::process::Command;

use ades_core::{Certificate, DigestAlgorithm, SignatureAlgorithm, Signer};
use ades_pkcs11::{KeySelector, Pin, Pkcs11Error, Pkcs11Signer};
use ades_testkit::TestPki;
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::object::{Attribute, CertificateType, ObjectClass};
use cryptoki::session::UserType;
use cryptoki::types::AuthPin;

const TOKEN: &str = "ades-test";
const PIN: &str = "123456";

/// The SoftHSM2 module.
fn module() -> PathBuf {
    ades_testkit::softhsm::module().unwrap()
}

/// The token directory: made by the parent process (`ADES_SOFTHSM_CHILD` unset), which then
/// runs this test binary again with `SOFTHSM2_CONF` set (the environment of a running test
/// process cannot be changed without `unsafe`).
const CHILD: &str = "ADES_SOFTHSM_CHILD";

/// Runs `test` in a child process whose `SOFTHSM2_CONF` points at a fresh token holding
/// signer1's key (id 01) with its certificate and issuer, an EC P-256 key (id 02) made by
/// OpenSSL with its certificate, and two keys that share the label "twin".
fn in_token_process(test: &str, body: fn()) {
    if std::env::var_os(CHILD).is_some() {
        store_certificates();
        body();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pki = TestPki::shared();
    let rsa = dir.path().join("signer1.pem");
    std::fs::write(&rsa, pki.signer1.key.to_pkcs8_pem().unwrap().as_bytes()).unwrap();
    let ec_key = dir.path().join("ec.pem");
    let ec_cert = dir.path().join("ec.crt");
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=ades EC token test",
            "-days",
            "2",
        ])
        .arg("-keyout")
        .arg(&ec_key)
        .arg("-out")
        .arg(&ec_cert)
        .output()
        .expect("openssl");
    assert!(out.status.success());
    let conf = ades_testkit::softhsm::token(
        dir.path(),
        TOKEN,
        PIN,
        &[
            ("signer1", "01", &rsa),
            ("twin", "0a", &rsa),
            ("twin", "0b", &rsa),
            ("ec", "02", &ec_key),
        ],
    )
    .unwrap();
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads", "1"])
        .env("SOFTHSM2_CONF", &conf)
        .env(CHILD, &ec_cert)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&child.stdout).into_owned()
        + &String::from_utf8_lossy(&child.stderr);
    assert!(
        child.status.success() && text.contains("1 passed"),
        "{test} in the token process:\n{text}"
    );
}

/// Writes the certificates onto the token with their `CKA_ID` (softhsm2-util imports keys
/// only): signer1's (01), its issuer's (99) and the EC one (02, file named by the parent).
fn store_certificates() {
    let pki = TestPki::shared();
    let ec_file = std::env::var_os(CHILD).unwrap();
    let ec = Certificate::load(&std::fs::read(ec_file).unwrap())
        .unwrap()
        .remove(0);
    let certificates = [
        (vec![1], pki.signer1.certificate.clone()),
        (vec![0x99], pki.chain()[0].clone()),
        (vec![2], ec),
    ];
    let context = Pkcs11::new(module()).unwrap();
    let _ = context.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK));
    let slot = context
        .get_slots_with_token()
        .unwrap()
        .into_iter()
        .find(|s| context.get_token_info(*s).unwrap().label().trim_end() == TOKEN)
        .unwrap();
    let session = context.open_rw_session(slot).unwrap();
    session
        .login(UserType::User, Some(&AuthPin::new(PIN.into())))
        .unwrap();
    for (id, certificate) in &certificates {
        session
            .create_object(&[
                Attribute::Class(ObjectClass::CERTIFICATE),
                Attribute::CertificateType(CertificateType::X_509),
                Attribute::Token(true),
                Attribute::Id(id.clone()),
                Attribute::Subject(certificate.subject_der().unwrap()),
                Attribute::Value(certificate.der().to_vec()),
            ])
            .unwrap();
    }
}

fn open(selector: KeySelector, pin: &str) -> Result<Pkcs11Signer, Pkcs11Error> {
    Pkcs11Signer::open(&module(), TOKEN, &selector, &Pin::new(pin))
}

#[test]
fn the_token_key_signs_and_its_certificate_and_issuer_come_from_the_token() {
    in_token_process(
        "the_token_key_signs_and_its_certificate_and_issuer_come_from_the_token",
        token_key_signs,
    );
}

fn token_key_signs() {
    let signer = open(KeySelector::Label("signer1".into()), PIN).unwrap();
    let pki = TestPki::shared();
    assert_eq!(signer.certificate(), Some(&pki.signer1.certificate));
    assert_eq!(signer.chain(), &pki.chain()[..1]);
    let message = b"Acta de la junta de gobierno";
    for digest in [DigestAlgorithm::Sha256, DigestAlgorithm::Sha512] {
        let algorithm = SignatureAlgorithm::RsaPkcs1v15(digest);
        let value = signer.sign(algorithm, message).unwrap();
        // PKCS#1 v1.5 is deterministic: the token's value equals the software key's.
        assert_eq!(value, pki.signer1.key.sign(algorithm, message).unwrap());
        ades_core::verify::verify_signature(&pki.signer1.certificate, algorithm, message, &value)
            .unwrap();
    }
    // By id too.
    let by_id = open(KeySelector::Id(vec![1]), PIN).unwrap();
    assert_eq!(by_id.certificate(), Some(&pki.signer1.certificate));
}

#[test]
fn an_ec_key_signs_ecdsa_in_der() {
    in_token_process("an_ec_key_signs_ecdsa_in_der", ec_key_signs);
}

fn ec_key_signs() {
    let signer = open(KeySelector::Id(vec![2]), PIN).unwrap();
    let certificate = signer
        .certificate()
        .expect("the EC certificate is on the token")
        .clone();
    let algorithm = SignatureAlgorithm::Ecdsa(DigestAlgorithm::Sha256);
    let value = signer.sign(algorithm, b"hello").unwrap();
    assert_eq!(value[0], 0x30, "CMS takes the DER Ecdsa-Sig-Value");
    ades_core::verify::verify_signature(&certificate, algorithm, b"hello", &value).unwrap();
    assert!(
        signer
            .sign(
                SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha256),
                b"hello"
            )
            .is_err()
    );
}

#[test]
fn user_errors_name_the_problem() {
    in_token_process("user_errors_name_the_problem", user_errors);
}

fn user_errors() {
    let wrong = open(KeySelector::Label("signer1".into()), "654321").unwrap_err();
    assert!(matches!(wrong, Pkcs11Error::WrongPin(_)), "{wrong}");
    assert!(wrong.to_string().contains("wrong PIN"));

    let none = open(KeySelector::Label("nobody".into()), PIN).unwrap_err();
    assert!(matches!(none, Pkcs11Error::NoKey(_)), "{none}");

    let twins = open(KeySelector::Label("twin".into()), PIN).unwrap_err();
    assert!(
        matches!(twins, Pkcs11Error::AmbiguousKey { count: 2, .. }),
        "{twins}"
    );

    let no_token = Pkcs11Signer::open(
        &module(),
        "no-such-token",
        &KeySelector::Id(vec![1]),
        &Pin::new(PIN),
    )
    .unwrap_err();
    assert!(
        no_token.to_string().contains(TOKEN),
        "lists the tokens present: {no_token}"
    );

    let no_module = Pkcs11Signer::open(
        Path::new("/nonexistent/pkcs11.so"),
        TOKEN,
        &KeySelector::Id(vec![1]),
        &Pin::new(PIN),
    )
    .unwrap_err();
    assert!(
        matches!(no_module, Pkcs11Error::Module { .. }),
        "{no_module}"
    );
}
