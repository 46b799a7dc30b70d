//! The run-time front door: every format, packaging and policy chosen as values, the policy's
//! refusals with their sections, the checks before signing, and one report shape for all.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use ades::trust::{ChainValidator, TrustStore};
use ades::{
    CheckId, DigestAlgorithm, Error, Format, GenericAdes, Indication, Input, Level, LevelReached,
    OptionsError, Packaging, PolicyChoice, Services, SignaturePath, SignerChecks, SignerIdentity,
    SigningOptions, ValidationOptions,
};
use ades_testkit::TestPki;

fn signer1() -> SignerIdentity {
    let pki = TestPki::shared();
    SignerIdentity::new(
        pki.signer1.key.clone(),
        pki.signer1.certificate.clone(),
        pki.chain(),
    )
    .unwrap()
}

fn chain_validator() -> ChainValidator {
    let mut store = TrustStore::new();
    store.add_anchor(TestPki::shared().root.certificate.clone());
    ChainValidator::new(store)
}

/// Checks before signing with the test root and no revocation sources (client-side signing
/// without network, §3.6.2 c).
fn offline(validator: &ChainValidator) -> Services<'_> {
    Services::new(SignerChecks::Validate {
        validator,
        revocation_required: false,
    })
}

fn validate(bytes: Vec<u8>, validator: &ChainValidator) -> ades::ValidationReport {
    ades::validate(
        Input::bytes(bytes),
        &ValidationOptions {
            certificate_validator: Some(validator),
            ..ValidationOptions::default()
        },
    )
    .unwrap()
}

/// The failed checks of every signature, but revocation (no responder in these tests).
fn failed(report: &ades::ValidationReport) -> Vec<String> {
    report
        .signatures
        .iter()
        .flat_map(|s| &s.checks)
        .filter(|c| c.outcome == ades::core::Outcome::Failed && c.name != CheckId::Revocation)
        .map(|c| format!("{}: {}", c.qualified_name(), c.detail))
        .collect()
}

#[test]
fn every_format_and_packaging_signs_and_validates_through_one_entry_point() {
    let validator = chain_validator();
    let cases = [
        (
            Format::Cades,
            Packaging::Attached,
            Input::bytes(b"texto".to_vec()),
        ),
        (
            Format::Cades,
            Packaging::Detached,
            Input::bytes(b"texto".to_vec()),
        ),
        (
            Format::Xades,
            Packaging::InternallyDetached,
            Input::bytes(b"acta".to_vec()).named("acta.txt"),
        ),
        (
            Format::Xades,
            Packaging::Enveloping,
            Input::bytes(b"acta".to_vec()),
        ),
        (
            Format::Xades,
            Packaging::Enveloped,
            Input::bytes(b"<factura><importe>1</importe></factura>".to_vec()),
        ),
        (
            Format::Pades,
            Packaging::Detached,
            Input::bytes(common::ONE_PAGE_PDF.to_vec()),
        ),
    ];
    for (format, packaging, input) in cases {
        let detached = matches!((format, packaging), (Format::Cades, Packaging::Detached));
        let options = SigningOptions::new(format)
            .packaging(packaging)
            .role("emisor");
        let signed = ades::sign(input, &signer1(), &options, &offline(&validator)).unwrap();
        assert_eq!(signed.format(), format);
        assert_eq!(signed.level(), Level::Epes);
        assert!(
            signed.warnings().iter().any(|w| w.contains("§3.6.2 c")),
            "{:?}",
            signed.warnings()
        );
        let bytes = signed.to_vec().unwrap();
        assert_eq!(ades::sniff(&bytes), Some(format));
        let content = b"texto".to_vec();
        let report = ades::validate(
            Input::bytes(bytes),
            &ValidationOptions {
                certificate_validator: Some(&validator),
                detached_content: detached
                    .then_some(&content as &dyn ades::core::validation::DetachedContent),
                ..ValidationOptions::default()
            },
        )
        .unwrap();
        assert_eq!(report.format, format);
        assert_eq!(
            report.signatures[0].level,
            LevelReached::signature(format, Level::Epes),
            "{format} {packaging}"
        );
        assert!(
            failed(&report).is_empty(),
            "{format} {packaging}: {:?}",
            failed(&report)
        );
    }
}

