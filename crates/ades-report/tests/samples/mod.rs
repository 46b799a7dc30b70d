//! Real validation reports to render: our own signatures made with the test PKI, validated
//! by the workspace's validators (a time-stamp from the PKI's TSA in process, revocation
//! from its CRLs offline), plus the reports of files that hold nothing to validate and a
//! report whose texts are hostile.

use ades_cades::{CadesBuilder, CadesValidator, TimestampScope, add_signature_timestamps};
use ades_core::report::{Check, Outcome};
use ades_core::time::{Duration, OffsetDateTime};
use ades_core::transport::{Transport, TransportError};
use ades_core::{
    CheckId, DataFormat, DigestAlgorithm, Format, Indication, RuleRef, Sha256, SubIndication,
    ValidationReport, datetime,
};
use ades_pades::{PadesBuilder, PadesValidator, SourcePdf};
use ades_policy::MadridPolicy;
use ades_testkit::{TestPki, TsaMode};
use ades_trust::{ChainValidator, Crl, RevocationChecker, TrustStore};
use ades_tsp::TsaClient;
use ades_xades::{CounterSignatureBuilder, XadesBuilder, XadesValidator};

const DOC: &[u8] = b"Solicitud de licencia de obras, Madrid\n";

/// A TSA answering in process: the test PKI's, at the current time.
struct InProcessTsa(&'static TestPki);

impl Transport for InProcessTsa {
    fn post(&self, _: &str, _: &str, body: &[u8]) -> Result<Vec<u8>, TransportError> {
        Ok(self
            .0
            .timestamp_response(body, datetime::now(), TsaMode::Normal)
            .unwrap())
    }

    fn get(&self, url: &str) -> Result<Vec<u8>, TransportError> {
        Err(TransportError::Offline(url.to_owned()))
    }
}

/// The root as trust anchor, revocation from the PKI's CRLs (no network).
fn chain_validator(pki: &TestPki) -> ChainValidator {
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let mut revocation = RevocationChecker::offline();
    for ca in ["ape", "root"] {
        let der = pki.crl(ca, datetime::now(), Duration::days(7)).unwrap();
        revocation.add_crl(ca, Crl::from_bytes(&der).unwrap());
    }
    ChainValidator::new(store).with_revocation(revocation)
}

fn signing_time() -> OffsetDateTime {
    datetime::now() - Duration::minutes(5)
}

/// A CAdES-T attached signature (EPES under the Madrid policy, time-stamped).
fn cades_t(pki: &'static TestPki) -> Vec<u8> {
    let mut sd = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(DOC)
        .sign::<Sha256>(&pki.signer1.key, signing_time())
        .unwrap()
        .into_signed_data();
    let transport = InProcessTsa(pki);
    let tsa = TsaClient::new("http://127.0.0.1/tsa", &transport);
    let added = add_signature_timestamps(
        &mut sd,
        &tsa,
        DigestAlgorithm::Sha256,
        TimestampScope::Missing,
    )
    .unwrap();
    assert_eq!(added, 1);
    sd.to_der()
}

fn validate_cades(der: &[u8], name: &str, chain: Option<&ChainValidator>) -> ValidationReport {
    let policy = MadridPolicy::default();
    let validator = CadesValidator::new(&policy);
    let validator = match chain {
        Some(chain) => validator.certificate_validator(chain),
        None => validator,
    };
    validator.validate(der, name).unwrap()
}

fn pades(pki: &'static TestPki, chain: &ChainValidator) -> ValidationReport {
    let objects = [
        "<</Type/Catalog/Pages 2 0 R>>".to_owned(),
        "<</Type/Pages/Kids[3 0 R]/Count 1>>".to_owned(),
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>".to_owned(),
    ];
    let source = SourcePdf::from_bytes(ades_testkit::pdf::pdf_file(&objects, "")).unwrap();
    let transport = InProcessTsa(pki);
    let tsa = TsaClient::new("http://127.0.0.1/tsa", &transport);
    let signed = PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .sign::<Sha256>(&source, &pki.signer1.key, signing_time(), Some(&tsa))
        .unwrap()
        .to_vec(&source)
        .unwrap();
    let policy = MadridPolicy::default();
    PadesValidator::new(&policy)
        .certificate_validator(chain)
        .validate(signed, "acta.pdf")
}

/// A XAdES signature in the policy's `<documento>` structure, counter-signed.
fn xades(pki: &'static TestPki, chain: &ChainValidator) -> ValidationReport {
    let signed = XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .internally_detached("acta.txt", DOC.to_vec())
        .sign::<Sha256>(&pki.signer1.key, signing_time())
        .unwrap();
    let countersigned =
        CounterSignatureBuilder::new(MadridPolicy::default(), signed.into_bytes(), vec![0])
            .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
            .sign::<Sha256>(&pki.signer2.key, datetime::now())
            .unwrap()
            .into_bytes();
    let policy = MadridPolicy::default();
    XadesValidator::new(&policy)
        .certificate_validator(chain)
        .validate(&countersigned, "acta.txt.xsig")
        .unwrap()
}

/// The good CAdES report with texts an attacker chose: markup, quotes, control characters,
/// a policy identifier that is no URI, and a PDF modified after signing.
fn hostile(good: &ValidationReport) -> ValidationReport {
    let mut report = good.clone();
    report.file = "a<b>&\"c\".p7s".to_owned();
    let s = &mut report.signatures[0];
    s.id = "signer-1 <script>alert('id')</script>".to_owned();
    s.policy.oid = Some("http://example.invalid/a policy<\"x\">".to_owned());
    s.signer.subject = "CN=<img src=x onerror=alert(1)>\u{1}\u{FFFF}".to_owned();
    s.checks.push(Check {
        name: CheckId::Modifications,
        scope: None,
        outcome: Outcome::Failed,
        detail: "<script>alert(\"detail\")</script> & \u{0}\u{1b}[31m 'quoted'".to_owned(),
        rule: Some(RuleRef::new("Policy <b>bold</b>", "§1 & 2")),
        sub_indication: Some(SubIndication::ModifiedAfterSigning),
    });
    s.indication = Indication::TotalFailed;
    s.sub_indication = Some(SubIndication::ModifiedAfterSigning);
    report
}

/// Every sample report, named.
pub(crate) fn all() -> Vec<(&'static str, ValidationReport)> {
    let pki = TestPki::shared();
    let chain = chain_validator(pki);
    let der = cades_t(pki);
    let good = validate_cades(&der, "solicitud.txt.csig", Some(&chain));
    let mut tampered_der = der.clone();
    let at = der.windows(DOC.len()).position(|w| w == DOC).unwrap();
    tampered_der[at] ^= 0x20;
    let tampered = validate_cades(&tampered_der, "tampered.csig", Some(&chain));
    let no_anchors = validate_cades(&der, "solicitud.txt.csig", None);
    let garbage = validate_cades(b"not a signature at all", "garbage.csig", None);
    let unreadable = ValidationReport::unreadable_file(
        "missing.csig",
        "No such file or directory (os error 2)",
        datetime::now(),
    );
    let empty = ValidationReport {
        file: "empty.xml".to_owned(),
        format: Format::Xades,
        signatures: Vec::new(),
        validation_time: datetime::now(),
    };
    let hostile = hostile(&good);
    let vocabulary = vocabulary(&good);
    vec![
        ("cades-t-good", good),
        ("cades-tampered", tampered),
        ("cades-no-anchors", no_anchors),
        ("garbage", garbage),
        ("unreadable", unreadable),
        ("no-signatures", empty),
        ("pades", pades(pki, &chain)),
        ("xades-countersigned", xades(pki, &chain)),
        ("hostile", hostile),
        ("vocabulary", vocabulary),
    ]
}

/// A report holding the whole vocabulary: every check name (plain and scoped), outcome,
/// sub-indication, signing-time source and the levels, so that the schemas are checked
/// against every value the enums can take today.
pub(crate) fn vocabulary(base: &ValidationReport) -> ValidationReport {
    use ades_core::report::SigningTimeSource;
    use ades_core::{Level, LevelReached};
    let subs = SubIndication::ALL;
    let outcomes = [
        Outcome::Passed,
        Outcome::Failed,
        Outcome::Warning,
        Outcome::Skipped,
        Outcome::Info,
    ];
    let levels = [
        Level::B,
        Level::Bes,
        Level::Epes,
        Level::T,
        Level::C,
        Level::X,
        Level::Xl,
        Level::A,
        Level::Lt,
        Level::Lta,
    ];
    let mut reached: Vec<LevelReached> = [Format::Cades, Format::Xades, Format::Pades]
        .into_iter()
        .flat_map(|f| levels.map(|l| LevelReached::signature(f, l)))
        .collect();
    reached.extend([
        LevelReached::DocumentTimestamp,
        LevelReached::TimestampToken,
        LevelReached::XmlDsig,
        LevelReached::Unknown,
    ]);
    let template = base.signatures[0].clone();
    let mut report = base.clone();
    report.signatures = reached
        .iter()
        .enumerate()
        .map(|(i, level)| {
            let mut s = template.clone();
            s.id = format!("signature-{i}");
            s.level = *level;
            s.signing_time_source = [
                SigningTimeSource::Timestamp,
                SigningTimeSource::Claimed,
                SigningTimeSource::ValidationTime,
            ][i % 3];
            let sub = subs[i % subs.len()];
            s.indication = sub.indication();
            s.sub_indication = Some(sub);
            s
        })
        .collect();
    let checks = &mut report.signatures[0].checks;
    for (i, id) in CheckId::ALL.iter().enumerate() {
        for scope in [None, Some(CheckId::SignatureTimestamp)] {
            checks.push(Check {
                name: *id,
                scope,
                outcome: outcomes[i % outcomes.len()],
                detail: format!("check {i}"),
                rule: (i % 2 == 0).then(|| RuleRef::new("Ayuntamiento de Madrid v1.0", "§3.5")),
                sub_indication: Some(subs[i % subs.len()]),
            });
        }
    }
    report
}
