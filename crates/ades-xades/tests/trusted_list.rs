//! The trusted-list signature verifier: the Spanish trusted list of the corpus (signed by the
//! Spanish scheme operator, `ADES_CORPUS_DIR`, default `../shared/corpus`) verifies with its
//! signer and fails when a byte of a service changes or another signer is expected; a list we
//! sign ourselves is accepted only from the expected signer. Says so when the corpus is absent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use ades_core::{DataFormat, Sha256, datetime};
use ades_policy::GenericAdes;
use ades_testkit::TestPki;
use ades_trust::tsl::{TrustedListVerifier, UnverifiedTrustedList};
use ades_xades::dsig::SignatureElement;
use ades_xades::{Document, Limits, XadesBuilder, XadesTrustedListVerifier};

fn corpus() -> PathBuf {
    std::env::var_os("ADES_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"))
}

#[test]
fn the_spanish_trusted_list_signature_verifies() {
    let Ok(xml) = std::fs::read(corpus().join("dss_tsl_ES.xml")) else {
        eprintln!(
            "SKIPPED 1 trusted list: no corpus at {}",
            corpus().display()
        );
        return;
    };
    let doc = Document::parse(&xml, &Limits::default()).unwrap();
    let sig = doc
        .elements_by_name(Some(ades_xades::names::DS), "Signature")
        .next()
        .unwrap();
    let signer = SignatureElement::read(&doc, sig)
        .unwrap()
        .key_info_certificates[0]
        .clone();
    let verifier = XadesTrustedListVerifier::new();
    let got = verifier
        .verify(&xml, std::slice::from_ref(&signer))
        .unwrap();
    assert_eq!(got.der(), signer.der());
    let list = UnverifiedTrustedList::parse(&xml)
        .unwrap()
        .verify(&verifier, std::slice::from_ref(&signer))
        .unwrap();
    assert_eq!(list.territory, "ES");

    // Another expected signer, or one changed byte in a provider name: refused.
    let other = TestPki::shared().root.certificate.clone();
    assert!(verifier.verify(&xml, &[other]).is_err());
    let text = String::from_utf8(xml).unwrap();
    let tampered = text.replacen("BRANDDOCS, S.L.", "BRANDDOCS, S.A.", 1);
    assert!(
        tampered != text,
        "the provider to tamper with is in the list"
    );
    let err = verifier.verify(tampered.as_bytes(), &[signer]).unwrap_err();
    assert!(err.contains("digest"), "{err}");
}

#[test]
fn a_list_we_sign_is_accepted_from_its_signer_only() {
    let pki = TestPki::shared();
    let tsl = r#"<?xml version="1.0" encoding="UTF-8"?>
<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#" Id="tsl"><SchemeInformation><TSLSequenceNumber>1</TSLSequenceNumber><SchemeTerritory>ES</SchemeTerritory></SchemeInformation></TrustServiceStatusList>"#;
    let signed = XadesBuilder::new(GenericAdes)
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/xml"))
        .enveloped(tsl)
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap();
    let verifier = XadesTrustedListVerifier::new();
    let signer = pki.signer1.certificate.clone();
    assert!(
        verifier
            .verify(signed.as_bytes(), std::slice::from_ref(&signer))
            .is_ok()
    );
    assert!(
        verifier
            .verify(
                signed.as_bytes(),
                std::slice::from_ref(&pki.signer2.certificate)
            )
            .is_err()
    );
    // A signature moved under another element does not cover the list.
    let text = String::from_utf8(signed.into_bytes()).unwrap();
    let start = text.find("<ds:Signature").unwrap();
    let end = text.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let moved = format!(
        "{}<Wrapper>{}</Wrapper>{}",
        &text[..start],
        &text[start..end],
        &text[end..]
    );
    assert!(verifier.verify(moved.as_bytes(), &[signer]).is_err());
}
