//! Sign a file with a PKCS#12 (`.p12`/`.pfx`) identity as CAdES-EPES under the signature
//! policy of the Madrid city council (OID 2.16.724.1.8.1.1.1.1.0).
//!
//! What it shows, step by step:
//!
//! 1. loading the key, its certificate and the issuer chain with [`ades::core::pkcs12::read`];
//! 2. naming the document's format (the `content-hints` attribute the policy makes mandatory)
//!    with [`DataFormat::detect`];
//! 3. signing with the typed builder: `CadesBuilder::new(MadridPolicy::default())
//!    .signer_certificate(..).data_format(..).attached(..).sign::<Sha256>(&key, now)`.
//!    The policy is a type: an algorithm or packaging it does not allow does not compile;
//! 4. writing the `.csig` without ever replacing the input.
//!
//! Run it on your own files (the password comes from the environment, never from the command
//! line, where other users of the machine can read it in the process list):
//!
//! ```text
//! ADES_P12_PASSWORD='…' cargo run --example sign_cades -- FILE.p12 DOCUMENT [OUT]
//! ```
//!
//! `OUT` defaults to `DOCUMENT.csig`. Without arguments the example demonstrates itself: it
//! writes the built-in test PKI into a new directory, signs a sample document with
//! `signer1.p12` and prints how to validate the result with the `verify` example:
//!
//! ```text
//! cargo run --example sign_cades
//! ```

use std::error::Error;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use ades::cades::CadesBuilder;
use ades::core::{datetime, pkcs12};
use ades::{DataFormat, MadridPolicy, Sha256};
use zeroize::Zeroizing;

/// The environment variable that holds the PKCS#12 password.
const PASSWORD_VARIABLE: &str = "ADES_P12_PASSWORD";

const USAGE: &str =
    "usage: ADES_P12_PASSWORD=… cargo run --example sign_cades -- FILE.p12 DOCUMENT [OUT]
       cargo run --example sign_cades        (demonstration with the built-in test PKI)";

/// The sample document of the demonstration.
const SAMPLE_DOCUMENT: &str = "Solicitud de licencia de obras menores\n\
Ayuntamiento de Madrid - Registro electrónico\n\
Solicitante: JUAN ESPAÑOL ESPAÑOL (NIF 12345678Z)\n\
Emplazamiento: Calle Mayor, 71, 28013 Madrid\n";

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match args.as_slice() {
        [] => demonstration(),
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        [p12, document] => sign_with_env_password(p12.as_ref(), document.as_ref(), None),
        [p12, document, out] => {
            sign_with_env_password(p12.as_ref(), document.as_ref(), Some(out.as_ref()))
        }
        _ => Err(USAGE.into()),
    }
}

/// `FILE.p12 DOCUMENT [OUT]`, with the password from [`PASSWORD_VARIABLE`].
fn sign_with_env_password(
    p12: &Path,
    document: &Path,
    out: Option<&Path>,
) -> Result<(), Box<dyn Error>> {
    // Zeroizing wipes the password from memory when it is dropped.
    let password = Zeroizing::new(std::env::var(PASSWORD_VARIABLE).map_err(|_| {
        format!(
            "set {PASSWORD_VARIABLE} to the password of {} (it is never taken from the command line)",
            p12.display()
        )
    })?);
    let out = out.map_or_else(|| default_output(document), Path::to_path_buf);
    sign_file(p12, &password, document, &out)
}

