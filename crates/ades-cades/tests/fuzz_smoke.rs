//! Smoke test of the fuzz targets' entry points on the stable toolchain.
//!
//! The libFuzzer targets in `fuzz/` (`cms_parse`, `cades_validate`, `pkcs12_read`,
//! `ber_walk`) need `cargo fuzz` and a nightly toolchain. This test calls the same library
//! functions in the ordinary test suite on deterministic, generated inputs: a real CAdES-EPES
//! signature made with the test PKI under the Madrid policy, truncated at every length,
//! bit-flipped at every byte, with its ASN.1 headers rewritten, randomly mutated and
//! re-encoded as BER, plus random byte strings and a mutated PKCS#12 file.
//!
//! Passing proves that no input panics. Where the outcome is known it is asserted too: a
//! truncated signature is a format failure, and a bit flip inside what the signature
//! protects (signed attributes, signature value, content, signer certificate) never comes
//! out TOTAL-PASSED and always has a failed check, even with the signer certificate trusted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::Range;
use std::sync::OnceLock;

use ades_cades::{CadesBuilder, CadesValidator, SignedData};
use ades_core::ber::{self, Reader, Tlv};
use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::CertificateValidator;
use ades_core::{
    Certificate, DataFormat, Indication, Outcome, Sha256, SubIndication, ValidationReport, datetime,
};
use ades_policy::MadridPolicy;
use ades_testkit::TestPki;

const DOCUMENT: &[u8] = "Solicitud de licencia de obras menores\n\
Ayuntamiento de Madrid - Registro electrónico\n\
Solicitante: JUAN ESPAÑOL ESPAÑOL (NIF 12345678Z)\n\
Emplazamiento: Calle Mayor, 71, 28013 Madrid\n"
    .as_bytes();

use ades_testkit::mutate::Rng;

fn signing_time() -> OffsetDateTime {
    datetime::parse_rfc3339("2025-03-01T10:00:00Z").unwrap()
}

/// The CAdES-EPES attached signature every mutation starts from (as `ades demo` makes it).
fn signature() -> &'static [u8] {
    static SIGNATURE: OnceLock<Vec<u8>> = OnceLock::new();
    SIGNATURE.get_or_init(|| {
        let pki = TestPki::shared();
        CadesBuilder::new(MadridPolicy::default())
            .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"))
            .claimed_role("emisor")
            .attached(DOCUMENT)
            .sign::<Sha256>(&pki.signer1.key, signing_time())
            .unwrap()
            .to_der()
    })
}

