//! Validate signatures with everything the policy asks for (§3.7): the chain to a trust
//! anchor, every certificate's validity, and **revocation checked online** with the OCSP
//! responder each certificate names (CRLs where there is none), then time-stamps. The test
//! PKI's services (TSA, OCSP responder, CRLs) run on 127.0.0.1 while the example does.
//!
//! Three signatures are judged: a CAdES-T by a valid signer (TOTAL-PASSED), the same file with
//! one byte changed (TOTAL-FAILED / HASH_FAILURE), and a signature by a signer whose
//! certificate was revoked (the responder says so: REVOKED_NO_POE without a time-stamp).
//!
//! ```text
//! cargo run --example validate
//! ```

use std::error::Error;

// In an application: the `http` feature of `ades-signatures` and `ades::http::HttpTransport`.
use ades::trust::{ChainValidator, RevocationChecker, TrustStore};
use ades::tsp::TsaClient;
use ades::{
    CheckId, Indication, Input, Level, Services, SignerChecks, SignerIdentity, SigningOptions,
    ValidationOptions, ValidationReport,
};
use ades_http::HttpTransport;
use ades_testkit::server::PkiServer;

fn main() -> Result<(), Box<dyn Error>> {
    let server = PkiServer::start(ades_testkit::DEFAULT_SEED)?;
    let pki = server.pki();
    let mut anchors = TrustStore::new();
    anchors.add_anchor(pki.root.certificate.clone());
    // Online revocation: OCSP first (the certificate's AIA), then CRL distribution points.
    let validator = ChainValidator::new(anchors)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())));
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let options = ValidationOptions {
        certificate_validator: Some(&validator),
        ..ValidationOptions::default()
    };
    let validate =
        |bytes: Vec<u8>, name: &str| ades::validate(Input::bytes(bytes).named(name), &options);

    let signer = SignerIdentity::new(
        pki.signer1.key.clone(),
        pki.signer1.certificate.clone(),
        pki.chain(),
    )?;
    let services = Services::new(SignerChecks::Validate {
        validator: &validator,
        revocation_required: true,
    })
    .tsa(&tsa);
    let signed = ades::sign(
        Input::bytes(b"Resolucion 42/2026".to_vec()),
        &signer,
        &SigningOptions::default().level(Level::T),
        &services,
    )?
    .to_vec()?;

    let report = validate(signed.clone(), "resolucion.csig")?;
    show(&report);
    expect(&report, Indication::TotalPassed)?;

    // Someone changes the signed resolution: "42" becomes "43".
    let mut tampered = signed;
    let at = tampered
        .windows(18)
        .position(|w| w == b"Resolucion 42/2026")
        .ok_or("the attached document is in the signature")?;
    tampered[at + 12] = b'3';
    let report = validate(tampered, "tampered.csig")?;
    show(&report);
    expect(&report, Indication::TotalFailed)?;

    // A revoked signer cannot sign through the front door (the checks before signing refuse
    // it): make its signature with the type-state builder, as an attacker's tool would.
    let revoked = ades::cades::CadesBuilder::new(ades::MadridPolicy::default())
        .signer_certificate(pki.revoked.certificate.clone(), pki.chain())
        .data_format(ades::DataFormat::mime("text/plain"))
        .attached(b"Resolucion 43/2026".to_vec())
        .sign::<ades::Sha256>(&pki.revoked.key, ades::core::datetime::now())?
        .to_der();
    let report = validate(revoked, "revoked.csig")?;
    show(&report);
    expect(&report, Indication::Indeterminate)?;
    println!(
        "\n{} requests answered by the test PKI's services (TSA, OCSP, CRLs)",
        server.request_count()
    );
    Ok(())
}

/// The verdict and the revocation checks of each signature.
fn show(report: &ValidationReport) {
    for s in &report.signatures {
        let sub = s
            .sub_indication
            .map(|x| format!(" / {x}"))
            .unwrap_or_default();
        println!("\n{} {}: {}{sub}", report.file, s.level, s.indication);
        for c in s.checks.iter().filter(|c| c.name == CheckId::Revocation) {
            println!("  {:?} {}: {}", c.outcome, c.qualified_name(), c.detail);
        }
    }
}

fn expect(report: &ValidationReport, indication: Indication) -> Result<(), Box<dyn Error>> {
    match report.worst() {
        found if found == indication => Ok(()),
        found => Err(format!("{}: expected {indication}, found {found}", report.file).into()),
    }
}
