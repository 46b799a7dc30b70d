//! PAdES end to end with the deterministic test PKI and its services on 127.0.0.1: signing
//! every kind of PDF by incremental update, sequential signatures, PAdES-T, document
//! time-stamps, the two-step (remote signer) API, the check of dynamic content before signing,
//! the bounded-memory path, and the validator against each attack class, built on our own
//! output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

#[path = "../../ades-pdf/tests/common/mod.rs"]
mod common;
mod support;

use ades_core::report::Outcome;
use ades_core::signer::{SignatureValue, Signer};
use ades_core::{
    DigestAlgorithm, Indication, Sha256, Sha512, SignatureReport, SubIndication, datetime,
};
use ades_http::HttpTransport;
use ades_pades::{
    Appearance, DynamicKind, PadesBuilder, PadesError, PadesOptions, PadesValidator, SourcePdf,
    prepare_document_timestamp, timestamp_document,
};
use ades_pdf::PdfFile;
use ades_policy::{GenericAdes, MadridPolicy};
use ades_testkit::TestPki;
use ades_testkit::server::PkiServer;
use ades_trust::{ChainValidator, RevocationChecker, TrustStore};
use ades_tsp::TsaClient;
use common::{Builder, generated};
use support::{append_revision, detail, sign, signed_simple, simple_pdf};

const SEED: u64 = 0x5041_6445;

fn chain_validator(pki: &TestPki) -> ChainValidator {
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    ChainValidator::new(store)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())))
}

fn validate(pki: &TestPki, bytes: &[u8]) -> Vec<SignatureReport> {
    let policy = MadridPolicy::default();
    let chain = chain_validator(pki);
    PadesValidator::new(&policy)
        .certificate_validator(&chain)
        .validate(bytes.to_vec(), "test.pdf")
        .signatures
}

fn failed(report: &SignatureReport) -> Vec<String> {
    report
        .checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| format!("{}: {}", c.qualified_name(), c.detail))
        .collect()
}

fn assert_passed(reports: &[SignatureReport]) {
    for r in reports {
        assert_eq!(
            r.indication,
            Indication::TotalPassed,
            "{}: {:?}",
            r.id,
            failed(r)
        );
    }
}

#[test]
fn epes_on_every_kind_of_pdf_passes_and_keeps_the_original() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    for (name, pdf) in generated()
        .into_iter()
        .chain([("simple", simple_pdf("", &[]))])
    {
        let signed = sign(pki, &pki.signer1, &pdf, PadesOptions::default());
        let reports = validate(pki, &signed);
        assert_eq!(reports.len(), 1, "{name}");
        assert_passed(&reports);
        let r = &reports[0];
        assert_eq!(r.level.to_string(), "PAdES-EPES", "{name}");
        assert!(detail(r, "coverage").contains("whole document"), "{name}");
        assert_eq!(
            r.signing_time_source,
            ades_core::report::SigningTimeSource::Claimed,
            "/M is the signing time"
        );
        let parsed = PdfFile::parse(signed).unwrap();
        assert_eq!(
            parsed.revisions().len(),
            PdfFile::parse(pdf).unwrap().revisions().len() + 1
        );
    }
}

#[test]
fn sequential_signatures_all_stay_valid() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let one = sign(
        pki,
        &pki.signer1,
        &simple_pdf("", &[]),
        PadesOptions::default(),
    );
    let options = PadesOptions {
        appearance: Appearance::Visible {
            page: 1,
            rect: [36.0, 36.0, 200.0, 50.0],
            lines: Vec::new(),
        },
        reason: Some("Conforme".into()),
        location: Some("Madrid".into()),
        ..PadesOptions::default()
    };
    let two = sign(pki, &pki.signer2, &one, options.clone());
    let three = sign(pki, &pki.signer1, &two, PadesOptions::default());
    let reports = validate(pki, &three);
    assert_eq!(
        reports.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["Signature1", "Signature2", "Signature3"]
    );
    assert_passed(&reports);
    assert!(detail(&reports[0], "modifications").contains("signature widget added"));
    // The field name is refused when taken.
    let taken = PadesOptions {
        field_name: Some("Signature2".into()),
        ..PadesOptions::default()
    };
    let source = SourcePdf::from_bytes(three).unwrap();
    let err = PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .options(taken)
        .prepare::<Sha256>(&source, datetime::now())
        .err()
        .unwrap();
    assert!(matches!(err, PadesError::FieldExists(_)), "{err}");
}