/// Trusts exactly one certificate (the test signer), so the unmodified signature is
/// TOTAL-PASSED and any verdict below that comes from the mutation.
struct PinnedSigner(&'static Certificate);

impl CertificateValidator for PinnedSigner {
    fn validate_certificate(
        &self,
        signer: &Certificate,
        _pool: &[Certificate],
        _at: &ades_core::validation::ValidationTime,
        checks: &mut CheckList,
    ) -> Vec<Certificate> {
        if signer.der() == self.0.der() {
            checks.pass(
                ades_core::CheckId::CertificateChain,
                "the pinned test signer",
            );
            vec![signer.clone()]
        } else {
            checks.fail(
                ades_core::CheckId::CertificateChain,
                SubIndication::NoCertificateChainFound,
                "not the pinned test signer",
            );
            Vec::new()
        }
    }
}

/// The `cms_parse` fuzz target: a parsed structure re-encodes to DER that parses again and
/// re-encodes to the same bytes.
fn cms_parse(data: &[u8]) -> Option<SignedData> {
    let signed_data = SignedData::from_bytes(data).ok()?;
    let der = signed_data.to_der();
    let again = SignedData::from_bytes(&der)
        .unwrap_or_else(|e| panic!("to_der() output does not parse again: {e}"));
    assert_eq!(
        again.to_der(),
        der,
        "to_der() is not stable across a re-parse"
    );
    Some(signed_data)
}

/// The `cades_validate` fuzz target: the Madrid policy, no trust anchors, validation now.
fn cades_validate(data: &[u8]) -> ValidationReport {
    let policy = MadridPolicy::default();
    CadesValidator::new(&policy)
        .validate(data, "fuzz")
        .expect("validation without detached content has no I/O to fail")
}

/// Validation with the test signer trusted, at the signing time.
fn validate_pinned(data: &[u8]) -> ValidationReport {
    let policy = MadridPolicy::default();
    let pinned = PinnedSigner(&TestPki::shared().signer1.certificate);
    CadesValidator::new(&policy)
        .certificate_validator(&pinned)
        .at(signing_time())
        .validate(data, "fuzz")
        .expect("validation without detached content has no I/O to fail")
}

/// The `ber_walk` fuzz target: visits every element, returns how many.
fn ber_walk(data: &[u8]) -> usize {
    fn walk(tlv: &Tlv<'_>, depth: usize) -> usize {
        assert!(depth <= ber::MAX_DEPTH, "walked deeper than MAX_DEPTH");
        assert!(tlv.raw().len() >= tlv.content().len());
        let _ = tlv.string_value();
        let _ = tlv.retagged(ber::SET);
        let mut visited = 1;
        if tlv.is_constructed()
            && let Ok(mut children) = tlv.children()
        {
            while let Ok(Some(child)) = children.next_element() {
                visited += walk(&child, depth + 1);
            }
        }
        visited
    }
    let _ = Reader::single(data);
    let mut top = Reader::new(data);
    let mut visited = 0;
    while let Ok(Some(tlv)) = top.next_element() {
        visited += walk(&tlv, 0);
    }
    visited
}

/// The `pkcs12_read` fuzz target.
fn pkcs12_read(data: &[u8]) -> bool {
    ades_core::pkcs12::read(data, ades_testkit::P12_PASSWORD).is_ok()
}

/// Every CMS entry point on one input; returns the report with the test signer trusted.
fn all_cms_entry_points(data: &[u8]) -> ValidationReport {
    ber_walk(data);
    cms_parse(data);
    validate_pinned(data)
}

fn passed(report: &ValidationReport) -> bool {
    !report.signatures.is_empty()
        && report
            .signatures
            .iter()
            .all(|s| s.indication == Indication::TotalPassed)
}

fn has_failed_check(report: &ValidationReport) -> bool {
    report
        .signatures
        .iter()
        .flat_map(|s| &s.checks)
        .any(|c| c.outcome == Outcome::Failed)
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    let mut hits = haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i);
    let first = hits.next().expect("part not found in the signature");
    assert!(hits.next().is_none(), "part found twice in the signature");
    first
}

/// The byte ranges of the signature that its value protects, by name.
fn protected_regions() -> Vec<(&'static str, Range<usize>)> {
    let der = signature();
    let sd = SignedData::from_bytes(der).unwrap();
    let si = &sd.signer_infos()[0];
    // The signed attributes as encoded: `[0]` followed by the bytes of the SET it signs.
    let set = si.signed_attributes_to_verify().unwrap().unwrap();
    let attrs_start = find(der, &set[1..]) - 1;
    let signature_value = si.signature();
    let cert = TestPki::shared().signer1.certificate.der();
    let region = |start: usize, len: usize| start..start + len;
    vec![
        ("signed attributes", region(attrs_start, set.len())),
        (
            "signature value",
            region(find(der, signature_value), signature_value.len()),
        ),
        ("content", region(find(der, DOCUMENT), DOCUMENT.len())),
        ("signer certificate", region(find(der, cert), cert.len())),
    ]
}

#[test]
fn the_unmodified_signature_passes_only_with_its_signer_trusted() {
    let der = signature();
    let report = all_cms_entry_points(der);
    assert!(passed(&report), "{report:#?}");
    assert!(!has_failed_check(&report));
    // The fuzz target's own configuration has no trust anchors: never TOTAL-PASSED.
    let untrusted = cades_validate(der);
    assert_eq!(untrusted.signatures.len(), 1);
    assert_eq!(
        untrusted.signatures[0].indication,
        Indication::Indeterminate
    );
    assert!(ber_walk(der) > 100);
}

