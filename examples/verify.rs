//! Validate a CAdES signature file and print its EN 319 102-1 report: a text summary per
//! signature (co- and counter-signatures included), then the whole report as JSON.
//!
//! What it shows:
//!
//! * [`CadesValidator`] with a policy selector: [`Recognised`] applies the policy a signature
//!   names when it is one we know (Madrid, AGE 1.8/1.9, Facturae) and the generic AdES rules
//!   otherwise; `--policy madrid` demands the Madrid policy whatever the signature names;
//! * X.509 validation of the signer's chain with a [`TrustStore`] and a [`ChainValidator`];
//!   without trust anchors every signature is INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND;
//! * detached content streamed from disk with [`FileContent`];
//! * the report as data: indication, sub-indication, every check, and serde JSON.
//!
//! ```text
//! cargo run --example verify -- SIGNATURE [--trust ROOT.pem]... [--content FILE] [--policy madrid]
//! ```
//!
//! `--trust` takes a PEM/DER certificate file or a directory of them and may be repeated.
//! The exit code is the worst indication, as with `ades verify`: 0 TOTAL-PASSED,
//! 1 TOTAL-FAILED, 2 INDETERMINATE; 3 for a usage error and 4 when the input cannot be read.
//!
//! Without arguments the example demonstrates itself: it signs a sample document with the
//! built-in test PKI, validates the signature with the test root as trust anchor, then
//! validates a copy whose content was altered after signing. The demonstration exits 0 when
//! it shows what it should (the genuine signature verifies, the altered one is TOTAL-FAILED).
//!
//! ```text
//! cargo run --example verify
//! cargo run --example sign_cades     # then, with the paths it prints:
//! cargo run --example verify -- /tmp/ades-sign-cades-…/solicitud.txt.csig --trust /tmp/ades-sign-cades-…/pki/root.pem
//! ```
//!
//! Note: this version of `ades-trust` does not check revocation (CRL/OCSP) yet and says so
//! with a failed `revocation` check (TRY_LATER), so a sound signature is INDETERMINATE rather
//! than TOTAL-PASSED until revocation checking lands.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ades::cades::{CadesBuilder, CadesValidator, SignedData};
use ades::core::policy::PolicySelector;
use ades::core::validation::FileContent;
use ades::core::{Indication, ValidationReport, datetime};
use ades::policy::Recognised;
use ades::trust::{ChainValidator, TrustStore};
use ades::{DataFormat, MadridPolicy, Sha256};

const USAGE: &str = "usage: cargo run --example verify -- SIGNATURE [--trust ROOT.pem]... [--content FILE] [--policy madrid]
       cargo run --example verify        (demonstration with the built-in test PKI)";

/// Exit code of a usage error (as `ades verify`).
const EXIT_USAGE: u8 = 3;
/// Exit code when the input cannot be read or processed (as `ades verify`).
const EXIT_ERROR: u8 = 4;

/// A mistake on the command line (exit code 3).
#[derive(Debug)]
struct Usage(String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n{USAGE}", self.0)
    }
}

impl Error for Usage {}

/// `main` only turns the outcome into an exit code, so that 1 always means TOTAL-FAILED and
/// never "the file could not be read".
fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(if e.is::<Usage>() {
                EXIT_USAGE
            } else {
                EXIT_ERROR
            })
        }
    }
}

/// What the command line asks for.
enum Command {
    /// No arguments.
    Demonstration,
    /// `-h` / `--help`.
    Help,
    /// Validate a file.
    Verify(Args),
}

struct Args {
    signature: PathBuf,
    trust: Vec<PathBuf>,
    content: Option<PathBuf>,
    demand_madrid: bool,
}

