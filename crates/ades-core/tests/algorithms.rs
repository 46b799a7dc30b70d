//! Verification breadth: signatures made by OpenSSL with ECDSA (P-256, P-384, P-521,
//! brainpoolP256r1/P384r1, DER and
//! XML-DSig `r || s`), RSASSA-PSS, SHA-224, SHA-3 and Ed25519 verify with the certificate,
//! and fail once one bit changes. The data was made once with `openssl dgst -sign`
//! (`tests/data/algorithms/`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::verify::{
    Curve, VerifyError, ecdsa_der_to_raw, verify_signature, verify_xmldsig_signature,
};
use ades_core::{Certificate, DigestAlgorithm as D, SignatureAlgorithm as S};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/algorithms");

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn certificate(key: &str) -> Certificate {
    Certificate::load(&read(&format!("{key}.pem")))
        .unwrap()
        .remove(0)
}

/// (certificate, signature file, algorithm)
fn cases() -> Vec<(&'static str, &'static str, S)> {
    vec![
        ("p256", "p256-sha256.sig", S::Ecdsa(D::Sha256)),
        ("p256", "p256-sha512.sig", S::Ecdsa(D::Sha512)),
        ("p256", "p256-sha224.sig", S::Ecdsa(D::Sha224)),
        ("p256", "p256-sha3-256.sig", S::Ecdsa(D::Sha3_256)),
        ("p256", "p256-sha3-224.sig", S::Ecdsa(D::Sha3_224)),
        (
            "rsa2048",
            "rsa2048-sha3-224.sig",
            S::RsaPkcs1v15(D::Sha3_224),
        ),
        ("p384", "p384-sha384.sig", S::Ecdsa(D::Sha384)),
        ("p384", "p384-sha3-384.sig", S::Ecdsa(D::Sha3_384)),
        ("p521", "p521-sha512.sig", S::Ecdsa(D::Sha512)),
        ("p521", "p521-sha1.sig", S::Ecdsa(D::Sha1)),
        ("bp256", "bp256-sha256.sig", S::Ecdsa(D::Sha256)),
        ("bp384", "bp384-sha384.sig", S::Ecdsa(D::Sha384)),
        ("rsa2048", "rsa2048-sha224.sig", S::RsaPkcs1v15(D::Sha224)),
        (
            "rsa2048",
            "rsa2048-sha3-256.sig",
            S::RsaPkcs1v15(D::Sha3_256),
        ),
        ("rsa2048", "rsa2048-pss-sha256.sig", S::rsa_pss(D::Sha256)),
        ("rsa2048", "rsa2048-pss-sha512.sig", S::rsa_pss(D::Sha512)),
        (
            "rsa2048",
            "rsa2048-pss-sha3-256.sig",
            S::rsa_pss(D::Sha3_256),
        ),
        (
            "rsa2048",
            "rsa2048-pss20-sha384.sig",
            S::RsaPss {
                digest: D::Sha384,
                salt_length: 20,
            },
        ),
        ("ed25519", "ed25519.sig", S::Ed25519),
    ]
}

#[test]
fn openssl_signatures_verify_and_fail_when_changed() {
    let message = read("message.txt");
    for (key, file, algorithm) in cases() {
        let cert = certificate(key);
        let value = read(file);
        if algorithm == S::Ed25519 && cfg!(not(feature = "aws-lc")) {
            assert_eq!(
                verify_signature(&cert, algorithm, &message, &value),
                Err(VerifyError::Unsupported(S::Ed25519))
            );
            continue;
        }
        assert_eq!(
            verify_signature(&cert, algorithm, &message, &value),
            Ok(()),
            "{file} with {algorithm}"
        );
        let mut changed = message.clone();
        changed[0] ^= 1;
        assert_eq!(
            verify_signature(&cert, algorithm, &changed, &value),
            Err(VerifyError::BadSignature),
            "{file}: changed message"
        );
        let mut bad = value.clone();
        let last = bad.len() - 2;
        bad[last] ^= 0x10;
        assert!(
            verify_signature(&cert, algorithm, &message, &bad).is_err(),
            "{file}: changed value"
        );
    }
}

#[test]
fn xml_dsig_ecdsa_values_are_r_concatenated_with_s() {
    let message = read("message.txt");
    for (key, curve, file, digest) in [
        ("p256", Curve::P256, "p256-sha256.sig", D::Sha256),
        ("p521", Curve::P521, "p521-sha512.sig", D::Sha512),
    ] {
        let raw = ecdsa_der_to_raw(&read(file), curve).unwrap();
        assert_eq!(raw.len(), 2 * curve.field_len());
        let cert = certificate(key);
        assert_eq!(
            verify_xmldsig_signature(&cert, S::Ecdsa(digest), &message, &raw),
            Ok(())
        );
        // BSI TR-03111 "plain" ECDSA carries the same r || s in CMS.
        assert_eq!(
            verify_signature(&cert, S::EcdsaPlain(digest), &message, &raw),
            Ok(())
        );
    }
}

#[test]
fn a_key_of_another_type_is_a_mismatch_not_a_crash() {
    let message = read("message.txt");
    let value = read("p256-sha256.sig");
    let rsa = certificate("rsa2048");
    assert_eq!(
        verify_signature(&rsa, S::Ecdsa(D::Sha256), &message, &value),
        Err(VerifyError::KeyMismatch(S::Ecdsa(D::Sha256)))
    );
    let ec = certificate("p256");
    assert_eq!(
        verify_signature(&ec, S::RsaPkcs1v15(D::Sha256), &message, &value),
        Err(VerifyError::KeyMismatch(S::RsaPkcs1v15(D::Sha256)))
    );
    assert_eq!(ec.public_key_bits(), None, "key-size rules are about RSA");
    assert_eq!(rsa.public_key_bits(), Some(2048));
}