#[test]
fn every_truncation_is_a_format_failure() {
    let der = signature();
    for len in 0..der.len() {
        let truncated = &der[..len];
        assert_eq!(ber_walk(truncated), 0, "truncated at {len}");
        assert!(cms_parse(truncated).is_none(), "truncated at {len} parses");
        let report = cades_validate(truncated);
        assert_eq!(report.signatures.len(), 1, "truncated at {len}");
        let verdict = &report.signatures[0];
        assert_eq!(
            verdict.indication,
            Indication::TotalFailed,
            "truncated at {len}"
        );
        assert_eq!(verdict.sub_indication, Some(SubIndication::FormatFailure));
    }
    // The same through PEM armour.
    let pem = ades_core::der::pem::encode_string("CMS", ades_core::der::pem::LineEnding::LF, der)
        .unwrap();
    assert!(passed(&validate_pinned(pem.as_bytes())));
    // Cutting only the final newline leaves a complete armour; anything shorter does not.
    let armour = pem.trim_end().len();
    assert!(passed(&validate_pinned(&pem.as_bytes()[..armour])));
    for len in (0..armour).filter(|len| len % 7 == 0 || armour - len < 40) {
        assert!(!passed(&all_cms_entry_points(&pem.as_bytes()[..len])));
    }
}

/// The parts of the signature a bit flip may change without invalidating it: nothing signs
/// them and the validator does not judge them.
fn unprotected_regions() -> Vec<(&'static str, Range<usize>)> {
    let der = signature();
    let span = |t: &Tlv<'_>| t.offset()..t.offset() + t.raw().len();
    let content_info = Reader::single(der).unwrap();
    let mut ci = content_info.children().unwrap();
    ci.read().unwrap();
    let signed_data = ci.read().unwrap().children().unwrap().read().unwrap();
    let mut sd = signed_data.children().unwrap();
    let sd_version = sd.read().unwrap();
    let digest_algorithms = sd.read().unwrap();
    let signer_infos = sd.collect_all().unwrap().pop().unwrap();
    let signer_info = signer_infos.children().unwrap().read().unwrap();
    // version, sid, digestAlgorithm, [0] signedAttrs, signatureAlgorithm, signature
    let parts = signer_info.children().unwrap().collect_all().unwrap();
    let (si_version, sid, signature_algorithm) = (parts[0], parts[1], parts[4]);
    let parameters = signature_algorithm
        .children()
        .unwrap()
        .collect_all()
        .unwrap()[1];
    let pki = TestPki::shared();
    let certificate = |c: &Certificate| {
        let at = find(der, c.der());
        at..at + c.der().len()
    };
    vec![
        // The chain is not the signer's: only the pinned signer certificate is judged.
        (
            "intermediate certificate",
            certificate(&pki.ape.certificate),
        ),
        ("root certificate", certificate(&pki.root.certificate)),
        // SignedData.version and SignerInfo.version are not checked on reading.
        ("SignedData version", span(&sd_version)),
        ("SignerInfo version", span(&si_version)),
        // The SignedData-level digest algorithm list is a hint for one-pass processing.
        ("digestAlgorithms", span(&digest_algorithms)),
        // The NULL parameters of sha256WithRSAEncryption are kept as found, not checked.
        ("signature algorithm parameters", span(&parameters)),
        // The sid only points at a certificate, and names match as RFC 5280 §7.1 says
        // (string type, case and spacing do not count): a flip there may name the same issuer.
        ("SignerInfo sid", span(&sid)),
    ]
}

