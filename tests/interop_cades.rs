//! Interoperability of our CAdES output: OpenSSL (`openssl cms -verify` against the test root)
//! and pyHanko/asn1crypto (tests/peers/cms_peer.py: every mandatory attribute of the Madrid
//! policy with the right values, and pyHanko's own validation) must accept every packaging,
//! digest, co-signature and nested counter-signature we make.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

mod common;

use ades::cades::{
    CadesBuilder, CommitmentType, ContentSource, CounterSignatureBuilder, SignedData,
    attributes::SignerLocation,
};
use ades::{DataFormat, MadridPolicy, Sha256, Sha512};
use ades_testkit::TestPki;
use common::*;

const DOCUMENT: &[u8] = "Solicitud de licencia de obras, Madrid\nNIF 12345678Z\n".as_bytes();

fn assert_openssl_ok(ws: &Workspace, sig: &std::path::Path, content: Option<&std::path::Path>) {
    let out = openssl_verify(ws, sig, content);
    assert!(
        out.status.success(),
        "openssl cms -verify rejected {}: {}",
        sig.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("Verification successful"));
}

fn assert_peer_ok(
    ws: &Workspace,
    sig: &std::path::Path,
    content: Option<&std::path::Path>,
) -> serde_json::Value {
    let (ok, json) = python_peer(ws, sig, content);
    assert!(
        ok,
        "pyHanko/asn1crypto rejected {}: {json:#}",
        sig.display()
    );
    json
}

#[test]
fn attached_epes_with_every_optional_attribute() {
    let ws = Workspace::new();
    let pki = TestPki::shared();
    let sig = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOCUMENT)
        .location(SignerLocation {
            country: Some("ES".into()),
            locality: Some("Madrid".into()),
            postal_address: vec!["Calle Mayor, 71".into()],
        })
        .claimed_role("emisor")
        .commitment(CommitmentType::ProofOfOrigin)
        .content_identifier(b"expediente-2026/0001".to_vec())
        .sign::<Sha256>(&pki.signer1.key, ades::core::datetime::now())
        .unwrap();
    let path = ws.write("att.csig", &sig.to_der());
    assert_openssl_ok(&ws, &path, None);
    let json = assert_peer_ok(&ws, &path, None);
    let attrs = &json["signers"][0]["attrs"];
    assert_eq!(attrs["policy"], MADRID_OID);
    assert_eq!(attrs["spuri"], "https://sede.madrid.es");
    assert_eq!(attrs["content-hints"], "text/plain");
    assert_eq!(attrs["signing-certificate-v2"], "sha256, matches");
    assert_eq!(attrs["message-digest"], "matches");
    for name in [
        "signer-location",
        "signer-attributes",
        "commitment-type-indication",
        "1.2.840.113549.1.9.16.2.7",
    ] {
        assert!(
            attrs["present"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v == name),
            "{name} missing: {attrs}"
        );
    }
}

#[test]
fn detached_sha256_and_sha512() {
    let ws = Workspace::new();
    let doc = ws.write("doc.txt", DOCUMENT);
    let pki = TestPki::shared();
    let sha512 = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .detached(ContentSource::Reader(Box::new(
            std::fs::File::open(&doc).unwrap(),
        )))
        .sign::<Sha512>(&pki.signer1.key, ades::core::datetime::now())
        .unwrap();
    for (name, sig) in [
        ("det256.csig", sign_detached(DOCUMENT)),
        ("det512.csig", sha512),
    ] {
        let path = ws.write(name, &sig.to_der());
        assert_openssl_ok(&ws, &path, Some(&doc));
        let json = assert_peer_ok(&ws, &path, Some(&doc));
        assert_eq!(json["signers"][0]["attrs"]["message-digest"], "matches");
    }
}

#[test]
#[allow(deprecated)]
fn sha1_uses_ess_signing_certificate_v1() {
    let ws = Workspace::new();
    let pki = TestPki::shared();
    let sig = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOCUMENT)
        .sign::<ades::core::Sha1>(&pki.signer1.key, ades::core::datetime::now())
        .unwrap();
    let path = ws.write("sha1.csig", &sig.to_der());
    assert_openssl_ok(&ws, &path, None);
    let json = assert_peer_ok(&ws, &path, None);
    assert_eq!(
        json["signers"][0]["attrs"]["signing-certificate"],
        "matches"
    );
    assert_eq!(json["signers"][0]["attrs"]["digest"], "sha1");
}

#[test]
fn signing_with_a_pkcs12_identity() {
    let ws = Workspace::new();
    let identity = ades::core::pkcs12::read(
        &std::fs::read(ws.path("signer2.p12")).unwrap(),
        ades_testkit::P12_PASSWORD,
    )
    .unwrap();
    let sig = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(identity.certificate, identity.chain)
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOCUMENT)
        .sign::<Sha256>(&identity.key, ades::core::datetime::now())
        .unwrap();
    let path = ws.write("p12.csig", &sig.to_der());
    assert_openssl_ok(&ws, &path, None);
    assert_peer_ok(&ws, &path, None);
}

