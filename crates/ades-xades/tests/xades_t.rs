//! XAdES-T end to end against the test PKI's services on 127.0.0.1: a signature time-stamp
//! from its TSA over the canonical SignatureValue, OCSP and CRLs for revocation, and the
//! verdicts that follow.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_core::report::{Outcome, SigningTimeSource};
use ades_core::{DataFormat, DigestAlgorithm, Indication, Sha256, SubIndication, datetime};
use ades_http::HttpTransport;
use ades_policy::MadridPolicy;
use ades_testkit::server::PkiServer;
use ades_trust::{ChainValidator, RevocationChecker, TrustStore};
use ades_tsp::TsaClient;
use ades_xades::{
    CounterSignatureBuilder, StampTargets, XadesBuilder, XadesValidator, add_signature_timestamps,
};

const SEED: u64 = 0x5841_6445;

fn validate(server: &PkiServer, xml: &[u8]) -> Vec<ades_core::SignatureReport> {
    let mut store = TrustStore::new();
    store.add_anchor(server.pki().root.certificate.clone());
    let chain = ChainValidator::new(store)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())));
    XadesValidator::new(&MadridPolicy::default())
        .certificate_validator(&chain)
        .validate(xml, "t")
        .unwrap()
        .signatures
}

fn failed(r: &ades_core::SignatureReport) -> Vec<String> {
    r.checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| format!("{}: {}", c.qualified_name(), c.detail))
        .collect()
}

#[test]
fn xades_t_passes_with_the_time_stamp_as_signing_time_and_extends_again() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let sig = XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .internally_detached("a.txt", b"texto".to_vec())
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap()
        .with_signature_timestamp(&tsa, DigestAlgorithm::Sha256)
        .unwrap();
    let reports = validate(&server, sig.as_bytes());
    let r = &reports[0];
    assert_eq!(r.indication, Indication::TotalPassed, "{:#?}", failed(r));
    assert_eq!(r.level.to_string(), "XAdES-T");
    assert_eq!(r.signing_time_source, SigningTimeSource::Timestamp);
    assert!(
        r.checks
            .iter()
            .any(|c| c.name == ades_core::CheckId::SignatureTimestamp
                && c.outcome == Outcome::Passed)
    );

    // A second time-stamp goes into the existing UnsignedSignatureProperties.
    let (same, none_added) = add_signature_timestamps(
        sig.as_bytes(),
        &tsa,
        DigestAlgorithm::Sha512,
        StampTargets::Missing,
        &ades_xades::Limits::default(),
    )
    .unwrap();
    assert_eq!((same.as_slice(), none_added), (sig.as_bytes(), 0));
    let (twice, added) = add_signature_timestamps(
        sig.as_bytes(),
        &tsa,
        DigestAlgorithm::Sha512,
        StampTargets::All,
        &ades_xades::Limits::default(),
    )
    .unwrap();
    assert_eq!(added, 1);
    let text = String::from_utf8(twice.clone()).unwrap();
    assert_eq!(
        text.matches("UnsignedSignatureProperties>").count(),
        2,
        "one element, opened and closed"
    );
    let r = &validate(&server, &twice)[0];
    assert_eq!(r.indication, Indication::TotalPassed, "{:#?}", failed(r));
    let passed = r
        .checks
        .iter()
        .filter(|c| {
            c.name == ades_core::CheckId::SignatureTimestamp
                && c.outcome == Outcome::Passed
                && c.detail.starts_with("valid")
        })
        .count();
    assert_eq!(passed, 2);

    // A counter-signature after the time-stamp keeps everything valid.
    let cs = CounterSignatureBuilder::new(MadridPolicy::default(), twice, vec![0])
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .sign::<Sha256>(&pki.signer2.key, datetime::now())
        .unwrap();
    for r in validate(&server, cs.as_bytes()) {
        assert_eq!(
            r.indication,
            Indication::TotalPassed,
            "{}: {:#?}",
            r.id,
            failed(&r)
        );
    }
}

