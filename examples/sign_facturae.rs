//! Sign a Facturae invoice (XAdES enveloped, the Facturae 3.1 policy) through the front door,
//! and validate it: the validator recognises the policy the signature names and applies its
//! rules (roles emisor / receptor / tercero, SigningTime, the policy's digest).
//!
//! ```text
//! cargo run --example sign_facturae
//! ```

use std::error::Error;

#[path = "common/mod.rs"]
mod common;

use ades::{FacturaePolicy, Format, Input, Packaging, SigningOptions, ValidationOptions};

const INVOICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<fe:Facturae xmlns:fe="http://www.facturae.gob.es/formato/Versiones/Facturaev3_2_2.xml">
  <FileHeader><SchemaVersion>3.2.2</SchemaVersion><Modality>I</Modality><InvoiceIssuerType>EM</InvoiceIssuerType></FileHeader>
  <Invoices><Invoice><InvoiceHeader><InvoiceNumber>2026-0042</InvoiceNumber></InvoiceHeader>
    <InvoiceTotals><InvoiceTotal>1210.00</InvoiceTotal></InvoiceTotals></Invoice></Invoices>
</fe:Facturae>
"#;

fn main() -> Result<(), Box<dyn Error>> {
    let issuer = common::signer()?;
    // Trust the test root; revocation from the CAs' CRLs (an OCSP responder works the same).
    let validator = common::offline_validator()?;
    let services = common::checked_by(&validator);

    let options = SigningOptions::new(Format::Xades)
        .packaging(Packaging::Enveloped)
        .policy(FacturaePolicy::default())
        .role("emisor");
    let signed = ades::sign(
        Input::bytes(INVOICE.as_bytes().to_vec()).named("factura.xml"),
        &issuer,
        &options,
        &services,
    )?;
    let invoice = signed.to_vec()?;
    println!(
        "{} {} signature by {}: {} bytes",
        signed.level_reached(),
        signed.packaging(),
        signed.signer(),
        invoice.len()
    );

    let report = ades::validate(
        Input::bytes(invoice).named("factura.xsig.xml"),
        &ValidationOptions {
            certificate_validator: Some(&validator),
            ..ValidationOptions::default()
        },
    )?;
    print!("{report}");
    let policy = report.signatures[0].policy.name.as_deref();
    if policy != Some("Facturae v3.1") {
        return Err(format!("the validator applied {policy:?}, not Facturae").into());
    }
    Ok(())
}
