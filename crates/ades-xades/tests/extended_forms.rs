//! The policy's extended XAdES forms (§4.3) against the test PKI's services: -C names the
//! path and the revocation data, -X time-stamps the signature with those references, -XL
//! carries the values, -A archives it all; counter-signers' data comes along. -XL and -A
//! validate offline; a changed reference is caught by the -X time-stamp.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::report::Outcome;
use ades_core::{
    CheckId, DataFormat, DigestAlgorithm, Format, Indication, Level, LevelReached, Sha256,
    SignatureReport, XTimestamp, datetime,
};
use ades_http::HttpTransport;
use ades_policy::MadridPolicy;
use ades_testkit::TestPki;
use ades_testkit::server::PkiServer;
use ades_trust::{ChainValidator, RevocationChecker, TrustStore};
use ades_tsp::{LongTermServices, TsaClient};
use ades_xades::{CounterSignatureBuilder, Limits, XadesBuilder, XadesValidator, extend_to_form};

const SEED: u64 = 0x5841_4445;

fn validator(pki: &TestPki, online: bool) -> ChainValidator {
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let checker = if online {
        RevocationChecker::online(Box::new(HttpTransport::new()))
    } else {
        RevocationChecker::offline()
    };
    ChainValidator::new(store).with_revocation(checker)
}

/// Runs `test` with the test PKI of `seed` served on 127.0.0.1 and long-term services over
/// its TSA, OCSP responder and CRLs.
fn with_services(seed: u64, test: impl FnOnce(&TestPki, &LongTermServices<'_>)) {
    let server = PkiServer::start(seed).unwrap();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let online = validator(server.pki(), true);
    let services = LongTermServices {
        source: &online,
        tsa: &tsa,
        digest: DigestAlgorithm::Sha256,
        now: datetime::now(),
        content: None,
    };
    test(server.pki(), &services);
}

/// A signature by signer 1, counter-signed by signer 2.
fn counter_signed(pki: &TestPki) -> Vec<u8> {
    let master = XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .internally_detached("acta.txt", b"Acta de la Junta".to_vec())
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap();
    CounterSignatureBuilder::new(MadridPolicy::default(), master.into_bytes(), vec![0])
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .sign::<Sha256>(&pki.signer2.key, datetime::now())
        .unwrap()
        .into_bytes()
}

fn reports(xml: &[u8], chain: &ChainValidator) -> Vec<SignatureReport> {
    let policy = MadridPolicy::default();
    XadesValidator::new(&policy)
        .certificate_validator(chain)
        .validate(xml, "x.xsig")
        .unwrap()
        .signatures
}

fn property_count(xml: &[u8], local: &str) -> usize {
    String::from_utf8_lossy(xml)
        .matches(&format!(":{local} "))
        .count()
}

#[test]
fn c_x_xl_and_a_hold_their_structures_and_validate() {
    with_services(SEED, |pki, services| {
        let offline = validator(pki, false);
        let signed = counter_signed(pki);
        for (form, elements) in [
            (
                Level::C,
                &[
                    "SignatureTimeStamp",
                    "CompleteCertificateRefs",
                    "CompleteRevocationRefs",
                ][..],
            ),
            (Level::X, &["SigAndRefsTimeStamp"][..]),
            (
                Level::Xl,
                &[
                    "SigAndRefsTimeStamp",
                    "CertificateValues",
                    "RevocationValues",
                ][..],
            ),
            (Level::A, &["CertificateValues", "ArchiveTimeStamp"][..]),
        ] {
            let (xml, extension) = extend_to_form(
                &signed,
                form,
                XTimestamp::SignatureAndReferences,
                services,
                &Limits::default(),
            )
            .unwrap();
            for e in elements {
                assert_eq!(property_count(&xml, e), 1, "{form}: {e}");
            }
            assert_eq!(extension.signature_timestamps, 1);
            // The references and values name the counter-signer's path as well as the signer's.
            let text = String::from_utf8_lossy(&xml);
            if form >= Level::Xl {
                assert!(
                    extension
                        .validation_data
                        .certificates
                        .contains(&pki.signer2.certificate)
                );
            }
            assert!(text.contains("<xades:OCSPRef>"), "{form}");
            // -C and -X name their data: they validate online. -XL and -A carry it: offline.
            let online = validator(pki, true);
            let chain = if form >= Level::Xl { &offline } else { &online };
            let r = reports(&xml, chain);
            assert_eq!(
                r[0].indication,
                Indication::TotalPassed,
                "{form}: {:#?}",
                r[0]
            );
            assert_eq!(
                r[1].indication,
                Indication::TotalPassed,
                "{form}: {:#?}",
                r[1]
            );
            assert_eq!(r[0].level, LevelReached::signature(Format::Xades, form));
            let x_checks = r[0]
                .checks
                .iter()
                .filter(|c| c.name == CheckId::ReferencesTimestamp && c.outcome == Outcome::Passed)
                .count();
            assert_eq!(x_checks > 0, form != Level::C, "{form}");
        }
    });
}

#[test]
fn a_changed_reference_breaks_the_x_time_stamp() {
    with_services(SEED + 1, |pki, services| {
        let (xml, _) = extend_to_form(
            &counter_signed(pki),
            Level::Xl,
            XTimestamp::SignatureAndReferences,
            services,
            &Limits::default(),
        )
        .unwrap();
        let text = String::from_utf8(xml).unwrap();
        // The producedAt of the first OCSP reference, a second later.
        let at = text.find("<xades:ProducedAt>").unwrap() + "<xades:ProducedAt>".len();
        let mut changed = text.clone().into_bytes();
        let seconds = at + "2026-01-01T00:00:0".len();
        changed[seconds] = if changed[seconds] == b'9' {
            b'8'
        } else {
            changed[seconds] + 1
        };
        let r = reports(&changed, &validator(pki, false));
        assert_ne!(r[0].indication, Indication::TotalPassed, "{:#?}", r[0]);
        assert!(
            r[0].checks
                .iter()
                .any(|c| c.name == CheckId::ReferencesTimestamp && c.outcome == Outcome::Failed),
            "{:#?}",
            r[0]
        );
    });
}

#[test]
fn type_2_time_stamps_the_references_alone() {
    with_services(SEED + 2, |pki, services| {
        let (xml, _) = extend_to_form(
            &counter_signed(pki),
            Level::A,
            XTimestamp::ReferencesOnly,
            services,
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(property_count(&xml, "RefsOnlyTimeStamp"), 1);
        assert_eq!(property_count(&xml, "SigAndRefsTimeStamp"), 0);
        let r = reports(&xml, &validator(pki, false));
        assert_eq!(r[0].indication, Indication::TotalPassed, "{:#?}", r[0]);
        assert_eq!(r[0].level, LevelReached::signature(Format::Xades, Level::A));
        assert!(
            r[0].checks
                .iter()
                .any(|c| c.name == CheckId::ReferencesTimestamp && c.outcome == Outcome::Passed)
        );
    });
}
