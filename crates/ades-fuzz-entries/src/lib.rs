//! The entry functions of the fuzz targets (`fuzz/`), one per parser, shared by the
//! libFuzzer targets (nightly, `cargo fuzz`) and by the stable test suite, which replays the
//! seeds, every recorded crash (`fuzz/regressions/<target>/`) and their mutations through the
//! same functions (`tests/fuzz_regressions.rs`).
//!
//! Each function is a property: it returns normally for any input, and panics (the finding)
//! when a parser panics or breaks an invariant it asserts.

#![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used)] // the panics are the findings

use ades_cades::CadesValidator;
use ades_cades::SignedData;
use ades_core::ber::{self, Reader, Tlv};
use ades_core::report::CheckList;
use ades_core::{Indication, Sha256, datetime};
use ades_pades::{PadesBuilder, PadesValidator, SourcePdf, find_signatures, scan_dynamic_content};
use ades_pdf::{IncrementalUpdate, ObjRef, Object, PdfFile, XrefEntry, value_span};
use ades_policy::MadridPolicy;
use ades_xades::XadesValidator;
use ades_xml::{C14nMethod, Document, Limits, NodeSubset, canonicalize};

/// The XML-DSig namespace.
const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

/// A fuzz target's entry function.
pub type Entry = fn(&[u8]);

/// Every target, by name, with its entry function.
pub const TARGETS: [(&str, Entry); 12] = [
    ("ber_walk", ber_walk),
    ("cades_validate", cades_validate),
    ("cms_parse", cms_parse),
    ("crl_parse", crl_parse),
    ("ocsp_response", ocsp_response),
    ("pades_validate", pades_validate),
    ("pdf_parse", pdf_parse),
    ("pkcs12_read", pkcs12_read),
    ("timestamp_response", timestamp_response),
    ("tsl_parse", tsl_parse),
    ("xades_validate", xades_validate),
    ("xml_c14n", xml_c14n),
];

fn walk(tlv: &Tlv<'_>, depth: usize) {
    assert!(depth <= ber::MAX_DEPTH, "walked deeper than MAX_DEPTH");
    assert!(tlv.raw().len() >= tlv.content().len());
    let _ = tlv.string_value();
    let _ = tlv.retagged(ber::SET);
    if tlv.is_constructed()
        && let Ok(mut children) = tlv.children()
    {
        while let Ok(Some(child)) = children.next_element() {
            walk(&child, depth + 1);
        }
    }
}

/// Fuzzes the BER walker: every element of the input is visited recursively (children of constructed elements, the value of string types), never a panic and never deeper than `ber::MAX_DEPTH`.
pub fn ber_walk(data: &[u8]) {
    let _ = Reader::single(data);
    let mut top = Reader::new(data);
    while let Ok(Some(tlv)) = top.next_element() {
        walk(&tlv, 0);
    }
}

/// Fuzzes CAdES validation under the Madrid policy: any input gives a report (a malformed file is one TOTAL-FAILED/FORMAT_FAILURE entry), never a panic.
pub fn cades_validate(data: &[u8]) {
    let policy = MadridPolicy::default();
    // `Err` is only for I/O errors on detached content, which is not given here.
    let _ = CadesValidator::new(&policy).validate(data, "fuzz");
}

/// Fuzzes the CMS `SignedData` reader: any input either fails to parse or parses into a structure whose DER encoding parses again and re-encodes to the same bytes.
pub fn cms_parse(data: &[u8]) {
    if let Ok(signed_data) = SignedData::from_bytes(data) {
        let der = signed_data.to_der();
        let again = SignedData::from_bytes(&der)
            .unwrap_or_else(|e| panic!("to_der() output does not parse again: {e}"));
        assert_eq!(
            again.to_der(),
            der,
            "to_der() is not stable across a re-parse"
        );
    }
}

/// Fuzzes CRL parsing; a CRL that parses is checked against the test PKI's intermediate and looked up for a certificate, never with a panic.
pub fn crl_parse(data: &[u8]) {
    if let Ok(crl) = ades_trust::Crl::from_bytes(data) {
        let pki = ades_testkit::TestPki::shared();
        let _ = crl.is_signed_by(&pki.ape.certificate);
        let _ = crl.entry(&pki.revoked.certificate);
        let _ = crl.covers(&pki.signer1.certificate);
    }
}

/// Fuzzes OCSP response parsing and verification for a certificate of the test PKI: any input is accepted only if it is a response the CA authorised, never with a panic.
pub fn ocsp_response(data: &[u8]) {
    let pki = ades_testkit::TestPki::shared();
    let _ = ades_trust::ocsp::verify_response(
        data,
        &pki.signer1.certificate,
        &pki.ape.certificate,
        Some(b"nonce"),
    );
    let _ = ades_trust::ocsp::verify_response(
        data,
        &pki.signer1.certificate,
        &pki.ape.certificate,
        None,
    );
}

