//! Long-term CAdES against the test PKI's services: B-LT gathers the chains and OCSP/CRL
//! answers of the signer and the TSA into the `SignedData`, B-LTA adds an
//! archive-time-stamp-v3; both then validate offline, from their own validation data, and a
//! copied archive time-stamp proves nothing (INDETERMINATE, NO_POE).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use ades_cades::{
    CadesBuilder, CadesValidator, LongTermServices, SignedData, extend_to_lt, extend_to_lta,
};
use ades_core::cms::Attribute;
use ades_core::report::Outcome;
use ades_core::{
    CheckId, DataFormat, DigestAlgorithm, Format, Indication, Level, LevelReached, Sha256,
    SubIndication, XTimestamp, datetime, oid,
};
use ades_http::HttpTransport;
use ades_policy::MadridPolicy;
use ades_testkit::TestPki;
use ades_testkit::server::PkiServer;
use ades_trust::{ChainValidator, RevocationChecker, TrustStore};
use ades_tsp::TsaClient;

const SEED: u64 = 0x4c54_4100;
const DOC: &[u8] = b"Expediente 2026/000123: resolucion\n";

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

fn sign(pki: &TestPki) -> SignedData {
    CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOC)
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap()
        .into_signed_data()
}

fn report(
    sd: &SignedData,
    pki: &TestPki,
    at: Option<ades_core::time::OffsetDateTime>,
) -> ades_core::SignatureReport {
    let offline = validator(pki, false);
    let policy = MadridPolicy::default();
    let mut v = CadesValidator::new(&policy).certificate_validator(&offline);
    if let Some(at) = at {
        v = v.at(at);
    }
    v.validate(&sd.to_der(), "x").unwrap().signatures.remove(0)
}

fn failed(r: &ades_core::SignatureReport) -> Vec<String> {
    r.checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| format!("{}: {}", c.qualified_name(), c.detail))
        .collect()
}

#[test]
fn lt_and_lta_validate_offline_from_their_own_validation_data() {
    with_services(SEED, |pki, services| {
        // A B-level signature does not validate offline: nobody answers for revocation.
        let mut sd = sign(pki);
        let b = report(&sd, pki, None);
        assert_eq!(b.indication, Indication::Indeterminate, "{:?}", failed(&b));

        let lt = extend_to_lt(&mut sd, services).unwrap();
        assert_eq!(lt.signature_timestamps, 1);
        assert!(
            !lt.validation_data.ocsp_responses.is_empty(),
            "OCSP first (§4.3)"
        );
        assert!(!sd.crls().is_empty());
        let r = report(&sd, pki, None);
        assert_eq!(r.indication, Indication::TotalPassed, "{:?}", failed(&r));
        assert_eq!(r.level, LevelReached::signature(Format::Cades, Level::Lt));
        assert!(r.checks.iter().any(|c| c.name == CheckId::ValidationData));

        let lta = extend_to_lta(&mut sd, services).unwrap();
        assert_eq!(lta.archive_timestamps, 1);
        let r = report(&sd, pki, None);
        assert_eq!(r.indication, Indication::TotalPassed, "{:?}", failed(&r));
        assert_eq!(r.level, LevelReached::signature(Format::Cades, Level::Lta));
        assert!(
            r.checks
                .iter()
                .any(|c| c.name == CheckId::ArchiveTimestamp && c.outcome == Outcome::Passed),
            "{:?}",
            r.checks
        );

        // After the signer certificate expired (2034) the evidence still proves it was valid and
        // not revoked when it signed.
        let late = datetime::parse_rfc3339("2039-06-01T00:00:00Z").unwrap();
        let r = report(&sd, pki, Some(late));
        assert_eq!(r.indication, Indication::TotalPassed, "{:?}", failed(&r));
        // Once the archive time-stamp's TSA certificate has expired (2040) too, nothing newer
        // proves the archive time-stamp existed before: it must be renewed in time
        // (EN 319 102-1 §5.6.2.1).
        let too_late = datetime::parse_rfc3339("2041-06-01T00:00:00Z").unwrap();
        let r = report(&sd, pki, Some(too_late));
        assert_eq!(r.indication, Indication::Indeterminate, "{:?}", failed(&r));
        assert!(
            r.checks.iter().any(|c| c.outcome == Outcome::Failed
                && c.sub_indication == Some(SubIndication::OutOfBoundsNoPoe)
                && c.detail
                    .contains("before anything proves the token existed")),
            "{:?}",
            failed(&r)
        );

        // A second archive time-stamp keeps the first one valid (v3: later additions are fine).
        extend_to_lta(&mut sd, services).unwrap();
        let r = report(&sd, pki, None);
        assert_eq!(r.indication, Indication::TotalPassed, "{:?}", failed(&r));

        // An archive time-stamp copied onto another signature covers other data.
        let mut other = sign(pki);
        extend_to_lt(&mut other, services).unwrap();
        let copied = sd.signer_infos()[0]
            .unsigned_attribute(oid::ATTR_ARCHIVE_TIMESTAMP_V3)
            .unwrap()
            .clone();
        other.signer_infos_mut()[0]
            .add_unsigned_attribute(Attribute::new(copied.oid, copied.values));
        let r = report(&other, pki, None);
        assert_eq!(r.indication, Indication::Indeterminate, "{:?}", failed(&r));
        assert_eq!(
            r.sub_indication,
            Some(SubIndication::NoPoe),
            "{:?}",
            failed(&r)
        );
    });
}

