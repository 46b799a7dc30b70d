//! Sign a text file as the Madrid policy proposes for XAdES (§3.2.1): the internally detached
//! `<documento>` structure, the content and the signature side by side in one XML file; then
//! validate it and show what the signature covers.
//!
//! ```text
//! cargo run --example sign_documento
//! ```

use std::error::Error;

#[path = "common/mod.rs"]
mod common;

use ades::{CheckId, Format, Input, SigningOptions, ValidationOptions};

const ACTA: &str = "ACTA DE LA JUNTA DE GOBIERNO\n\
Sesión ordinaria de 3 de diciembre de 2026\n\
Se aprueba el expediente 711/2026/00042.\n";

fn main() -> Result<(), Box<dyn Error>> {
    let secretary = common::signer()?;
    // Trust the test root; revocation from the CAs' CRLs (an OCSP responder works the same).
    let validator = common::offline_validator()?;
    let services = common::checked_by(&validator);

    // XAdES defaults to the <documento> structure; the name becomes the content's reference.
    let signed = ades::sign(
        Input::bytes(ACTA.as_bytes().to_vec()).named("acta.txt"),
        &secretary,
        &SigningOptions::new(Format::Xades).role("tercero"),
        &services,
    )?;
    let xml = signed.to_vec()?;
    println!(
        "{} {} signature, {} bytes; it begins:\n{}\n",
        signed.level_reached(),
        signed.packaging(),
        xml.len(),
        String::from_utf8_lossy(&xml[..xml.len().min(240)])
    );

    let report = ades::validate(
        Input::bytes(xml).named("acta.txt.xsig"),
        &ValidationOptions {
            certificate_validator: Some(&validator),
            ..ValidationOptions::default()
        },
    )?;
    let signature = &report.signatures[0];
    println!("{}: {}", signature.level, signature.indication);
    for check in signature
        .checks
        .iter()
        .filter(|c| [CheckId::ReferenceDigest, CheckId::SignedData].contains(&c.name))
    {
        println!("  {:?} {}: {}", check.outcome, check.name, check.detail);
    }
    Ok(())
}