/// Loads the identity, signs `document` as CAdES-EPES attached and writes `out`.
fn sign_file(
    p12: &Path,
    password: &str,
    document: &Path,
    out: &Path,
) -> Result<(), Box<dyn Error>> {
    // 1. The signer: private key, certificate (the one matching the key) and issuer chain.
    let p12_bytes =
        std::fs::read(p12).map_err(|e| format!("cannot read {}: {e}", p12.display()))?;
    let identity = pkcs12::read(&p12_bytes, password)
        .map_err(|e| format!("cannot open {}: {e}", p12.display()))?;
    println!(
        "signer:   {}\n          issued by {} (chain of {} certificate(s) in the file)",
        identity.certificate.subject_text(),
        identity.certificate.issuer_text(),
        identity.chain.len()
    );

    // 2. The document and its format. Attached signing embeds the whole document; for large
    //    files the policy (§3.2.2) prefers a detached signature (`.detached(ContentSource::Reader(..))`).
    let content =
        std::fs::read(document).map_err(|e| format!("cannot read {}: {e}", document.display()))?;
    let head = &content[..content.len().min(512)];
    let format = DataFormat::detect(document.file_name().and_then(|n| n.to_str()), head);
    println!(
        "document: {} ({} bytes, {})",
        document.display(),
        content.len(),
        format.mime_type
    );

    // 3. Sign. `sign` checks the certificate first (valid now, nonRepudiation key usage) and
    //    refuses a key that does not belong to it.
    let signing_time = datetime::now();
    let signature = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(identity.certificate, identity.chain)
        .data_format(format)
        .attached(content)
        .sign::<Sha256>(&identity.key, signing_time)
        .map_err(|e| format!("signing failed: {e}"))?;

    // 4. Write the result next to the document, never over it.
    let der = signature.to_der();
    write_new_file(out, &der, &[document, p12])?;
    println!(
        "written:  {} ({} bytes): CAdES-EPES attached, RSA/SHA-256, policy {}, signed at {}",
        out.display(),
        der.len(),
        MadridPolicy::OID,
        datetime::rfc3339(signing_time)
    );
    Ok(())
}

/// No arguments: the test PKI, a sample document, and a signature with `signer1.p12`.
fn demonstration() -> Result<(), Box<dyn Error>> {
    // The directory is kept so the result can be fed to the `verify` example.
    let dir = tempfile::Builder::new()
        .prefix("ades-sign-cades-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?
        .keep();
    let pki_dir = dir.join("pki");
    ades_testkit::TestPki::shared()
        .write_to(&pki_dir)
        .map_err(|e| format!("cannot write the test PKI to {}: {e}", pki_dir.display()))?;
    let document = dir.join("solicitud.txt");
    std::fs::write(&document, SAMPLE_DOCUMENT)
        .map_err(|e| format!("cannot write {}: {e}", document.display()))?;
    println!(
        "demonstration: test PKI written to {} (signer1.p12, password {:?}; root.pem)\n",
        pki_dir.display(),
        ades_testkit::P12_PASSWORD
    );

    let out = default_output(&document);
    sign_file(
        &pki_dir.join("signer1.p12"),
        ades_testkit::P12_PASSWORD,
        &document,
        &out,
    )?;
    println!(
        "\nvalidate it with:\n  cargo run --example verify -- {} --trust {}\n\
         sign your own file with:\n  ADES_P12_PASSWORD=… cargo run --example sign_cades -- FILE.p12 DOCUMENT [OUT]",
        out.display(),
        pki_dir.join("root.pem").display()
    );
    Ok(())
}

/// `DOCUMENT.csig`.
fn default_output(document: &Path) -> PathBuf {
    let mut name = document.as_os_str().to_owned();
    name.push(".csig");
    PathBuf::from(name)
}

/// Writes `bytes` to `out` through a temporary file in the same directory (so a failure never
/// leaves half a signature behind), refusing to replace any of `inputs`.
fn write_new_file(out: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), Box<dyn Error>> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let target = out
        .file_name()
        .and_then(|name| Some(dir.canonicalize().ok()?.join(name)))
        .ok_or_else(|| format!("{}: not a usable output path", out.display()))?;
    for input in inputs {
        if input.canonicalize().is_ok_and(|p| p == target) {
            return Err(format!(
                "refusing to write the signature over the input {}",
                input.display()
            )
            .into());
        }
    }
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    tmp.persist(out)
        .map_err(|e| format!("cannot write {}: {}", out.display(), e.error))?;
    Ok(())
}
