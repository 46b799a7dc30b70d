//! Interoperability of our PAdES output: poppler's `pdfsig` (NSS trusting only the test root),
//! `qpdf --check` (structure) and pyHanko's own validation (tests/peers/pdf_peer.py: intact,
//! valid, trusted with online revocation, and its modification analysis) must accept a
//! PAdES-EPES signature, a PAdES-T signature, two sequential signatures (the first one
//! visible) and a document time-stamp after them.
//!
//! The signer keys, the TSA, the OCSP responder and the CRLs are the project's own test PKI
//! (`ades-testkit`), served on 127.0.0.1 by a [`PkiServer`] for the length of the test; its
//! certificates point at that server, so pyHanko checks revocation online (hard-fail) against
//! it. pdfsig runs with `-no-ocsp` (NSS's OCSP client is not used). The natural persons'
//! certificates carry an extendedKeyUsage and a cRLDistributionPoints extension: without
//! them, the pdfsig of poppler 22.12 reports "Unknown issue with Certificate" for a chain NSS
//! accepted (see `natural_person` in ades-testkit's extensions).
//!
//! The peers are required: a missing one fails the test, saying what to install
//! (scripts/test.sh installs them all).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

mod common;

use std::path::Path;
use std::process::Command;

use ades::core::datetime;
use ades::pades::{Appearance, PadesBuilder, PadesOptions, SourcePdf, timestamp_document};
use ades::tsp::TsaClient;
use ades::{Certificate, DigestAlgorithm, MadridPolicy, Sha256};
use ades_http::HttpTransport;
use ades_testkit::server::PkiServer;
use ades_testkit::{Identity, TestPki};
use common::{Workspace, peer_python, run};

/// Seed of the served test PKI.
const SEED: u64 = 0x7061_6465_7369; // "padesi"

/// The served PKI's trust material on disk for the peers: `root.pem` (the only trust anchor)
/// and `chain.pem` (intermediate and root).
fn workspace(pki: &TestPki) -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("root.pem"), pki.root.certificate.to_pem()).unwrap();
    let chain: String = pki.chain().iter().map(Certificate::to_pem).collect();
    std::fs::write(dir.path().join("chain.pem"), chain).unwrap();
    Workspace { dir }
}

/// A one-page PDF with a content stream, written by hand.
fn document() -> Vec<u8> {
    let content = b"BT /F1 18 Tf 50 800 Td (Decreto de la Alcaldia) Tj ET";
    let objects: [Vec<u8>; 5] = [
        b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>".to_vec(),
        [
            format!("<</Length {}>>\nstream\n", content.len()).into_bytes(),
            content.to_vec(),
            b"\nendstream".to_vec(),
        ]
        .concat(),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".to_vec(),
    ];
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<</Size 6/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

fn pdfsig(ws: &Workspace, pdf: &Path) -> String {
    let nss = ws.path("nssdb");
    if !nss.join("cert9.db").exists() {
        std::fs::create_dir_all(&nss).unwrap();
        let db = format!("sql:{}", nss.display());
        let ok = |out: std::process::Output| {
            assert!(
                out.status.success(),
                "certutil: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        ok(run(Command::new("certutil").args([
            "-N",
            "-d",
            &db,
            "--empty-password",
        ])));
        ok(run(Command::new("certutil")
            .args(["-A", "-d", &db, "-n", "test root", "-t", "CT,C,C", "-i"])
            .arg(ws.path("root.pem"))));
    }
    // NSS's OCSP client is not used: pyHanko checks revocation online below.
    let out = run(Command::new("pdfsig")
        .arg("-nssdir")
        .arg(format!("sql:{}", nss.display()))
        .arg("-no-ocsp")
        .arg(pdf));
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_pdfsig_ok(ws: &Workspace, pdf: &Path, signatures: usize) {
    let text = pdfsig(ws, pdf);
    assert_eq!(
        text.matches("Signature Validation: Signature is Valid.")
            .count(),
        signatures,
        "pdfsig on {}:\n{text}",
        pdf.display()
    );
    assert_eq!(
        text.matches("Certificate Validation: Certificate is Trusted.")
            .count(),
        signatures,
        "pdfsig on {}:\n{text}",
        pdf.display()
    );
}

