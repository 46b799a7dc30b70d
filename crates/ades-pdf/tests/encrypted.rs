//! Files encrypted without a user password (qpdf, installed by scripts/test.sh, encrypts them
//! with each method of the standard security handler) are read in clear: strings and streams
//! decrypt to what was written; the signed bytes of the file are untouched.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::process::Command;

use ades_pdf::{Object, PdfFile};

const TITLE: &[u8] = b"Acta de la Junta de Gobierno";
const CONTENT: &[u8] = b"BT /F1 12 Tf 72 720 Td (Acta) Tj ET";

/// A one-page PDF with an /Info title and a page content stream.
fn plain_pdf() -> Vec<u8> {
    let objects = [
        "<</Type/Catalog/Pages 2 0 R>>".to_owned(),
        "<</Type/Pages/Kids[3 0 R]/Count 1>>".to_owned(),
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>".to_owned(),
        format!(
            "<</Length {}>>\nstream\n{}\nendstream",
            CONTENT.len(),
            String::from_utf8_lossy(CONTENT)
        ),
        format!("<</Title({})>>", String::from_utf8_lossy(TITLE)),
    ];
    ades_testkit::pdf::pdf_file(&objects, "/Info 5 0 R")
}

/// `plain_pdf` encrypted by qpdf with an empty user password and `args` (key length, options).
fn encrypted(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&input, plain_pdf()).unwrap();
    let out = Command::new("qpdf")
        .arg("--allow-weak-crypto")
        .args(["--encrypt", "", "owner-secret"])
        .args(args)
        .arg("--")
        .arg(&input)
        .arg(&output)
        .output()
        .expect("qpdf (scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "qpdf: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(output).unwrap()
}

#[test]
fn every_standard_method_decrypts() {
    for (label, args) in [
        ("RC4 40", &["40"][..]),
        ("RC4 128", &["128", "--use-aes=n"][..]),
        ("AES-128", &["128", "--use-aes=y"][..]),
        ("AES-256", &["256"][..]),
        (
            "AES-256, object streams",
            &["256", "--", "--object-streams=generate"][..],
        ),
    ] {
        let bytes = encrypted(args);
        assert!(
            !bytes.windows(TITLE.len()).any(|w| w == TITLE),
            "{label}: the title is encrypted in the file"
        );
        let file = PdfFile::parse(bytes.clone()).unwrap();
        assert!(file.is_encrypted() && file.is_decrypted(), "{label}");
        let info = file.resolve(file.trailer().get("Info").unwrap()).unwrap();
        let title = info
            .as_dict()
            .unwrap()
            .get("Title")
            .unwrap()
            .as_string()
            .unwrap()
            .as_bytes()
            .to_vec();
        assert_eq!(title, TITLE, "{label}: /Title");
        // qpdf renumbers objects: find the page from the catalog.
        let get = |dict: &Object, key: &str| {
            file.resolve(dict.as_dict().unwrap().get(key).unwrap())
                .unwrap()
        };
        let root = file.resolve(file.trailer().get("Root").unwrap()).unwrap();
        let pages = get(&root, "Pages");
        let page = file
            .resolve(&get(&pages, "Kids").as_array().unwrap()[0])
            .unwrap();
        let contents = file
            .resolve(page.as_dict().unwrap().get("Contents").unwrap())
            .unwrap();
        let Object::Stream(stream) = contents else {
            panic!("{label}: no content stream")
        };
        let decoded = file.decode_stream(&stream).unwrap();
        assert_eq!(decoded.trim_ascii(), CONTENT, "{label}: content stream");
        assert_eq!(
            file.bytes(),
            bytes.as_slice(),
            "{label}: the file's bytes are untouched"
        );
    }
}

#[test]
fn a_user_password_keeps_the_file_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("in.pdf"), dir.path().join("out.pdf"));
    std::fs::write(&input, plain_pdf()).unwrap();
    let out = Command::new("qpdf")
        .args(["--encrypt", "user-secret", "owner-secret", "256", "--"])
        .arg(&input)
        .arg(&output)
        .output()
        .unwrap();
    assert!(out.status.success());
    let file = PdfFile::parse(std::fs::read(output).unwrap()).unwrap();
    assert!(file.is_encrypted() && !file.is_decrypted());
}
