//! The CAdES validator on our own signatures, modified in every way that must be caught, and
//! the signing steps that must refuse misuse.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

use ades_cades::{
    CadesBuilder, CadesError, CadesSignature, CadesValidator, ContentSource,
    CounterSignatureBuilder, SignedData,
};
use ades_core::report::Outcome;
use ades_core::signer::SignatureValue;
use ades_core::{
    DataFormat, DigestAlgorithm, Indication, RsaPkcs1v15, Sha256, SubIndication, datetime,
};
use ades_policy::{GenericAdes, MadridPolicy, Recognised, known};
use ades_testkit::TestPki;
use ades_trust::{ChainValidator, TrustStore};

const DOC: &[u8] = b"Solicitud de licencia de obras, Madrid\n";

fn sign_with(policy: MadridPolicy) -> CadesSignature {
    let pki = TestPki::shared();
    CadesBuilder::new(policy)
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOC)
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap()
}

fn chain() -> ChainValidator {
    let mut store = TrustStore::new();
    store.add_anchor(TestPki::shared().root.certificate.clone());
    ChainValidator::new(store)
}

fn failed(report: &ades_core::SignatureReport) -> Vec<&str> {
    report
        .checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| c.name.name())
        .collect()
}

#[test]
fn our_signature_round_trips_byte_for_byte_and_fails_only_on_revocation() {
    let sig = sign_with(MadridPolicy::default());
    let der = sig.to_der();
    assert_eq!(SignedData::from_bytes(&der).unwrap().to_der(), der);
    let chain = chain();
    let report = CadesValidator::new(&MadridPolicy::default())
        .certificate_validator(&chain)
        .validate(&der, "x")
        .unwrap();
    let s = &report.signatures[0];
    assert_eq!(failed(s), ["revocation"], "{s:#?}");
    assert_eq!(s.sub_indication, Some(SubIndication::TryLater));
    assert_eq!(s.level.to_string(), "CAdES-EPES");
}

#[test]
fn policy_hash_is_recomputed_from_a_document() {
    let official = MadridPolicy::with_policy_document(
        DigestAlgorithm::Sha256,
        b"the official policy PDF bytes",
    );
    let der = sign_with(official.clone()).to_der();
    let demanded_default = CadesValidator::new(&MadridPolicy::default())
        .validate(&der, "x")
        .unwrap();
    let s = &demanded_default.signatures[0];
    assert!(failed(s).contains(&"policy-hash"));
    assert_eq!(s.policy.hash_ok, Some(false));
    let demanded_official = CadesValidator::new(&official).validate(&der, "x").unwrap();
    assert_eq!(demanded_official.signatures[0].policy.hash_ok, Some(true));
    // The documented stand-in is the SHA-256 of the policy text, when that text is at hand.
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/politica-firma-madrid.txt");
    match std::fs::read(&seed) {
        Ok(text) => assert_eq!(
            MadridPolicy::with_policy_document(DigestAlgorithm::Sha256, &text),
            MadridPolicy::default()
        ),
        Err(_) => eprintln!("SKIPPED 1 check: no policy text at {}", seed.display()),
    }
}

#[test]
fn modified_signed_attributes_break_the_signature_value() {
    let der = sign_with(MadridPolicy::default()).to_der();
    // The signing time is inside the signed attributes: change one digit of it.
    let sd = SignedData::from_bytes(&der).unwrap();
    let time_attr = &sd.signer_infos()[0]
        .signed_attribute(ades_core::oid::ATTR_SIGNING_TIME)
        .unwrap()
        .raw;
    let at = der
        .windows(time_attr.len())
        .position(|w| w == time_attr.as_slice())
        .unwrap();
    let mut bad = der.clone();
    let last_digit = at + time_attr.len() - 2;
    bad[last_digit] = if bad[last_digit] == b'0' { b'1' } else { b'0' };
    let report = CadesValidator::new(&MadridPolicy::default())
        .validate(&bad, "x")
        .unwrap();
    assert_eq!(report.signatures[0].indication, Indication::TotalFailed);
    assert_eq!(
        report.signatures[0].sub_indication,
        Some(SubIndication::SigCryptoFailure)
    );
}

