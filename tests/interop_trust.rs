//! Time-stamps and revocation against peers we did not write: `openssl ts -verify` judges our
//! CAdES-T time-stamps and our TSA client's tokens; our verifier judges OpenSSL's TSA
//! (`openssl ts -reply`) tokens; our OCSP client asks OpenSSL's OCSP responder
//! (`openssl ocsp -index … -port …` on 127.0.0.1, stopped by PID); our CRL reader reads CRLs
//! made by `openssl ca -gencrl`; pyHanko validates our CAdES-T with its time-stamp; our TSA
//! client gets a token from Certomancer's TSA (started here, on 127.0.0.1, from the peer venv)
//! and our verifier checks it with Certomancer's CRL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ades::cades::{CadesBuilder, TimestampScope, add_signature_timestamps};
use ades::core::report::{CheckList, Outcome};
use ades::core::transport::Transport;
use ades::core::{datetime, digest, oid};
use ades::trust::{ChainValidator, Crl, RevocationChecker, RevocationStatus, TrustStore};
use ades::tsp::{TimeStampResponse, TsaClient};
use ades::{DataFormat, DigestAlgorithm, MadridPolicy, Sha256};
use ades_http::HttpTransport;
use ades_testkit::TestPki;
use ades_testkit::server::PkiServer;
use common::*;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the PKI of `server` into the workspace (PEM files, keys, chain).
fn workspace_for(server: &PkiServer) -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    server.pki().write_to(dir.path()).unwrap();
    Workspace { dir }
}

fn openssl(args: &[&str], cwd: &Path) -> std::process::Output {
    run(Command::new("openssl").args(args).current_dir(cwd))
}

