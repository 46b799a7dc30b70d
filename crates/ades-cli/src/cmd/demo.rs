//! `ades demo`: the built-in test PKI with its services on 127.0.0.1, a sample document signed
//! through the library's front door under the Madrid policy, CAdES-T attached (time-stamped by
//! the test TSA) and CAdES-EPES detached, both validated with OCSP and CRLs, reports printed.

use std::path::PathBuf;

use ades::core::validation::FileContent;
use ades::http::HttpTransport;
use ades::trust::{ChainValidator, RevocationChecker, TrustStore};
use ades::tsp::TsaClient;
use ades::{
    Format, Indication, Input, Level, Packaging, Services, SignerIdentity, SigningOptions,
    ValidationOptions,
};
use ades_testkit::server::PkiServer;

use crate::cmd::sign::write_signed;
use crate::error::CliError;
use crate::output::print;

/// Options of `ades demo`.
#[derive(Debug, clap::Args)]
pub(crate) struct DemoArgs {
    /// Where to write the test PKI, the document and the signatures.
    #[arg(long, default_value = "ades-demo")]
    pub(crate) out: PathBuf,
}

const DOCUMENT: &str = "Solicitud de licencia de obras menores\n\
Ayuntamiento de Madrid - Registro electrónico\n\
Solicitante: JUAN ESPAÑOL ESPAÑOL (NIF 12345678Z)\n\
Emplazamiento: Calle Mayor, 71, 28013 Madrid\n";

/// Runs `ades demo`.
pub(crate) fn run(args: &DemoArgs) -> Result<u8, CliError> {
    let dir = &args.out;
    // The test PKI with its TSA, OCSP responder and CRLs on 127.0.0.1 for the demo's duration.
    let server =
        PkiServer::start(ades_testkit::DEFAULT_SEED).map_err(|e| CliError::Other(e.to_string()))?;
    let pki = server.pki();
    pki.write_to(&dir.join("pki"))
        .map_err(|e| CliError::Other(e.to_string()))?;
    print(&format!(
        "test PKI services (TSA, OCSP, CRLs) running at {}\ntest PKI written to {} (root.pem, chain.pem, signer1.key.pem, signer1.p12 with password {}, …)\n",
        server.url(),
        dir.join("pki").display(),
        ades_testkit::P12_PASSWORD
    ))?;
    let document = dir.join("solicitud.txt");
    std::fs::write(&document, DOCUMENT).map_err(|e| CliError::io(&document, e))?;

    // The signer, its checks before signing (policy §3.6.2) against the test root with
    // online revocation, and the test TSA.
    let signer = SignerIdentity::new(
        pki.signer1.key.clone(),
        pki.signer1.certificate.clone(),
        pki.chain(),
    )?;
    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let chain = ChainValidator::new(store)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())));
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let services = Services::new(ades::SignerChecks::Validate {
        validator: &chain,
        revocation_required: true,
    })
    .tsa(&tsa);

    let attached = SigningOptions::new(Format::Cades)
        .level(Level::T)
        .role("emisor");
    let detached = SigningOptions::new(Format::Cades)
        .packaging(Packaging::Detached)
        .role("emisor");
    let outputs = [
        (dir.join("solicitud.txt.csig"), attached),
        (dir.join("solicitud.txt.detached.csig"), detached),
    ];
    let content = FileContent(document.clone());
    let mut worst = Indication::TotalPassed;
    for (path, options) in &outputs {
        let signed = ades::sign(Input::path(&document), &signer, options, &services)?;
        write_signed(&signed, path, &[&document])?;
        print(&format!(
            "signed {} as {} {} ({})\n",
            document.display(),
            signed.level_reached(),
            signed.packaging(),
            path.display()
        ))?;
        let report = ades::validate(
            Input::path(path),
            &ValidationOptions {
                certificate_validator: Some(&chain),
                detached_content: Some(&content),
                ..ValidationOptions::default()
            },
        )?;
        print(&format!("\n{report}\n"))?;
        if report.worst().severity_rank() < worst.severity_rank() {
            worst = report.worst();
        }
    }
    // The services stop with the demo: keep the CAs' CRLs for later offline checks.
    let week = ades::core::time::Duration::days(7);
    for ca in ["ape", "root"] {
        let crl = pki
            .crl(ca, ades::core::datetime::now(), week)
            .map_err(|e| CliError::Other(e.to_string()))?;
        let path = dir.join(format!("pki/{ca}.crl"));
        std::fs::write(&path, crl).map_err(|e| CliError::io(&path, e))?;
    }
    print(&format!(
        "Verify again (offline, with the CAs' CRLs): ades verify --trust {root} --offline --crl {ape} --crl {rootcrl} --policy madrid {sig}\n",
        root = dir.join("pki/root.pem").display(),
        ape = dir.join("pki/ape.crl").display(),
        rootcrl = dir.join("pki/root.crl").display(),
        sig = outputs[0].0.display()
    ))?;
    Ok(worst.exit_code())
}