#[test]
fn the_policy_refuses_at_run_time_what_its_types_refuse_and_names_the_section() {
    let validator = chain_validator();
    let services = offline(&validator);
    let sha384 = SigningOptions::default().digest(DigestAlgorithm::Sha384);
    let err = ades::sign(Input::bytes(b"x".to_vec()), &signer1(), &sha384, &services).unwrap_err();
    let Error::Refused(refusal) = err else {
        panic!("{err}")
    };
    assert_eq!(refusal.rule.section, "§3.5");
    assert!(refusal.to_string().contains("SHA-384"), "{refusal}");
    // The generic AdES rules allow it.
    let generic = sha384.clone().policy(GenericAdes);
    let signed = ades::sign(Input::bytes(b"x".to_vec()), &signer1(), &generic, &services).unwrap();
    assert_eq!(signed.level(), Level::Bes);

    // Counter-signing a PAdES signature: Annex I.
    let pdf = ades::sign(
        Input::bytes(common::ONE_PAGE_PDF.to_vec()),
        &signer1(),
        &SigningOptions::new(Format::Pades),
        &services,
    )
    .unwrap()
    .to_vec()
    .unwrap();
    let err = ades::countersign(
        Input::bytes(pdf),
        &SignaturePath::first(),
        &signer1(),
        &SigningOptions::default(),
        &services,
    )
    .unwrap_err();
    let Error::Refused(refusal) = err else {
        panic!("{err}")
    };
    assert_eq!(refusal.rule.section, "Annex I");

    // Facturae signs invoices enveloped only.
    let facturae = SigningOptions::new(Format::Xades).policy(ades::FacturaePolicy::default());
    let err = ades::sign(
        Input::bytes(b"x".to_vec()),
        &signer1(),
        &facturae,
        &services,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err}");
}