#[test]
fn pades_t_and_document_timestamps() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let pdf = simple_pdf("", &[]);
    let source = SourcePdf::from_bytes(pdf).unwrap();
    let signed = PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .sign::<Sha512>(&source, &pki.signer1.key, datetime::now(), Some(&tsa))
        .unwrap()
        .to_vec(&source)
        .unwrap();
    let reports = validate(pki, &signed);
    assert_passed(&reports);
    assert_eq!(reports[0].level.to_string(), "PAdES-T");
    assert_eq!(
        reports[0].signing_time_source,
        ades_core::report::SigningTimeSource::Timestamp
    );
    // A document time-stamp over everything.
    let source = SourcePdf::from_bytes(signed).unwrap();
    let stamped = timestamp_document(&source, &tsa, DigestAlgorithm::Sha256)
        .unwrap()
        .to_vec(&source)
        .unwrap();
    let reports = validate(pki, &stamped);
    assert_eq!(reports.len(), 2);
    assert_passed(&reports);
    assert_eq!(reports[1].level.to_string(), "PAdES document time-stamp");
    // A token over other data is refused.
    let prepared = prepare_document_timestamp(&source, DigestAlgorithm::Sha256, 9000).unwrap();
    let other = tsa
        .timestamp_data(DigestAlgorithm::Sha256, b"other")
        .unwrap();
    assert!(matches!(
        prepared.finish(&other),
        Err(PadesError::Timestamp(_))
    ));
}

#[test]
fn remote_signer_two_steps_and_reserve() {
    let pki = TestPki::shared();
    let source = SourcePdf::from_bytes(simple_pdf("", &[])).unwrap();
    let builder = PadesBuilder::new(GenericAdes)
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .reason("two steps");
    let prepared = builder.prepare::<Sha256>(&source, datetime::now()).unwrap();
    let tbs = prepared.to_be_signed().clone();
    // The "remote" side signs the bytes it was sent.
    let value = pki.signer1.key.sign(tbs.algorithm(), tbs.bytes()).unwrap();
    let signed = prepared
        .finish(SignatureValue::<ades_core::RsaPkcs1v15>::new(value))
        .unwrap()
        .embed()
        .unwrap()
        .to_vec(&source)
        .unwrap();
    let policy = GenericAdes;
    let reports = PadesValidator::new(&policy)
        .validate(signed, "remote.pdf")
        .signatures;
    assert_eq!(reports.len(), 1);
    // No trust anchors: only the chain is indeterminate.
    assert_eq!(
        reports[0].sub_indication,
        Some(SubIndication::NoCertificateChainFound),
        "{:?}",
        failed(&reports[0])
    );
    // A wrong value is refused before anything is written.
    let prepared = builder.prepare::<Sha256>(&source, datetime::now()).unwrap();
    assert!(
        prepared
            .finish(SignatureValue::<ades_core::RsaPkcs1v15>::new(vec![1; 256]))
            .is_err()
    );
    // A reserve too small: embed says how much is needed; sign() retries once.
    let small = builder.clone().options(PadesOptions {
        contents_size: Some(200),
        ..PadesOptions::default()
    });
    let err = small
        .prepare::<Sha256>(&source, datetime::now())
        .unwrap()
        .sign(&pki.signer1.key)
        .unwrap()
        .embed()
        .unwrap_err();
    assert!(
        matches!(err, PadesError::ContentsTooSmall { reserved: 200, .. }),
        "{err}"
    );
    small
        .sign::<Sha256>(&source, &pki.signer1.key, datetime::now(), None)
        .unwrap();
}

