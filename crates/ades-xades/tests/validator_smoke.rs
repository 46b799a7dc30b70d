//! The validator on mangled signatures (what the `xades_validate` fuzz target does, run here
//! on every test run): truncations, bit flips and spliced elements of our own signatures give
//! reports — never a panic — and nothing passes with other signed content than the original.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::time::Duration;
use ades_core::{DataFormat, Indication, Sha256, datetime};
use ades_policy::MadridPolicy;
use ades_testkit::TestPki;
use ades_trust::{ChainValidator, Crl, RevocationChecker, TrustStore};
use ades_xades::{CounterSignatureBuilder, XadesBuilder, XadesValidator};

fn sample() -> Vec<u8> {
    let pki = TestPki::shared();
    let signed = XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .internally_detached("a.txt", b"contenido".to_vec())
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap();
    CounterSignatureBuilder::new(MadridPolicy::default(), signed.into_bytes(), vec![0])
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .sign::<Sha256>(&pki.signer2.key, datetime::now())
        .unwrap()
        .into_bytes()
}

#[test]
fn mangled_signatures_give_reports_and_never_pass() {
    let original = sample();
    // Offline revocation from the test PKI's CRLs, so the original passes completely.
    let pki = TestPki::shared();
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let mut revocation = RevocationChecker::offline();
    for ca in ["ape", "root"] {
        let der = pki.crl(ca, datetime::now(), Duration::days(7)).unwrap();
        revocation.add_crl(ca, Crl::from_bytes(&der).unwrap());
    }
    let chain = ChainValidator::new(store).with_revocation(revocation);
    let policy = MadridPolicy::default();
    let validate = |bytes: &[u8]| {
        XadesValidator::new(&policy)
            .certificate_validator(&chain)
            .validate(bytes, "m")
            .unwrap()
    };
    let baseline = validate(&original);
    assert_eq!(baseline.signatures.len(), 2);
    for s in &baseline.signatures {
        assert_eq!(s.indication, Indication::TotalPassed, "{s:#?}");
    }
    let started = std::time::Instant::now();
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for cut in (0..original.len()).step_by(97) {
        inputs.push(original[..cut].to_vec());
    }
    for at in (0..original.len()).step_by(53) {
        let mut m = original.clone();
        m[at] ^= 1 << (at % 8);
        inputs.push(m);
    }
    // Elements moved around: a signature-wrapping attempt in every position.
    let text = String::from_utf8(original.clone()).unwrap();
    let sp_start = text.find("<xades:SignedProperties").unwrap();
    let sp_end = text.find("</xades:SignedProperties>").unwrap() + 25;
    let sp = &text[sp_start..sp_end];
    for at in (0..text.len())
        .step_by(211)
        .filter(|&i| text.is_char_boundary(i))
    {
        inputs.push(format!("{}{sp}{}", &text[..at], &text[at..]).into_bytes());
    }
    let mut changed_verdicts = 0;
    for input in &inputs {
        let report = validate(input);
        assert!(!report.signatures.is_empty());
        // A change that leaves every signature valid must be outside what is signed (the
        // unsigned parts: whitespace in base64, a bit of the certificate chain's encoding in
        // KeyInfo the path builder does not need...). What was signed must be unchanged.
        let all_pass = report.signatures.len() == 2
            && report
                .signatures
                .iter()
                .all(|s| s.indication == Indication::TotalPassed);
        if all_pass {
            let text = String::from_utf8_lossy(input);
            assert!(
                text.contains("nombreFichero=\"a.txt\">Y29udGVuaWRv</documentoOriginal>"),
                "a mangled document passed with other signed content"
            );
        } else {
            changed_verdicts += 1;
        }
    }
    eprintln!(
        "{} mangled inputs validated in {:?}, {changed_verdicts} with another verdict than the original",
        inputs.len(),
        started.elapsed()
    );
    assert!(started.elapsed().as_secs() < 120);
}