#[test]
fn contradictory_options_are_typed_errors() {
    let validator = chain_validator();
    let services = offline(&validator);
    let cases = [
        (
            SigningOptions::default().level(Level::T),
            OptionsError::LevelNeedsTsa(Level::T),
        ),
        (
            SigningOptions::default().level(Level::Bes),
            OptionsError::BesWithPolicy,
        ),
        (
            SigningOptions::new(Format::Cades).packaging(Packaging::Enveloped),
            OptionsError::PackagingNotForFormat {
                format: Format::Cades,
                packaging: Packaging::Enveloped,
            },
        ),
    ];
    for (options, expected) in cases {
        match ades::sign(Input::bytes(b"x".to_vec()), &signer1(), &options, &services) {
            Err(Error::Options(e)) => assert_eq!(e, expected),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn an_expired_or_untrusted_signer_is_refused_before_signing() {
    let pki = TestPki::shared();
    let validator = chain_validator();
    let expired = SignerIdentity::new(
        pki.expired.key.clone(),
        pki.expired.certificate.clone(),
        pki.chain(),
    )
    .unwrap();
    let err = ades::sign(
        Input::bytes(b"x".to_vec()),
        &expired,
        &SigningOptions::default(),
        &offline(&validator),
    )
    .unwrap_err();
    let Error::SignerCheck(failure) = err else {
        panic!("{err}")
    };
    assert!(
        failure
            .problems
            .iter()
            .any(|p| p.starts_with("certificate-validity")),
        "{failure}"
    );
    // An empty trust store: no chain.
    let nobody = ChainValidator::new(TrustStore::new());
    let err = ades::sign(
        Input::bytes(b"x".to_vec()),
        &signer1(),
        &SigningOptions::default(),
        &offline(&nobody),
    )
    .unwrap_err();
    assert!(matches!(err, Error::SignerCheck(_)), "{err}");
}

#[test]
fn co_and_counter_signatures_through_the_front_door() {
    let validator = chain_validator();
    let services = offline(&validator);
    let pki = TestPki::shared();
    let signer2 = SignerIdentity::new(
        pki.signer2.key.clone(),
        pki.signer2.certificate.clone(),
        pki.chain(),
    )
    .unwrap();
    for format in [Format::Cades, Format::Xades] {
        let first = ades::sign(
            Input::bytes(b"acta".to_vec()).named("acta.txt"),
            &signer1(),
            &SigningOptions::new(format),
            &services,
        )
        .unwrap()
        .to_vec()
        .unwrap();
        let both = ades::cosign(
            Input::bytes(first),
            None,
            &signer2,
            &SigningOptions::default(),
            &services,
        )
        .unwrap()
        .to_vec()
        .unwrap();
        let ratified = ades::countersign(
            Input::bytes(both),
            &"1".parse().unwrap(),
            &signer2,
            &SigningOptions::default(),
            &services,
        )
        .unwrap()
        .to_vec()
        .unwrap();
        let report = validate(ratified, &validator);
        assert_eq!(report.signatures.len(), 3, "{format}");
        assert!(
            failed(&report).is_empty(),
            "{format}: {:?}",
            failed(&report)
        );
    }
}

#[test]
fn reports_cite_the_policy_that_applies_not_a_fixed_one() {
    let validator = chain_validator();
    let services = offline(&validator);
    let madrid = ades::sign(
        Input::bytes(b"x".to_vec()),
        &signer1(),
        &SigningOptions::default(),
        &services,
    )
    .unwrap()
    .to_vec()
    .unwrap();
    let report = validate(madrid, &validator);
    let chain = report.signatures[0]
        .checks
        .iter()
        .find(|c| c.name == CheckId::CertificateChain)
        .unwrap();
    assert_eq!(
        chain.rule.map(|r| r.to_string()).as_deref(),
        Some("Ayuntamiento de Madrid v1.0 §3.7 item 2")
    );
    let generic = ades::sign(
        Input::bytes(b"x".to_vec()),
        &signer1(),
        &SigningOptions::default().policy(GenericAdes),
        &services,
    )
    .unwrap()
    .to_vec()
    .unwrap();
    let report = validate(generic, &validator);
    assert!(
        report.signatures[0]
            .checks
            .iter()
            .filter(|c| c.name == CheckId::CertificateChain)
            .all(|c| c.rule.is_none()),
        "a signature under no policy cites no Madrid section"
    );
    // A demanded policy judges a BES as not under it.
    let demanded =
        PolicyChoice::Demand(ades::policy::known::madrid(&ades::MadridPolicy::default()));
    let report = ades::validate(
        Input::bytes(
            ades::sign(
                Input::bytes(b"x".to_vec()),
                &signer1(),
                &SigningOptions::default().policy(GenericAdes),
                &services,
            )
            .unwrap()
            .to_vec()
            .unwrap(),
        ),
        &ValidationOptions {
            policy: Some(&demanded),
            certificate_validator: Some(&validator),
            ..ValidationOptions::default()
        },
    )
    .unwrap();
    assert_ne!(report.worst(), Indication::TotalPassed);
}

#[test]
fn prepare_then_finish_with_a_value_made_elsewhere_in_every_format() {
    let pki = TestPki::shared();
    let validator = chain_validator();
    let services = offline(&validator);
    for (format, input) in [
        (Format::Cades, Input::bytes(b"texto".to_vec())),
        (
            Format::Xades,
            Input::bytes(b"acta".to_vec()).named("acta.txt"),
        ),
        (Format::Pades, Input::bytes(common::ONE_PAGE_PDF.to_vec())),
    ] {
        let prepared = ades::prepare(
            input,
            &pki.signer1.certificate,
            &pki.chain(),
            &SigningOptions::new(format),
            &services,
        )
        .unwrap();
        // Elsewhere: the key signs the bytes (a token, a remote service).
        let value = ades::core::Signer::sign(
            &pki.signer1.key,
            prepared.to_be_signed().algorithm(),
            prepared.to_be_signed().bytes(),
        )
        .unwrap();
        let mut wrong = value.clone();
        wrong[10] ^= 1;
        let again = ades::prepare(
            Input::bytes(match format {
                Format::Pades => common::ONE_PAGE_PDF.to_vec(),
                _ => b"texto".to_vec(),
            }),
            &pki.signer1.certificate,
            &pki.chain(),
            &SigningOptions::new(format),
            &services,
        )
        .unwrap();
        assert!(
            again.finish(wrong, &services).is_err(),
            "{format}: a wrong value"
        );
        let signed = prepared.finish(value, &services).unwrap();
        let report = validate(signed.to_vec().unwrap(), &validator);
        assert!(
            failed(&report).is_empty(),
            "{format}: {:?}",
            failed(&report)
        );
    }
}

#[test]
fn long_term_levels_through_the_front_door_validate_offline() {
    use ades::core::validation::DetachedContent;
    use ades::trust::RevocationChecker;
    let server = ades_testkit::server::PkiServer::start(0x4654_4c54).unwrap();
    let pki = server.pki();
    let transport = ades_http::HttpTransport::new();
    let tsa = ades::tsp::TsaClient::new(server.tsa_url(), &transport);
    let anchors = || {
        let mut store = TrustStore::new();
        store.add_anchor(pki.root.certificate.clone());
        store
    };
    let online = ChainValidator::new(anchors()).with_revocation(RevocationChecker::online(
        Box::new(ades_http::HttpTransport::new()),
    ));
    let offline = ChainValidator::new(anchors()).with_revocation(RevocationChecker::offline());
    let services = Services::new(SignerChecks::Validate {
        validator: &online,
        revocation_required: true,
    })
    .tsa(&tsa)
    .validation_data(&online);
    let me = SignerIdentity::new(
        pki.signer1.key.clone(),
        pki.signer1.certificate.clone(),
        pki.chain(),
    )
    .unwrap();
    let content = b"contenido".to_vec();
    for (format, packaging) in [
        (Format::Cades, Packaging::Attached),
        (Format::Cades, Packaging::Detached),
        (Format::Xades, Packaging::InternallyDetached),
        (Format::Xades, Packaging::Enveloped),
        (Format::Pades, Packaging::Detached),
    ] {
        let options = SigningOptions::new(format)
            .packaging(packaging)
            .level(Level::Lta);
        let input = match (format, packaging) {
            (Format::Pades, _) => common::ONE_PAGE_PDF.to_vec(),
            (_, Packaging::Enveloped) => b"<factura><importe>1</importe></factura>".to_vec(),
            _ => content.clone(),
        };
        let signed = ades::sign(Input::bytes(input), &me, &options, &services).unwrap();
        assert_eq!(signed.level(), Level::Lta);
        let detached = (format == Format::Cades && packaging == Packaging::Detached)
            .then_some(&content as &dyn DetachedContent);
        let report = ades::validate(
            Input::bytes(signed.to_vec().unwrap()),
            &ValidationOptions {
                certificate_validator: Some(&offline),
                detached_content: detached,
                ..ValidationOptions::default()
            },
        )
        .unwrap();
        assert_eq!(report.worst(), Indication::TotalPassed, "{report}");
        assert_eq!(
            report.signatures[0].level,
            LevelReached::signature(format, Level::Lta),
            "{report}"
        );
    }
    // A B-level signature extended to LT by the front door.
    let b = ades::sign(
        Input::bytes(content.clone()),
        &me,
        &SigningOptions::default(),
        &services,
    )
    .unwrap()
    .to_vec()
    .unwrap();
    let lt = ades::extend(
        Input::bytes(b),
        None,
        &ades::ExtendOptions::to(Level::Lt),
        &services,
    )
    .unwrap();
    assert_eq!(lt.timestamped, 1);
    assert!(!lt.validation_data.is_empty());
    let report = ades::validate(
        Input::bytes(lt.bytes),
        &ValidationOptions {
            certificate_validator: Some(&offline),
            ..ValidationOptions::default()
        },
    )
    .unwrap();
    assert_eq!(report.worst(), Indication::TotalPassed, "{report}");
}

#[test]
fn a_cms_or_xml_file_too_large_for_memory_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csig");
    // A sparse file: its size without the disk space.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(ades::MAX_IN_MEMORY + 1).unwrap();
    drop(file);
    let report = ades::validate(Input::path(&path), &ValidationOptions::default()).unwrap();
    assert_eq!(report.worst(), Indication::TotalFailed);
    let detail = &report.signatures[0].checks[0].detail;
    assert!(detail.contains("more than the"), "{detail}");
    let err = Input::path(&path).read_at_most(1024).unwrap_err();
    assert!(matches!(err, Error::TooLarge { limit: 1024, .. }), "{err}");
}