fn assert_qpdf_ok(pdf: &Path) {
    let out = run(Command::new("qpdf").arg("--check").arg(pdf));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("No syntax or stream encoding errors"),
        "qpdf --check {}:\n{text}",
        pdf.display()
    );
}

fn assert_pyhanko_ok(ws: &Workspace, pdf: &Path, signatures: usize) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/pdf_peer.py");
    let out = run(Command::new(peer_python())
        .arg(script)
        .arg(pdf)
        .arg(ws.path("root.pem"))
        .arg("--other-certs")
        .arg(ws.path("chain.pem")));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "pdf_peer.py output is not JSON: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        out.status.success(),
        "pyHanko rejected {}: {json:#}",
        pdf.display()
    );
    assert_eq!(
        json["signatures"].as_array().unwrap().len(),
        signatures,
        "{json:#}"
    );
    json
}

fn sign(
    source: &[u8],
    pki: &TestPki,
    signer: &Identity,
    options: PadesOptions,
    tsa: Option<&TsaClient<'_>>,
) -> Vec<u8> {
    let source = SourcePdf::from_bytes(source.to_vec()).unwrap();
    PadesBuilder::new(MadridPolicy::default())
        .signer_certificate(signer.certificate.clone(), pki.chain())
        .options(options)
        .sign::<Sha256>(&source, &signer.key, datetime::now(), tsa)
        .unwrap()
        .to_vec(&source)
        .unwrap()
}

#[test]
fn pdfsig_qpdf_and_pyhanko_accept_epes_t_sequential_and_document_timestamps() {
    let server = PkiServer::start(SEED).unwrap();
    let pki = server.pki();
    let ws = workspace(pki);
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let original = document();

    let located = PadesOptions {
        location: Some("Madrid".into()),
        reason: Some("Aprobación".into()),
        ..PadesOptions::default()
    };
    let epes = sign(&original, pki, &pki.signer1, located, None);
    let path = ws.write("epes.pdf", &epes);
    assert_pdfsig_ok(&ws, &path, 1);
    assert_qpdf_ok(&path);
    let json = assert_pyhanko_ok(&ws, &path, 1);
    assert_eq!(
        json["signatures"][0]["coverage"],
        "SignatureCoverageLevel.ENTIRE_FILE"
    );
    // Nothing else asked the server anything yet: pyHanko fetched the revocation data there.
    assert!(
        server.request_count() > 0,
        "pyHanko asked the served PKI for no OCSP response or CRL"
    );

    let t = sign(
        &original,
        pki,
        &pki.signer1,
        PadesOptions::default(),
        Some(&tsa),
    );
    let path = ws.write("t.pdf", &t);
    assert_pdfsig_ok(&ws, &path, 1);
    assert_qpdf_ok(&path);
    let json = assert_pyhanko_ok(&ws, &path, 1);
    assert!(
        json["signatures"][0]["summary"]
            .as_str()
            .unwrap()
            .contains("TIMESTAMP"),
        "{json:#}"
    );

    let visible = PadesOptions {
        appearance: Appearance::Visible {
            page: 1,
            rect: [36.0, 36.0, 220.0, 50.0],
            lines: Vec::new(),
        },
        ..PadesOptions::default()
    };
    let first = sign(&original, pki, &pki.signer1, visible, None);
    let two = sign(&first, pki, &pki.signer2, PadesOptions::default(), None);
    let path = ws.write("two.pdf", &two);
    assert_pdfsig_ok(&ws, &path, 2);
    assert_qpdf_ok(&path);
    let json = assert_pyhanko_ok(&ws, &path, 2);
    assert_eq!(
        json["signatures"][1]["coverage"],
        "SignatureCoverageLevel.ENTIRE_FILE"
    );

    let source = SourcePdf::from_bytes(two).unwrap();
    let stamped = timestamp_document(&source, &tsa, DigestAlgorithm::Sha256)
        .unwrap()
        .to_vec(&source)
        .unwrap();
    let path = ws.write("two-doc-ts.pdf", &stamped);
    assert_qpdf_ok(&path);
    let json = assert_pyhanko_ok(&ws, &path, 3);
    assert_eq!(json["signatures"][2]["kind"], "doc-timestamp", "{json:#}");
}