/// A time-stamp moved from another signature is over another value: it is left out (EN 319
/// 102-1 §5.5), gives no time, and its failure is reported as a warning.
#[test]
fn a_time_stamp_over_another_value_is_left_out() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let make = || {
        XadesBuilder::new(MadridPolicy::default())
            .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"))
            .enveloping(b"x".to_vec())
            .sign::<Sha256>(&pki.signer1.key, datetime::now())
            .unwrap()
    };
    let stamped = make()
        .with_signature_timestamp(&tsa, DigestAlgorithm::Sha256)
        .unwrap();
    let text = String::from_utf8(stamped.into_bytes()).unwrap();
    // Move the time-stamp onto another signature made by the same signer.
    let start = text.find("<xades:UnsignedProperties").unwrap();
    let end =
        text.find("</xades:UnsignedProperties>").unwrap() + "</xades:UnsignedProperties>".len();
    let other = String::from_utf8(make().into_bytes()).unwrap();
    let at = other.find("</xades:QualifyingProperties>").unwrap();
    let forged = format!("{}{}{}", &other[..at], &text[start..end], &other[at..]);
    let r = &validate(&server, forged.as_bytes())[0];
    assert_eq!(r.indication, Indication::TotalPassed, "{:#?}", failed(r));
    assert_eq!(r.signing_time_source, SigningTimeSource::Claimed);
    ades_testkit::assert_time_stamp_left_out(r, "message imprint does not match");
}

#[test]
fn a_content_time_stamp_is_verified_and_orders_the_times() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    for enveloping in [false, true] {
        let b = XadesBuilder::new(MadridPolicy::default())
            .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"));
        let prepared = if enveloping {
            b.enveloping(b"datos".to_vec())
                .prepare_with_content_timestamp::<Sha256>(datetime::now(), &tsa)
        } else {
            b.internally_detached("d.txt", b"datos".to_vec())
                .prepare_with_content_timestamp::<Sha256>(datetime::now(), &tsa)
        };
        let sig = prepared.unwrap().sign(&pki.signer1.key).unwrap();
        let text = std::str::from_utf8(sig.as_bytes()).unwrap();
        assert!(text.contains("<xades:AllDataObjectsTimeStamp"), "{text}");
        let r = &validate(&server, sig.as_bytes())[0];
        assert_eq!(r.indication, Indication::TotalPassed, "{:#?}", failed(r));
        assert!(
            r.checks
                .iter()
                .any(|c| c.name == ades_core::CheckId::ContentTimestamp
                    && c.outcome == Outcome::Passed
                    && c.detail.starts_with("valid")),
            "{:#?}",
            r.checks
        );
        // The content changed after time-stamping and signing: both the reference and the
        // content time-stamp fail.
        if !enveloping {
            let b64 = "ZGF0b3M="; // "datos"
            let tampered = text.replacen(b64, "ZGF0b1M=", 1);
            let r = &validate(&server, tampered.as_bytes())[0];
            assert_eq!(
                r.sub_indication,
                Some(SubIndication::HashFailure),
                "{:#?}",
                failed(r)
            );
        }
    }
}

#[test]
fn fresh_signatures_and_counter_signatures_are_time_stamped_in_place() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let invoice = r#"<?xml version="1.0" encoding="UTF-8"?>
<Factura xmlns="urn:example:factura"><Importe>1</Importe></Factura>
"#;
    // Twice on an enveloped signature with a default namespace in scope: one
    // UnsignedSignatureProperties, two valid time-stamps.
    let sig = XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/xml"))
        .enveloped(invoice)
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap()
        .with_signature_timestamp(&tsa, DigestAlgorithm::Sha256)
        .unwrap()
        .with_signature_timestamp(&tsa, DigestAlgorithm::Sha512)
        .unwrap();
    let text = std::str::from_utf8(sig.as_bytes()).unwrap();
    assert_eq!(
        text.matches("<xades:UnsignedSignatureProperties").count(),
        1
    );
    assert!(text.ends_with("</Factura>\n"));
    let r = &validate(&server, sig.as_bytes())[0];
    assert_eq!(r.indication, Indication::TotalPassed, "{:#?}", failed(r));
    let stamps = r
        .checks
        .iter()
        .filter(|c| {
            c.name == ades_core::CheckId::SignatureTimestamp && c.detail.starts_with("valid")
        })
        .count();
    assert_eq!(stamps, 2);

    // A counter-signature time-stamped as it is made.
    let cs = CounterSignatureBuilder::new(MadridPolicy::default(), sig.into_bytes(), vec![0])
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .sign::<Sha256>(&pki.signer2.key, datetime::now())
        .unwrap()
        .with_signature_timestamp(&tsa, DigestAlgorithm::Sha256)
        .unwrap();
    let reports = validate(&server, cs.as_bytes());
    assert_eq!(reports.len(), 2);
    for r in &reports {
        assert_eq!(
            r.indication,
            Indication::TotalPassed,
            "{}: {:#?}",
            r.id,
            failed(r)
        );
    }
    assert_eq!(reports[1].level.to_string(), "XAdES-T");
    assert_eq!(reports[1].signing_time_source, SigningTimeSource::Timestamp);
}