#[test]
fn detached_without_content_is_indeterminate_and_wrong_content_fails() {
    let pki = TestPki::shared();
    let der = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .detached(ContentSource::Bytes(DOC.to_vec()))
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap()
        .to_der();
    let policy = MadridPolicy::default();
    let none = CadesValidator::new(&policy).validate(&der, "x").unwrap();
    assert!(failed(&none.signatures[0]).contains(&"message-digest"));
    assert!(
        none.signatures[0]
            .checks
            .iter()
            .any(|c| c.sub_indication == Some(SubIndication::SignedDataNotFound))
    );
    let other = b"another document".to_vec();
    let wrong = CadesValidator::new(&policy)
        .detached_content(&other)
        .validate(&der, "x")
        .unwrap();
    assert_eq!(
        wrong.signatures[0].sub_indication,
        Some(SubIndication::HashFailure)
    );
    let right = DOC.to_vec();
    let ok = CadesValidator::new(&policy)
        .detached_content(&right)
        .validate(&der, "x")
        .unwrap();
    assert!(!failed(&ok.signatures[0]).contains(&"message-digest"));
}

/// The certificates of a CMS are not signed: a certificate with the signer's issuer and
/// serial number placed before the signer's own does not make a good signature fail (the
/// signed attribute designates the signer among them).
#[test]
fn a_look_alike_certificate_does_not_displace_the_signer() {
    let der = sign_with(MadridPolicy::default()).to_der();
    let mut sd = SignedData::from_bytes(&der).unwrap();
    let genuine = TestPki::shared().signer1.certificate.der().to_vec();
    let mut look_alike = genuine.clone();
    // The last byte of the signature value, made smaller: the same issuer and serial, sorted
    // first in the DER SET OF.
    let last = look_alike.last_mut().unwrap();
    *last = last.saturating_sub(1);
    assert_ne!(
        look_alike, genuine,
        "the test PKI's signature ends in a non-zero byte"
    );
    sd.add_certificate(&ades_core::Certificate::from_der(&look_alike).unwrap());
    let forged = sd.to_der();
    let parsed = SignedData::from_bytes(&forged).unwrap();
    let at = |der: &[u8]| {
        parsed
            .certificates()
            .iter()
            .position(|c| c.der() == der)
            .unwrap()
    };
    assert!(at(&look_alike) < at(&genuine), "sorted before the signer's");
    let report = CadesValidator::new(&MadridPolicy::default())
        .certificate_validator(&chain())
        .validate(&forged, "x")
        .unwrap();
    let s = &report.signatures[0];
    assert_eq!(failed(s), ["revocation"], "{s:#?}");
}

/// An attached signature presented with a document (`--content`, or as a PDF's CMS) signs
/// what it holds: it passes for that document only if it holds that document.
#[test]
fn an_attached_signature_does_not_sign_other_content_given() {
    let der = sign_with(MadridPolicy::default()).to_der();
    let policy = MadridPolicy::default();
    let other = b"Licencia concedida sin condiciones\n".to_vec();
    let report = CadesValidator::new(&policy)
        .certificate_validator(&chain())
        .detached_content(&other)
        .validate(&der, "x")
        .unwrap();
    let s = &report.signatures[0];
    assert_eq!(s.indication, Indication::TotalFailed, "{:?}", failed(s));
    assert_eq!(s.sub_indication, Some(SubIndication::HashFailure));
    let same = DOC.to_vec();
    let report = CadesValidator::new(&policy)
        .detached_content(&same)
        .validate(&der, "x")
        .unwrap();
    assert!(!failed(&report.signatures[0]).contains(&"message-digest"));
}

#[test]
fn a_counter_signature_is_bound_to_the_signature_it_counter_signs() {
    let pki = TestPki::shared();
    let first = sign_with(MadridPolicy::default());
    let counter =
        CounterSignatureBuilder::new(MadridPolicy::default(), first.into_signed_data(), vec![0])
            .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
            .sign::<Sha256>(&pki.signer2.key, datetime::now())
            .unwrap();
    let der = counter.to_der();
    let report = CadesValidator::new(&MadridPolicy::default())
        .validate(&der, "x")
        .unwrap();
    assert_eq!(report.signatures.len(), 2);
    let counter_report = &report.signatures[1];
    assert_eq!(counter_report.id, "signer-1/counter-1");
    assert!(
        !failed(counter_report)
            .iter()
            .any(|c| *c == "message-digest" || *c == "signature-value")
    );
    // Replace the counter-signed signature value: the counter-signature's digest no longer matches
    // (and the first signature's value no longer verifies).
    let sd = SignedData::from_bytes(&der).unwrap();
    let value = sd.signer_infos()[0].signature().to_vec();
    let at = der
        .windows(value.len())
        .position(|w| w == value.as_slice())
        .unwrap();
    let mut bad = der.clone();
    bad[at + 10] ^= 1;
    let report = CadesValidator::new(&MadridPolicy::default())
        .validate(&bad, "x")
        .unwrap();
    assert_eq!(
        report.signatures[0].sub_indication,
        Some(SubIndication::SigCryptoFailure)
    );
    assert_eq!(
        report.signatures[1].sub_indication,
        Some(SubIndication::HashFailure)
    );
}