#[test]
fn dynamic_content_is_refused_unless_allowed() {
    let pki = TestPki::shared();
    type Case<'a> = (&'a str, &'a [(u32, &'a str)], DynamicKind);
    let cases: [Case<'_>; 5] = [
        (
            "/OpenAction 6 0 R",
            &[(6, "<</S/JavaScript/JS(app.alert\\(1\\))>>")],
            DynamicKind::JavaScript,
        ),
        (
            "/Names<</JavaScript 6 0 R>>",
            &[(6, "<</Names[(a) 7 0 R]>>"), (7, "<</S/JavaScript/JS(1)>>")],
            DynamicKind::JavaScript,
        ),
        (
            "/OpenAction<</S/Launch/F(calc.exe)>>",
            &[],
            DynamicKind::Launch,
        ),
        (
            "/Names<</EmbeddedFiles 6 0 R>>",
            &[
                (6, "<</Names[(a.exe) 7 0 R]>>"),
                (7, "<</Type/Filespec/F(a.exe)/EF<</F 8 0 R>>>>"),
                (8, "<<>>"),
            ],
            DynamicKind::EmbeddedFile,
        ),
        (
            "/AcroForm<</Fields[]/XFA 6 0 R>>",
            &[(6, "<<>>")],
            DynamicKind::Xfa,
        ),
    ];
    for (catalog, objects, kind) in cases {
        let pdf = simple_pdf(catalog, objects);
        let source = SourcePdf::from_bytes(pdf).unwrap();
        let builder = PadesBuilder::new(MadridPolicy::default())
            .signer_certificate(pki.signer1.certificate.clone(), pki.chain());
        match builder.prepare::<Sha256>(&source, datetime::now()) {
            Err(PadesError::DynamicContent(found)) => {
                assert!(found.iter().any(|f| f.kind == kind), "{catalog}: {found:?}");
            }
            other => panic!("{catalog}: {:?}", other.err()),
        }
        builder
            .allow_dynamic_content()
            .sign::<Sha256>(&source, &pki.signer1.key, datetime::now(), None)
            .unwrap();
    }
    // A reset-form action is reported, not refused.
    let pdf = simple_pdf("/OpenAction<</S/ResetForm>>", &[]);
    let found = ades_pades::scan_dynamic_content(&PdfFile::parse(pdf).unwrap()).unwrap();
    assert_eq!(found.len(), 1);
    assert!(!found[0].kind.refuses_signing());
}

#[test]
fn encrypted_broken_and_pageless_inputs_are_refused_clearly() {
    let pki = TestPki::shared();
    let builder = PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain());
    let mut b = Builder::new("1.7");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>");
    b.obj(4, "<</Filter/Standard/V 2/R 3/O<00>/U<00>/P -4>>");
    b.xref_table(
        &[1, 2, 3, 4],
        true,
        "/Size 5/Root 1 0 R/Encrypt 4 0 R/ID[<01><01>]",
    );
    let source = SourcePdf::from_bytes(b.out).unwrap();
    assert!(matches!(
        builder.prepare::<Sha256>(&source, datetime::now()),
        Err(PadesError::Encrypted)
    ));
    assert!(matches!(
        SourcePdf::from_bytes(b"not a pdf".to_vec()),
        Err(PadesError::Pdf(_))
    ));
    let visible = builder.clone().visible(2, [0.0, 0.0, 10.0, 10.0]);
    let source = SourcePdf::from_bytes(simple_pdf("", &[])).unwrap();
    assert!(matches!(
        visible.prepare::<Sha256>(&source, datetime::now()),
        Err(PadesError::NoSuchPage { page: 2, pages: 1 })
    ));
}

#[test]
fn bounded_memory_path_writes_the_same_bytes() {
    let pki = TestPki::shared();
    let dir = tempfile::tempdir().unwrap();
    let time = datetime::now();
    // A PDF with a large stream (the gap that is left on disk) and a small one.
    let mut b = Builder::new("1.7");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</XObject<</Im 5 0 R>>>>>>");
    b.stream(4, "", b"q 100 0 0 100 0 0 cm /Im Do Q");
    let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    b.stream(5, "/Type/XObject/Subtype/Image/Width 1000/Height 3000/ColorSpace/DeviceGray/BitsPerComponent 8", &data);
    b.xref_table(&[1, 2, 3, 4, 5], true, "/Size 6/Root 1 0 R");
    let path = dir.path().join("big.pdf");
    std::fs::write(&path, &b.out).unwrap();
    let builder = PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain());
    let in_memory = SourcePdf::from_bytes(b.out.clone()).unwrap();
    let bounded = SourcePdf::open_with(&path, 0).unwrap();
    assert!(bounded.pdf().is_partial(), "the large stream stays on disk");
    let a = builder
        .sign::<Sha256>(&in_memory, &pki.signer1.key, time, None)
        .unwrap();
    let b2 = builder
        .sign::<Sha256>(&bounded, &pki.signer1.key, time, None)
        .unwrap();
    assert_eq!(a.appended(), b2.appended());
    let mut out = std::fs::File::create(dir.path().join("out.pdf")).unwrap();
    b2.write_to(&bounded, &mut out).unwrap();
    drop(out);
    let written = std::fs::read(dir.path().join("out.pdf")).unwrap();
    assert_eq!(written, a.to_vec(&in_memory).unwrap());
    // Validation in bounded memory: the structure read, the signed bytes hashed from the file.
    let policy = GenericAdes;
    let bounded_signed = |path: &std::path::Path| {
        let mut file = std::fs::File::open(path).unwrap();
        let len = file.metadata().unwrap().len();
        ades_pdf::load_bounded(&mut file, len, ades_pdf::Limits::default()).unwrap()
    };
    let out_path = dir.path().join("out.pdf");
    let partial = bounded_signed(&out_path);
    assert!(partial.is_partial(), "the image stays on disk");
    let report = PadesValidator::new(&policy).validate_pdf(&partial);
    let digest = report[0]
        .checks
        .iter()
        .find(|c| c.name == ades_core::CheckId::MessageDigest)
        .unwrap();
    assert_eq!(digest.outcome, Outcome::Passed, "{report:?}");
    assert_eq!(
        report[0].sub_indication,
        Some(SubIndication::NoCertificateChainFound),
        "only the missing trust anchors keep it from passing"
    );
    // A byte changed inside the large stream, which was never read into memory, is seen.
    let mut changed = written.clone();
    let inside = written.len() / 2;
    changed[inside] ^= 0x01;
    std::fs::write(&out_path, &changed).unwrap();
    let report = PadesValidator::new(&policy).validate_pdf(&bounded_signed(&out_path));
    assert_eq!(report[0].sub_indication, Some(SubIndication::HashFailure));
    // The same through validate_file, which reads a file this small whole.
    let whole = PadesValidator::new(&policy)
        .validate_file(&out_path, "out.pdf")
        .unwrap();
    assert_eq!(
        whole.signatures[0].sub_indication,
        Some(SubIndication::HashFailure)
    );
    // A changed input is noticed.
    std::fs::write(&path, b"%PDF-1.7 changed").unwrap();
    assert!(bounded.check_unchanged().is_err());
}

