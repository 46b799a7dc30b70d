//! `ades verify` on a PDF: every signature and document time-stamp of the file, with what the
//! later revisions changed (ades_pades::PadesValidator). A broken PDF is a report with
//! TOTAL-FAILED / FORMAT_FAILURE, never an error.

use ades_core::datetime;
use ades_core::policy::PolicySelector;
use ades_pades::PadesValidator;
use ades_policy::{Recognised, known};

use crate::cmd::verify::{VerifyArgs, print_report};
use crate::error::CliError;

/// Validates every signature of a PDF file; the exit code is the worst indication.
pub(crate) fn run(args: &VerifyArgs, bytes: Vec<u8>) -> Result<u8, CliError> {
    if args.content.is_some() {
        return Err(CliError::Usage(
            "--content: a PDF signature signs the PDF itself, there is no detached content".into(),
        ));
    }
    let validator = args.trust.chain_validator(args.trust.store()?)?;
    let use_chain = !args.trust.trust.is_empty();
    let at = match &args.at {
        Some(text) => Some(
            datetime::parse_rfc3339(text)
                .map_err(|e| CliError::Usage(format!("--at {text}: not an RFC 3339 time ({e})")))?,
        ),
        None => None,
    };
    let madrid = args.policy_hash.madrid()?;
    let demanded = match &args.policy {
        Some(name) => Some(known::by_name(name, &madrid).ok_or_else(|| {
            CliError::Usage(format!(
                "unknown policy {name} (madrid, age, age-1.8, facturae)"
            ))
        })?),
        None => None,
    };
    let recognised = Recognised::new(madrid);
    let selector: &dyn PolicySelector = match &demanded {
        Some(p) => p,
        None => &recognised,
    };
    let mut pades = PadesValidator::new(selector);
    if use_chain {
        pades = pades.certificate_validator(&validator);
    }
    if let Some(t) = at {
        pades = pades.at(t);
    }
    let report = pades.validate(bytes, &args.signature.display().to_string());
    print_report(&report, args.format)?;
    Ok(report.worst().exit_code())
}
