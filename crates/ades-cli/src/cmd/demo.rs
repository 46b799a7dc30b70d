//! `ades demo`: the built-in test PKI, a sample document signed CAdES-EPES attached and
//! detached under the Madrid policy, both validated, reports printed.

use std::path::PathBuf;

use ades_cades::{CadesBuilder, CadesValidator, ContentSource};
use ades_core::validation::FileContent;
use ades_core::{DataFormat, Sha256, datetime};
use ades_policy::MadridPolicy;
use ades_testkit::TestPki;
use ades_trust::{ChainValidator, TrustStore};

use crate::error::CliError;
use crate::output::write_atomically;
use crate::report_text;

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
    let pki = TestPki::shared();
    pki.write_to(&dir.join("pki"))
        .map_err(|e| CliError::Other(e.to_string()))?;
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
    let attached = builder()
        .attached(DOCUMENT.as_bytes())
        .sign::<Sha256>(&signer.key, at)?;
    let detached = builder()
        .detached(ContentSource::Bytes(DOCUMENT.as_bytes().to_vec()))
        .sign::<Sha256>(&signer.key, at)?;
    let attached_path = dir.join("solicitud.txt.csig");
    let detached_path = dir.join("solicitud.txt.detached.csig");
    write_atomically(&attached_path, &attached.to_der(), &[&document])?;
    write_atomically(&detached_path, &detached.to_der(), &[&document])?;
    println!(
        "signed {} as CAdES-EPES attached ({}) and detached ({})",
        document.display(),
        attached_path.display(),
        detached_path.display()
    );

    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let chain = ChainValidator::new(store);
    let content = FileContent(document.clone());
    for (path, bytes) in [
        (&attached_path, attached.to_der()),
        (&detached_path, detached.to_der()),
    ] {
        let report = CadesValidator::new(&policy)
            .certificate_validator(&chain)
            .detached_content(&content)
            .validate(&bytes, &path.display().to_string())?;
        println!("\n{}", report_text::render(&report));
    }
    println!(
        "Verify again with: ades verify --trust {} --policy madrid {}",
        dir.join("pki/root.pem").display(),
        attached_path.display()
    );
    Ok(0)
}