// --- attacks, built on our own output --------------------------------------------------

fn assert_failed(reports: &[SignatureReport], sub: SubIndication, what: &str) {
    let r = reports.iter().find(|r| r.id == "Signature1").unwrap();
    assert_eq!(
        r.indication,
        Indication::TotalFailed,
        "{what}: {:?}",
        failed(r)
    );
    assert_eq!(r.sub_indication, Some(sub), "{what}: {:?}", failed(r));
}

#[test]
fn incremental_saving_attacks_are_detected() {
    let pki = TestPki::shared();
    let policy = GenericAdes;
    let check = |bytes: Vec<u8>, what: &str, needle: &str| {
        let reports = PadesValidator::new(&policy)
            .validate(bytes, what)
            .signatures;
        assert_failed(&reports, SubIndication::ModifiedAfterSigning, what);
        let d = detail(&reports[0], "modifications");
        assert!(d.contains(needle), "{what}: {d}");
    };
    let signed = signed_simple(pki, &[]);
    // The page content replaced.
    check(
        append_revision(
            &signed,
            &[(4, "<</Length 10>>\nstream\nBT ET q Q \nendstream")],
            &[],
        ),
        "content replaced",
        "object 4",
    );
    // A catalog /OpenAction added.
    check(
        append_revision(
            &signed,
            &[(
                1,
                "<</Type/Catalog/Pages 2 0 R/OpenAction[3 0 R/Fit]/AcroForm 8 0 R>>",
            )],
            &[],
        ),
        "catalog",
        "/OpenAction",
    );
    // An annotation over the page.
    let page = "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots[7 0 R 20 0 R]>>";
    check(
        append_revision(
            &signed,
            &[
                (3, page),
                (
                    20,
                    "<</Type/Annot/Subtype/FreeText/Rect[0 0 595 842]/Contents(APPROVED)>>",
                ),
            ],
            &[],
        ),
        "annotation",
        "FreeText",
    );
    // An object deleted: a revision whose table frees the font.
    let pdf = PdfFile::parse(signed.clone()).unwrap();
    let prev = pdf.revisions().last().unwrap().xref_offset().unwrap();
    let mut deleted = signed.clone();
    let at = deleted.len();
    deleted.extend_from_slice(
        format!(
            "xref\n5 1\n0000000000 00001 f\r\ntrailer\n<</Size {}/Root 1 0 R/Prev {prev}>>\nstartxref\n{at}\n%%EOF\n",
            pdf.trailer().get_i64("Size").unwrap()
        )
        .as_bytes(),
    );
    check(deleted, "deleted", "deleted");
    // Two steps: a DSS added after signing names the signed page content, then a later
    // revision rewrites that content as if it were validation data.
    let with_dss = append_revision(
        &signed,
        &[
            (1, "<</Type/Catalog/Pages 2 0 R/AcroForm 8 0 R/DSS 30 0 R>>"),
            (30, "<</Certs[4 0 R]>>"),
        ],
        &[],
    );
    check(
        append_revision(
            &with_dss,
            &[(4, "<</Length 10>>\nstream\nBT ET q Q \nendstream")],
            &[],
        ),
        "signed content renamed validation data",
        "object 4",
    );
    // The signature's field dropped from the form by a /Fields that became indirect: the
    // signature is still found (as a dictionary no field refers to) and fails.
    let dropped = append_revision(
        &signed,
        &[(8, "<</Fields 50 0 R/SigFlags 3>>"), (50, "[]")],
        &[],
    );
    let reports = PadesValidator::new(&policy)
        .validate(dropped, "fields dropped")
        .signatures;
    assert_eq!(
        reports[0].sub_indication,
        Some(SubIndication::ModifiedAfterSigning),
        "{:?}",
        failed(&reports[0])
    );
    assert!(detail(&reports[0], "modifications").contains("/Fields"));
    // The same through the trailer's /Info and the catalog's /Metadata.
    let with_metadata = append_revision(
        &signed,
        &[(
            1,
            "<</Type/Catalog/Pages 2 0 R/AcroForm 8 0 R/Metadata 4 0 R>>",
        )],
        &[],
    );
    check(
        append_revision(
            &with_metadata,
            &[(4, "<</Length 10>>\nstream\nBT ET q Q \nendstream")],
            &[],
        ),
        "signed content renamed metadata",
        "object 4",
    );
}

