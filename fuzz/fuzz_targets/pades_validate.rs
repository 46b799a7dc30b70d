//! Fuzzes the PAdES side of `ades-pades` on any input: the signature-dictionary reader
//! (`find_signatures`, `/ByteRange`, `/Contents` and its exact span, `/M`), the validator
//! (`PadesValidator`, coverage, CMS, document time-stamps, the analysis of later
//! revisions), the dynamic-content scan, and the preparation of a new signature (the revision
//! is written and hashed; no RSA). Never a panic: a malformed file is a report with
//! TOTAL-FAILED / FORMAT_FAILURE or a clear error.

#![no_main]

use ades_core::{Indication, Sha256, datetime};
use ades_pades::{
    PadesBuilder, PadesValidator, SourcePdf, find_signatures, scan_dynamic_content,
};
use ades_pdf::{PdfFile, value_span};
use ades_policy::MadridPolicy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
                let _ = (sig.kind(), sig.byte_range(), sig.contents(), sig.signing_time());
                let _ = (sig.sub_filter(), sig.text("Name"), sig.text("Location"));
                if let Some(id) = sig.value
                    && let Ok(obj) = pdf.get_indirect_at(rev, id)
                {
                    if let Some(span) = value_span(&pdf, &obj.location, "Contents") {
                        assert!(span.end <= pdf.len());
                    }
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
});
