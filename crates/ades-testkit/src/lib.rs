//! A test PKI shaped like the Spanish one, made in process and deterministic from a seed.
//!
//! ```text
//! ROOT  "AC RAIZ TEST-RCM" (self-signed, CA)
//!  └─ APE  "AC APE TEST" (intermediate CA, like FNMT's AC Administración Pública)
//!      ├─ signer1            natural person, digitalSignature + nonRepudiation, NIF 12345678Z,
//!      │                     extendedKeyUsage emailProtection (as every natural person)
//!      ├─ signer2            second natural person (co-/counter-signatures)
//!      ├─ revoked            natural person whose certificate the CA revoked (keyCompromise)
//!      ├─ expired            natural person, validity 2020–2022
//!      ├─ no-repudiation     digitalSignature only (refused for document signatures)
//!      ├─ tsa                time-stamping unit, critical extendedKeyUsage timeStamping
//!      └─ ocsp               delegated OCSP responder, OCSPSigning + id-pkix-ocsp-nocheck
//! ```
//!
//! The same seed always gives the same keys and certificates. Nothing here is secret: the
//! keys exist to be used in tests and demos only.

use std::path::Path;
use std::sync::OnceLock;

use ades_core::ber::{self, constructed, tlv};
use ades_core::const_oid::ObjectIdentifier;
use ades_core::pkcs12;
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, DigestAlgorithm, RsaSoftwareKey, SignatureAlgorithm, Signer};
use rand_core::SeedableRng;

pub mod clock;
pub mod csc;
mod extensions;
mod hostile;
pub mod mutate;
mod names;
pub mod parallel;
pub mod pdf;
pub mod redis;
mod responders;
pub mod server;
pub mod softhsm;
mod unusual;

pub use responders::TsaMode;

use extensions::Extension;

pub use names::DistinguishedName;

/// Password of the PKCS#12 files [`TestPki::write_to`] writes.
pub const P12_PASSWORD: &str = "1234";

/// Seed of [`TestPki::shared`].
pub const DEFAULT_SEED: u64 = 0x4d41_4452_4944; // "MADRID"

/// Test certificate policy OID of natural-person certificates (an arc for tests only).
pub const POLICY_NATURAL_PERSON: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.4.1.59999.724.1.1");
/// Test certificate policy OID of the TSA.
pub const POLICY_TSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.59999.724.3.1");

/// A key and the certificate issued for it.
#[derive(Debug)]
pub struct Identity {
    /// Short label (`signer1`), used for file names.
    pub label: &'static str,
    /// The private key.
    pub key: RsaSoftwareKey,
    /// The certificate.
    pub certificate: Certificate,
}

/// The Python interpreter of the peer venv (`tests/peers/requirements.txt`, made by
/// `scripts/test.sh`): `ADES_PEER_PYTHON`, else the workspace's `target/peer-venv`. Missing is
/// an error: tests that need a peer must run, not skip.
pub fn peer_python() -> Result<std::path::PathBuf, TestkitError> {
    let path = std::env::var_os("ADES_PEER_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/peer-venv/bin/python")
        });
    if path.exists() {
        Ok(path)
    } else {
        Err(err(format!(
            "the peer venv is missing at {}: run scripts/test.sh (or set ADES_PEER_PYTHON)",
            path.display()
        )))
    }
}

/// The whole test PKI.
#[derive(Debug)]
pub struct TestPki {
    /// Self-signed root.
    pub root: Identity,
    /// Intermediate CA (AC APE-like) that issues every end entity.
    pub ape: Identity,
    /// Natural-person signer.
    pub signer1: Identity,
    /// Second natural-person signer.
    pub signer2: Identity,
    /// Signer whose certificate is revoked (see [`TestPki::revocation_time`]).
    pub revoked: Identity,
    /// Signer whose certificate expired at the end of 2022.
    pub expired: Identity,
    /// Certificate without nonRepudiation.
    pub no_repudiation: Identity,
    /// Time-stamping unit.
    pub tsa: Identity,
    /// Delegated OCSP responder of the intermediate CA.
    pub ocsp: Identity,
    services: Option<String>,
}

/// Number of keys a PKI uses.
const KEYS: usize = 9;