#[test]
fn bes_passes_generic_rules_but_not_the_madrid_policy() {
    let pki = TestPki::shared();
    let der = CadesBuilder::new(GenericAdes)
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOC)
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap()
        .to_der();
    let chain = chain();
    let recognised = Recognised::default();
    let generic = CadesValidator::new(&recognised)
        .certificate_validator(&chain)
        .validate(&der, "x")
        .unwrap();
    assert_eq!(failed(&generic.signatures[0]), ["revocation"]);
    assert_eq!(generic.signatures[0].level.to_string(), "CAdES-BES");
    let madrid = known::madrid(&MadridPolicy::default());
    let demanded = CadesValidator::new(&madrid)
        .certificate_validator(&chain)
        .validate(&der, "x")
        .unwrap();
    assert!(failed(&demanded.signatures[0]).contains(&"signature-policy"));
    assert_eq!(
        demanded.signatures[0].sub_indication,
        Some(SubIndication::SigConstraintsFailure)
    );
}

#[test]
fn prepared_signatures_refuse_wrong_keys_and_values() {
    let pki = TestPki::shared();
    let builder = || {
        CadesBuilder::new(MadridPolicy::default())
            .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"))
            .attached(DOC)
    };
    let wrong_key = builder().sign::<Sha256>(&pki.signer2.key, datetime::now());
    assert!(matches!(wrong_key, Err(CadesError::KeyMismatch)));
    let prepared = builder().prepare::<Sha256>(datetime::now()).unwrap();
    let value = prepared
        .to_be_signed()
        .sign_with::<RsaPkcs1v15>(&pki.signer2.key)
        .unwrap();
    assert!(matches!(
        prepared.finish(value),
        Err(CadesError::BadSignatureValue)
    ));
    let prepared = builder().prepare::<Sha256>(datetime::now()).unwrap();
    let garbage = SignatureValue::<RsaPkcs1v15>::new(vec![0; 256]);
    assert!(matches!(
        prepared.finish(garbage),
        Err(CadesError::BadSignatureValue)
    ));
}

#[test]
fn co_signing_keeps_the_existing_signer_bytes() {
    let pki = TestPki::shared();
    let first = sign_with(MadridPolicy::default());
    let original_signer = first.signed_data().signer_infos()[0].to_der();
    let cosigned = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .cosign(first.into_signed_data(), None)
        .sign::<Sha256>(&pki.signer2.key, datetime::now())
        .unwrap()
        .to_der();
    assert!(
        cosigned
            .windows(original_signer.len())
            .any(|w| w == original_signer.as_slice())
    );
}

#[test]
fn refuses_expired_and_non_repudiation_less_certificates() {
    let pki = TestPki::shared();
    for id in [&pki.expired, &pki.no_repudiation] {
        let result = CadesBuilder::new(MadridPolicy::default())
            .signer_certificate(id.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"))
            .attached(DOC)
            .sign::<Sha256>(&id.key, datetime::now());
        assert!(
            matches!(result, Err(CadesError::SignerCertificate { .. })),
            "{}",
            id.label
        );
    }
    // The expired certificate could sign while it was valid.
    let in_2021 = datetime::parse_rfc3339("2021-06-01T10:00:00Z").unwrap();
    let old = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.expired.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOC)
        .sign::<Sha256>(&pki.expired.key, in_2021)
        .unwrap()
        .to_der();
    let chain = chain();
    let now = CadesValidator::new(&MadridPolicy::default())
        .certificate_validator(&chain)
        .validate(&old, "x")
        .unwrap();
    assert_eq!(
        now.signatures[0].sub_indication,
        Some(SubIndication::OutOfBoundsNoPoe)
    );
    let then = CadesValidator::new(&MadridPolicy::default())
        .certificate_validator(&chain)
        .at(in_2021)
        .validate(&old, "x")
        .unwrap();
    assert_eq!(failed(&then.signatures[0]), ["revocation"]);
}
