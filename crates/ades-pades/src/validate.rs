//! Validation of the signatures of a PDF (EN 319 142-1, EN 319 102-1), against the known
//! attacks on PDF signatures: every signature and document time-stamp of the latest revision
//! (declared in the form or not) gets a report with
//!
//! 1. its `/ByteRange` and `/Contents` (`coverage.rs`: universal signature forgery, signature
//!    wrapping), the revision it covers and whether it covers the whole file;
//! 2. its CMS, validated as a detached CAdES over the byte ranges by `ades_cades` under the
//!    policy rules, with the PAdES format rules (`/M` as the signing time, no content-hints,
//!    no counter-signatures, `/SubFilter`); a document time-stamp's token verified as RFC 3161
//!    over the byte ranges;
//! 3. what every later revision changed (`changes/`: incremental-saving and shadow attacks),
//!    allowed or not. A change that is not allowed makes the signature TOTAL-FAILED /
//!    MODIFIED_AFTER_SIGNING: its bytes are intact, but the document no longer shows what was
//!    signed.

use ades_cades::{CadesValidator, Container, SignedData};
use ades_core::Format;
use ades_core::policy::{PolicySelector, SignatureFacts};
use ades_core::report::{CheckList, PolicySummary, SignerSummary, SigningTimeSource};
use ades_core::time::OffsetDateTime;
use ades_core::validation::CertificateValidator;
use ades_core::{CheckId, Level, LevelReached};
use ades_core::{SignatureReport, SubIndication, ValidationReport, datetime};
use ades_tsp::TimeStampToken;

use crate::changes::{Cache, Permissions, analyse};
use crate::coverage::{Coverage, SignedBytes, check_coverage};
use crate::sigdict::{FoundSignature, SignatureKind, find_signatures};
use ades_pdf::Object;
use ades_pdf::PdfFile;

/// Most signatures evaluated in one file (hostile files can hold any number).
const MAX_SIGNATURES: usize = 256;

/// Validates the signatures and document time-stamps of PDF files.
pub struct PadesValidator<'a> {
    selector: &'a dyn PolicySelector,
    certificates: Option<&'a dyn CertificateValidator>,
    at: Option<OffsetDateTime>,
}

impl<'a> PadesValidator<'a> {
    /// A validator applying the rules `selector` chooses.
    pub fn new(selector: &'a dyn PolicySelector) -> Self {
        PadesValidator {
            selector,
            certificates: None,
            at: None,
        }
    }

    /// Validates certificates (signers and TSAs) with `validator`; without one every signature
    /// is INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND.
    pub fn certificate_validator(mut self, validator: &'a dyn CertificateValidator) -> Self {
        self.certificates = Some(validator);
        self
    }

    /// Validates as of `at` instead of now.
    pub fn at(mut self, at: OffsetDateTime) -> Self {
        self.at = Some(at);
        self
    }

    /// Validates every signature of the PDF in `bytes`. Never fails: a file that is not a
    /// readable PDF gives one TOTAL-FAILED / FORMAT_FAILURE entry.
    pub fn validate(&self, bytes: impl Into<Vec<u8>>, file_name: &str) -> ValidationReport {
        let signatures = match PdfFile::parse(bytes) {
            Ok(pdf) => self.validate_pdf(&pdf),
            Err(e) => vec![SignatureReport::unreadable(
                "file",
                SubIndication::FormatFailure,
                format!("not a readable PDF: {e}"),
            )],
        };
        ValidationReport {
            file: file_name.to_owned(),
            format: Format::Pades,
            signatures,
            validation_time: self.at.unwrap_or_else(datetime::now),
        }
    }

    /// Validates every signature of the PDF file at `path`, named `file_name` in the report.
    /// Files larger than [`crate::WHOLE_FILE_THRESHOLD`] are read in bounded memory: their
    /// structure only, the bytes a signature covers hashed from the file in chunks (a 1 GiB
    /// PDF is validated in a few MiB). A file whose structure needs repair is read whole.
    ///
    /// # Errors
    /// The file cannot be opened or read.
    pub fn validate_file(
        &self,
        path: &std::path::Path,
        file_name: &str,
    ) -> std::io::Result<ValidationReport> {
        let mut file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        if len > crate::WHOLE_FILE_THRESHOLD
            && let Ok(pdf) = ades_pdf::load_bounded(&mut file, len, ades_pdf::Limits::default())
        {
            return Ok(ValidationReport {
                file: file_name.to_owned(),
                format: Format::Pades,
                signatures: self.validate_pdf(&pdf),
                validation_time: self.at.unwrap_or_else(datetime::now),
            });
        }
        let limit = ades_pdf::Limits::default().max_file_size;
        if usize::try_from(len).is_ok_and(|n| n > limit) {
            return Ok(ValidationReport {
                file: file_name.to_owned(),
                format: Format::Pades,
                signatures: vec![SignatureReport::unreadable(
                    "file",
                    SubIndication::FormatFailure,
                    format!(
                        "{len} bytes whose structure cannot be read in bounded memory, and more than the {limit} read whole"
                    ),
                )],
                validation_time: self.at.unwrap_or_else(datetime::now),
            });
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes)?;
        Ok(self.validate(bytes, file_name))
    }

