//! Validation of any signature file: the format is detected ([`sniff`]) and every signature
//! of the file is judged into one [`ValidationReport`] after ETSI EN 319 102-1.

use ades_cades::{CadesValidator, SignedData};
use ades_core::policy::PolicySelector;
use ades_core::validation::{CertificateValidator, DetachedContent};
use ades_core::{Format, ValidationReport, datetime, oid};
use ades_pades::PadesValidator;
use ades_policy::{KnownPolicy, MadridPolicy, Recognised};
use ades_xades::XadesValidator;
use time::OffsetDateTime;

use crate::error::Error;
use crate::input::Input;

/// Which policy's rules judge a signature.
#[derive(Debug, Clone)]
pub enum PolicyChoice {
    /// The policy a signature names when it is one we know (Madrid, with this policy hash
    /// configuration; AGE 1.8/1.9; Facturae 3.1), the generic AdES rules otherwise.
    Recognise(Recognised),
    /// This policy, whatever the signature names: a signature under another policy, or none,
    /// does not pass (policy §3.7: the policy a service requires).
    Demand(KnownPolicy),
}

impl Default for PolicyChoice {
    fn default() -> Self {
        PolicyChoice::Recognise(Recognised::new(MadridPolicy::default()))
    }
}

impl PolicyChoice {
    /// The rules' selector.
    pub fn selector(&self) -> &dyn PolicySelector {
        match self {
            PolicyChoice::Recognise(r) => r,
            PolicyChoice::Demand(p) => p,
        }
    }
}

/// What validation uses besides the file.
#[derive(Default, Clone, Copy)]
pub struct ValidationOptions<'a> {
    /// The policy rules (recognised from the signature by default).
    pub policy: Option<&'a PolicyChoice>,
    /// Chain building, validity and revocation of the signer and TSA certificates; without
    /// one, signatures are INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND.
    pub certificate_validator: Option<&'a dyn CertificateValidator>,
    /// The signed content of a detached signature or time-stamp token.
    pub detached_content: Option<&'a dyn DetachedContent>,
    /// Validate as of this time instead of now.
    pub at: Option<OffsetDateTime>,
}

impl std::fmt::Debug for ValidationOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidationOptions")
            .field("policy", &self.policy)
            .field(
                "certificate_validator",
                &self.certificate_validator.is_some(),
            )
            .field("detached_content", &self.detached_content.is_some())
            .field("at", &self.at)
            .finish()
    }
}

/// What a signature file holds, from its first bytes (and, for CMS, its content type):
/// `None` for something that is none of them.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let trimmed = bytes.trim_ascii_start();
    let trimmed = trimmed.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(trimmed);
    if trimmed.starts_with(b"%PDF") {
        return Some(Format::Pades);
    }
    if trimmed.starts_with(b"<") {
        return Some(Format::Xades);
    }
    match SignedData::from_bytes(bytes) {
        Ok(sd) if sd.content_type() == oid::ID_CT_TST_INFO => Some(Format::TimeStampToken),
        Ok(_) => Some(Format::Cades),
        Err(_) => ades_tsp::read_token_or_response(bytes).map(|_| Format::TimeStampToken),
    }
}

/// Validates every signature of `input` (a CAdES, XAdES or PAdES file, or an RFC 3161
/// token over `options.detached_content`). A file that is no signature gives a report with
/// a TOTAL-FAILED / FORMAT_FAILURE entry; `Err` means the input or the detached content
/// could not be read.
pub fn validate(input: Input, options: &ValidationOptions<'_>) -> Result<ValidationReport, Error> {
    let name = input.display_name();
    let default_policy = PolicyChoice::default();
    let selector = options.policy.unwrap_or(&default_policy).selector();
    let now = options.at.unwrap_or_else(datetime::now);
    if let Some(path) = input.as_path().filter(|p| starts_as_pdf(p)) {
        // A PDF file is read by the PAdES layer itself: a large one in bounded memory.
        let mut v = PadesValidator::new(selector).at(now);
        if let Some(c) = options.certificate_validator {
            v = v.certificate_validator(c);
        }
        return v.validate_file(path, &name).map_err(|e| Error::io(path, e));
    }
    let bytes = match input.read_at_most(MAX_IN_MEMORY) {
        Err(Error::TooLarge { size, limit, .. }) => {
            return Ok(ValidationReport {
                file: name,
                format: Format::Unknown,
                signatures: vec![ades_core::SignatureReport::format_failure(
                    "file",
                    format!(
                        "{size} bytes: more than the {limit} a CMS or XML signature is read into memory for (PDFs are read in bounded memory)"
                    ),
                )],
                validation_time: now,
            });
        }
        other => other?,
    };
    match sniff(&bytes) {
        Some(Format::Pades) => {
            let mut v = PadesValidator::new(selector).at(now);
            if let Some(c) = options.certificate_validator {
                v = v.certificate_validator(c);
            }
            Ok(v.validate(bytes, &name))
        }
        Some(Format::Xades) => {
            let mut v = XadesValidator::new(selector).at(now);
            if let Some(c) = options.certificate_validator {
                v = v.certificate_validator(c);
            }
            if let Some(c) = options.detached_content {
                v = v.detached_content(c);
            }
            v.validate_owned(bytes, &name)
                .map_err(|e| Error::io(std::path::Path::new("the detached content"), e))
        }
        Some(Format::TimeStampToken) => match ades_tsp::read_token_or_response(&bytes) {
            Some(token) => Ok(ades_tsp::validate_token(
                &token,
                &name,
                options.detached_content,
                options.certificate_validator,
                now,
            )),
            None => cades(&bytes, &name, selector, options, now),
        },
        _ => cades(&bytes, &name, selector, options, now),
    }
}

/// The largest CMS, XML or time-stamp input read into memory for validation (the XML
/// reader's and the PDF reader's own limit; PDFs are read in bounded memory instead).
pub const MAX_IN_MEMORY: u64 = 512 << 20;

/// Whether the file at `path` begins as a PDF (its first KiB, as [`sniff`] judges it).
fn starts_as_pdf(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .is_ok_and(|_| sniff(&head) == Some(Format::Pades))
}

fn cades(
    bytes: &[u8],
    name: &str,
    selector: &dyn PolicySelector,
    options: &ValidationOptions<'_>,
    now: OffsetDateTime,
) -> Result<ValidationReport, Error> {
    let mut v = CadesValidator::new(selector).at(now);
    if let Some(c) = options.certificate_validator {
        v = v.certificate_validator(c);
    }
    if let Some(c) = options.detached_content {
        v = v.detached_content(c);
    }
    Ok(v.validate(bytes, name)?)
}
