//! Our XAdES signatures in every packaging, validated by our validator, and modified in the
//! ways that must be caught.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

use ades_core::content::ContentSource;
use ades_core::report::Outcome;
use ades_core::{DataFormat, Indication, SignatureReport, SubIndication, datetime};
use ades_policy::{FacturaePolicy, MadridPolicy};
use ades_testkit::TestPki;
use ades_trust::{ChainValidator, TrustStore};
use ades_xades::{
    CounterSignatureBuilder, XadesBuilder, XadesOptions, XadesSignature, XadesValidator,
};

const DOC: &[u8] = b"Acta de la Junta de Gobierno\n";
const INVOICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<fe:Facturae xmlns:fe="http://www.facturae.gob.es/formato/Versiones/Facturaev3_2_2.xml" xmlns="urn:x"><Emisor>Ayuntamiento de Madrid</Emisor><!-- c --><Importe moneda="EUR">1210.00</Importe></fe:Facturae>
"#;

fn chain() -> ChainValidator {
    let mut store = TrustStore::new();
    store.add_anchor(TestPki::shared().root.certificate.clone());
    ChainValidator::new(store)
}

fn builder() -> XadesBuilder<MadridPolicy, ades_xades::SigningCertificate, DataFormat> {
    let pki = TestPki::shared();
    XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
}

fn validate(xml: &[u8]) -> Vec<SignatureReport> {
    let chain = chain();
    XadesValidator::new(&MadridPolicy::default())
        .certificate_validator(&chain)
        .validate(xml, "x")
        .unwrap()
        .signatures
}

fn failed(report: &SignatureReport) -> Vec<&str> {
    report
        .checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| c.name.name())
        .collect()
}

/// Without revocation sources the only failure of a good signature is revocation.
fn assert_good(report: &SignatureReport) {
    assert_eq!(failed(report), ["revocation"], "{report:#?}");
    assert_eq!(report.sub_indication, Some(SubIndication::TryLater));
}

fn internally_detached() -> XadesSignature {
    builder()
        .internally_detached("acta.txt", DOC)
        .sign::<ades_core::Sha256>(&TestPki::shared().signer1.key, datetime::now())
        .unwrap()
}

#[test]
fn internally_detached_has_the_policy_structure_and_validates() {
    let sig = internally_detached();
    let xml = String::from_utf8(sig.as_bytes().to_vec()).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<documento><documentoOriginal Id=\"original\" encoding=\"base64\" nombreFichero=\"acta.txt\">"), "{xml}");
    assert!(xml.contains("URI=\"#original\""));
    assert!(xml.contains(
        "<xades:Identifier Qualifier=\"OIDAsURN\">urn:oid:2.16.724.1.8.1.1.1.1.0</xades:Identifier>"
    ));
    let reports = validate(sig.as_bytes());
    assert_eq!(reports.len(), 1);
    assert_good(&reports[0]);
    assert_eq!(reports[0].level.to_string(), "XAdES-EPES");
    assert_eq!(reports[0].policy.hash_ok, Some(true));
}