    /// Validates every signature of a parsed PDF.
    pub fn validate_pdf(&self, pdf: &PdfFile) -> Vec<SignatureReport> {
        if !pdf.can_read_all() {
            return vec![SignatureReport::unreadable(
                "file",
                SubIndication::FormatFailure,
                "the file was read in part only and the rest is not at hand: validation needs the whole file",
            )];
        }
        let latest = pdf.latest_revision();
        let found = match find_signatures(pdf, latest) {
            Ok(f) => f,
            Err(e) => {
                return vec![SignatureReport::unreadable(
                    "file",
                    SubIndication::FormatFailure,
                    format!("the document structure cannot be read: {e}"),
                )];
            }
        };
        if found.is_empty() {
            return vec![SignatureReport::unreadable(
                "file",
                SubIndication::SignedDataNotFound,
                "the PDF has no signature",
            )];
        }
        let mut found = found;
        let mut skipped = None;
        if found.len() > MAX_SIGNATURES {
            skipped = Some(found.len() - MAX_SIGNATURES);
            found.truncate(MAX_SIGNATURES);
        }
        let now = self.at.unwrap_or_else(datetime::now);
        let perms = permissions(pdf);
        let mut cache = Cache::default();
        // Coverage first: it orders the signatures and gives the document time-stamps' reach.
        let mut items: Vec<(FoundSignature, CheckList, Option<Coverage>)> = found
            .into_iter()
            .map(|sig| {
                let mut checks = CheckList::new();
                let coverage = check_coverage(pdf, &sig, &mut checks);
                (sig, checks, coverage)
            })
            .collect();
        items.sort_by_key(|(_, _, c)| c.as_ref().map_or(usize::MAX, Coverage::end));
        let levels = Levels {
            dss: (0..pdf.revisions().len())
                .map(|r| pdf.catalog_at(r).is_ok_and(|c| c.contains_key("DSS")))
                .collect(),
            doc_timestamps: items
                .iter()
                .filter(|(s, _, _)| s.kind() == SignatureKind::DocTimeStamp)
                .filter_map(|(_, _, c)| c.as_ref().map(|c| c.revision))
                .collect(),
        };
        // Document time-stamps first, newest first: a valid one is a proof of existence of
        // what it covers, the older document time-stamps included.
        let mut proofs: Vec<(usize, OffsetDateTime)> = Vec::new();
        let mut tokens: Vec<Option<(Option<OffsetDateTime>, CheckList)>> = items
            .iter()
            .rev()
            .map(|(sig, _, coverage)| {
                let coverage = coverage.as_ref()?;
                (sig.kind() == SignatureKind::DocTimeStamp).then(|| {
                    let mut token_checks = CheckList::new();
                    let poe = proofs.iter().map(|(_, t)| *t).min();
                    let time =
                        self.check_doc_timestamp(pdf, coverage, (poe, now), &mut token_checks);
                    if let Some(t) = time {
                        proofs.push((coverage.end(), t));
                    }
                    (time, token_checks)
                })
            })
            .collect();
        tokens.reverse();
        let mut reports = Vec::new();
        for ((sig, mut checks, coverage), token) in items.into_iter().zip(tokens) {
            if sig.field.is_none() {
                checks.warn(
                    CheckId::Declared,
                    "no signature field refers to this signature dictionary: viewers do not show it",
                );
            }
            let Some(coverage) = coverage else {
                reports.push(self.finish(&sig, checks, None, now));
                continue;
            };
            self.record_changes(pdf, &coverage, perms, &mut cache, &mut checks);
            match (sig.kind(), token) {
                (SignatureKind::DocTimeStamp, Some((time, token_checks))) => {
                    for c in token_checks.into_checks() {
                        checks.add(c);
                    }
                    self.selector.select(None).cite(&mut checks);
                    reports.push(doc_timestamp_report(&sig, checks, time, &coverage));
                }
                _ => {
                    let poe = proofs
                        .iter()
                        .filter(|(end, _)| *end > coverage.end())
                        .map(|(_, t)| *t)
                        .min();
                    reports.extend(self.validate_cms(
                        pdf,
                        &sig,
                        &coverage,
                        checks,
                        (poe, now),
                        &levels,
                    ));
                }
            }
        }
        if let Some(n) = skipped {
            reports.push(SignatureReport::unreadable("file", 
                SubIndication::FormatFailure,
                format!("{n} more signature dictionaries: more than the {MAX_SIGNATURES} this validator evaluates in one file"),
            ));
        }
        reports
    }

