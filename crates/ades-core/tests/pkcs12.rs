//! PKCS#12 reader and writer: round trips, wrong passwords, hostile input (truncations, bit
//! flips, limits), BER encodings, PBMAC1 (RFC 9579 test vectors) and interoperability with
//! the `openssl` command-line tool in both directions.
//!
//! The `openssl` binary is required (`ADES_OPENSSL` may name it; by default
//! `/usr/bin/openssl`, else `openssl` on the `PATH`): without it these tests fail.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::Command;

use ades_core::ber::{self, Reader};
use ades_core::pkcs12::{self, Pkcs12Encryption, Pkcs12Error, Pkcs12Identity, WriteOptions};
use ades_core::{Certificate, KeyError, RsaSoftwareKey, oid};
use base64::Engine;
use sha2::{Digest, Sha256};

// --- helpers --------------------------------------------------------------------------------

/// The `openssl` binary; panics (failing the test) when there is none.
fn openssl() -> PathBuf {
    let candidates: Vec<PathBuf> = match std::env::var_os("ADES_OPENSSL") {
        Some(path) => vec![PathBuf::from(path)],
        None => vec![PathBuf::from("/usr/bin/openssl"), PathBuf::from("openssl")],
    };
    for candidate in candidates {
        if Command::new(&candidate)
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return candidate;
        }
    }
    panic!(
        "the `openssl` command-line tool is required by the PKCS#12 interoperability tests \
         (install OpenSSL 3, or set ADES_OPENSSL to its path)"
    );
}

/// Runs `openssl args` in `dir`; `Err` with its stderr if it fails.
fn try_openssl(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new(openssl())
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Runs `openssl args` in `dir`, failing the test if it fails.
fn run_openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    try_openssl(dir, args).unwrap_or_else(|e| panic!("openssl {args:?} failed: {e}"))
}

/// A CA and a leaf certificate with their keys, made by OpenSSL in a temporary directory.
struct Pki {
    dir: tempfile::TempDir,
    key: RsaSoftwareKey,
    leaf: Certificate,
    ca: Certificate,
}

impl Pki {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let common = ["-newkey", "rsa:2048", "-nodes", "-days", "1"];
        let mut ca_args = vec!["req", "-x509", "-subj", "/CN=test-ca"];
        ca_args.extend(common);
        ca_args.extend(["-keyout", "ca.key", "-out", "ca.pem"]);
        run_openssl(dir.path(), &ca_args);
        let mut leaf_args = vec!["req", "-x509", "-subj", "/CN=test"];
        leaf_args.extend(common);
        leaf_args.extend(["-CA", "ca.pem", "-CAkey", "ca.key"]);
        leaf_args.extend(["-keyout", "leaf.key", "-out", "leaf.pem"]);
        run_openssl(dir.path(), &leaf_args);
        let key = RsaSoftwareKey::load(&std::fs::read(dir.path().join("leaf.key")).unwrap(), None)
            .unwrap();
        let leaf = first_cert(&std::fs::read(dir.path().join("leaf.pem")).unwrap());
        let ca = first_cert(&std::fs::read(dir.path().join("ca.pem")).unwrap());
        Pki { dir, key, leaf, ca }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Checks that `identity` is the leaf key with the leaf certificate and the CA as chain.
    fn check(&self, identity: &Pkcs12Identity, friendly_name: Option<&str>) {
        assert_eq!(identity.key.public_key(), self.key.public_key());
        assert_eq!(identity.certificate, self.leaf);
        assert_eq!(identity.chain, vec![self.ca.clone()]);
        assert_eq!(identity.friendly_name.as_deref(), friendly_name);
    }

    fn write(&self, password: &str, options: &WriteOptions, seed: u8) -> Vec<u8> {
        pkcs12::write(
            &self.key,
            &self.leaf,
            std::slice::from_ref(&self.ca),
            password,
            options,
            &mut TestRng::new(seed),
        )
        .unwrap()
    }
}

fn first_cert(pem: &[u8]) -> Certificate {
    Certificate::from_pem_chain(pem).unwrap().remove(0)
}

/// A deterministic generator for reproducible output (SHA-256 in counter mode).
struct TestRng {
    seed: u8,
    counter: u64,
}

impl TestRng {
    fn new(seed: u8) -> Self {
        TestRng { seed, counter: 0 }
    }
}