/// The PKI's keys for `seed`, generated once per process (RSA key generation is the slow part).
fn cached_keys(seed: u64) -> Result<Vec<RsaSoftwareKey>, TestkitError> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static CACHE: OnceLock<Mutex<HashMap<u64, Vec<RsaSoftwareKey>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache.lock().map_err(|_| err("key cache poisoned"))?;
    if let Some(keys) = map.get(&seed) {
        return Ok(keys.clone());
    }
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
    let keys: Vec<RsaSoftwareKey> = (0..KEYS)
        .map(|_| RsaSoftwareKey::generate(&mut rng, 2048).map_err(err))
        .collect::<Result<_, _>>()?;
    map.insert(seed, keys.clone());
    Ok(keys)
}

/// Failure to build the test PKI.
#[derive(Debug)]
pub struct TestkitError(String);

impl std::fmt::Display for TestkitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "test PKI: {}", self.0)
    }
}

impl std::error::Error for TestkitError {}

fn err(e: impl std::fmt::Display) -> TestkitError {
    TestkitError(e.to_string())
}

struct Profile {
    label: &'static str,
    subject: DistinguishedName,
    not_before: &'static str,
    not_after: &'static str,
    extensions: Vec<Extension>,
}

impl TestPki {
    /// The PKI for `seed`, without service URLs in its certificates.
    pub fn generate(seed: u64) -> Result<Self, TestkitError> {
        Self::generate_with(seed, None)
    }

    /// The PKI for `seed` whose end-entity and intermediate certificates point at the OCSP
    /// responder (`{services}/ocsp`) and CRLs (`{services}/crl/ape.crl`, `/crl/root.crl`) of a
    /// [`server::PkiServer`]. Keys are generated once per seed and reused.
    pub fn generate_with(seed: u64, services: Option<&str>) -> Result<Self, TestkitError> {
        let mut keys = cached_keys(seed)?.into_iter();
        let mut next = || keys.next().ok_or_else(|| err("key pool exhausted"));
        let services = services.map(|s| s.trim_end_matches('/').to_owned());
        let with_services = |mut exts: Vec<Extension>, crl: &str| {
            if let Some(base) = &services {
                if crl == "ape" {
                    exts.push(Extension::OcspUrl(format!("{base}/ocsp")));
                }
                exts.push(Extension::CrlUrl(format!("{base}/crl/{crl}.crl")));
            }
            exts
        };

        let root_dn = DistinguishedName::ca("AC RAIZ TEST-RCM", "TEST-RCM");
        let root = issue_self_signed(next()?, &root_dn)?;
        let ape_profile = Profile {
            label: "ape",
            subject: DistinguishedName::ca("AC APE TEST", "TEST-RCM"),
            not_before: "2020-01-01T00:00:00Z",
            not_after: "2044-12-31T23:59:59Z",
            extensions: with_services(extensions::ca(Some(0)), "root"),
        };
        let ape = issue(next()?, ape_profile, &root, 2)?;

        let person = |label, given: &str, surnames: &str, nif: &str, nb, na, ku| Profile {
            label,
            subject: DistinguishedName::natural_person(given, surnames, nif),
            not_before: nb,
            not_after: na,
            extensions: with_services(extensions::natural_person(ku), "ape"),
        };
        let (from, to) = ("2024-01-01T00:00:00Z", "2034-12-31T23:59:59Z");
        let signer1 = issue(
            next()?,
            person(
                "signer1",
                "JUAN",
                "ESPAÑOL ESPAÑOL",
                "12345678Z",
                from,
                to,
                extensions::KU_SIGN,
            ),
            &ape,
            0x1001,
        )?;
        let signer2 = issue(
            next()?,
            person(
                "signer2",
                "MARÍA",
                "GARCÍA LÓPEZ",
                "87654321X",
                from,
                to,
                extensions::KU_SIGN,
            ),
            &ape,
            0x1002,
        )?;
        let revoked = issue(
            next()?,
            person(
                "revoked",
                "PEDRO",
                "REVOCADO PÉREZ",
                "11111111H",
                from,
                to,
                extensions::KU_SIGN,
            ),
            &ape,
            0x1003,
        )?;
        let expired = issue(
            next()?,
            person(
                "expired",
                "LUIS",
                "CADUCADO RUIZ",
                "22222222J",
                "2020-01-01T00:00:00Z",
                "2022-12-31T23:59:59Z",
                extensions::KU_SIGN,
            ),
            &ape,
            0x1004,
        )?;
        let no_repudiation = issue(
            next()?,
            person(
                "no-repudiation",
                "ANA",
                "SINFIRMA DÍAZ",
                "33333333P",
                from,
                to,
                extensions::KU_DIGITAL_SIGNATURE_ONLY,
            ),
            &ape,
            0x1005,
        )?;
        let tsa = issue(
            next()?,
            Profile {
                label: "tsa",
                subject: DistinguishedName::service("TSA TEST-RCM", "TEST-RCM"),
                not_before: "2020-01-01T00:00:00Z",
                not_after: "2040-12-31T23:59:59Z",
                extensions: with_services(extensions::tsa(), "ape"),
            },
            &ape,
            0x2001,
        )?;
        let ocsp = issue(
            next()?,
            Profile {
                label: "ocsp",
                subject: DistinguishedName::service("OCSP AC APE TEST", "TEST-RCM"),
                not_before: from,
                not_after: "2040-12-31T23:59:59Z",
                extensions: extensions::ocsp_responder(),
            },
            &ape,
            0x2002,
        )?;
        Ok(TestPki {
            root,
            ape,
            signer1,
            signer2,
            revoked,
            expired,
            no_repudiation,
            tsa,
            ocsp,
            services,
        })
    }