#[test]
fn shadow_attacks_are_detected() {
    let pki = TestPki::shared();
    let policy = GenericAdes;
    // Hide-and-replace prepared before signing: the original has two revisions, the second
    // replaces the page content; after signing, an entry points back at the first content.
    let mut b = Builder::extend(simple_pdf("", &[]));
    let first_content = PdfFile::parse(b.out.clone())
        .unwrap()
        .get_indirect_at(0, ades_pdf::ObjRef::new(4, 0))
        .unwrap();
    let first_offset = match first_content.location {
        ades_pdf::ObjectLocation::File { range, .. } => range.start,
        _ => unreachable!(),
    };
    let prev = PdfFile::parse(b.out.clone()).unwrap().revisions()[0]
        .xref_offset()
        .unwrap();
    b.stream(4, "", b"BT /F1 18 Tf 50 800 Td (Denegada) Tj ET");
    b.xref_table(&[4], false, &format!("/Size 6/Root 1 0 R/Prev {prev}"));
    let two_revisions = b.out.clone();
    let signed = sign(pki, &pki.signer1, &two_revisions, PadesOptions::default());
    let attacked = append_revision(&signed, &[], &[(4, first_offset)]);
    let reports = PadesValidator::new(&policy)
        .validate(attacked, "shadow")
        .signatures;
    assert_failed(&reports, SubIndication::ModifiedAfterSigning, "redirect");
    assert!(detail(&reports[0], "modifications").contains("shadow attack"));

    // A reference of the signed revision to an undefined object, defined after signing.
    let dangling = simple_pdf("/Outlines 30 0 R", &[]);
    let signed = sign(pki, &pki.signer1, &dangling, PadesOptions::default());
    let attacked = append_revision(&signed, &[(30, "<</Type/Outlines/Count 0>>")], &[]);
    let reports = PadesValidator::new(&policy)
        .validate(attacked, "dangling")
        .signatures;
    assert_failed(&reports, SubIndication::ModifiedAfterSigning, "dangling");

    // Allowed after signing: a document time-stamp-like new field, metadata; nothing flagged
    // for an update that rewrites an object unchanged.
    let signed = signed_simple(pki, &[]);
    let same = append_revision(
        &signed,
        &[(5, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>")],
        &[],
    );
    let reports = PadesValidator::new(&policy)
        .validate(same, "unchanged")
        .signatures;
    assert_ne!(
        reports[0].indication,
        Indication::TotalFailed,
        "{:?}",
        failed(&reports[0])
    );
}

/// Replaces `from` by `to` (same length) in `bytes`, after `start`.
fn patch_after(bytes: &[u8], start: usize, from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = start
        + bytes[start..]
            .windows(from.len())
            .position(|w| w == from)
            .expect("pattern");
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

#[test]
fn universal_forgery_and_wrapping_are_format_failures() {
    let pki = TestPki::shared();
    let policy = GenericAdes;
    let original = simple_pdf("", &[]);
    let signed = signed_simple(pki, &[]);
    let start = original.len();
    let text = String::from_utf8_lossy(&signed[start..]).into_owned();
    let br_at = text.find("/ByteRange [").unwrap();
    let br_end = text[br_at..].find(']').unwrap() + br_at + 1;
    let br = text[br_at..br_end].to_owned();
    let numbers: Vec<usize> = br["/ByteRange [".len()..br.len() - 1]
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let pad = |s: String| format!("{s:<width$}", width = br.len() - 1) + "]";
    let cases = [
        (pad("/ByteRange [0 0 0 0".into()), "zero"),
        (
            pad(format!("/ByteRange [0 {} {} -5", numbers[1], numbers[2])),
            "negative",
        ),
        (
            pad(format!(
                "/ByteRange [0 {} {} {}",
                numbers[1] + 4,
                numbers[2] - 4,
                numbers[3]
            )),
            "hole smaller",
        ),
        (
            pad(format!(
                "/ByteRange [0 {} {} {}",
                numbers[1] - 40,
                numbers[2],
                numbers[3]
            )),
            "hole larger (wrapping)",
        ),
        (
            pad(format!("/ByteRange [0 {} {}", numbers[1], numbers[2])),
            "three numbers",
        ),
        (
            pad(format!(
                "/ByteRange [0 {} {} {}",
                numbers[1],
                numbers[2],
                numbers[3] + 100
            )),
            "past the end",
        ),
    ];
    for (replacement, what) in cases {
        let forged = patch_after(&signed, start, br.as_bytes(), replacement.as_bytes());
        let reports = PadesValidator::new(&policy)
            .validate(forged, what)
            .signatures;
        assert_failed(&reports, SubIndication::FormatFailure, what);
    }
    // Empty /Contents.
    let contents_at = start + text.find("/Contents <").unwrap() + "/Contents <".len();
    let mut empty = signed.clone();
    for b in &mut empty[contents_at..numbers[2] - 1] {
        *b = b'0';
    }
    let reports = PadesValidator::new(&policy)
        .validate(empty, "empty")
        .signatures;
    assert_failed(&reports, SubIndication::FormatFailure, "empty contents");
    // Bytes after the signed revision that are no revision.
    let mut tail = signed.clone();
    tail.extend_from_slice(b"% trailing garbage\n");
    let reports = PadesValidator::new(&policy)
        .validate(tail, "tail")
        .signatures;
    assert_failed(&reports, SubIndication::ModifiedAfterSigning, "tail");
    // A byte changed inside the signed range.
    let tampered = patch_after(&signed, 0, b"Licencia", b"Licenci4");
    let reports = PadesValidator::new(&policy)
        .validate(tampered, "tampered")
        .signatures;
    assert_failed(&reports, SubIndication::HashFailure, "tampered");
    // Another document's attached CAdES in place of the PDF's CMS: it signs what it holds,
    // not the byte ranges.
    let attached = ades_cades::CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(ades_core::DataFormat::mime("text/plain"))
        .attached(b"another document".as_slice())
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .unwrap()
        .to_der();
    let hex: String = attached.iter().map(|b| format!("{b:02X}")).collect();
    let mut grafted = signed.clone();
    grafted[contents_at..contents_at + hex.len()].copy_from_slice(hex.as_bytes());
    for b in &mut grafted[contents_at + hex.len()..numbers[2] - 1] {
        *b = b'0';
    }
    let reports = PadesValidator::new(&policy)
        .validate(grafted, "grafted")
        .signatures;
    assert_failed(
        &reports,
        SubIndication::HashFailure,
        "an attached CMS over other data",
    );
}

#[test]
fn broken_pdfs_give_a_report_not_a_panic() {
    let pki = TestPki::shared();
    let policy = GenericAdes;
    let signed = signed_simple(pki, &[]);
    for cut in [
        0,
        10,
        signed.len() / 3,
        signed.len() / 2,
        signed.len() - 20,
        signed.len() - 1,
    ] {
        let report = PadesValidator::new(&policy).validate(signed[..cut].to_vec(), "cut");
        assert!(!report.signatures.is_empty());
        assert!(
            report
                .signatures
                .iter()
                .all(|s| s.indication != Indication::TotalPassed),
            "cut at {cut}"
        );
    }
    let report = PadesValidator::new(&policy).validate(b"garbage".to_vec(), "garbage");
    assert_eq!(
        report.signatures[0].sub_indication,
        Some(SubIndication::FormatFailure)
    );
    let report = PadesValidator::new(&policy).validate(simple_pdf("", &[]), "unsigned");
    assert_eq!(report.worst(), Indication::Indeterminate);
}

#[test]
fn docmdp_p1_forbids_later_signatures_but_not_document_timestamps() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    // A document whose catalog names a certification with DocMDP P=1.
    let certified = simple_pdf(
        "/Perms<</DocMDP 6 0 R>>",
        &[(
            6,
            "<</Type/Sig/Reference[<</Type/SigRef/TransformMethod/DocMDP/TransformParams<</Type/TransformParams/P 1/V/1.2>>>>]>>",
        )],
    );
    let one = sign(pki, &pki.signer1, &certified, PadesOptions::default());
    let policy = GenericAdes;
    let two = sign(pki, &pki.signer2, &one, PadesOptions::default());
    let reports = PadesValidator::new(&policy).validate(two, "p1").signatures;
    assert_failed(&reports, SubIndication::ModifiedAfterSigning, "P=1");
    assert!(detail(&reports[0], "modifications").contains("P=1"));
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let source = SourcePdf::from_bytes(one).unwrap();
    let stamped = timestamp_document(&source, &tsa, DigestAlgorithm::Sha256)
        .unwrap()
        .to_vec(&source)
        .unwrap();
    let reports = PadesValidator::new(&policy)
        .validate(stamped, "p1-ts")
        .signatures;
    assert!(
        reports
            .iter()
            .all(|r| r.indication != Indication::TotalFailed),
        "{:?}",
        reports.iter().map(failed).collect::<Vec<_>>()
    );
}

#[test]
fn docmdp_p1_forbids_signing_an_existing_empty_field() {
    let pki = TestPki::shared();
    let certified = simple_pdf(
        "/Perms<</DocMDP 6 0 R>>/AcroForm<</Fields[7 0 R]/SigFlags 3>>",
        &[
            (
                6,
                "<</Type/Sig/Reference[<</Type/SigRef/TransformMethod/DocMDP/TransformParams<</Type/TransformParams/P 1/V/1.2>>>>]>>",
            ),
            (
                7,
                "<</FT/Sig/T(Empty)/Type/Annot/Subtype/Widget/Rect[0 0 0 0]/F 132/P 3 0 R>>",
            ),
        ],
    );
    let one = sign(pki, &pki.signer1, &certified, PadesOptions::default());
    // Another tool signs the empty field (ours refuses to reuse a field): its /V set.
    let two = append_revision(
        &one,
        &[
            (
                7,
                "<</FT/Sig/T(Empty)/Type/Annot/Subtype/Widget/Rect[0 0 0 0]/F 132/P 3 0 R/V 40 0 R>>",
            ),
            (
                40,
                "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange[0 1 2 3]/Contents<00>>>",
            ),
        ],
        &[],
    );
    let policy = GenericAdes;
    let reports = PadesValidator::new(&policy)
        .validate(two, "p1-empty")
        .signatures;
    let first = reports.iter().find(|r| r.id == "Signature1").unwrap();
    assert_eq!(
        first.sub_indication,
        Some(SubIndication::ModifiedAfterSigning),
        "{:?}",
        failed(first)
    );
    assert!(detail(first, "modifications").contains("P=1"));
}

#[test]
fn the_pades_cms_has_no_signing_time_and_no_content_hints() {
    let pki = TestPki::shared();
    let ranges = b"%PDF-1.7 ... the two byte ranges ...".to_vec();
    let digest = ades_core::digest::digest(ades_core::DigestAlgorithm::Sha256, &ranges);
    let cms = ades_pades::PdfCmsBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .claimed_role("emisor")
        .prepare::<ades_core::Sha256>(digest, ades_core::datetime::now())
        .unwrap()
        .sign(&pki.signer1.key)
        .unwrap();
    let si = &cms.signed_data().signer_infos()[0];
    assert!(cms.signed_data().is_detached());
    assert!(
        si.signed_attribute(ades_core::oid::ATTR_SIGNING_TIME)
            .is_none()
    );
    assert!(
        si.signed_attribute(ades_core::oid::ATTR_CONTENT_HINTS)
            .is_none()
    );
    assert!(
        si.signed_attribute(ades_core::oid::ATTR_SIGNATURE_POLICY)
            .is_some()
    );
    assert!(
        si.signed_attribute(ades_core::oid::ATTR_SIGNING_CERTIFICATE_V2)
            .is_some()
    );
    let report = ades_cades::CadesValidator::new(&GenericAdes)
        .detached_content(&ranges)
        .validate(&cms.to_der(), "p")
        .unwrap();
    let failed: Vec<&str> = report.signatures[0]
        .checks
        .iter()
        .filter(|c| c.outcome == ades_core::Outcome::Failed)
        .map(|c| c.name.name())
        .collect();
    assert!(
        !failed
            .iter()
            .any(|c| *c == "message-digest" || *c == "signature-value"),
        "{failed:?}"
    );
}

/// A one-page form: text field 10 shown by widget kid 11 (no `/T`), the form's default
/// resources held as object 12.
fn form_with_widget_kid() -> Vec<u8> {
    let mut b = Builder::new("1.7");
    b.obj(1, "<</Type/Catalog/Pages 2 0 R/AcroForm 9 0 R>>");
    b.obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
    b.obj(
        3,
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>/Annots[11 0 R]>>",
    );
    b.stream(4, "", b"BT /F1 18 Tf 50 800 Td (Licencia de obras) Tj ET");
    b.obj(5, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>");
    b.obj(9, "<</Fields[10 0 R]/DR 12 0 R/DA(/Helv 0 Tf 0 g)>>");
    b.obj(10, "<</FT/Tx/T(Nombre)/V()/Kids[11 0 R]>>");
    b.obj(
        11,
        "<</Type/Annot/Subtype/Widget/Parent 10 0 R/P 3 0 R/Rect[50 700 300 720]/DA(/Helv 12 Tf 0 g)/AP<</N 13 0 R>>>>",
    );
    b.obj(12, "<</Font<</Helv 5 0 R>>>>");
    b.stream(13, "/Type/XObject/Subtype/Form/BBox[0 0 250 20]", b"");
    b.xref_table(
        &[1, 2, 3, 4, 5, 9, 10, 11, 12, 13],
        true,
        "/Size 14/Root 1 0 R",
    );
    b.out
}

#[test]
fn filling_a_field_through_its_widget_kid_after_signing_is_allowed() {
    let pki = TestPki::shared();
    let signed = sign(
        pki,
        &pki.signer1,
        &form_with_widget_kid(),
        PadesOptions::default(),
    );
    let size = PdfFile::parse(signed.clone())
        .unwrap()
        .trailer()
        .get_i64("Size")
        .unwrap() as u32;
    let (ap, font) = (size, size + 1);
    let widget = |extra: &str| {
        format!(
            "<</Type/Annot/Subtype/Widget/Parent 10 0 R/P 3 0 R/Rect[50 700 300 720]/DA(/F2 12 Tf 0 g)/AP<</N {ap} 0 R>>{extra}>>"
        )
    };
    let appearance = "<</Type/XObject/Subtype/Form/BBox[0 0 250 20]/Length 30>>\nstream\nBT /F2 12 Tf 2 5 Td (Ivan) Tj ET\nendstream";
    let new_font = "<</Type/Font/Subtype/Type1/BaseFont/Courier>>";
    let fill = |widget: &str, resources: &str| {
        append_revision(
            &signed,
            &[
                (10, "<</FT/Tx/T(Nombre)/V(Ivan)/Kids[11 0 R]>>"),
                (11, widget),
                (12, resources),
                (ap, appearance),
                (font, new_font),
            ],
            &[],
        )
    };
    let filled = fill(
        &widget(""),
        &format!("<</Font<</Helv 5 0 R/F2 {font} 0 R>>>>"),
    );
    let reports = validate(pki, &filled);
    // Revocation is not served here: every other check passes.
    assert!(
        failed(&reports[0])
            .iter()
            .all(|f| f.starts_with("revocation")),
        "{:?}",
        failed(&reports[0])
    );
    let d = detail(&reports[0], "modifications");
    assert!(d.contains("widget 11 0 R of form field 10 0 R"), "{d}");
    assert!(d.contains("form resources 12 0 R: entries added"), "{d}");
    // A font the signed revision used replaced: not filling in.
    let replaced = fill(&widget(""), &format!("<</Font<</Helv {font} 0 R>>>>"));
    let reports = validate(pki, &replaced);
    assert_eq!(
        reports[0].sub_indication,
        Some(SubIndication::ModifiedAfterSigning)
    );
    assert!(detail(&reports[0], "modifications").contains("form resources 12 0 R changed"));
    // The widget moved: not filling in either.
    let moved = fill(
        &widget("").replace("[50 700 300 720]", "[0 0 595 842]"),
        &format!("<</Font<</Helv 5 0 R/F2 {font} 0 R>>>>"),
    );
    let reports = validate(pki, &moved);
    assert_eq!(
        reports[0].sub_indication,
        Some(SubIndication::ModifiedAfterSigning)
    );
    let d = detail(&reports[0], "modifications");
    assert!(
        d.contains("widget 11 0 R of form field 10 0 R changed: AP, DA, Rect"),
        "{d}"
    );
}