#[test]
fn openssl_ts_verifies_our_cades_t_time_stamps_and_tokens() {
    let server = PkiServer::start(0x6f74_7331).unwrap();
    let ws = workspace_for(&server);
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let mut sd = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(b"Decreto de la Alcaldia".to_vec())
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap()
        .into_signed_data();
    add_signature_timestamps(
        &mut sd,
        &tsa,
        DigestAlgorithm::Sha256,
        TimestampScope::Missing,
    )
    .unwrap();
    let si = &sd.signer_infos()[0];
    let token = &si
        .unsigned_attribute(oid::ATTR_SIGNATURE_TIMESTAMP)
        .unwrap()
        .values[0];
    ws.write("sig.tst", token);
    std::fs::write(
        ws.path("untrusted.pem"),
        format!(
            "{}{}",
            pki.tsa.certificate.to_pem(),
            pki.ape.certificate.to_pem()
        ),
    )
    .unwrap();
    let imprint = hex(&digest::digest(DigestAlgorithm::Sha256, si.signature()));
    let out = openssl(
        &[
            "ts",
            "-verify",
            "-digest",
            &imprint,
            "-in",
            "sig.tst",
            "-token_in",
            "-CAfile",
            "root.pem",
            "-untrusted",
            "untrusted.pem",
        ],
        ws.dir.path(),
    );
    assert!(
        out.status.success(),
        "openssl ts -verify (CAdES-T): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Verification: OK"));

    // A token over a file, as `ades timestamp` makes it.
    let data = ws.write("doc.txt", b"Solicitud de licencia");
    let token = tsa
        .timestamp_data(DigestAlgorithm::Sha256, b"Solicitud de licencia")
        .unwrap();
    ws.write("doc.txt.tst", token.der());
    let out = openssl(
        &[
            "ts",
            "-verify",
            "-data",
            data.to_str().unwrap(),
            "-in",
            "doc.txt.tst",
            "-token_in",
            "-CAfile",
            "root.pem",
            "-untrusted",
            "untrusted.pem",
        ],
        ws.dir.path(),
    );
    assert!(
        out.status.success(),
        "openssl ts -verify (token): {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // pyHanko validates the CAdES-T, its time-stamp included.
    let path = ws.write("t.csig", &sd.to_der());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/cms_peer.py");
    let out = run(Command::new(peer_python())
        .arg(script)
        .arg(&path)
        .arg(ws.path("root.pem"))
        .args([
            "--cades",
            "--expect-timestamp",
            "--policy-oid",
            MADRID_OID,
            "--policy-hash-b64",
            MADRID_HASH_B64,
        ]));
    assert!(
        out.status.success(),
        "pyHanko: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

const TSA_CONFIG: &str = "\
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = .
serial = ./tsaserial
crypto_device = builtin
default_policy = 1.3.6.1.4.1.59999.724.3.1
digests = sha256, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
signer_digest = sha256
";

#[test]
fn our_verifier_accepts_openssl_tsa_tokens() {
    let server = PkiServer::start(0x6f74_7332).unwrap();
    let ws = workspace_for(&server);
    let pki = server.pki();
    ws.write("tsa.cnf", TSA_CONFIG.as_bytes());
    ws.write("tsaserial", b"01\n");
    let data = b"Acta de la Junta de Gobierno";
    ws.write("acta.txt", data);
    let request = ades::tsp::TimeStampRequest::new(
        DigestAlgorithm::Sha256,
        digest::digest(DigestAlgorithm::Sha256, data),
    )
    .with_nonce(&[7, 7, 7, 7]);
    ws.write("q.tsq", &request.to_der());
    let out = openssl(
        &[
            "ts",
            "-reply",
            "-config",
            "tsa.cnf",
            "-queryfile",
            "q.tsq",
            "-signer",
            "tsa.pem",
            "-inkey",
            "tsa.key.pem",
            "-chain",
            "chain.pem",
            "-out",
            "r.tsr",
        ],
        ws.dir.path(),
    );
    assert!(
        out.status.success(),
        "openssl ts -reply: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = TimeStampResponse::from_der(&std::fs::read(ws.path("r.tsr")).unwrap())
        .unwrap()
        .into_token()
        .unwrap();
    assert_eq!(token.tst_info().nonce.as_deref(), Some(&[7u8, 7, 7, 7][..]));
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    assert_token_valid(&token, data, store);
}

/// OpenSSL's OCSP responder on 127.0.0.1, killed by PID when dropped.
struct OcspResponder(Child);

impl Drop for OcspResponder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Verifies `token` over `data` with a chain to `store`'s anchors and online revocation;
/// every check must pass. Returns the checks.
fn assert_token_valid(
    token: &ades::tsp::TimeStampToken,
    data: &[u8],
    store: TrustStore,
) -> CheckList {
    let chain = ChainValidator::new(store)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())));
    let mut checks = CheckList::new();
    let digest_of = |alg| Some(digest::digest(alg, data));
    let time = token.verify(
        ades::core::CheckId::Timestamp,
        &digest_of,
        &ades::tsp::TokenContext::new(
            Some(&chain),
            &ades::core::ValidationData::new(),
            datetime::now(),
        ),
        &mut checks,
    );
    let failed: Vec<_> = checks
        .checks()
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert!(time.is_some());
    checks
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn openssl_time(t: ades::core::time::OffsetDateTime) -> String {
    format!(
        "{:02}{:02}{:02}{:02}{:02}{:02}Z",
        t.year() % 100,
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// An OpenSSL CA database (index.txt) for the intermediate: `revoked` revoked, the rest valid.
fn index(pki: &TestPki) -> String {
    let mut lines = String::new();
    for id in [&pki.signer1, &pki.signer2, &pki.revoked, &pki.tsa] {
        let expiry = openssl_time(id.certificate.not_after());
        let serial = id.certificate.serial_hex();
        let subject = format!("/CN={}", id.label);
        if id.label == "revoked" {
            let at = openssl_time(TestPki::revocation_time());
            lines.push_str(&format!(
                "R\t{expiry}\t{at},keyCompromise\t{serial}\tunknown\t{subject}\n"
            ));
        } else {
            lines.push_str(&format!("V\t{expiry}\t\t{serial}\tunknown\t{subject}\n"));
        }
    }
    lines
}

#[test]
fn our_ocsp_client_asks_openssl_ocsp_responder() {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let pki = TestPki::generate_with(0x6f63_7370, Some(&base)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    pki.write_to(dir.path()).unwrap();
    std::fs::write(dir.path().join("index.txt"), index(&pki)).unwrap();
    let child = Command::new("openssl")
        .args([
            "ocsp",
            "-index",
            "index.txt",
            "-port",
            &port.to_string(),
            "-rsigner",
            "ocsp.pem",
            "-rkey",
            "ocsp.key.pem",
            "-CA",
            "ape.pem",
            "-nmin",
            "60",
            "-ignore_err",
        ])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl ocsp (scripts/test.sh installs openssl)");
    let _responder = OcspResponder(child);
    // Wait for the responder with complete HTTP exchanges: it serves one connection at a
    // time, so a bare connect would block it.
    let probe = HttpTransport::with_limits(Duration::from_secs(2), 4096);
    let started = Instant::now();
    while let Err(ades::core::transport::TransportError::Unreachable { .. }) = probe.get(&base) {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "openssl ocsp did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let checker = RevocationChecker::online(Box::new(HttpTransport::new()));
    let now = datetime::now();
    let good = checker.status(&pki.signer1.certificate, &pki.ape.certificate, now);
    assert!(matches!(good, RevocationStatus::Good { .. }), "{good:?}");
    match checker.status(&pki.revoked.certificate, &pki.ape.certificate, now) {
        RevocationStatus::Revoked { time, reason, .. } => {
            assert_eq!(time, TestPki::revocation_time());
            assert_eq!(reason, Some(1));
        }
        other => panic!("{other:?}"),
    }
}

const CA_CONFIG: &str = "\
[ ca ]
default_ca = ape
[ ape ]
database = ./index.txt
crlnumber = ./crlnumber
default_md = sha256
default_crl_days = 7
crl_extensions = crl_ext
[ crl_ext ]
authorityKeyIdentifier = keyid:always
";

#[test]
fn our_crl_reader_reads_openssl_ca_crls() {
    let pki = TestPki::shared();
    let dir = tempfile::tempdir().unwrap();
    pki.write_to(dir.path()).unwrap();
    std::fs::write(dir.path().join("index.txt"), index(pki)).unwrap();
    std::fs::write(dir.path().join("crlnumber"), "01\n").unwrap();
    std::fs::write(dir.path().join("ca.cnf"), CA_CONFIG).unwrap();
    let out = openssl(
        &[
            "ca",
            "-gencrl",
            "-config",
            "ca.cnf",
            "-keyfile",
            "ape.key.pem",
            "-cert",
            "ape.pem",
            "-out",
            "ape.crl",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "openssl ca -gencrl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let crl = Crl::from_bytes(&std::fs::read(dir.path().join("ape.crl")).unwrap()).unwrap();
    assert!(crl.is_signed_by(&pki.ape.certificate));
    assert!(!crl.is_signed_by(&pki.root.certificate));
    let entry = crl.entry(&pki.revoked.certificate).expect("revoked entry");
    assert_eq!(entry.time, TestPki::revocation_time());
    assert_eq!(entry.reason, Some(1));
    assert!(crl.entry(&pki.signer1.certificate).is_none());
    let mut checker = RevocationChecker::offline();
    checker.add_crl("openssl ape.crl", crl);
    assert!(matches!(
        checker.status(
            &pki.revoked.certificate,
            &pki.ape.certificate,
            datetime::now()
        ),
        RevocationStatus::Revoked { .. }
    ));
}

/// A Certomancer PKI for [`our_client_against_certomancer_tsa`]: a root with a CRL repository
/// and a TSA under it (critical extendedKeyUsage timeStamping), over keys of our test PKI, its
/// certificates made by Certomancer. `{prefix}` is the URL it is served at (baked into the
/// TSA certificate's cRLDistributionPoints).
const CERTOMANCER_CONFIG: &str = r#"external-url-prefix: "{prefix}"
keysets:
  interop:
    path-prefix: keys
    keys:
      root: {path: root.key.pem}
      tsa: {path: tsa.key.pem}
pki-architectures:
  interop:
    keyset: interop
    entity-defaults:
      country-name: ES
      organization-name: CERTOMANCER TEST
    entities:
      root:
        common-name: Certomancer Root TEST
      tsa:
        common-name: Certomancer TSA TEST
    certs:
      root:
        subject: root
        issuer: root
        validity:
          valid-from: "2024-01-01T00:00:00+0000"
          valid-to: "2049-12-31T23:59:59+0000"
        profiles:
          - id: simple-ca
            params:
              crl-repo: root
      tsa:
        issuer: root
        validity:
          valid-from: "2024-01-01T00:00:00+0000"
          valid-to: "2044-12-31T23:59:59+0000"
        extensions:
          - id: key_usage
            critical: true
            smart-value:
              schema: key-usage
              params: [digital_signature, non_repudiation]
          - id: extended_key_usage
            critical: true
            value: [time_stamping]
    services:
      crl-repo:
        root:
          for-issuer: root
          signing-key: root
          simulated-update-schedule: "P30D"
      time-stamping:
        tsa:
          signing-cert: tsa
          signing-key: tsa
      cert-repo:
        root:
          for-issuer: root
          publish-issued-certs: no
"#;

/// Certomancer (`certomancer animate`, from the peer venv) on 127.0.0.1, killed by PID when
/// dropped.
struct Certomancer(Child);

impl Drop for Certomancer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Certomancer's TSA (a peer we did not write, started here on 127.0.0.1 from the peer venv
/// and stopped by PID): our client gets a token there and verifies it, with the TSA's
/// revocation status from Certomancer's CRL.
#[test]
fn our_client_against_certomancer_tsa() {
    let python = peer_python();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let pki = TestPki::shared();
    for id in [&pki.root, &pki.tsa] {
        let pem = id.key.to_pkcs8_pem().unwrap();
        std::fs::write(keys.join(format!("{}.key.pem", id.label)), pem.as_bytes()).unwrap();
    }
    let config = dir.path().join("certomancer.yml");
    std::fs::write(&config, CERTOMANCER_CONFIG.replace("{prefix}", &base)).unwrap();
    let log = dir.path().join("certomancer.log");
    let child = Command::new(&python)
        .args(["-m", "certomancer", "--config"])
        .arg(&config)
        .args(["animate", "--port", &port.to_string(), "--no-web-ui"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("{} -m certomancer: {e}", python.display()));
    let mut certomancer = Certomancer(child);
    let root_url = format!("{base}/interop/certs/root/ca.crt");
    let probe = HttpTransport::with_limits(Duration::from_secs(2), 64 * 1024);
    let started = Instant::now();
    let root = loop {
        match probe.get(&root_url) {
            Ok(der) => break ades::Certificate::from_der(&der).unwrap(),
            Err(ades::core::transport::TransportError::Unreachable { .. }) => {
                let exited = certomancer.0.try_wait().unwrap();
                assert!(
                    exited.is_none() && started.elapsed() < Duration::from_secs(30),
                    "Certomancer did not start ({exited:?}): {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => panic!("Certomancer's root certificate at {root_url}: {e}"),
        }
    };
    assert_ne!(root, pki.root.certificate, "Certomancer made its own root");

    let transport = HttpTransport::new();
    let tsa = TsaClient::new(format!("{base}/interop/tsa/tsa"), &transport);
    let data = b"Decreto de la Alcaldia-Presidencia";
    let token = tsa.timestamp_data(DigestAlgorithm::Sha256, data).unwrap();
    let mut store = TrustStore::new();
    store.add_anchor(root);
    let checks = assert_token_valid(&token, data, store);
    assert!(
        checks
            .checks()
            .iter()
            .any(|c| c.qualified_name() == "timestamp/revocation" && c.outcome == Outcome::Passed)
    );
}