    /// The base URL of the services the certificates point at, if any.
    pub fn services(&self) -> Option<&str> {
        self.services.as_deref()
    }

    /// The PKI of [`DEFAULT_SEED`], generated once per process.
    pub fn shared() -> &'static TestPki {
        static PKI: OnceLock<TestPki> = OnceLock::new();
        PKI.get_or_init(|| match TestPki::generate(DEFAULT_SEED) {
            Ok(pki) => pki,
            // A test helper: nothing can continue without the PKI.
            #[allow(clippy::panic)]
            Err(e) => panic!("{e}"),
        })
    }

    /// The certificates between an end entity and the root, root last: `[ape, root]`.
    pub fn chain(&self) -> Vec<Certificate> {
        vec![self.ape.certificate.clone(), self.root.certificate.clone()]
    }

    /// Every identity, CAs first.
    pub fn identities(&self) -> [&Identity; 9] {
        [
            &self.root,
            &self.ape,
            &self.signer1,
            &self.signer2,
            &self.revoked,
            &self.expired,
            &self.no_repudiation,
            &self.tsa,
            &self.ocsp,
        ]
    }

    /// When the CA revoked [`TestPki::revoked`] (reason keyCompromise).
    pub fn revocation_time() -> OffsetDateTime {
        ades_core::datetime::parse_rfc3339("2025-06-01T00:00:00Z")
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// Writes every certificate (`<label>.pem`, `<label>.der`), key (`<label>.key.pem`),
    /// PKCS#12 (`<label>.p12`, password [`P12_PASSWORD`], AES-256), `chain.pem` (ape + root)
    /// and `root.pem` into `dir`.
    pub fn write_to(&self, dir: &Path) -> Result<(), TestkitError> {
        std::fs::create_dir_all(dir).map_err(err)?;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(DEFAULT_SEED ^ 0x0050_3132);
        for id in self.identities() {
            let write =
                |name: String, bytes: &[u8]| std::fs::write(dir.join(name), bytes).map_err(err);
            write(
                format!("{}.pem", id.label),
                id.certificate.to_pem().as_bytes(),
            )?;
            write(format!("{}.der", id.label), id.certificate.der())?;
            write(
                format!("{}.key.pem", id.label),
                id.key.to_pkcs8_pem().map_err(err)?.as_bytes(),
            )?;
            let chain: Vec<Certificate> = if id.label == "root" {
                Vec::new()
            } else if id.label == "ape" {
                vec![self.root.certificate.clone()]
            } else {
                self.chain()
            };
            let p12 = pkcs12::write(
                &id.key,
                &id.certificate,
                &chain,
                P12_PASSWORD,
                &pkcs12::WriteOptions::default(),
                &mut rng,
            )
            .map_err(err)?;
            write(format!("{}.p12", id.label), &p12)?;
        }
        let chain_pem: String = self.chain().iter().map(Certificate::to_pem).collect();
        std::fs::write(dir.join("chain.pem"), chain_pem).map_err(err)?;
        std::fs::write(dir.join("root.pem"), self.root.certificate.to_pem()).map_err(err)?;
        Ok(())
    }
}

fn time(text: &str) -> Result<OffsetDateTime, TestkitError> {
    ades_core::datetime::parse_rfc3339(text).map_err(err)
}