    fn record_changes(
        &self,
        pdf: &PdfFile,
        coverage: &Coverage,
        perms: Permissions,
        cache: &mut Cache,
        checks: &mut CheckList,
    ) {
        if coverage.whole_file {
            checks.pass(CheckId::Coverage, "the signature covers the whole document");
        } else {
            checks.info(
                CheckId::Coverage,
                format!(
                    "the signature covers revision {} of {}; {} bytes were added after it",
                    coverage.revision + 1,
                    pdf.revisions().len(),
                    pdf.len() - coverage.end()
                ),
            );
        }
        let mut changes = analyse(pdf, coverage.revision, perms, cache);
        // Bytes after the last revision belong to no revision: lenient readers may still
        // read objects from them.
        let last_end = pdf
            .revisions()
            .last()
            .map_or(0, |r| r.end_offset_with_eol().max(coverage.end()));
        let trailing = pdf.bytes().get(last_end..).unwrap_or_default();
        if trailing.iter().any(|b| !b.is_ascii_whitespace() && *b != 0) {
            changes.disallowed.push(format!(
                "{} bytes after the last revision belong to no revision and are not signed",
                trailing.len()
            ));
        }
        if !changes.disallowed.is_empty() {
            checks.fail(
                CheckId::Modifications,
                SubIndication::ModifiedAfterSigning,
                format!(
                    "changes after signing that are not allowed: {}",
                    changes.disallowed.join("; ")
                ),
            );
        }
        if !changes.allowed.is_empty() {
            checks.info(
                CheckId::Modifications,
                format!(
                    "allowed changes after signing: {}",
                    changes.allowed.join("; ")
                ),
            );
        } else if changes.disallowed.is_empty() && !coverage.whole_file {
            checks.info(
                CheckId::Modifications,
                "later revisions change nothing the signature covers",
            );
        }
    }

    /// Verifies a document time-stamp's token over the byte ranges; returns its time if valid.
    fn check_doc_timestamp(
        &self,
        pdf: &PdfFile,
        coverage: &Coverage,
        (poe, now): (Option<OffsetDateTime>, OffsetDateTime),
        checks: &mut CheckList,
    ) -> Option<OffsetDateTime> {
        let token = match TimeStampToken::from_der(&coverage.der) {
            Ok(t) => t,
            Err(e) => {
                checks.fail(
                    CheckId::DocumentTimestamp,
                    SubIndication::FormatFailure,
                    format!("/Contents is not an RFC 3161 time-stamp token: {e}"),
                );
                return None;
            }
        };
        let bytes = SignedBytes::of(pdf, coverage);
        let digest_of = |alg| bytes.digest(alg).ok();
        let dss = crate::dss::read_dss(pdf);
        let time = token.verify(
            CheckId::DocumentTimestamp,
            &digest_of,
            &ades_tsp::TokenContext::new(self.certificates, &dss, now).existing_by(poe),
            checks,
        );
        if self.certificates.is_none() {
            checks.fail(
                CheckId::CertificateChain,
                SubIndication::NoCertificateChainFound,
                "no trust anchors were given (--trust): the TSA's chain was not validated",
            );
        }
        if time.is_some() {
            checks.pass(
                CheckId::DocumentTimestamp,
                format!("valid {}", ades_tsp::describe(&token)),
            );
        }
        time
    }

