//! `ades demo`: the built-in test PKI with its services on 127.0.0.1, a sample document signed
//! under the Madrid policy CAdES-T attached (time-stamped by the test TSA) and CAdES-EPES
//! detached, both validated with OCSP and CRLs, reports printed.

use std::path::PathBuf;

use ades_cades::{CadesBuilder, CadesValidator, ContentSource};
use ades_core::validation::FileContent;
use ades_core::{DataFormat, DigestAlgorithm, Sha256, datetime};
use ades_http::HttpTransport;
use ades_policy::MadridPolicy;
use ades_testkit::server::PkiServer;
use ades_trust::{ChainValidator, RevocationChecker, TrustStore};
use ades_tsp::TsaClient;

use crate::error::CliError;
use crate::output::write_atomically;

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
    println!(
        "test PKI services (TSA, OCSP, CRLs) running at {}",
        server.url()
    );
    println!(
        "test PKI written to {} (root.pem, chain.pem, signer1.key.pem, signer1.p12 with password {}, …)",
        dir.join("pki").display(),
        ades_testkit::P12_PASSWORD
    );
    let document = dir.join("solicitud.txt");
    std::fs::write(&document, DOCUMENT).map_err(|e| CliError::io(&document, e))?;

    let policy = MadridPolicy::default();
    let at = datetime::now();
    let signer = &pki.signer1;
    let builder = || {
        CadesBuilder::new(policy.clone())
            .signer_certificate(signer.certificate.clone(), pki.chain())
            .data_format(DataFormat::mime("text/plain"))
            .claimed_role("emisor")
    };
    let transport = HttpTransport::new();
    let tsa = TsaClient::new(server.tsa_url(), &transport);
    let attached = builder()
        .attached(DOCUMENT.as_bytes())
        .sign::<Sha256>(&signer.key, at)?
        .with_signature_timestamp(&tsa, DigestAlgorithm::Sha256)?;
    let detached = builder()
        .detached(ContentSource::Bytes(DOCUMENT.as_bytes().to_vec()))
        .sign::<Sha256>(&signer.key, at)?;
    let attached_path = dir.join("solicitud.txt.csig");
    let detached_path = dir.join("solicitud.txt.detached.csig");
    write_atomically(&attached_path, &attached.to_der(), &[&document])?;
    write_atomically(&detached_path, &detached.to_der(), &[&document])?;
    println!(
        "signed {} as CAdES-T attached ({}) and CAdES-EPES detached ({})",
        document.display(),
        attached_path.display(),
        detached_path.display()
    );

    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let chain = ChainValidator::new(store)
        .with_revocation(RevocationChecker::online(Box::new(HttpTransport::new())));
    let content = FileContent(document.clone());
    let mut worst = ades_core::Indication::TotalPassed;
    for (path, bytes) in [
        (&attached_path, attached.to_der()),
        (&detached_path, detached.to_der()),
    ] {
        let report = CadesValidator::new(&policy)
            .certificate_validator(&chain)
            .detached_content(&content)
            .validate(&bytes, &path.display().to_string())?;
        println!("\n{report}");
        if report.worst().severity_rank() < worst.severity_rank() {
            worst = report.worst();
        }
    }
    // The services stop with the demo: keep the CAs' CRLs for later offline checks.
    let week = ades_core::time::Duration::days(7);
    for ca in ["ape", "root"] {
        let crl = pki
            .crl(ca, datetime::now(), week)
            .map_err(|e| CliError::Other(e.to_string()))?;
        let path = dir.join(format!("pki/{ca}.crl"));
        std::fs::write(&path, crl).map_err(|e| CliError::io(&path, e))?;
    }
    println!(
        "Verify again (offline, with the CAs' CRLs): ades verify --trust {root} --offline --crl {ape} --crl {rootcrl} --policy madrid {sig}",
        root = dir.join("pki/root.pem").display(),
        ape = dir.join("pki/ape.crl").display(),
        rootcrl = dir.join("pki/root.crl").display(),
        sig = attached_path.display()
    );
    Ok(worst.exit_code())
}
