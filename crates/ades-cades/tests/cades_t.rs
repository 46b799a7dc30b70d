//! CAdES-T end to end against the test PKI's services on 127.0.0.1: signature time-stamps
//! from its TSA, OCSP and CRLs for revocation, and the EN 319 102-1 verdicts that follow.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_cades::{
    CadesBuilder, CadesValidator, SignedData, TimestampScope, add_signature_timestamps,
};
use ades_core::cms::Attribute;
use ades_core::report::{Outcome, SigningTimeSource};
use ades_core::time::Duration;
use ades_core::{DataFormat, DigestAlgorithm, Indication, Sha256, SubIndication, datetime, oid};
use ades_http::HttpTransport;
use ades_policy::MadridPolicy;
use ades_testkit::server::PkiServer;
use ades_testkit::{Identity, TestPki};
use ades_trust::{ChainValidator, RevocationChecker, TrustStore};
use ades_tsp::TsaClient;

const SEED: u64 = 0x4341_6445;
const DOC: &[u8] = b"Solicitud de licencia de obras, Madrid\n";

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

fn sign(pki: &TestPki, who: &Identity, at: ades_core::time::OffsetDateTime) -> SignedData {
    CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(who.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOC)
        .sign::<Sha256>(&who.key, at)
        .unwrap()
        .into_signed_data()
}

fn failed(report: &ades_core::SignatureReport) -> Vec<String> {
    report
        .checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| format!("{}: {}", c.qualified_name(), c.detail))
        .collect()
}

#[test]
fn cades_t_passes_with_the_time_stamp_as_signing_time() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let mut sd = sign(pki, &pki.signer1, datetime::now());
    assert_eq!(
        add_signature_timestamps(
            &mut sd,
            &tsa,
            DigestAlgorithm::Sha256,
            TimestampScope::Missing
        )
        .unwrap(),
        1
    );
    assert_eq!(
        add_signature_timestamps(
            &mut sd,
            &tsa,
            DigestAlgorithm::Sha256,
            TimestampScope::Missing
        )
        .unwrap(),
        0
    );
    let der = sd.to_der();
    let chain = validator(pki, true);
    let policy = MadridPolicy::default();
    let report = CadesValidator::new(&policy)
        .certificate_validator(&chain)
        .validate(&der, "t")
        .unwrap();
    let s = &report.signatures[0];
    assert_eq!(s.indication, Indication::TotalPassed, "{:#?}", failed(s));
    assert_eq!(s.level.to_string(), "CAdES-T");
    assert_eq!(s.signing_time_source, SigningTimeSource::Timestamp);
    assert!(
        s.checks
            .iter()
            .any(|c| c.qualified_name() == "signature-timestamp/revocation"
                && c.outcome == Outcome::Passed)
    );
    // Offline and without CRLs, nothing proves the certificates were not revoked.
    let offline = validator(pki, false);
    let report = CadesValidator::new(&policy)
        .certificate_validator(&offline)
        .validate(&der, "t")
        .unwrap();
    assert_eq!(
        report.signatures[0].sub_indication,
        Some(SubIndication::TryLater)
    );
}

#[test]
fn a_revoked_signer_fails_or_is_indeterminate_as_the_time_evidence_says() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let chain = validator(pki, true);
    let policy = MadridPolicy::default();
    // Signed (claimed) now, after the revocation, no time-stamp: REVOKED_NO_POE.
    let plain = sign(pki, &pki.revoked, datetime::now());
    let report = CadesValidator::new(&policy)
        .certificate_validator(&chain)
        .validate(&plain.to_der(), "r")
        .unwrap();
    assert_eq!(
        report.signatures[0].sub_indication,
        Some(SubIndication::RevokedNoPoe)
    );
    // Time-stamped now: the proof says it was signed after the revocation: TOTAL-FAILED/REVOKED.
    let mut stamped = plain.clone();
    add_signature_timestamps(
        &mut stamped,
        &tsa,
        DigestAlgorithm::Sha256,
        TimestampScope::Missing,
    )
    .unwrap();
    let report = CadesValidator::new(&policy)
        .certificate_validator(&chain)
        .validate(&stamped.to_der(), "r")
        .unwrap();
    assert_eq!(report.signatures[0].indication, Indication::TotalFailed);
    assert_eq!(
        report.signatures[0].sub_indication,
        Some(SubIndication::Revoked)
    );
    // Signed and time-stamped before the revocation: still valid (policy §3.7.2).
    let before = TestPki::revocation_time() - Duration::days(30);
    let mut early = sign(pki, &pki.revoked, before);
    let imprint = ades_tsp::MessageImprint::new(
        DigestAlgorithm::Sha256,
        ades_core::digest::digest(DigestAlgorithm::Sha256, early.signer_infos()[0].signature()),
    );
    let token = pki
        .timestamp_token(&imprint.to_der(), None, true, before + Duration::minutes(1))
        .unwrap();
    early.signer_infos_mut()[0]
        .add_unsigned_attribute(Attribute::single(oid::ATTR_SIGNATURE_TIMESTAMP, token));
    let report = CadesValidator::new(&policy)
        .certificate_validator(&chain)
        .validate(&early.to_der(), "e")
        .unwrap();
    let s = &report.signatures[0];
    assert_eq!(s.indication, Indication::TotalPassed, "{:#?}", failed(s));
    assert!(s.checks.iter().any(
        |c| c.outcome == Outcome::Warning && c.detail.contains("after the proven signing time")
    ));
}