    fn validate_cms(
        &self,
        pdf: &PdfFile,
        sig: &FoundSignature,
        coverage: &Coverage,
        pdf_checks: CheckList,
        (poe, now): (Option<OffsetDateTime>, OffsetDateTime),
        levels: &Levels,
    ) -> Vec<SignatureReport> {
        let signed_data = match SignedData::from_bytes(&coverage.der) {
            Ok(sd) => sd,
            Err(e) => {
                let mut checks = pdf_checks;
                checks.fail(
                    CheckId::Format,
                    SubIndication::FormatFailure,
                    format!("/Contents is not a CMS SignedData: {e}"),
                );
                return vec![self.finish(sig, checks, None, now)];
            }
        };
        let mut checks = pdf_checks;
        if signed_data.signer_infos().len() > 1 {
            checks.fail(
                CheckId::SignerInfos,
                SubIndication::FormatFailure,
                format!(
                    "{} SignerInfos: a PDF signature has exactly one signer (ISO 32000-1 §12.8.3.3.1)",
                    signed_data.signer_infos().len()
                ),
            );
        }
        // The CMS signs the byte ranges, detached (ISO 32000-1 §12.8.3.3.1, EN 319 142-1
        // §6.2.1). One that holds content is judged on both: the CAdES validation fails it
        // unless what it holds is the byte ranges' content itself (EU DSS accepts that form).
        if signed_data.content().is_some() {
            checks.warn(
                CheckId::Detached,
                "the CMS encapsulates content: a PDF signature's CMS is detached; it must hold the byte ranges' content",
            );
        }
        let content = SignedBytes::of(pdf, coverage);
        let dss = crate::dss::read_dss(pdf);
        let context = SignatureDictionary {
            dss: &dss,
            signing_time: sig.signing_time(),
            sub_filter: sig.sub_filter(),
            proof_of_existence: poe,
        };
        if sig.dict.contains_key("M") && context.signing_time.is_none() {
            checks.fail(
                CheckId::SigningTime,
                SubIndication::FormatFailure,
                "/M is not a PDF date",
            );
        }
        let mut cades = CadesValidator::new(self.selector)
            .detached_content(&content)
            .embedded_in(&context)
            .at(now);
        if let Some(v) = self.certificates {
            cades = cades.certificate_validator(v);
        }
        let inner = match cades.validate_signed_data(&signed_data) {
            Ok(r) => r,
            Err(e) => {
                checks.fail(CheckId::Format, SubIndication::FormatFailure, e.to_string());
                return vec![self.finish(sig, checks, None, now)];
            }
        };
        // The PDF's own checks cite the policy the signature names, as the CMS's checks do.
        self.selector
            .select(named_policy(&signed_data).as_ref())
            .cite(&mut checks);
        inner
            .into_iter()
            .enumerate()
            .map(|(i, mut report)| {
                let mut merged = CheckList::new();
                for c in checks.checks() {
                    merged.add(c.clone());
                }
                for c in report.checks.drain(..) {
                    merged.add(c);
                }
                let (indication, sub) = merged.verdict();
                report.id = if i == 0 {
                    sig.field_name.clone()
                } else {
                    format!("{}/{}", sig.field_name, report.id)
                };
                report.indication = indication;
                report.sub_indication = sub;
                report.level = levels.level(coverage, report.level);
                report.checks = merged.into_checks();
                report
            })
            .collect()
    }