#[test]
fn bit_flips_inside_the_protected_parts_never_pass() {
    let der = signature();
    let protected = protected_regions();
    let unprotected = unprotected_regions();
    let name_of = |regions: &[(&'static str, Range<usize>)], i: usize| {
        regions
            .iter()
            .find(|(_, r)| r.contains(&i))
            .map(|(name, _)| *name)
    };
    let mut rng = Rng::new(0x0046_4c49_5053);
    let (mut flips, mut still_passing) = (0usize, 0usize);
    for i in 0..der.len() {
        // Every bit of the signed attributes (the structure the signature covers); elsewhere
        // two bits of each protected byte and one of every other byte, chosen at random.
        let first = rng.below(8);
        let second = (first + 1 + rng.below(7)) % 8;
        let bits: Vec<u8> = match name_of(&protected, i) {
            Some("signed attributes") => (0..8).map(|b| 1 << b).collect(),
            Some(_) => vec![1 << first, 1 << second],
            None => vec![1 << first],
        };
        for bit in bits {
            let mut mutated = der.to_vec();
            mutated[i] ^= bit;
            let report = all_cms_entry_points(&mutated);
            flips += 1;
            if let Some(name) = name_of(&protected, i) {
                assert!(
                    !passed(&report) && has_failed_check(&report),
                    "flipping bit {bit:#04x} of byte {i} ({name}) left the signature valid: {report:#?}"
                );
            } else if passed(&report) {
                still_passing += 1;
                assert!(
                    name_of(&unprotected, i).is_some(),
                    "flipping bit {bit:#04x} of byte {i}, outside every part known to be \
                     unprotected, left the signature valid: {report:#?}"
                );
            }
        }
    }
    assert!(flips > der.len() + 3000, "{flips} flips");
    assert!(
        still_passing > 0,
        "the chain certificates are not judged by the pinned signer"
    );
}

/// Offsets of the identifier and first length octet of every element of `data`, except
/// inside the embedded certificates (X.509's structure is the `der` crate's to test, and it
/// would triple the work).
fn headers(data: &[u8]) -> Vec<(usize, usize)> {
    fn collect(tlv: &Tlv<'_>, skip: &[&[u8]], out: &mut Vec<(usize, usize)>) {
        out.push((tlv.offset(), tlv.offset() + 1));
        if !tlv.is_constructed() || skip.contains(&tlv.raw()) {
            return;
        }
        for child in tlv.children().unwrap().collect_all().unwrap() {
            collect(&child, skip, out);
        }
    }
    let pki = TestPki::shared();
    let certificates: Vec<&[u8]> = pki
        .identities()
        .iter()
        .map(|i| i.certificate.der())
        .collect();
    let mut out = Vec::new();
    collect(&Reader::single(data).unwrap(), &certificates, &mut out);
    out
}

#[test]
fn rewritten_headers_do_not_panic() {
    let der = signature();
    let headers = headers(der);
    assert!(headers.len() > 50, "{} headers", headers.len());
    for (tag_at, len_at) in headers {
        for tag in [
            0x00, 0x04, 0x06, 0x1F, 0x24, 0x30, 0x31, 0x80, 0xA0, 0xA1, 0xFF,
        ] {
            let mut mutated = der.to_vec();
            mutated[tag_at] = tag;
            all_cms_entry_points(&mutated);
        }
        let original = der[len_at];
        for length in [
            0x00,
            0x7F,
            0x80,
            0x81,
            0x84,
            0x89,
            0xFF,
            original.wrapping_add(1),
            original.wrapping_sub(1),
        ] {
            let mut mutated = der.to_vec();
            mutated[len_at] = length;
            all_cms_entry_points(&mutated);
        }
    }
}

/// Re-encodes the outer, unsigned wrappers (ContentInfo, its `[0]`, SignedData) with BER
/// indefinite lengths, as streaming CMS writers do.
fn indefinite_wrappers(der: &[u8]) -> Vec<u8> {
    fn indefinite(tlv: &Tlv<'_>, inner: Vec<u8>) -> Vec<u8> {
        let mut out = vec![tlv.tag(), 0x80];
        out.extend(inner);
        out.extend([0, 0]);
        out
    }
    let content_info = Reader::single(der).unwrap();
    let mut ci = content_info.children().unwrap();
    let oid = ci.read().unwrap();
    let explicit = ci.read().unwrap();
    let signed_data = explicit.children().unwrap().read().unwrap();
    let sd = indefinite(&signed_data, signed_data.content().to_vec());
    let ex = indefinite(&explicit, sd);
    let mut inner = oid.raw().to_vec();
    inner.extend(ex);
    indefinite(&content_info, inner)
}

#[test]
fn ber_reencoding_and_random_mutations_do_not_panic() {
    let der = signature();
    let ber_form = indefinite_wrappers(der);
    assert_ne!(ber_form.as_slice(), der);
    let report = all_cms_entry_points(&ber_form);
    assert!(passed(&report), "BER wrappers: {report:#?}");
    for len in (0..ber_form.len()).step_by(13) {
        assert!(!passed(&all_cms_entry_points(&ber_form[..len])));
    }

    let mut rng = Rng::new(0x004d_5554_4154);
    for round in 0..3000 {
        let mut data = if round % 4 == 0 {
            ber_form.clone()
        } else {
            der.to_vec()
        };
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(data.len());
            match rng.below(6) {
                0 => data[at] = rng.byte(),
                1 => data.insert(at, rng.byte()),
                2 => {
                    data.remove(at);
                }
                3 => {
                    let len = rng.below(64).min(data.len() - at);
                    let chunk = data[at..at + len].to_vec();
                    let to = rng.below(data.len());
                    data.splice(to..to, chunk);
                }
                4 => {
                    let other = rng.below(data.len());
                    data.swap(at, other);
                }
                _ => data.truncate(at.max(1)),
            }
            if data.is_empty() {
                data.push(0x30);
            }
        }
        all_cms_entry_points(&data);
    }
}