/// Fuzzes the PAdES side of `ades-pades` on any input: the signature-dictionary reader (`find_signatures`, `/ByteRange`, `/Contents` and its exact span, `/M`), the validator (`PadesValidator`, coverage, CMS, document time-stamps, the analysis of later revisions), the dynamic-content scan, and the preparation of a new signature (the revision is written and hashed; no RSA). Never a panic: a malformed file is a report with TOTAL-FAILED / FORMAT_FAILURE or a clear error.
pub fn pades_validate(data: &[u8]) {
    let policy = MadridPolicy::default();
    let report = PadesValidator::new(&policy).validate(data.to_vec(), "fuzz");
    assert!(!report.signatures.is_empty());
    // Without trust anchors nothing can pass.
    assert!(report.worst() != Indication::TotalPassed);
    let Ok(pdf) = PdfFile::parse(data.to_vec()) else {
        return;
    };
    for rev in 0..pdf.revisions().len() {
        if let Ok(found) = find_signatures(&pdf, rev) {
            for sig in found {
                let _ = (
                    sig.kind(),
                    sig.byte_range(),
                    sig.contents(),
                    sig.signing_time(),
                );
                let _ = (sig.sub_filter(), sig.text("Name"), sig.text("Location"));
                if let Some(id) = sig.value
                    && let Ok(obj) = pdf.get_indirect_at(rev, id)
                    && let Some(span) = value_span(&pdf, &obj.location, "Contents")
                {
                    assert!(span.end <= pdf.len());
                }
            }
        }
    }
    let _ = scan_dynamic_content(&pdf);
    if let Ok(source) = SourcePdf::from_bytes(data.to_vec()) {
        let pki = ades_testkit::TestPki::shared();
        let _ = PadesBuilder::new(policy)
            .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
            .allow_dynamic_content()
            .prepare::<Sha256>(&source, datetime::now());
    }
}

/// Fuzzes the PDF reader and the incremental-update writer: every input is parsed; when it parses, every revision's objects (the first 200 of each), catalog and page tree are asked for, streams are decoded, and an update (a new object, the catalog replaced by a copy that references it) is appended and read back, which must give one more revision. Never a panic; time and memory bounded by `ades_pdf::Limits`.
pub fn pdf_parse(data: &[u8]) {
    let Ok(pdf) = PdfFile::parse(data.to_vec()) else {
        return;
    };
    assert!(!pdf.revisions().is_empty());
    let mut previous_end = 0;
    for (index, rev) in pdf.revisions().iter().enumerate() {
        assert_eq!(rev.start_offset(), previous_end);
        assert!(rev.start_offset() <= rev.end_offset());
        assert!(rev.end_offset_with_eol() <= pdf.len());
        previous_end = rev.end_offset();
        for (num, entry) in rev.entries().iter().take(200) {
            let generation = match entry {
                XrefEntry::InUse { generation, .. } => *generation,
                _ => 0,
            };
            if let Ok(obj) = pdf.get_indirect_at(index, ObjRef::new(*num, generation)) {
                let _ = pdf.resolve_at(index, &obj.object);
                if let Object::Stream(stream) = &obj.object {
                    let _ = pdf.decode_stream(stream);
                }
            }
        }
        let _ = pdf.catalog_at(index);
        let _ = pdf.pages_at(index);
    }
    let _ = pdf.version();
    let _ = pdf.object_numbers_at(pdf.latest_revision());
    if let Ok(mut update) = IncrementalUpdate::new(&pdf)
        && let Ok(root) = pdf.root_at(pdf.latest_revision())
        && let Ok(marker) = update.add(Object::name("Fuzz"))
    {
        let mut catalog = pdf.catalog().unwrap_or_default();
        catalog.insert("Fuzz", marker);
        if update.replace(root, catalog.into()).is_ok()
            && let Ok(appended) = update.finish()
        {
            let mut out = data.to_vec();
            if appended.append_to(&mut out).is_ok() {
                let again = PdfFile::parse(out).expect("an appended update reads back");
                assert_eq!(again.revisions().len(), pdf.revisions().len() + 1);
            }
        }
    }
}

/// Fuzzes the PKCS#12 reader with the test PKI's password: any input is read or refused with a typed error, within the size and iteration limits, never a panic.
pub fn pkcs12_read(data: &[u8]) {
    let _ = ades_core::pkcs12::read(data, "1234");
}

/// Fuzzes RFC 3161 parsing: a `TimeStampResp` or a bare token is read or refused, and a token that parses is verified against a fixed imprint without a panic.
pub fn timestamp_response(data: &[u8]) {
    let token = ades_tsp::TimeStampToken::from_der(data).ok().or_else(|| {
        ades_tsp::TimeStampResponse::from_der(data)
            .ok()?
            .into_token()
            .ok()
    });
    if let Some(token) = token {
        let mut checks = CheckList::new();
        let digest_of = |alg| Some(ades_core::digest::digest(alg, b"fuzz"));
        let nothing_embedded = ades_core::ValidationData::new();
        let ctx = ades_tsp::TokenContext::new(None, &nothing_embedded, ades_core::datetime::now());
        let _ = token.verify(
            ades_core::CheckId::SignatureTimestamp,
            &digest_of,
            &ctx,
            &mut checks,
        );
    }
}