    /// A report for a signature whose CMS could not be validated.
    fn finish(
        &self,
        sig: &FoundSignature,
        checks: CheckList,
        time: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> SignatureReport {
        let (indication, sub_indication) = checks.verdict();
        let claimed = sig.signing_time();
        SignatureReport {
            id: sig.field_name.clone(),
            level: match sig.kind() {
                SignatureKind::DocTimeStamp => LevelReached::DocumentTimestamp,
                SignatureKind::Signature => LevelReached::Unknown,
            },
            indication,
            sub_indication,
            signing_time: time.or(claimed).or(Some(now)),
            signing_time_source: match (time, claimed) {
                (Some(_), _) => SigningTimeSource::Timestamp,
                (None, Some(_)) => SigningTimeSource::Claimed,
                _ => SigningTimeSource::ValidationTime,
            },
            signer: SignerSummary::default(),
            policy: PolicySummary::default(),
            checks: checks.into_checks(),
            chain: Vec::new(),
        }
    }
}

/// What the PAdES levels depend on, computed once per file.
struct Levels {
    /// Per revision: whether its catalog has a DSS.
    dss: Vec<bool>,
    /// The revisions document time-stamps cover.
    doc_timestamps: Vec<usize>,
}

impl Levels {
    /// The PAdES level: the CMS's, then LT with a DSS after the signature, LTA with a
    /// document time-stamp over such a DSS.
    fn level(&self, coverage: &Coverage, cms_level: LevelReached) -> LevelReached {
        let dss_after = |r: usize| {
            self.dss
                .get(coverage.revision + 1..=r)
                .is_some_and(|d| d.iter().any(|x| *x))
        };
        let Some(last) = self.dss.len().checked_sub(1) else {
            return cms_level;
        };
        if !dss_after(last) {
            return cms_level;
        }
        if self
            .doc_timestamps
            .iter()
            .any(|r| *r > coverage.revision && dss_after(*r))
        {
            LevelReached::signature(Format::Pades, Level::Lta)
        } else {
            LevelReached::signature(Format::Pades, Level::Lt)
        }
    }
}

/// The DocMDP permissions of the document's certification signature (ISO 32000-1 §12.8.2.2),
/// or those of approval signatures (form filling and signing).
fn permissions(pdf: &PdfFile) -> Permissions {
    let rev = pdf.latest_revision();
    let p = pdf.catalog_at(rev).ok().and_then(|catalog| {
        let perms = pdf.resolve_at(rev, catalog.get("Perms")?).ok()?;
        let sig = pdf.resolve_at(rev, perms.dict()?.get("DocMDP")?).ok()?;
        let references = pdf.resolve_at(rev, sig.dict()?.get("Reference")?).ok()?;
        let level = references.as_array()?.iter().find_map(|r| {
            let r = pdf.resolve_at(rev, r).ok()?;
            let d = r.dict()?;
            if !d.get_name("TransformMethod")?.is("DocMDP") {
                return None;
            }
            let params = d
                .get("TransformParams")
                .and_then(|p| pdf.resolve_at(rev, p).ok());
            Some(
                params
                    .as_ref()
                    .and_then(Object::dict)
                    .and_then(|p| p.get_i64("P"))
                    .unwrap_or(2),
            )
        });
        Some(level.unwrap_or(2))
    });
    match p {
        Some(level) => Permissions {
            level: level.clamp(1, 3),
            certified: true,
        },
        None => Permissions {
            level: 2,
            certified: false,
        },
    }
}

/// The signature policy the first signer of a PDF signature's CMS names, if it can be read.
fn named_policy(signed_data: &SignedData) -> Option<ades_core::policy::PolicyReference> {
    let attribute = signed_data
        .signer_infos()
        .first()?
        .signed_attribute(ades_core::oid::ATTR_SIGNATURE_POLICY)?;
    ades_cades::attributes::parse_signature_policy(attribute.single_value().ok()?).ok()
}

fn doc_timestamp_report(
    sig: &FoundSignature,
    checks: CheckList,
    time: Option<OffsetDateTime>,
    coverage: &Coverage,
) -> SignatureReport {
    let token = TimeStampToken::from_der(&coverage.der).ok();
    let signer = token
        .as_ref()
        .and_then(|t| t.tsa_certificate(&[]))
        .map(|c| SignerSummary::of(&c))
        .unwrap_or_default();
    let (indication, sub_indication) = checks.verdict();
    SignatureReport {
        id: sig.field_name.clone(),
        level: LevelReached::DocumentTimestamp,
        indication,
        sub_indication,
        signing_time: time.or_else(|| token.as_ref().map(TimeStampToken::gen_time)),
        signing_time_source: SigningTimeSource::Timestamp,
        signer,
        policy: PolicySummary::default(),
        checks: checks.into_checks(),
        chain: Vec::new(),
    }
}

/// What a signature dictionary says about the CMS in its `/Contents` (EN 319 142-1): the
/// PAdES rules apply (no content-hints, no counter-signatures, `/SubFilter`) and the signing
/// time is `/M` (policy Annex I).
struct SignatureDictionary<'a> {
    /// `/M`.
    signing_time: Option<OffsetDateTime>,
    /// The document security store.
    dss: &'a ades_core::ValidationData,
    /// `/SubFilter`.
    sub_filter: Option<String>,
    /// The oldest valid document time-stamp over the signature.
    proof_of_existence: Option<OffsetDateTime>,
}

impl Container for SignatureDictionary<'_> {
    fn format(&self) -> Format {
        Format::Pades
    }

    fn claimed_time(
        &self,
        attribute: Option<OffsetDateTime>,
        checks: &mut CheckList,
    ) -> Option<OffsetDateTime> {
        if attribute.is_some() && self.sub_filter.as_deref() == Some("ETSI.CAdES.detached") {
            checks.warn(
                CheckId::SigningTime,
                "a signing-time attribute in a PAdES signature (EN 319 142-1 §5.2.1 says it shall not be there: the time is /M)",
            );
        }
        self.signing_time.or(attribute)
    }

    fn describe(&self, facts: &mut SignatureFacts) {
        facts.sub_filter = self.sub_filter.clone();
    }

    fn proof_of_existence(&self) -> Option<OffsetDateTime> {
        self.proof_of_existence
    }

    fn validation_data(&self) -> Option<&ades_core::ValidationData> {
        Some(self.dss)
    }
}
