//! Sign a PDF (PAdES) through the front door, with a visible signature on its first page, and
//! validate it: the signature is appended by incremental update, so the original bytes stay
//! untouched and every earlier signature keeps verifying. A PDF with dynamic content
//! (JavaScript, launch actions…) is refused before signing (policy §3.1.1).
//!
//! ```text
//! cargo run --example sign_pades
//! ```

use std::error::Error;

#[path = "common/mod.rs"]
mod common;

use ades::pades::Appearance;
use ades::{Format, Input, Place, SigningOptions, ValidationOptions};

fn main() -> Result<(), Box<dyn Error>> {
    let me = common::signer()?;
    // Trust the test root; revocation from the CAs' CRLs (an OCSP responder works the same).
    let validator = common::offline_validator()?;
    let services = common::checked_by(&validator);

    let mut options = SigningOptions::new(Format::Pades).role("emisor");
    options.attributes.place = Some(Place {
        city: Some("Madrid".into()),
        country: None,
    });
    options.pdf.reason = Some("Conforme".into());
    options.pdf.appearance = Appearance::Visible {
        page: 1,
        rect: [36.0, 36.0, 220.0, 60.0],
        lines: Vec::new(),
    };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("licencia.pdf");
    std::fs::write(&path, one_page_pdf())?;

    // A file is read in bounded memory; the signed copy streams the original from it.
    let signed = ades::sign(Input::path(&path), &me, &options, &services)?;
    let out = dir.path().join("licencia.signed.pdf");
    signed.write_to(&mut std::fs::File::create(&out)?)?;
    println!(
        "{} signature {} by {}",
        signed.level_reached(),
        signed.field_name().unwrap_or("?"),
        signed.signer()
    );
    for w in signed.warnings() {
        println!("warning: {w}");
    }

    let report = ades::validate(
        Input::path(&out),
        &ValidationOptions {
            certificate_validator: Some(&validator),
            ..ValidationOptions::default()
        },
    )?;
    print!("{report}");
    Ok(())
}

/// A one-page PDF with a line of text.
fn one_page_pdf() -> Vec<u8> {
    let content =
        b"BT /F1 14 Tf 72 760 Td (Licencia de obras menores - expediente 711/2026/00042) Tj ET";
    let objects = [
        "<</Type/Catalog/Pages 2 0 R>>".to_owned(),
        "<</Type/Pages/Kids[3 0 R]/Count 1>>".to_owned(),
        "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>".to_owned(),
        format!("<</Length {}>>\nstream\n{}\nendstream", content.len(), String::from_utf8_lossy(content)),
        "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".to_owned(),
    ];
    ades_testkit::pdf::pdf_file(&objects, "")
}