#[test]
fn co_signed_and_nested_counter_signed() {
    let ws = Workspace::new();
    let pki = TestPki::shared();
    let now = ades::core::datetime::now();
    let first = sign_attached(DOCUMENT);
    let cosigned = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .cosign(first.into_signed_data(), None)
        .sign::<Sha256>(&pki.signer2.key, now)
        .unwrap();
    assert_eq!(cosigned.signed_data().signer_infos().len(), 2);
    let path = ws.write("cosigned.csig", &cosigned.to_der());
    assert_openssl_ok(&ws, &path, None);
    let json = assert_peer_ok(&ws, &path, None);
    assert_eq!(json["signers"].as_array().unwrap().len(), 2);

    // signer2 counter-signs the first signature, then signer1 counter-signs that counter-signature.
    let counter = CounterSignatureBuilder::new(
        MadridPolicy::default(),
        cosigned.into_signed_data(),
        vec![0],
    )
    .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
    .sign::<Sha256>(&pki.signer2.key, now)
    .unwrap();
    let nested = CounterSignatureBuilder::new(
        MadridPolicy::default(),
        counter.into_signed_data(),
        vec![0, 0],
    )
    .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
    .sign::<Sha512>(&pki.signer1.key, now)
    .unwrap();
    let bytes = nested.to_der();
    let reparsed = SignedData::from_bytes(&bytes).unwrap();
    let top = &reparsed.signer_infos();
    assert_eq!(top.len(), 2);
    let counters = top
        .iter()
        .map(|s| s.counter_signatures().len())
        .sum::<usize>();
    assert_eq!(counters, 1);
    let path = ws.write("countersigned.csig", &bytes);
    assert_openssl_ok(&ws, &path, None);
    let json = assert_peer_ok(&ws, &path, None);
    let ids: Vec<&str> = json["signers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.iter().any(|i| i.ends_with("/counter-1/counter-1")),
        "{ids:?}"
    );
}

#[test]
fn large_detached_file_is_streamed() {
    let ws = Workspace::new();
    let doc = ws.path("big.bin");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&doc).unwrap());
        let block: Vec<u8> = (0..65536u32).map(|i| (i * 7 % 251) as u8).collect();
        for _ in 0..256 {
            f.write_all(&block).unwrap(); // 16 MiB
        }
    }
    let pki = TestPki::shared();
    let sig = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("application/octet-stream"))
        .detached(ContentSource::Reader(Box::new(
            std::fs::File::open(&doc).unwrap(),
        )))
        .sign::<Sha256>(&pki.signer1.key, ades::core::datetime::now())
        .unwrap();
    let path = ws.write("big.bin.csig", &sig.to_der());
    assert!(
        std::fs::metadata(&path).unwrap().len() < 16 * 1024,
        "the content must not be embedded"
    );
    assert_openssl_ok(&ws, &path, Some(&doc));
}

/// pyHanko (like BouncyCastle, and OpenSSL from 3.2) signs the algorithms it used (RFC 6211):
/// we check them, and a `SignerInfo` whose unsigned `signatureAlgorithm` was swapped afterwards
/// is caught even though the value still verifies under the swapped algorithm.
#[test]
fn algorithm_protection_is_checked() {
    let ws = Workspace::new();
    let out_path = ws.path("pyhanko.p7s");
    let script = "import asyncio, sys\n\
from pyhanko.sign import signers\n\
s = signers.SimpleSigner.load(sys.argv[1], sys.argv[2])\n\
ci = asyncio.run(s.async_sign_general_data(b'Acta', 'sha256', detached=False))\n\
open(sys.argv[3], 'wb').write(ci.dump())\n";
    let out = run(std::process::Command::new(peer_python())
        .arg("-c")
        .arg(script)
        .arg(ws.path("signer1.key.pem"))
        .arg(ws.path("signer1.pem"))
        .arg(&out_path));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let der = std::fs::read(&out_path).unwrap();
    let policy = ades::policy::GenericAdes;
    let validate = |bytes: &[u8]| {
        ades::cades::CadesValidator::new(&policy)
            .validate(bytes, "pyhanko.p7s")
            .unwrap()
            .signatures
            .remove(0)
    };
    let outcome = |report: &ades::core::SignatureReport, name: ades::core::CheckId| {
        report
            .checks
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.outcome)
    };
    use ades::core::{CheckId, Outcome};
    let report = validate(&der);
    assert_eq!(
        outcome(&report, CheckId::AlgorithmProtection),
        Some(Outcome::Passed),
        "{:#?}",
        report.checks
    );

    // sha256WithRSAEncryption → rsaEncryption in the SignerInfo (the OID's last occurrence).
    let sha256_with_rsa = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
    ];
    let at = der
        .windows(sha256_with_rsa.len())
        .rposition(|w| w == sha256_with_rsa)
        .unwrap();
    let mut swapped = der.clone();
    swapped[at + sha256_with_rsa.len() - 1] = 0x01;
    let report = validate(&swapped);
    assert_eq!(
        outcome(&report, CheckId::AlgorithmProtection),
        Some(Outcome::Failed),
        "{:#?}",
        report.checks
    );
    assert_eq!(report.indication, ades::core::Indication::TotalFailed);
    assert_eq!(
        outcome(&report, CheckId::SignatureValue),
        Some(Outcome::Passed),
        "the value itself still verifies"
    );
}
