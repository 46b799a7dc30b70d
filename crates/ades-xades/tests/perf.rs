//! Throughput of parsing and canonicalization on a generated 50 MB document, and the same
//! work in libxml2 through lxml for comparison. Ignored by default; run in release:
//!
//! ```text
//! cargo test --release -p ades-xades --test perf -- --ignored --nocapture
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use ades_xades::{C14nMethod, Document, Limits, NodeSubset, canonicalize};

const TARGET_SIZE: usize = 50 * 1000 * 1000;

/// An invoice-like document with namespaces, attributes, references, comments, and a
/// signature with a large base64 object.
fn generate() -> String {
    let mut xml = String::with_capacity(TARGET_SIZE + 4_000_000);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<fe:Facturae xmlns:fe=\"http://www.facturae.es/Facturae/2009/v3.2/Facturae\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" xmlns=\"urn:example:lines\">\n<Invoices>\n");
    let b64 = "MIIFvTCCBKWgAwIBAgIQXxyVpr3pNXlaUq3nv8r+2zANBgkqhkiG9w0BAQsFADBHMQswCQYDVQQG";
    let mut i = 0u64;
    while xml.len() < TARGET_SIZE - 2_100_000 {
        writeln!(
            xml,
            "<Invoice Id=\"inv-{i}\" seq=\"{i}\" xml:lang=\"es\"><Item code=\"A{i}\" qty=\"3\" price=\"12.50\" fe:unit=\"EUR\">Línea {i} &amp; descripción&#x20AC;</Item><!-- c{i} --><Data>{b64}</Data></Invoice>"
        )
        .unwrap();
        i += 1;
    }
    xml.push_str("</Invoices>\n<ds:Signature Id=\"sig\"><ds:Object>");
    while xml.len() < TARGET_SIZE {
        xml.push_str(b64);
        xml.push('\n');
    }
    xml.push_str("</ds:Object></ds:Signature>\n</fe:Facturae>\n");
    xml
}

fn mb_per_s(bytes: usize, seconds: f64) -> f64 {
    bytes as f64 / 1e6 / seconds
}

#[test]
#[ignore = "performance measurement: run in release with --ignored"]
fn perf_50mb_parse_and_canonicalize() {
    let xml = generate();
    let size = xml.len();
    println!("generated document: {:.1} MB", size as f64 / 1e6);
    let start = Instant::now();
    let doc = Document::parse(xml.as_bytes(), &Limits::default()).unwrap();
    let parse = start.elapsed().as_secs_f64();
    println!(
        "parse:                                 {parse:>6.3} s  {:>6.1} MB/s  ({} nodes)",
        mb_per_s(size, parse),
        doc.node_count()
    );
    let sig = doc.find_by_id("sig").unwrap().unwrap();
    let exc = C14nMethod::Exclusive10 {
        comments: false,
        inclusive_prefixes: Vec::new(),
    };
    for (label, subset, method) in [
        (
            "C14N 1.0, whole document",
            NodeSubset::document(),
            C14nMethod::Inclusive10 { comments: false },
        ),
        (
            "C14N 1.0 #WithComments",
            NodeSubset::document(),
            C14nMethod::Inclusive10 { comments: true },
        ),
        (
            "exclusive, whole document",
            NodeSubset::document(),
            exc.clone(),
        ),
        (
            "C14N 1.1, whole document",
            NodeSubset::document(),
            C14nMethod::Inclusive11 { comments: false },
        ),
        (
            "exclusive, enveloped (\"\" minus sig)",
            NodeSubset::document().without_comments().excluding(sig),
            exc,
        ),
    ] {
        let mut out = Vec::with_capacity(size + size / 4);
        let start = Instant::now();
        canonicalize(&doc, &subset, &method, &mut out).unwrap();
        let t = start.elapsed().as_secs_f64();
        println!(
            "{label:<38} {t:>6.3} s  {:>6.1} MB/s  (output {:.1} MB; parse + c14n {:.1} MB/s)",
            mb_per_s(size, t),
            out.len() as f64 / 1e6,
            mb_per_s(size, t + parse)
        );
    }
    let python = std::env::var_os("ADES_PEER_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/peer-venv/bin/python")
        });
    let file = Path::new(env!("CARGO_TARGET_TMPDIR")).join("perf-50mb.xml");
    std::fs::write(&file, &xml).unwrap();
    let script = r#"
import sys, time
from lxml import etree
data = open(sys.argv[1], 'rb').read()
t = time.perf_counter()
tree = etree.fromstring(data, etree.XMLParser(huge_tree=True)).getroottree()
parse = time.perf_counter() - t
print("lxml %s / libxml2 %s" % (etree.__version__, ".".join(map(str, etree.LIBXML_VERSION))))
print("lxml parse:                            %6.3f s  %6.1f MB/s" % (parse, len(data) / 1e6 / parse))
for label, kw in [("C14N 1.0, whole document", {}), ("C14N 1.0 #WithComments", {"with_comments": True}), ("exclusive, whole document", {"exclusive": True})]:
    t = time.perf_counter()
    out = etree.tostring(tree, method="c14n", **kw)
    c = time.perf_counter() - t
    print("lxml %-33s %6.3f s  %6.1f MB/s  (parse + c14n %.1f MB/s)" % (label, c, len(data) / 1e6 / c, len(data) / 1e6 / (c + parse)))
"#;
    match Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
    {
        Ok(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
        Ok(out) => println!(
            "lxml comparison failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => println!(
            "lxml comparison skipped: {} not runnable ({e})",
            python.display()
        ),
    }
    let _ = std::fs::remove_file(&file);
}