#[test]
fn enveloped_keeps_the_document_and_validates() {
    let pki = TestPki::shared();
    let sig = XadesBuilder::new(FacturaePolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/xml"))
        .enveloped(INVOICE)
        .options(XadesOptions {
            claimed_roles: vec!["emisor".into()],
            ..XadesOptions::default()
        })
        .sign::<ades_core::Sha256>(&pki.signer1.key, datetime::now())
        .unwrap();
    let xml = std::str::from_utf8(sig.as_bytes()).unwrap();
    let end = INVOICE.rfind("</fe:Facturae>").unwrap();
    assert!(xml.starts_with(&INVOICE[..end]));
    assert!(xml.ends_with("</fe:Facturae>\n"));
    let chain = chain();
    let reports = XadesValidator::new(&FacturaePolicy::default())
        .certificate_validator(&chain)
        .validate(sig.as_bytes(), "f")
        .unwrap()
        .signatures;
    assert_good(&reports[0]);
    // The default namespace in scope on the signature must not break SignedInfo.
    let tampered = xml.replacen("1210.00", "9210.00", 1);
    let reports = XadesValidator::new(&FacturaePolicy::default())
        .certificate_validator(&chain)
        .validate(tampered.as_bytes(), "f")
        .unwrap()
        .signatures;
    assert!(
        failed(&reports[0]).contains(&"reference-digest"),
        "{:#?}",
        reports[0]
    );
    assert_eq!(reports[0].sub_indication, Some(SubIndication::HashFailure));
}

#[test]
fn enveloping_and_detached_validate() {
    let pki = TestPki::shared();
    let sig = builder()
        .enveloping(DOC)
        .sign::<ades_core::Sha512>(&pki.signer1.key, datetime::now())
        .unwrap();
    assert_good(&validate(sig.as_bytes())[0]);

    let sig = builder()
        .detached("acta de junta.txt", ContentSource::Bytes(DOC.to_vec()))
        .sign::<ades_core::Sha256>(&pki.signer1.key, datetime::now())
        .unwrap();
    assert!(
        std::str::from_utf8(sig.as_bytes())
            .unwrap()
            .contains("URI=\"acta%20de%20junta.txt\"")
    );
    let chain = chain();
    let without = validate(sig.as_bytes());
    assert_eq!(
        without[0].sub_indication,
        Some(SubIndication::SignedDataNotFound)
    );
    let content = DOC.to_vec();
    let with = XadesValidator::new(&MadridPolicy::default())
        .certificate_validator(&chain)
        .detached_content(&content)
        .validate(sig.as_bytes(), "d")
        .unwrap()
        .signatures;
    assert_good(&with[0]);
    let wrong = b"otro documento".to_vec();
    let bad = XadesValidator::new(&MadridPolicy::default())
        .detached_content(&wrong)
        .validate(sig.as_bytes(), "d")
        .unwrap()
        .signatures;
    assert_eq!(bad[0].sub_indication, Some(SubIndication::HashFailure));
}

#[test]
fn modified_content_properties_or_value_fail() {
    let xml = String::from_utf8(internally_detached().into_bytes()).unwrap();
    // The signed document.
    let start = xml.find("nombreFichero=\"acta.txt\">").unwrap() + 25;
    let mut content = xml.clone();
    content.replace_range(
        start..start + 1,
        if &xml[start..start + 1] == "Q" {
            "R"
        } else {
            "Q"
        },
    );
    let r = &validate(content.as_bytes())[0];
    assert_eq!(r.sub_indication, Some(SubIndication::HashFailure), "{r:#?}");
    // A signed property.
    let props = xml.replacen("<xades:SigningTime>", "<xades:SigningTime>1", 1);
    let r = &validate(props.as_bytes())[0];
    assert!(failed(r).contains(&"signed-properties"), "{r:#?}");
    // The signature value.
    let i = xml.find("-SignatureValue\">").unwrap() + 17;
    let mut value = xml.clone();
    value.replace_range(i..i + 1, if &xml[i..i + 1] == "A" { "B" } else { "A" });
    let r = &validate(value.as_bytes())[0];
    assert_eq!(
        r.sub_indication,
        Some(SubIndication::SigCryptoFailure),
        "{r:#?}"
    );
}

#[test]
fn duplicated_ids_are_refused_not_resolved() {
    let xml = String::from_utf8(internally_detached().into_bytes()).unwrap();
    let wrapped = xml.replacen(
        "<documento>",
        "<documento><documentoOriginal Id=\"original\" encoding=\"base64\">RmFrZQ==</documentoOriginal>",
        1,
    );
    let r = &validate(wrapped.as_bytes())[0];
    assert_ne!(r.indication, ades_core::Indication::TotalPassed);
    assert!(failed(r).contains(&"reference-digest"), "{r:#?}");
}

#[test]
fn counter_signature_validates_and_keeps_the_master_valid() {
    let pki = TestPki::shared();
    let master = internally_detached();
    let cs = CounterSignatureBuilder::new(MadridPolicy::default(), master.into_bytes(), vec![0])
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .sign::<ades_core::Sha256>(&pki.signer2.key, datetime::now())
        .unwrap();
    let reports = validate(cs.as_bytes());
    assert_eq!(reports.len(), 2, "{reports:#?}");
    assert_good(&reports[0]);
    assert!(reports[1].id.ends_with("/counter-1"));
    assert_good(&reports[1]);
    // A counter-signature on the counter-signature.
    let cs2 = CounterSignatureBuilder::new(MadridPolicy::default(), cs.into_bytes(), vec![0, 0])
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .sign::<ades_core::Sha256>(&pki.signer1.key, datetime::now())
        .unwrap();
    let reports = validate(cs2.as_bytes());
    assert_eq!(reports.len(), 3, "{reports:#?}");
    for r in &reports {
        assert_eq!(failed(r), ["revocation"], "{r:#?}");
    }
}

#[test]
fn dtds_and_entities_are_refused_before_signing() {
    let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>\n<d>&x;</d>";
    let err = builder()
        .enveloped(xxe)
        .sign::<ades_core::Sha256>(&TestPki::shared().signer1.key, datetime::now())
        .err()
        .unwrap();
    assert!(err.to_string().to_lowercase().contains("dtd"), "{err}");
}

#[test]
fn a_reference_typed_as_an_object_but_naming_data_outside_the_signature_is_refused() {
    // The internally detached content sits beside the signature; a reference that claims it
    // is a ds:Object of the signature is the signature-wrapping pattern of EU DSS's
    // xsw/disable-checks.xml.
    let xml = String::from_utf8(internally_detached().as_bytes().to_vec()).unwrap();
    let typed = xml.replacen(
        "URI=\"#original\"",
        "Type=\"http://www.w3.org/2000/09/xmldsig#Object\" URI=\"#original\"",
        1,
    );
    let report = &validate(typed.as_bytes())[0];
    assert_eq!(report.indication, Indication::TotalFailed, "{report:#?}");
    assert!(
        report
            .checks
            .iter()
            .any(|c| c.outcome == Outcome::Failed && c.detail.contains("outside the signature")),
        "{report:#?}"
    );
}

/// `xml` with its `ds:SignatureValue` made again over its (modified) `ds:SignedInfo` by
/// signer 1: what a producer that crafts its own SignedInfo could send.
fn signed_again(xml: &str) -> String {
    use ades_core::signer::Signer;
    use base64::Engine;
    const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
    let limits = ades_xades::Limits::default();
    let doc = ades_xades::Document::parse(xml.as_bytes(), &limits).unwrap();
    let signed_info = doc.elements_by_name(Some(DS), "SignedInfo").next().unwrap();
    let method = doc
        .elements_by_name(Some(DS), "CanonicalizationMethod")
        .next()
        .and_then(|m| doc.attribute(m, None, "Algorithm"))
        .unwrap();
    let canonical = ades_xades::canonicalize_to_vec(
        &doc,
        &ades_xades::NodeSubset::subtree(signed_info),
        &ades_xades::C14nMethod::from_uri(method).unwrap(),
    )
    .unwrap();
    let value = TestPki::shared()
        .signer1
        .key
        .sign(
            ades_core::SignatureAlgorithm::RsaPkcs1v15(ades_core::DigestAlgorithm::Sha256),
            &canonical,
        )
        .unwrap();
    let start = xml.find("<ds:SignatureValue").unwrap();
    let start = start + xml[start..].find('>').unwrap() + 1;
    let end = start + xml[start..].find("</ds:SignatureValue>").unwrap();
    format!(
        "{}{}{}",
        &xml[..start],
        base64::engine::general_purpose::STANDARD.encode(value),
        &xml[end..]
    )
}

/// A SignedInfo whose SignedProperties reference carries the enveloped-signature
/// transform digests nothing of them (the empty string): the properties are not signed.
#[test]
fn signed_properties_stripped_by_the_enveloped_transform_are_not_signed() {
    let xml = String::from_utf8(internally_detached().as_bytes().to_vec()).unwrap();
    // The control: signed again unchanged, it is as good as before.
    assert_good(&validate(signed_again(&xml).as_bytes())[0]);
    let typed = "Type=\"http://uri.etsi.org/01903#SignedProperties\"";
    let at = xml.find(typed).unwrap();
    let reference_end = at + xml[at..].find("</ds:Reference>").unwrap();
    let reference = &xml[at..reference_end];
    // Enveloped first, then the canonicalization our writer puts there.
    let value_start = reference.find("<ds:DigestValue>").unwrap() + "<ds:DigestValue>".len();
    let value_end = reference.find("</ds:DigestValue>").unwrap();
    let stripped = format!(
        "{}47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU={}",
        &reference[..value_start],
        &reference[value_end..]
    )
    .replacen(
        "<ds:Transforms>",
        "<ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
        1,
    );
    assert!(stripped.contains("enveloped-signature"), "{stripped}");
    let forged = signed_again(&xml.replacen(reference, &stripped, 1));
    let report = &validate(forged.as_bytes())[0];
    assert!(
        !failed(report).contains(&"format"),
        "only what the reference covers is wrong: {report:#?}"
    );
    assert_eq!(report.indication, Indication::TotalFailed, "{report:#?}");
}

/// A DataObjectFormat that names no reference to data does not give the signed object a
/// format (policy §3.6.4 d): the signer changed `ObjectReference`, re-digested the signed
/// properties and signed again.
#[test]
fn a_data_object_format_naming_no_data_reference_is_no_format() {
    use base64::Engine;
    const XADES_NS: &str = "http://uri.etsi.org/01903/v1.3.2#";
    let xml = String::from_utf8(internally_detached().as_bytes().to_vec()).unwrap();
    let at = xml.find("ObjectReference=\"#").unwrap() + "ObjectReference=\"#".len();
    let end = at + xml[at..].find('"').unwrap();
    let retargeted = format!("{}nowhere{}", &xml[..at], &xml[end..]);
    // The SignedProperties reference's digest, made again (inclusive C14N 1.0, SHA-256).
    let limits = ades_xades::Limits::default();
    let doc = ades_xades::Document::parse(retargeted.as_bytes(), &limits).unwrap();
    let properties = doc
        .elements_by_name(Some(XADES_NS), "SignedProperties")
        .next()
        .unwrap();
    let canonical = ades_xades::canonicalize_to_vec(
        &doc,
        &ades_xades::NodeSubset::subtree(properties),
        &ades_xades::C14nMethod::Inclusive10 { comments: false },
    )
    .unwrap();
    let digest = base64::engine::general_purpose::STANDARD.encode(ades_core::digest::digest(
        ades_core::DigestAlgorithm::Sha256,
        &canonical,
    ));
    let typed = retargeted
        .find("Type=\"http://uri.etsi.org/01903#SignedProperties\"")
        .unwrap();
    let value = typed + retargeted[typed..].find("<ds:DigestValue>").unwrap() + 16;
    let value_end = value + retargeted[value..].find('<').unwrap();
    let forged = signed_again(&format!(
        "{}{digest}{}",
        &retargeted[..value],
        &retargeted[value_end..]
    ));
    let report = &validate(forged.as_bytes())[0];
    assert!(failed(report).contains(&"data-format"), "{report:#?}");
    assert!(!failed(report).contains(&"reference-digest"), "{report:#?}");
}

/// An unsigned `ds:Object` with a `QualifyingProperties` without Target, added before the
/// signature's own, does not displace it (a good signature stays good).
#[test]
fn an_added_qualifying_properties_does_not_displace_the_signatures_own() {
    let xml = String::from_utf8(internally_detached().as_bytes().to_vec()).unwrap();
    assert!(
        xml.contains("Target=\"#Signature-"),
        "our own names its signature"
    );
    let at = xml.find("</ds:KeyInfo>").unwrap() + "</ds:KeyInfo>".len();
    let added = format!(
        "{}<ds:Object><xades:QualifyingProperties xmlns:xades=\"http://uri.etsi.org/01903/v1.3.2#\"/></ds:Object>{}",
        &xml[..at],
        &xml[at..]
    );
    assert_good(&validate(added.as_bytes())[0]);
}