#[test]
fn random_and_hostile_byte_strings_do_not_panic() {
    let mut rng = Rng::new(0x0052_414e_444f);
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for _ in 0..3000 {
        let len = rng.below(300);
        let mut data = rng.bytes(len);
        // Half of them look like a DER SEQUENCE of the right length, to get past the first
        // check.
        if len > 4 && rng.below(2) == 0 {
            let body = len - 4;
            data[..4].copy_from_slice(&[0x30, 0x82, (body >> 8) as u8, body as u8]);
        }
        inputs.push(data);
    }
    // Nesting beyond MAX_DEPTH, definite and indefinite, structured and string types.
    for (tag, indefinite) in [(0x30, true), (0x24, true), (0xA0, true), (0x30, false)] {
        let depth = ber::MAX_DEPTH + 10;
        let mut data = Vec::new();
        if indefinite {
            for _ in 0..depth {
                data.extend([tag, 0x80]);
            }
            data.extend([0x04, 0x01, 0x2A]);
            data.extend(std::iter::repeat_n(0, 2 * depth));
        } else {
            data = vec![0x04, 0x00];
            for _ in 0..depth {
                let mut outer = vec![tag, 0x82, (data.len() >> 8) as u8, data.len() as u8];
                outer.extend(data);
                data = outer;
            }
        }
        inputs.push(data);
    }
    // Lengths that do not fit, indefinite primitives, unterminated indefinite lengths.
    inputs.extend([
        vec![0x30, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        vec![0x30, 0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0],
        vec![0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, 0x00],
        vec![0x04, 0x80, 0x00, 0x00],
        vec![0x30, 0x80, 0x30, 0x80],
        vec![0x30, 0x80, 0x00],
        vec![0x30, 0x00, 0x00, 0x00],
        vec![0x1F, 0x81, 0x00],
        b"-----BEGIN CMS-----\n-----END CMS-----\n".to_vec(),
        b"-----BEGIN PKCS7-----\nMIAGCSqGSIb3DQEHAqCAMIACAQE=\n-----END PKCS7-----\n".to_vec(),
        Vec::new(),
    ]);
    for data in &inputs {
        all_cms_entry_points(data);
        let report = cades_validate(data);
        assert!(!passed(&report));
        assert!(!pkcs12_read(data));
    }
}

#[test]
fn mutated_pkcs12_files_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    TestPki::shared().write_to(dir.path()).unwrap();
    let p12 = std::fs::read(dir.path().join("signer1.p12")).unwrap();
    assert!(pkcs12_read(&p12));
    ber_walk(&p12);
    // Every read that gets past the structure runs the key derivations (2048 iterations
    // each), so the mutations are sampled rather than exhaustive.
    for len in (0..p12.len()).step_by(p12.len() / 40) {
        assert!(!pkcs12_read(&p12[..len]), "truncated at {len}");
    }
    let mut rng = Rng::new(0x0050_3132);
    for _ in 0..120 {
        let mut data = p12.clone();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(data.len());
            data[at] ^= 1 << rng.below(8);
        }
        ber_walk(&data);
        // Whether a flipped file still reads depends on where the flips land (the MAC does
        // not cover the PFX version or the MAC parameters); a panic is the only failure.
        let _ = pkcs12_read(&data);
    }
}
