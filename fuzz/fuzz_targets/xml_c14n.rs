//! Fuzzes the XML reader and canonicalization: any input is read or refused with a typed
//! error (DTDs and custom entities refused, depth, sizes and node count bounded), and what
//! is read canonicalizes under every method — whole document, enveloped (minus the first
//! `ds:Signature`), and the subtree of every element with an Id — without a panic.

#![no_main]

use ades_xml::{C14nMethod, Document, Limits, NodeSubset, canonicalize};
use libfuzzer_sys::fuzz_target;

const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";

fuzz_target!(|data: &[u8]| {
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
            if Document::is_id_attribute(&a) {
                if let Ok(subset) =
                    NodeSubset::from_same_document_reference(&doc, &format!("#{}", a.value()))
                {
                    subsets.push(subset);
                }
            }
        }
    }
    for subset in &subsets {
        for method in &methods {
            let mut out = Vec::new();
            let _ = canonicalize(&doc, subset, method, &mut out);
        }
    }
});