impl rand_core::TryRng for TestRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut bytes = [0u8; 4];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u32::from_le_bytes(bytes))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut bytes = [0u8; 8];
        self.try_fill_bytes(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(32) {
            self.counter += 1;
            let block = Sha256::new()
                .chain_update([self.seed])
                .chain_update(self.counter.to_be_bytes())
                .finalize();
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for TestRng {}

fn options(encryption: Pkcs12Encryption, iterations: u32, name: Option<&str>) -> WriteOptions {
    WriteOptions {
        encryption,
        iterations,
        friendly_name: name.map(str::to_owned),
    }
}

/// The PFX re-encoded without its `MacData`.
fn strip_mac(der: &[u8]) -> Vec<u8> {
    let mut fields = Reader::single(der).unwrap().children().unwrap();
    let version = fields.read().unwrap();
    let auth_safe = fields.read().unwrap();
    ber::constructed(ber::SEQUENCE, &[version.raw(), auth_safe.raw()])
}

fn indefinite(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut out = vec![tag, 0x80];
    for part in parts {
        out.extend_from_slice(part);
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// A string in BER constructed form: `tag` (indefinite) around 100-byte `OCTET STRING`s.
fn segmented(tag: u8, data: &[u8]) -> Vec<u8> {
    let segments: Vec<Vec<u8>> = data
        .chunks(100)
        .map(|c| ber::tlv(ber::OCTET_STRING, c))
        .collect();
    let parts: Vec<&[u8]> = segments.iter().map(Vec::as_slice).collect();
    indefinite(tag, &parts)
}

/// Re-encodes a DER PFX the way Windows writes BER: indefinite lengths and segmented
/// `OCTET STRING`s. With `deep`, the `AuthenticatedSafe`, `EncryptedData`, plain
/// `SafeContents` and bags are converted too; that changes the MAC input, so the MAC is
/// dropped.
fn pfx_to_ber(der: &[u8], deep: bool) -> Vec<u8> {
    let mut fields = Reader::single(der).unwrap().children().unwrap();
    let version = fields.read().unwrap();
    let mut info = fields.read().unwrap().children().unwrap();
    let mac = fields.next_element().unwrap();
    let content_type = info.read().unwrap();
    let octets = info.read().unwrap().children().unwrap().read().unwrap();
    let mut content = octets.content().to_vec();
    if deep {
        content = auth_safe_to_ber(&content);
    }
    let wrapped = indefinite(
        ber::SEQUENCE,
        &[
            content_type.raw(),
            &indefinite(0xA0, &[&segmented(0x24, &content)]),
        ],
    );
    match mac {
        Some(mac) if !deep => indefinite(ber::SEQUENCE, &[version.raw(), &wrapped, mac.raw()]),
        _ => indefinite(ber::SEQUENCE, &[version.raw(), &wrapped]),
    }
}

fn auth_safe_to_ber(der: &[u8]) -> Vec<u8> {
    let mut items = Vec::new();
    let mut reader = Reader::single(der).unwrap().children().unwrap();
    while let Some(item) = reader.next_element().unwrap() {
        let mut fields = item.children().unwrap();
        let content_type = fields.read().unwrap();
        let content = fields.read().unwrap().children().unwrap().read().unwrap();
        let inner = if content_type.content() == oid::ID_DATA.as_bytes() {
            segmented(0x24, &safe_contents_to_ber(content.content()))
        } else {
            let mut data = content.children().unwrap();
            let version = data.read().unwrap();
            let mut eci = data.read().unwrap().children().unwrap();
            let inner_type = eci.read().unwrap();
            let algorithm = eci.read().unwrap();
            let encrypted = eci.read().unwrap();
            assert_eq!(encrypted.tag(), 0x80);
            indefinite(
                ber::SEQUENCE,
                &[
                    version.raw(),
                    &indefinite(
                        ber::SEQUENCE,
                        &[
                            inner_type.raw(),
                            algorithm.raw(),
                            &segmented(0xA0, encrypted.content()),
                        ],
                    ),
                ],
            )
        };
        items.push(indefinite(
            ber::SEQUENCE,
            &[content_type.raw(), &indefinite(0xA0, &[&inner])],
        ));
    }
    let parts: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
    indefinite(ber::SEQUENCE, &parts)
}

fn safe_contents_to_ber(der: &[u8]) -> Vec<u8> {
    let mut bags = Vec::new();
    let mut reader = Reader::single(der).unwrap().children().unwrap();
    while let Some(bag) = reader.next_element().unwrap() {
        let mut fields = bag.children().unwrap();
        let bag_id = fields.read().unwrap();
        let value = fields.read().unwrap().children().unwrap().read().unwrap();
        let attributes = fields.next_element().unwrap();
        let value = indefinite(0xA0, &[value.raw()]);
        bags.push(match attributes {
            Some(a) => indefinite(ber::SEQUENCE, &[bag_id.raw(), &value, a.raw()]),
            None => indefinite(ber::SEQUENCE, &[bag_id.raw(), &value]),
        });
    }
    let parts: Vec<&[u8]> = bags.iter().map(Vec::as_slice).collect();
    indefinite(ber::SEQUENCE, &parts)
}

// --- our writer, our reader -----------------------------------------------------------------

fn round_trip(encryption: Pkcs12Encryption) {
    let pki = Pki::new();
    let opts = options(encryption, 2048, Some("Firma de prueba ñ"));
    let der = pki.write("s3cret", &opts, 1);
    let identity = pkcs12::read(&der, "s3cret").unwrap();
    pki.check(&identity, Some("Firma de prueba ñ"));

    assert!(matches!(
        pkcs12::read(&der, "wrong"),
        Err(Pkcs12Error::WrongPassword)
    ));
    assert!(matches!(
        pkcs12::read(&der, ""),
        Err(Pkcs12Error::WrongPassword)
    ));

    // Without a MAC, the wrong password is caught by the decryption.
    let no_mac = strip_mac(&der);
    pki.check(
        &pkcs12::read(&no_mac, "s3cret").unwrap(),
        Some("Firma de prueba ñ"),
    );
    assert!(matches!(
        pkcs12::read(&no_mac, "wrong"),
        Err(Pkcs12Error::WrongPassword)
    ));
}

#[test]
fn round_trip_aes256() {
    round_trip(Pkcs12Encryption::Aes256Cbc);
}

#[test]
fn round_trip_legacy_3des() {
    round_trip(Pkcs12Encryption::Legacy3Des);
}

#[test]
fn round_trip_empty_and_unicode_passwords() {
    let pki = Pki::new();
    for password in ["", "contraseña€𝄞"] {
        for encryption in [Pkcs12Encryption::Aes256Cbc, Pkcs12Encryption::Legacy3Des] {
            let der = pki.write(password, &options(encryption, 10, None), 2);
            pki.check(&pkcs12::read(&der, password).unwrap(), None);
            assert!(matches!(
                pkcs12::read(&der, "x"),
                Err(Pkcs12Error::WrongPassword)
            ));
        }
    }
}

#[test]
fn output_is_deterministic_with_a_seeded_rng() {
    let pki = Pki::new();
    let opts = WriteOptions::default();
    assert_eq!(pki.write("pw", &opts, 7), pki.write("pw", &opts, 7));
    assert_ne!(pki.write("pw", &opts, 7), pki.write("pw", &opts, 8));
}

#[test]
fn writer_refuses_bad_input() {
    let pki = Pki::new();
    let mismatch = pkcs12::write(
        &pki.key,
        &pki.ca,
        &[],
        "pw",
        &WriteOptions::default(),
        &mut TestRng::new(0),
    );
    assert!(matches!(
        mismatch,
        Err(Pkcs12Error::Key(KeyError::CertificateMismatch))
    ));
    for iterations in [0, pkcs12::MAX_ITERATIONS + 1] {
        let result = pkcs12::write(
            &pki.key,
            &pki.leaf,
            &[],
            "pw",
            &options(Pkcs12Encryption::Aes256Cbc, iterations, None),
            &mut TestRng::new(0),
        );
        assert!(matches!(result, Err(Pkcs12Error::IterationCount { .. })));
    }
}

#[test]
fn ber_indefinite_lengths_are_read() {
    let pki = Pki::new();
    for encryption in [Pkcs12Encryption::Aes256Cbc, Pkcs12Encryption::Legacy3Des] {
        let der = pki.write("pw", &options(encryption, 100, Some("ber")), 3);
        // Outer layers only: the MAC still covers the same octets.
        let outer = pfx_to_ber(&der, false);
        assert_eq!(outer[1], 0x80);
        pki.check(&pkcs12::read(&outer, "pw").unwrap(), Some("ber"));
        assert!(matches!(
            pkcs12::read(&outer, "wrong"),
            Err(Pkcs12Error::WrongPassword)
        ));
        // Every layer down to the bags, without a MAC.
        let deep = pfx_to_ber(&der, true);
        pki.check(&pkcs12::read(&deep, "pw").unwrap(), Some("ber"));
        assert!(matches!(
            pkcs12::read(&deep, "wrong"),
            Err(Pkcs12Error::WrongPassword)
        ));
    }
}

// --- hand-built files: bag types, nesting, selection -----------------------------------------

fn encode_oid(value: &str) -> Vec<u8> {
    let oid = ades_core::const_oid::ObjectIdentifier::new(value).unwrap();
    ber::tlv(ber::OID, oid.as_bytes())
}

fn explicit0(inner: &[u8]) -> Vec<u8> {
    ber::tlv(0xA0, inner)
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    ber::constructed(ber::SEQUENCE, parts)
}

fn safe_bag(bag_id: &str, value: &[u8], attributes: &[Vec<u8>]) -> Vec<u8> {
    let id = encode_oid(bag_id);
    let value = explicit0(value);
    if attributes.is_empty() {
        seq(&[&id, &value])
    } else {
        seq(&[&id, &value, &ber::set_of(attributes.to_vec())])
    }
}

fn local_key_id(id: &[u8]) -> Vec<u8> {
    let value = ber::tlv(ber::OCTET_STRING, id);
    seq(&[
        &encode_oid("1.2.840.113549.1.9.21"),
        &ber::set_of(vec![value]),
    ])
}

fn friendly_name(name: &str) -> Vec<u8> {
    let bytes: Vec<u8> = name.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let value = ber::tlv(0x1E, &bytes);
    seq(&[
        &encode_oid("1.2.840.113549.1.9.20"),
        &ber::set_of(vec![value]),
    ])
}

const KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const CRL_BAG: &str = "1.2.840.113549.1.12.10.1.4";
const SECRET_BAG: &str = "1.2.840.113549.1.12.10.1.5";
const SAFE_CONTENTS_BAG: &str = "1.2.840.113549.1.12.10.1.6";

fn x509_cert_bag(certificate: &Certificate, attributes: &[Vec<u8>]) -> Vec<u8> {
    let value = seq(&[
        &encode_oid("1.2.840.113549.1.9.22.1"),
        &explicit0(&ber::tlv(ber::OCTET_STRING, certificate.der())),
    ]);
    safe_bag(CERT_BAG, &value, attributes)
}

/// A MAC-less, unencrypted PFX with one `data` SafeContents holding `bags`.
fn plain_pfx(bags: &[Vec<u8>]) -> Vec<u8> {
    let parts: Vec<&[u8]> = bags.iter().map(Vec::as_slice).collect();
    let safe_contents = ber::constructed(ber::SEQUENCE, &parts);
    let data = encode_oid("1.2.840.113549.1.7.1");
    let item = seq(&[
        &data,
        &explicit0(&ber::tlv(ber::OCTET_STRING, &safe_contents)),
    ]);
    let auth_safe = seq(&[&item]);
    seq(&[
        &ber::tlv(ber::INTEGER, &[3]),
        &seq(&[&data, &explicit0(&ber::tlv(ber::OCTET_STRING, &auth_safe))]),
    ])
}

#[test]
fn bag_types_nesting_and_selection() {
    let pki = Pki::new();
    let pkcs8 = pki.key.to_pkcs8_der().unwrap();
    let key_bag = safe_bag(KEY_BAG, &pkcs8, &[local_key_id(&[1])]);
    let crl_bag = safe_bag(
        CRL_BAG,
        &seq(&[&encode_oid("1.2.3.4"), &explicit0(&[0x05, 0x00])]),
        &[],
    );
    let secret_bag = safe_bag(
        SECRET_BAG,
        &seq(&[&encode_oid("1.2.3.4"), &explicit0(&[0x05, 0x00])]),
        &[],
    );
    let unknown_bag = safe_bag("1.2.3.4.5", &[0x05, 0x00], &[]);
    let sdsi_cert = safe_bag(
        CERT_BAG,
        &seq(&[
            &encode_oid("1.2.840.113549.1.9.22.2"),
            &explicit0(&[0x16, 0x01, b'x']),
        ]),
        &[],
    );
    let nested = |inner: &[Vec<u8>]| {
        let parts: Vec<&[u8]> = inner.iter().map(Vec::as_slice).collect();
        safe_bag(
            SAFE_CONTENTS_BAG,
            &ber::constructed(ber::SEQUENCE, &parts),
            &[],
        )
    };

    // The key two levels down among bags to skip; the CA before the leaf; the leaf found
    // by localKeyId even though another certificate comes first.
    let file = plain_pfx(&[
        nested(&[nested(&[
            crl_bag.clone(),
            key_bag.clone(),
            secret_bag.clone(),
        ])]),
        unknown_bag.clone(),
        sdsi_cert.clone(),
        x509_cert_bag(&pki.ca, &[local_key_id(&[2])]),
        x509_cert_bag(
            &pki.leaf,
            &[local_key_id(&[1]), friendly_name("from the cert bag")],
        ),
        // A second copy of the leaf is not part of the chain.
        x509_cert_bag(&pki.leaf, &[]),
    ]);
    let identity = pkcs12::read(&file, "any password: nothing is encrypted").unwrap();
    pki.check(&identity, Some("from the cert bag"));

    // Without localKeyIds the public keys decide.
    let key_only = safe_bag(KEY_BAG, &pkcs8, &[friendly_name("key name")]);
    let file = plain_pfx(&[
        x509_cert_bag(&pki.ca, &[]),
        x509_cert_bag(&pki.leaf, &[]),
        key_only.clone(),
    ]);
    pki.check(&pkcs12::read(&file, "").unwrap(), Some("key name"));

    // Nesting is bounded.
    let mut deep = vec![key_bag.clone()];
    for _ in 0..10 {
        deep = vec![nested(&deep)];
    }
    assert!(matches!(
        pkcs12::read(&plain_pfx(&deep), ""),
        Err(Pkcs12Error::TooDeep { .. })
    ));

    // What is missing is named.
    assert!(matches!(
        pkcs12::read(&plain_pfx(&[x509_cert_bag(&pki.leaf, &[])]), ""),
        Err(Pkcs12Error::NoPrivateKey)
    ));
    assert!(matches!(
        pkcs12::read(&plain_pfx(std::slice::from_ref(&key_only)), ""),
        Err(Pkcs12Error::NoCertificate)
    ));
    assert!(matches!(
        pkcs12::read(&plain_pfx(&[key_only, x509_cert_bag(&pki.ca, &[])]), ""),
        Err(Pkcs12Error::NoMatchingCertificate)
    ));
}

// --- hostile input --------------------------------------------------------------------------

#[test]
fn truncated_files_are_errors() {
    let pki = Pki::new();
    for encryption in [Pkcs12Encryption::Aes256Cbc, Pkcs12Encryption::Legacy3Des] {
        let der = pki.write("pw", &options(encryption, 1, None), 4);
        for variant in [der.clone(), strip_mac(&der), pfx_to_ber(&der, true)] {
            for len in 0..variant.len() {
                assert!(
                    pkcs12::read(&variant[..len], "pw").is_err(),
                    "a file truncated to {len} bytes was accepted"
                );
            }
        }
    }
}

#[test]
fn bit_flips_never_panic() {
    let pki = Pki::new();
    // An unencrypted, MAC-less file from OpenSSL: flips reach the bags, keys and certificates.
    run_openssl(
        pki.dir.path(),
        &[
            "pkcs12",
            "-export",
            "-in",
            "leaf.pem",
            "-inkey",
            "leaf.key",
            "-certfile",
            "ca.pem",
            "-keypbe",
            "NONE",
            "-certpbe",
            "NONE",
            "-nomac",
            "-passout",
            "pass:pw",
            "-out",
            "plain.p12",
        ],
    );
    let plain = std::fs::read(pki.path("plain.p12")).unwrap();
    pki.check(&pkcs12::read(&plain, "pw").unwrap(), None);

    let mut files = vec![plain];
    for encryption in [Pkcs12Encryption::Aes256Cbc, Pkcs12Encryption::Legacy3Des] {
        let der = pki.write("pw", &options(encryption, 1, None), 5);
        files.push(strip_mac(&der));
        files.push(der);
    }
    let mut outcomes = [0usize; 2];
    for file in &files {
        for i in (0..file.len()).step_by(5) {
            let mut flipped = file.clone();
            flipped[i] ^= 1 << (i % 8);
            outcomes[usize::from(pkcs12::read(&flipped, "pw").is_ok())] += 1;
        }
    }
    // Most flips must be caught; the rest land in bytes nothing checks (attribute values,
    // DER-irrelevant bits of a certificate signature...). Either way nothing panicked.
    assert!(outcomes[0] > outcomes[1], "errors/accepted: {outcomes:?}");
}

#[test]
fn limits_are_enforced() {
    let huge = vec![0x30u8; pkcs12::MAX_FILE_SIZE + 1];
    assert!(matches!(
        pkcs12::read(&huge, "pw"),
        Err(Pkcs12Error::TooLarge { .. })
    ));

    // A MAC asking for 2^31 - 1 iterations is refused before any work.
    let pki = Pki::new();
    let der = pki.write("pw", &options(Pkcs12Encryption::Aes256Cbc, 1, None), 6);
    let mut fields = Reader::single(&der).unwrap().children().unwrap();
    let version = fields.read().unwrap();
    let auth_safe = fields.read().unwrap();
    let mut mac = fields.read().unwrap().children().unwrap();
    let digest_info = mac.read().unwrap();
    let salt = mac.read().unwrap();
    let iterations = ber::tlv(ber::INTEGER, &[0x7F, 0xFF, 0xFF, 0xFF]);
    let mac = ber::constructed(ber::SEQUENCE, &[digest_info.raw(), salt.raw(), &iterations]);
    let hostile = ber::constructed(ber::SEQUENCE, &[version.raw(), auth_safe.raw(), &mac]);
    let started = std::time::Instant::now();
    assert!(matches!(
        pkcs12::read(&hostile, "pw"),
        Err(Pkcs12Error::IterationCount {
            iterations: 0x7FFF_FFFF,
            ..
        })
    ));
    assert!(started.elapsed().as_secs() < 5);

    // Another PFX version.
    let v2 = ber::constructed(
        ber::SEQUENCE,
        &[&ber::tlv(ber::INTEGER, &[2]), auth_safe.raw()],
    );
    assert!(matches!(
        pkcs12::read(&v2, "pw"),
        Err(Pkcs12Error::UnsupportedVersion { version: 2 })
    ));
}

// --- OpenSSL reads our files ----------------------------------------------------------------

#[test]
fn openssl_reads_our_files() {
    let pki = Pki::new();
    let cases = [
        (
            Pkcs12Encryption::Aes256Cbc,
            "s3cret",
            ["MAC: sha256", "PBES2, PBKDF2, AES-256-CBC"],
        ),
        (
            Pkcs12Encryption::Legacy3Des,
            "s3cret",
            ["MAC: sha1", "pbeWithSHA1And3-KeyTripleDES-CBC"],
        ),
        (
            Pkcs12Encryption::Aes256Cbc,
            "",
            ["MAC: sha256", "PBES2, PBKDF2, AES-256-CBC"],
        ),
        (
            Pkcs12Encryption::Legacy3Des,
            "",
            ["MAC: sha1", "pbeWithSHA1And3-KeyTripleDES-CBC"],
        ),
    ];
    for (i, (encryption, password, expected_info)) in cases.into_iter().enumerate() {
        let name = format!("ours-{i}.p12");
        let der = pki.write(password, &options(encryption, 2048, Some("Mi firma")), 9);
        std::fs::write(pki.path(&name), &der).unwrap();
        let pass = format!("pass:{password}");
        let base = ["pkcs12", "-in", name.as_str(), "-passin", pass.as_str()];
        let run = |extra: &[&str]| {
            let mut args = base.to_vec();
            args.extend_from_slice(extra);
            // 3DES is in OpenSSL 3's default provider; fall back to -legacy if a build lacks it.
            try_openssl(pki.dir.path(), &args).unwrap_or_else(|_| {
                args.push("-legacy");
                run_openssl(pki.dir.path(), &args)
            })
        };
        // `-info` reports the algorithms on stderr.
        let mut info_args = base.to_vec();
        info_args.extend(["-info", "-noout"]);
        let info = Command::new(openssl())
            .args(&info_args)
            .current_dir(pki.dir.path())
            .output()
            .unwrap();
        assert!(info.status.success(), "openssl {info_args:?} failed");
        let all_info = String::from_utf8_lossy(&info.stderr).into_owned()
            + &String::from_utf8_lossy(&info.stdout);
        let keys = run(&["-nocerts", "-nodes"]);
        let certs = run(&["-nokeys"]);
        for needle in expected_info {
            assert!(all_info.contains(needle), "{needle:?} not in {all_info}");
        }
        let key = RsaSoftwareKey::load(&keys, None).unwrap();
        assert_eq!(key.public_key(), pki.key.public_key());
        assert!(String::from_utf8_lossy(&keys).contains("friendlyName: Mi firma"));
        let certificates = Certificate::from_pem_chain(&certs).unwrap();
        assert_eq!(certificates, vec![pki.leaf.clone(), pki.ca.clone()]);

        // A wrong password is refused by OpenSSL too.
        let wrong = [
            "pkcs12",
            "-in",
            name.as_str(),
            "-passin",
            "pass:nope",
            "-noout",
        ];
        assert!(try_openssl(pki.dir.path(), &wrong).is_err());
    }
}

// --- we read OpenSSL's files ----------------------------------------------------------------

#[test]
fn we_read_openssl_files() {
    let pki = Pki::new();
    struct Case {
        name: &'static str,
        args: &'static [&'static str],
        password: &'static str,
        legacy_provider: bool,
    }
    let cases = [
        Case {
            name: "default (PBES2 AES-256, SHA-256 MAC)",
            args: &[],
            password: "pw",
            legacy_provider: false,
        },
        Case {
            name: "3DES with SHA-1 MAC",
            args: &[
                "-keypbe",
                "PBE-SHA1-3DES",
                "-certpbe",
                "PBE-SHA1-3DES",
                "-macalg",
                "sha1",
            ],
            password: "pw",
            legacy_provider: false,
        },
        Case {
            name: "-legacy (RC2-40 certificates)",
            args: &["-legacy"],
            password: "pw",
            legacy_provider: true,
        },
        Case {
            name: "2-key 3DES key, RC2-128 certificates",
            args: &[
                "-legacy",
                "-keypbe",
                "PBE-SHA1-2DES",
                "-certpbe",
                "PBE-SHA1-RC2-128",
            ],
            password: "pw",
            legacy_provider: true,
        },
        Case {
            name: "AES-128 key, AES-192 certificates, SHA-512 MAC",
            args: &[
                "-keypbe",
                "AES-128-CBC",
                "-certpbe",
                "AES-192-CBC",
                "-macalg",
                "sha512",
            ],
            password: "pw",
            legacy_provider: false,
        },
        Case {
            name: "SHA-384 MAC",
            args: &["-macalg", "sha384", "-iter", "1000"],
            password: "pw",
            legacy_provider: false,
        },
        Case {
            name: "no MAC",
            args: &["-nomac"],
            password: "pw",
            legacy_provider: false,
        },
        Case {
            name: "unencrypted key and certificates",
            args: &["-keypbe", "NONE", "-certpbe", "NONE"],
            password: "pw",
            legacy_provider: false,
        },
        Case {
            name: "empty password",
            args: &[],
            password: "",
            legacy_provider: false,
        },
        Case {
            name: "empty password, -legacy",
            args: &["-legacy"],
            password: "",
            legacy_provider: true,
        },
        Case {
            name: "non-ASCII password",
            args: &[],
            password: "contraseña€",
            legacy_provider: false,
        },
        Case {
            name: "non-ASCII password, 3DES",
            args: &[
                "-keypbe",
                "PBE-SHA1-3DES",
                "-certpbe",
                "PBE-SHA1-3DES",
                "-macalg",
                "sha1",
            ],
            password: "contraseña€",
            legacy_provider: false,
        },
    ];
    let mut skipped = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let out = format!("openssl-{i}.p12");
        let pass = format!("pass:{}", case.password);
        let mut args = vec![
            "pkcs12",
            "-export",
            "-in",
            "leaf.pem",
            "-inkey",
            "leaf.key",
            "-certfile",
            "ca.pem",
            "-name",
            "openssl name",
            "-passout",
            pass.as_str(),
            "-out",
            out.as_str(),
        ];
        args.extend_from_slice(case.args);
        if let Err(e) = try_openssl(pki.dir.path(), &args) {
            if case.legacy_provider {
                eprintln!(
                    "SKIPPED {}: `openssl pkcs12 -legacy` fails here (no legacy provider?): {e}",
                    case.name
                );
                skipped.push(case.name);
                continue;
            }
            panic!("openssl {args:?} failed: {e}");
        }
        let der = std::fs::read(pki.path(&out)).unwrap();
        let identity =
            pkcs12::read(&der, case.password).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        pki.check(&identity, Some("openssl name"));
        assert!(
            matches!(pkcs12::read(&der, "wrong"), Err(Pkcs12Error::WrongPassword)),
            "{}: wrong password accepted",
            case.name
        );
    }
    if !skipped.is_empty() {
        eprintln!("skipped {} OpenSSL case(s): {skipped:?}", skipped.len());
    }
}

// --- PBMAC1 (RFC 9579 Appendix A) -----------------------------------------------------------

/// The RFC 9579 Appendix A test files (password "1234"). A.1 and A.3 are stored whole; the
/// invalid A.4 to A.6 differ from A.1 only in the first and the last four base64 lines.
fn rfc9579(name: &str) -> Vec<u8> {
    let a1 = include_str!("../src/pkcs12/testdata/rfc9579-a1.p12.b64");
    let text = match name {
        "A.1" => a1.to_owned(),
        "A.3" => include_str!("../src/pkcs12/testdata/rfc9579-a3.p12.b64").to_owned(),
        "A.4" | "A.5" | "A.6" => {
            let (head, tail): (&str, &[&str]) = match name {
                // Incorrect iteration count (PBKDF2 says 2049; MacData says 2048).
                "A.4" => (
                    "MIIKiwIBAzCC",
                    &[
                        "hkiG9w0BCRUxFgQUwWO5DorvVWYF3BWUmAw0rUEajScwfTBtMEkGCSqGSIb3DQEF",
                        "DjA8MCwGCSqGSIb3DQEFDDAfBAhvRzw4sC4xcwICCAECASAwDAYIKoZIhvcNAgkF",
                        "ADAMBggqhkiG9w0CCQUABCB6pW2FOdcCNj87zS64NUXG36K5aXDnFHctIk5Bf4kG",
                        "3QQITk9UIFVTRUQCAggA",
                    ],
                ),
                // Incorrect salt (the real one is in MacData, PBKDF2 has "NOT USED").
                "A.5" => (
                    "MIIKigIBAzCC",
                    &[
                        "hkiG9w0BCRUxFgQUwWO5DorvVWYF3BWUmAw0rUEajScwfDBtMEkGCSqGSIb3DQEF",
                        "DjA8MCwGCSqGSIb3DQEFDDAfBAhOT1QgVVNFRAICCAACASAwDAYIKoZIhvcNAgkF",
                        "ADAMBggqhkiG9w0CCQUABCB6pW2FOdcCNj87zS64NUXG36K5aXDnFHctIk5Bf4kG",
                        "3QQIb0c8OLAuMXMCAQE=",
                    ],
                ),
                // Missing keyLength.
                _ => (
                    "MIIKiAIBAzCC",
                    &[
                        "hkiG9w0BCRUxFgQUwWO5DorvVWYF3BWUmAw0rUEajScwejBqMEYGCSqGSIb3DQEF",
                        "DjA5MCkGCSqGSIb3DQEFDDAcBAhvRzw4sC4xcwICCAAwDAYIKoZIhvcNAgkFADAM",
                        "BggqhkiG9w0CCQUABCB6pW2FOdcCNj87zS64NUXG36K5aXDnFHctIk5Bf4kG3QQI",
                        "b0c8OLAuMXMCAggA",
                    ],
                ),
            };
            let lines: Vec<&str> = a1.lines().collect();
            let body = &lines[..lines.len() - 4];
            let mut text = format!("{head}{}\n", &body[0][head.len()..]);
            for line in body[1..].iter().chain(tail) {
                text.push_str(line);
                text.push('\n');
            }
            text
        }
        _ => unreachable!(),
    };
    let compact: String = text.split_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .unwrap()
}

#[test]
fn rfc9579_pbmac1_vectors() {
    for name in ["A.1", "A.3"] {
        let der = rfc9579(name);
        let identity = pkcs12::read(&der, "1234").unwrap_or_else(|e| panic!("{name}: {e}"));
        identity
            .key
            .check_certificate(&identity.certificate)
            .unwrap();
        assert_eq!(identity.certificate.common_name().as_deref(), Some("tt"));
        assert!(identity.chain.is_empty());
        assert!(matches!(
            pkcs12::read(&der, "4321"),
            Err(Pkcs12Error::WrongPassword)
        ));
    }
    assert!(matches!(
        pkcs12::read(&rfc9579("A.4"), "1234"),
        Err(Pkcs12Error::WrongPassword)
    ));
    assert!(matches!(
        pkcs12::read(&rfc9579("A.5"), "1234"),
        Err(Pkcs12Error::WrongPassword)
    ));
    assert!(matches!(
        pkcs12::read(&rfc9579("A.6"), "1234"),
        Err(Pkcs12Error::InvalidParameters { oid: found }) if found == oid::PBMAC1
    ));
}

// --- real-world files, when available -------------------------------------------------------

/// Reads the exports of the interop references' PKI, third-party files (Certomancer's and
/// OpenSSL's): `<name>.p12` (no password), `<name>-pass.p12` and `<name>-legacy.p12`
/// (password 1234), checked against `<name>.pem` and `<name>.key.pem`. The folder is
/// `ADES_INTEROP_DIR`, else `$ADES_REFERENCE_DIR/../pki/export`, else
/// `../shared/interop/pki/export` from the workspace root; when it is absent the test says so.
#[test]
fn interop_directory_files() {
    let dir = std::env::var_os("ADES_INTEROP_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("ADES_REFERENCE_DIR").map(|r| PathBuf::from(r).join("../pki/export"))
        })
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/interop/pki/export")
        });
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "SKIPPED: no interop PKI export at {} (set ADES_INTEROP_DIR): 0 third-party PKCS#12 files read",
            dir.display()
        );
        return;
    };
    let mut read = 0;
    let mut skipped = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = file.strip_suffix(".p12") else {
            continue;
        };
        let (base, password) = match stem.strip_suffix("-pass").or(stem.strip_suffix("-legacy")) {
            Some(base) => (base, "1234"),
            None => (stem, ""),
        };
        let (Ok(cert_pem), Ok(key_pem)) = (
            std::fs::read(dir.join(format!("{base}.pem"))),
            std::fs::read(dir.join(format!("{base}.key.pem"))),
        ) else {
            skipped += 1;
            continue;
        };
        let der = std::fs::read(&path).unwrap();
        let identity = pkcs12::read(&der, password).unwrap_or_else(|e| panic!("{file}: {e}"));
        let key = RsaSoftwareKey::load(&key_pem, None).unwrap();
        assert_eq!(identity.key.public_key(), key.public_key(), "{file}");
        assert_eq!(identity.certificate, first_cert(&cert_pem), "{file}");
        assert!(
            matches!(pkcs12::read(&der, "wrong"), Err(Pkcs12Error::WrongPassword)),
            "{file}"
        );
        read += 1;
    }
    eprintln!(
        "read {read} interop PKCS#12 file(s) from {}, skipped {skipped}",
        dir.display()
    );
}