fn run() -> Result<ExitCode, Box<dyn Error>> {
    let args = match parse_args()? {
        Command::Demonstration => return demonstration(),
        Command::Help => {
            println!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Command::Verify(args) => args,
    };

    let bytes = std::fs::read(&args.signature)
        .map_err(|e| format!("cannot read {}: {e}", args.signature.display()))?;

    // Trust anchors: each --trust is a certificate file (PEM with one or more blocks, or DER)
    // or a directory of .pem/.crt/.cer/.der files.
    let mut store = TrustStore::new();
    for path in &args.trust {
        let added = if path.is_dir() {
            store.add_directory(path)
        } else {
            store.add_file(path)
        }
        .map_err(|e| e.to_string())?;
        eprintln!("trusting {added} certificate(s) from {}", path.display());
    }
    let chain_validator = ChainValidator::new(store);

    // The signed content of a detached signature, hashed from disk (once per digest algorithm).
    let content = args.content.clone().map(FileContent);
    if content.is_none() && SignedData::from_bytes(&bytes).is_ok_and(|sd| sd.is_detached()) {
        eprintln!("note: this is a detached signature; give the signed file with --content FILE");
    }

    let madrid = MadridPolicy::default();
    let recognised = Recognised::default();
    let selector: &dyn PolicySelector = if args.demand_madrid {
        &madrid
    } else {
        &recognised
    };
    let mut validator = CadesValidator::new(selector);
    if args.trust.is_empty() {
        eprintln!("note: no --trust given: the signer's certificate chain cannot be validated");
    } else {
        validator = validator.certificate_validator(&chain_validator);
    }
    if let Some(content) = &content {
        validator = validator.detached_content(content);
    }
    let report = validator
        .validate(&bytes, &args.signature.display().to_string())
        .map_err(|e| format!("cannot validate {}: {e}", args.signature.display()))?;

    print_summary(&report);
    println!("\n{}", serde_json::to_string_pretty(&report)?);
    Ok(ExitCode::from(report.worst().exit_code()))
}

/// Reads the command line.
fn parse_args() -> Result<Command, Usage> {
    let mut raw = std::env::args_os().skip(1);
    let mut signature = None;
    let mut trust = Vec::new();
    let mut content = None;
    let mut demand_madrid = false;
    let mut any = false;
    while let Some(arg) = raw.next() {
        any = true;
        let mut value = |flag: &str| {
            raw.next()
                .map(PathBuf::from)
                .ok_or_else(|| Usage(format!("{flag} needs a value")))
        };
        match arg.to_str() {
            Some("-h" | "--help") => return Ok(Command::Help),
            Some("--trust") => trust.push(value("--trust")?),
            Some("--content") => content = Some(value("--content")?),
            Some("--policy") => {
                let name = value("--policy")?;
                if name != Path::new("madrid") {
                    return Err(Usage(format!(
                        "--policy {}: this example demands only `madrid` (the signature's own policy is recognised by default)",
                        name.display()
                    )));
                }
                demand_madrid = true;
            }
            Some(flag) if flag.starts_with("--") => {
                return Err(Usage(format!("unknown option {flag}")));
            }
            _ if signature.is_none() => signature = Some(PathBuf::from(arg)),
            _ => return Err(Usage("only one SIGNATURE file may be given".into())),
        }
    }
    if !any {
        return Ok(Command::Demonstration);
    }
    let signature = signature.ok_or_else(|| Usage("the SIGNATURE file is missing".into()))?;
    Ok(Command::Verify(Args {
        signature,
        trust,
        content,
        demand_madrid,
    }))
}

/// The report (one block per signature: verdict, signer, time, policy, every check) and the
/// worst indication.
fn print_summary(report: &ValidationReport) {
    print!("{report}");
    println!("worst indication: {}", report.worst());
}

/// The sample document of the demonstration; `ORIGINAL` is altered in the tampered copy.
const SAMPLE_DOCUMENT: &str = "Solicitud de licencia de obras menores\n\
Ayuntamiento de Madrid - Registro electrónico\n\
Solicitante: JUAN ESPAÑOL ESPAÑOL (NIF 12345678Z)\n\
Emplazamiento: Calle Mayor, 71, 28013 Madrid\n";
const ORIGINAL: &[u8] = b"Calle Mayor, 71";
const ALTERED: &[u8] = b"Calle Mayor, 17";

/// No arguments: sign a sample with the test PKI, validate it and an altered copy.
fn demonstration() -> Result<ExitCode, Box<dyn Error>> {
    let pki = ades_testkit::TestPki::shared();
    let signature = CadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .attached(SAMPLE_DOCUMENT.as_bytes())
        .sign::<Sha256>(&pki.signer1.key, datetime::now())
        .map_err(|e| format!("signing the sample failed: {e}"))?
        .to_der();
    println!(
        "demonstration: a sample signed CAdES-EPES attached by {}, validated with the test root \
         \"{}\" as the only trust anchor\n",
        pki.signer1.certificate.subject_text(),
        pki.root.certificate.subject_text()
    );

    let mut store = TrustStore::new();
    store.add_anchor(pki.root.certificate.clone());
    let chain_validator = ChainValidator::new(store);
    let recognised = Recognised::default();
    let validator = CadesValidator::new(&recognised).certificate_validator(&chain_validator);

    let genuine = validator.validate(&signature, "sample.csig")?;
    print_summary(&genuine);
    println!("\n{}", serde_json::to_string_pretty(&genuine)?);

    // The same signature with two digits of the embedded document swapped.
    let at = signature
        .windows(ORIGINAL.len())
        .position(|w| w == ORIGINAL)
        .ok_or("the sample text was not found in the signature")?;
    let mut tampered = signature.clone();
    tampered[at..at + ALTERED.len()].copy_from_slice(ALTERED);
    println!(
        "\n--- the same signature after changing \"Calle Mayor, 71\" to \"Calle Mayor, 17\" ---\n"
    );
    let altered = validator.validate(&tampered, "sample-altered.csig")?;
    print_summary(&altered);

    println!(
        "\nexit codes in file mode (as `ades verify`): the genuine signature gives {} ({}), \
         the altered one {} ({})",
        genuine.worst().exit_code(),
        genuine.worst(),
        altered.worst().exit_code(),
        altered.worst()
    );
    if genuine.worst() == Indication::Indeterminate {
        println!(
            "(INDETERMINATE, not TOTAL-PASSED: this version does not check revocation yet, see the \
             `revocation` check)"
        );
    }
    let shown =
        genuine.worst() != Indication::TotalFailed && altered.worst() == Indication::TotalFailed;
    Ok(if shown {
        ExitCode::SUCCESS
    } else {
        eprintln!("error: the demonstration did not give the expected verdicts");
        ExitCode::FAILURE
    })
}