fn issue_self_signed(
    key: RsaSoftwareKey,
    dn: &DistinguishedName,
) -> Result<Identity, TestkitError> {
    let profile = Profile {
        label: "root",
        subject: dn.clone(),
        not_before: "2020-01-01T00:00:00Z",
        not_after: "2049-12-31T23:59:59Z",
        extensions: extensions::ca(None),
    };
    let spki = key.public_key_info_der().ok_or_else(|| err("public key"))?;
    let der_bytes = sign_certificate(&profile, 1, dn, &spki, &spki, &key)?;
    Ok(Identity {
        label: profile.label,
        certificate: Certificate::from_der(&der_bytes).map_err(err)?,
        key,
    })
}

fn issue(
    key: RsaSoftwareKey,
    profile: Profile,
    issuer: &Identity,
    serial: u32,
) -> Result<Identity, TestkitError> {
    let spki = key.public_key_info_der().ok_or_else(|| err("public key"))?;
    let issuer_spki = issuer
        .key
        .public_key_info_der()
        .ok_or_else(|| err("issuer key"))?;
    let issuer_dn = DistinguishedName::from_der(issuer.certificate.subject_der().map_err(err)?);
    let der_bytes = sign_certificate(
        &profile,
        serial,
        &issuer_dn,
        &spki,
        &issuer_spki,
        &issuer.key,
    )?;
    Ok(Identity {
        label: profile.label,
        certificate: Certificate::from_der(&der_bytes).map_err(err)?,
        key,
    })
}

fn sign_certificate(
    profile: &Profile,
    serial: u32,
    issuer: &DistinguishedName,
    spki: &[u8],
    issuer_spki: &[u8],
    issuer_key: &RsaSoftwareKey,
) -> Result<Vec<u8>, TestkitError> {
    let alg = SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha256);
    let version = tlv(ber::context_constructed(0), &tlv(ber::INTEGER, &[2]));
    let serial_bytes = serial.to_be_bytes();
    let skip = serial_bytes.iter().take_while(|b| **b == 0).count();
    let mut serial_content = serial_bytes[skip..].to_vec();
    if serial_content.first().is_some_and(|b| b & 0x80 != 0) {
        serial_content.insert(0, 0);
    }
    let validity = {
        use ades_core::der::Encode;
        let nb = ades_core::datetime::to_x509_time(time(profile.not_before)?).map_err(err)?;
        let na = ades_core::datetime::to_x509_time(time(profile.not_after)?).map_err(err)?;
        constructed(
            ber::SEQUENCE,
            &[&nb.to_der().map_err(err)?, &na.to_der().map_err(err)?],
        )
    };
    let exts = extensions::encode(&profile.extensions, spki, issuer_spki)?;
    let tbs = constructed(
        ber::SEQUENCE,
        &[
            &version,
            &tlv(ber::INTEGER, &serial_content),
            &alg.algorithm_identifier(),
            issuer.der(),
            &validity,
            profile.subject.der(),
            spki,
            &tlv(ber::context_constructed(3), &exts),
        ],
    );
    responders::signed_structure(&tbs, issuer_key)
}

/// The warning `report` records for a signature time-stamp that was left out (EN 319 102-1
/// §5.5), checked to say why (`because`) and that it was left out.
///
/// # Panics
/// When there is none, or it says otherwise: this is an assertion for tests.
#[allow(clippy::panic)]
pub fn assert_time_stamp_left_out(report: &ades_core::SignatureReport, because: &str) {
    let warning = report
        .checks
        .iter()
        .find(|c| {
            c.name == ades_core::CheckId::SignatureTimestamp
                && c.outcome == ades_core::Outcome::Warning
        })
        .unwrap_or_else(|| panic!("no warning for a left-out time-stamp: {:#?}", report.checks));
    assert!(
        warning.detail.contains(because) && warning.detail.contains("left out"),
        "{}",
        warning.detail
    );
}

/// Asserts that exactly one of the time-stamps of `report` is unproven: its TSA was revoked
/// after its genTime and nothing later proves it existed before (the others are covered).
///
/// # Panics
/// When none or several are: this is an assertion for tests.
pub fn assert_one_time_stamp_unproven(report: &ades_core::SignatureReport) {
    let unproven = report
        .checks
        .iter()
        .filter(|c| c.detail.contains("nothing proves it was used before"))
        .count();
    assert_eq!(unproven, 1, "{:#?}", report.checks);
}