/// Fuzzes the ETSI TS 119 612 trusted-list reader: any input is read or refused (DTDs and custom entities refused, nesting and service counts bounded), never with a panic.
pub fn tsl_parse(data: &[u8]) {
    if let Ok(list) = ades_trust::tsl::UnverifiedTrustedList::parse(data) {
        let _ = list.content().anchors_at(
            ades_core::datetime::now(),
            &[ades_trust::tsl::SERVICE_CA_QC],
        );
    }
}

/// Fuzzes the XAdES validator: any input gives a report — never a panic, and never TOTAL-PASSED without trust anchors — and the signature reader, transforms and XPath subset behind it stay bounded (references, transforms, nesting).
pub fn xades_validate(data: &[u8]) {
    let policy = MadridPolicy::default();
    let content = b"detached".to_vec();
    if let Ok(report) = XadesValidator::new(&policy)
        .detached_content(&content)
        .validate(data, "fuzz")
    {
        assert!(
            report
                .signatures
                .iter()
                .all(|s| s.indication != Indication::TotalPassed)
        );
    }
}

/// Fuzzes the XML reader and canonicalization: any input is read or refused with a typed error (DTDs and custom entities refused, depth, sizes and node count bounded), and what is read canonicalizes under every method — whole document, enveloped (minus the first `ds:Signature`), and the subtree of every element with an Id — without a panic.
pub fn xml_c14n(data: &[u8]) {
    let Ok(doc) = Document::parse(data, &Limits::default()) else {
        return;
    };
    let methods = [
        C14nMethod::Inclusive10 { comments: false },
        C14nMethod::Inclusive10 { comments: true },
        C14nMethod::Exclusive10 {
            comments: false,
            inclusive_prefixes: Vec::new(),
        },
        C14nMethod::Exclusive10 {
            comments: true,
            inclusive_prefixes: vec!["#default".into(), "ds".into()],
        },
        C14nMethod::Inclusive11 { comments: false },
        C14nMethod::Inclusive11 { comments: true },
    ];
    let mut subsets = vec![NodeSubset::document()];
    if let Some(sig) = doc.elements_by_name(Some(DSIG), "Signature").next() {
        subsets.push(NodeSubset::document().without_comments().excluding(sig));
    }
    for n in doc.descendants(doc.root()).take(64) {
        for a in doc.attributes(n) {
            if Document::is_id_attribute(&a)
                && let Ok(subset) =
                    NodeSubset::from_same_document_reference(&doc, &format!("#{}", a.value()))
            {
                subsets.push(subset);
            }
        }
    }
    for subset in &subsets {
        for method in &methods {
            let mut out = Vec::new();
            let _ = canonicalize(&doc, subset, method, &mut out);
        }
    }
    pruned_forms_equal_the_tree(data, &doc, &methods);
}

/// The pruned reading of a document that parses: it parses too, and its whole-document
/// forms (streamed from the input), with and without its first signature, and the subtree of
/// its document element equal the full model's, or both fail.
fn pruned_forms_equal_the_tree(data: &[u8], doc: &Document, methods: &[C14nMethod]) {
    let keep = [ades_xml::KeptName {
        namespace: Some(DSIG),
        local_name: "Signature",
    }];
    let pruned = match Document::parse_pruned(data.to_vec(), &Limits::default(), &keep) {
        Ok(p) => p,
        Err(e) => panic!("the full reading parses, the pruned one does not: {e}"),
    };
    let mut pairs = vec![
        (NodeSubset::document(), NodeSubset::document()),
        (
            NodeSubset::subtree(doc.document_element()),
            NodeSubset::subtree(pruned.document_element()),
        ),
    ];
    let full_sig = doc.elements_by_name(Some(DSIG), "Signature").next();
    let pruned_sig = pruned.elements_by_name(Some(DSIG), "Signature").next();
    if let (Some(f), Some(p)) = (full_sig, pruned_sig) {
        pairs.push((
            NodeSubset::document().without_comments().excluding(f),
            NodeSubset::document().without_comments().excluding(p),
        ));
    }
    for (full, small) in &pairs {
        for method in methods {
            let tree = ades_xml::canonicalize_to_vec(doc, full, method);
            let stream = ades_xml::canonicalize_to_vec(&pruned, small, method);
            match (tree, stream) {
                (Ok(t), Ok(s)) => assert!(t == s, "pruned form differs ({method:?})"),
                (Err(_), Err(_)) => {}
                (t, s) => panic!("{method:?}: tree {:?}, pruned {:?}", t.err(), s.err()),
            }
        }
    }
}