#[test]
fn a_revoked_signer_is_not_extended() {
    with_services(SEED + 1, |pki, services| {
        let mut sd = CadesBuilder::new(MadridPolicy::default())
            .signer_certificate(pki.revoked.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"))
            .attached(DOC)
            .sign::<Sha256>(&pki.revoked.key, datetime::now())
            .unwrap()
            .into_signed_data();
        let before = sd.to_der();
        let err = extend_to_lt(&mut sd, services).unwrap_err();
        assert!(err.to_string().contains("revoked"), "{err}");
        assert_eq!(sd.to_der(), before, "nothing changed");
    });
}

#[test]
fn the_policy_s_extended_forms_up_to_a_validate_offline() {
    with_services(SEED + 2, |pki, services| {
        let mut sd = sign(pki);
        ades_cades::extend_to_a(&mut sd, services, XTimestamp::SignatureAndReferences).unwrap();
        let si = &sd.signer_infos()[0];
        for attribute in [
            oid::ATTR_SIGNATURE_TIMESTAMP,
            oid::ATTR_CERTIFICATE_REFS,
            oid::ATTR_REVOCATION_REFS,
            oid::ATTR_ESC_TIMESTAMP,
            oid::ATTR_CERT_VALUES,
            oid::ATTR_REVOCATION_VALUES,
            oid::ATTR_ARCHIVE_TIMESTAMP_V3,
        ] {
            assert!(si.unsigned_attribute(attribute).is_some(), "{attribute}");
        }
        let r = report(&sd, pki, None);
        assert_eq!(r.indication, Indication::TotalPassed, "{:?}", failed(&r));
        assert_eq!(r.level, LevelReached::signature(Format::Cades, Level::A));
        assert!(
            r.checks
                .iter()
                .any(|c| c.name == CheckId::ReferencesTimestamp && c.outcome == Outcome::Passed)
        );
        // The revocation values alone (without the SignedData's crls) serve offline validation.
        let values = si.validation_values();
        assert!(!values.ocsp_responses.is_empty() && !values.certificates.is_empty());
    });
}

#[test]
fn x_long_type_2_time_stamps_the_references_alone() {
    with_services(SEED + 3, |pki, services| {
        let mut sd = sign(pki);
        ades_cades::extend_to_form(&mut sd, services, Level::Xl, XTimestamp::ReferencesOnly)
            .unwrap();
        let si = &sd.signer_infos()[0];
        assert!(
            si.unsigned_attribute(oid::ATTR_CERT_CRL_TIMESTAMP)
                .is_some()
        );
        assert!(si.unsigned_attribute(oid::ATTR_ESC_TIMESTAMP).is_none());
        let r = report(&sd, pki, None);
        assert_eq!(r.indication, Indication::TotalPassed, "{:?}", failed(&r));
        assert_eq!(r.level, LevelReached::signature(Format::Cades, Level::Xl));
        assert!(
            r.checks
                .iter()
                .any(|c| c.name == CheckId::ReferencesTimestamp && c.outcome == Outcome::Passed)
        );
    });
}