#[test]
fn an_expired_signer_is_valid_when_a_time_stamp_predates_the_expiry() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let chain = validator(pki, true);
    let policy = MadridPolicy::default();
    let in_2022 = datetime::parse_rfc3339("2022-06-01T10:00:00Z").unwrap();
    let mut sd = sign(pki, &pki.expired, in_2022);
    let report = CadesValidator::new(&policy)
        .certificate_validator(&chain)
        .validate(&sd.to_der(), "x")
        .unwrap();
    assert_eq!(
        report.signatures[0].sub_indication,
        Some(SubIndication::OutOfBoundsNoPoe)
    );
    let imprint = ades_tsp::MessageImprint::new(
        DigestAlgorithm::Sha256,
        ades_core::digest::digest(DigestAlgorithm::Sha256, sd.signer_infos()[0].signature()),
    );
    let token = pki
        .timestamp_token(&imprint.to_der(), None, true, in_2022 + Duration::hours(1))
        .unwrap();
    sd.signer_infos_mut()[0]
        .add_unsigned_attribute(Attribute::single(oid::ATTR_SIGNATURE_TIMESTAMP, token));
    let report = CadesValidator::new(&policy)
        .certificate_validator(&chain)
        .validate(&sd.to_der(), "x")
        .unwrap();
    let s = &report.signatures[0];
    assert_eq!(s.indication, Indication::TotalPassed, "{:#?}", failed(s));
    assert_eq!(s.signing_time, Some(in_2022 + Duration::hours(1)));
}

/// A signature time-stamp that does not validate is left out (EN 319 102-1 §5.5): it gives
/// no time, its failure is reported as a warning, and the signature is judged without it.
#[test]
fn a_tampered_time_stamp_is_left_out() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let mut sd = sign(pki, &pki.signer1, datetime::now());
    // A token over other data put in the signature: the imprint does not match.
    let other = tsa
        .timestamp_data(DigestAlgorithm::Sha256, b"something else")
        .unwrap();
    sd.signer_infos_mut()[0].add_unsigned_attribute(Attribute::single(
        oid::ATTR_SIGNATURE_TIMESTAMP,
        other.der().to_vec(),
    ));
    let chain = validator(pki, true);
    let policy = MadridPolicy::default();
    let report = CadesValidator::new(&policy)
        .certificate_validator(&chain)
        .validate(&sd.to_der(), "x")
        .unwrap();
    let s = &report.signatures[0];
    assert_ne!(s.indication, Indication::TotalFailed, "{:#?}", failed(s));
    assert_eq!(s.signing_time_source, SigningTimeSource::Claimed);
    ades_testkit::assert_time_stamp_left_out(s, "message imprint does not match");
}

#[test]
fn many_signatures_from_one_ca_share_revocation_answers() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let mut files = Vec::new();
    for (i, who) in [&pki.signer1, &pki.signer2]
        .iter()
        .cycle()
        .take(40)
        .enumerate()
    {
        let mut sd = CadesBuilder::new(MadridPolicy::default())
            .signer_certificate(who.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"))
            .attached(format!("expediente {i}").into_bytes())
            .sign::<Sha256>(&who.key, datetime::now())
            .unwrap()
            .into_signed_data();
        add_signature_timestamps(
            &mut sd,
            &tsa,
            DigestAlgorithm::Sha256,
            TimestampScope::Missing,
        )
        .unwrap();
        files.push(sd.to_der());
    }
    let chain = validator(pki, true);
    let policy = MadridPolicy::default();
    for der in &files {
        let report = CadesValidator::new(&policy)
            .certificate_validator(&chain)
            .validate(der, "n")
            .unwrap();
        assert_eq!(report.signatures[0].indication, Indication::TotalPassed);
    }
    let stats = chain.revocation().unwrap().stats();
    // signer1, signer2 and the TSA certificate: one OCSP request each; the intermediate's
    // status comes from one download of the root's CRL.
    assert_eq!(
        stats
            .ocsp_requests
            .load(std::sync::atomic::Ordering::SeqCst),
        3
    );
    assert_eq!(
        stats
            .crl_downloads
            .load(std::sync::atomic::Ordering::SeqCst),
        1
    );
}
