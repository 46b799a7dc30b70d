//! Validation of CAdES signatures after ETSI EN 319 102-1: format checks, identification of
//! the signing certificate, cryptographic verification over the **original encoding** of the
//! signed attributes, signature acceptance (the policy's rules), and X.509 validation through
//! a pluggable [`CertificateValidator`]. Every signer, co-signer and counter-signer gets its
//! own report.

use ades_core::Format;
use ades_core::algorithm::SignatureAlgorithm;
use ades_core::policy::{
    PolicyReference, PolicySelection, PolicySelector, SignatureFacts, SigningCertificateRef,
};
use ades_core::report::{
    CertificateSummary, CheckList, PolicySummary, SignatureReport, SignerSummary,
};
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, DetachedContent};
use ades_core::{
    Certificate, DigestAlgorithm, SubIndication, ValidationReport, datetime, digest, oid,
};
use ades_core::{CheckId, Level, LevelReached};

use crate::attributes::{self, EssCertId};
use crate::error::Result;
use crate::timestamps;
use ades_core::cms::{SignatureCheck, SignedData, SignerInfo, verify_signer_info};

/// Validates CAdES signatures.
pub struct CadesValidator<'a> {
    selector: &'a dyn PolicySelector,
    certificates: Option<&'a dyn CertificateValidator>,
    content: Option<&'a dyn DetachedContent>,
    at: Option<OffsetDateTime>,
    container: Option<&'a dyn Container>,
}

/// What the container of an embedded CMS says about its signature, for formats built on
/// CAdES (a PDF signature dictionary for PAdES, EN 319 142-1). The CAdES validator knows
/// nothing of the container; it asks.
pub trait Container {
    /// The format the signature is reported as (its rules and levels).
    fn format(&self) -> Format;

    /// The claimed signing time, given the CMS's own `signing-time` attribute; the container
    /// may prefer its own (PAdES: `/M`, policy Annex I) and record checks about the choice.
    fn claimed_time(
        &self,
        attribute: Option<OffsetDateTime>,
        checks: &mut CheckList,
    ) -> Option<OffsetDateTime>;

    /// Adds what the container knows to the facts the policy rules judge (PAdES: `/SubFilter`).
    fn describe(&self, facts: &mut SignatureFacts);

    /// A time at which the signature is proven to have existed by evidence outside the CMS
    /// (PAdES: the oldest valid document time-stamp over it).
    fn proof_of_existence(&self) -> Option<OffsetDateTime>;

    /// Validation data the container holds for the signature (PAdES: the document security
    /// store), used like the CMS's own.
    fn validation_data(&self) -> Option<&ades_core::ValidationData> {
        None
    }
}

impl<'a> CadesValidator<'a> {
    /// A validator applying the rules `selector` chooses (a policy type demands itself).
    pub fn new(selector: &'a dyn PolicySelector) -> Self {
        CadesValidator {
            selector,
            certificates: None,
            content: None,
            at: None,
            container: None,
        }
    }

    /// Judges the CMS as the signature embedded in `container` (PAdES).
    pub fn embedded_in(mut self, container: &'a dyn Container) -> Self {
        self.container = Some(container);
        self
    }

    /// Validates signer certificates with `validator` (chain, validity, revocation). Without
    /// one, every signature is INDETERMINATE with `NO_CERTIFICATE_CHAIN_FOUND`.
    pub fn certificate_validator(mut self, validator: &'a dyn CertificateValidator) -> Self {
        self.certificates = Some(validator);
        self
    }

    /// The content of a detached signature.
    pub fn detached_content(mut self, content: &'a dyn DetachedContent) -> Self {
        self.content = Some(content);
        self
    }

    /// Validates as of `at` instead of now.
    pub fn at(mut self, at: OffsetDateTime) -> Self {
        self.at = Some(at);
        self
    }

    /// Validates every signature of a CMS file. A file that is not a readable `SignedData`
    /// gives a report with one TOTAL-FAILED/FORMAT_FAILURE entry; `Err` only for I/O errors
    /// on the detached content.
    pub fn validate(&self, bytes: &[u8], file_name: &str) -> Result<ValidationReport> {
        let signatures = match SignedData::from_bytes(bytes) {
            Ok(sd) => self.validate_signed_data(&sd)?,
            Err(e) => vec![SignatureReport::format_failure("file", e.to_string())],
        };
        Ok(ValidationReport {
            file: file_name.to_owned(),
            format: Format::Cades,
            signatures,
            validation_time: self.at.unwrap_or_else(datetime::now),
        })
    }

    /// Validates every signer of a parsed `SignedData`.
    pub fn validate_signed_data(&self, sd: &SignedData) -> Result<Vec<SignatureReport>> {
        let mut reports = Vec::new();
        if sd.signer_infos().is_empty() {
            reports.push(SignatureReport::format_failure(
                "file",
                "SignedData has no SignerInfo",
            ));
        }
        for (i, si) in sd.signer_infos().iter().enumerate() {
            self.validate_signer(sd, si, None, format!("signer-{}", i + 1), &mut reports)?;
        }
        Ok(reports)
    }

    fn validate_signer(
        &self,
        sd: &SignedData,
        si: &SignerInfo,
        counter_signed: Option<&[u8]>,
        id: String,
        reports: &mut Vec<SignatureReport>,
    ) -> Result<()> {
        let mut checks = CheckList::new();
        let format = self.container.map_or(Format::Cades, |c| c.format());
        let mut facts = SignatureFacts::new(format);
        facts.is_counter_signature = counter_signed.is_some();
        facts.counter_signatures = si.counter_signatures().len();

        check_attribute_multiplicity(si, &mut checks);
        let mut claimed_time = read_signing_time(si, &mut checks);
        if let Some(container) = self.container {
            claimed_time = container.claimed_time(claimed_time, &mut checks);
            container.describe(&mut facts);
        }
        facts.signing_time = claimed_time;

        // Identification of the signing certificate (EN 319 102-1 §5.2.3).
        let signer_cert = identify_signer(sd, si, &mut checks, &mut facts);

        // Integrity: content-type and message-digest.
        let digest_alg = si.digest_algorithm().digest();
        facts
            .data_digests
            .push(digest_alg.ok_or_else(|| si.digest_algorithm().oid.to_string()));
        self.check_content(sd, si, counter_signed, digest_alg, &mut checks)?;

        // Cryptographic verification of the signature value.
        let algorithm = SignatureAlgorithm::from_algorithm_id(si.signature_algorithm(), digest_alg);
        facts.signature_algorithm = algorithm;
        facts.signature_algorithm_id = si.signature_algorithm().oid.to_string();
        if let Some(cert) = &signer_cert {
            facts.signer_key_bits = cert.public_key_bits();
            // Without signed attributes the value signs the content itself: a detached one
            // given by the caller is read whole (plain PKCS#7, rare).
            let given = match (
                si.signed_attributes().is_empty(),
                counter_signed,
                sd.content(),
            ) {
                (true, None, None) => self.content.map(|c| c.read()),
                _ => None,
            };
            match given {
                Some(Err(e)) => {
                    checks.fail(
                        CheckId::SignatureValue,
                        SubIndication::SignedDataNotFound,
                        format!("the content could not be read to verify a signature without signed attributes: {e}"),
                    );
                }
                Some(Ok(content)) => {
                    verify_signature_value(si, sd, cert, Some(&content), &mut checks);
                }
                None => verify_signature_value(si, sd, cert, counter_signed, &mut checks),
            }
        }
        crate::algorithm_protection::check(si, &mut checks);

        // Signature acceptance: the policy's rules.
        read_policy_facts(si, &mut facts, &mut checks);
        let applied = self.selector.select(facts.policy.as_ref());
        applied.check(&facts, &mut checks);

        let level = LevelReached::signature(format, level_of(sd, si, facts.policy.is_some()));

        // Time-stamps: the oldest valid signature time-stamp proves when the signature existed
        // (policy §3.7, rule 5); the claimed signing-time stays an indication (§3.1.2).
        let now = self.at.unwrap_or_else(datetime::now);
        // The validation data the signature carries, and what its container adds (a PDF's DSS).
        let mut embedded = crate::long_term::embedded(sd);
        if let Some(extra) = self.container.and_then(|c| c.validation_data()) {
            embedded.extend(extra);
        }
        let container_poe = self.container.and_then(|c| c.proof_of_existence());
        let mut evidence = timestamps::check_timestamps(
            sd,
            si,
            self.content,
            ades_tsp::TokenContext::new(self.certificates, &embedded, now)
                .existing_by(container_poe),
            &mut checks,
        );
        if let Some(index) = sd.signer_infos().iter().position(|s| std::ptr::eq(s, si)) {
            crate::evidence::check_embedded_records(sd, index, self.certificates, now, &mut checks);
        }
        if let Some(poe) = container_poe {
            evidence.add_signature_time(poe);
        }
        evidence.check(claimed_time, &mut checks);

        // X.509 validation of the signer certificate at the best signature time (§3.7.2),
        // with revocation data fresh at the validation time.
        let time = evidence.validation_time(now);
        let mut chain = Vec::new();
        if let Some(cert) = &signer_cert {
            match self.certificates {
                Some(validator) => {
                    if !embedded.ocsp_responses.is_empty() || !embedded.crls.is_empty() {
                        checks.info(
                            CheckId::ValidationData,
                            format!("the signature carries {}", embedded.summary()),
                        );
                    }
                    chain =
                        validator.validate_certificate_with(cert, &embedded, &time, &mut checks);
                }
                None => {
                    checks.fail(
                        CheckId::CertificateChain,
                        SubIndication::NoCertificateChainFound,
                        "no trust anchors were given (--trust): the signer certificate's chain was not validated",
                    );
                }
            }
        }

        applied.cite(&mut checks);
        let (indication, sub_indication) = checks.verdict();
        let (signing_time, signing_time_source) = evidence.reported_time(claimed_time, now);
        let policy = PolicySummary {
            oid: match &facts.policy {
                Some(PolicyReference::Explicit { identifier, .. }) => Some(identifier.clone()),
                _ => None,
            },
            hash_ok: checks.policy_hash_ok(),
            name: match applied.how {
                PolicySelection::Generic => None,
                _ => applied.identity.as_ref().map(|i| i.name.to_owned()),
            },
            digest: match applied.how {
                PolicySelection::Generic => None,
                _ => applied.identity.as_ref().map(|i| i.hash.clone()),
            },
        };
        reports.push(SignatureReport {
            id: id.clone(),
            level,
            indication,
            sub_indication,
            signing_time: Some(signing_time),
            signing_time_source,
            signer: signer_cert
                .as_ref()
                .map(SignerSummary::of)
                .unwrap_or_default(),
            policy,
            checks: checks.into_checks(),
            chain: CertificateSummary::chain(&chain),
        });
        for (i, counter) in si.counter_signatures().iter().enumerate() {
            self.validate_signer(
                sd,
                counter,
                Some(si.signature()),
                format!("{id}/counter-{}", i + 1),
                reports,
            )?;
        }
        Ok(())
    }

    fn check_content(
        &self,
        sd: &SignedData,
        si: &SignerInfo,
        counter_signed: Option<&[u8]>,
        digest_alg: Option<DigestAlgorithm>,
        checks: &mut CheckList,
    ) -> Result<()> {
        if si.signed_attributes().is_empty() {
            // Plain PKCS#7 without attributes: the signature covers the content itself.
            checks.info(
                CheckId::SignedAttributes,
                "no signed attributes: the signature covers the content directly",
            );
            return Ok(());
        }
        match (counter_signed, si.signed_attribute(oid::ATTR_CONTENT_TYPE)) {
            (Some(_), Some(_)) => {
                checks.fail(
                    CheckId::ContentType,
                    SubIndication::FormatFailure,
                    "a counter-signature must not carry content-type (RFC 5652 §11.4)",
                );
            }
            (Some(_), None) => {}
            (None, None) => {
                checks.fail(
                    CheckId::ContentType,
                    SubIndication::FormatFailure,
                    "content-type attribute missing",
                );
            }
            (None, Some(a)) => match a.single_value().and_then(attributes::parse_oid_value) {
                Ok(ct) if ct == sd.content_type() => {
                    checks.pass(
                        CheckId::ContentType,
                        format!("content-type {ct} matches eContentType"),
                    );
                }
                Ok(ct) => {
                    checks.fail(
                        CheckId::ContentType,
                        SubIndication::FormatFailure,
                        format!(
                            "content-type {ct} differs from eContentType {}",
                            sd.content_type()
                        ),
                    );
                }
                Err(e) => {
                    checks.fail(
                        CheckId::ContentType,
                        SubIndication::FormatFailure,
                        e.to_string(),
                    );
                }
            },
        }
        let claimed = match si
            .signed_attribute(oid::ATTR_MESSAGE_DIGEST)
            .map(|a| a.single_value().and_then(attributes::parse_octet_string))
        {
            Some(Ok(d)) => d,
            Some(Err(e)) => {
                checks.fail(
                    CheckId::MessageDigest,
                    SubIndication::FormatFailure,
                    e.to_string(),
                );
                return Ok(());
            }
            None => {
                checks.fail(
                    CheckId::MessageDigest,
                    SubIndication::FormatFailure,
                    "message-digest attribute missing",
                );
                return Ok(());
            }
        };
        let Some(alg) = digest_alg else {
            checks.fail(
                CheckId::MessageDigest,
                SubIndication::CryptoConstraintsFailure,
                format!(
                    "digest algorithm {} is not supported",
                    si.digest_algorithm().oid
                ),
            );
            return Ok(());
        };
        let actual = match (counter_signed, sd.content(), self.content) {
            (Some(value), _, _) => digest::digest(alg, value),
            // Content held and content given: neither may stand in for the other (an attached
            // signature over other data, presented with the document, or as a PDF's CMS).
            (None, Some(content), Some(given)) => {
                let held = digest::digest(alg, content);
                if given.digest(alg)? != held {
                    checks.fail(
                        CheckId::MessageDigest,
                        SubIndication::HashFailure,
                        "the signature holds other content than the content given: it does not sign that content",
                    );
                    return Ok(());
                }
                held
            }
            (None, Some(content), None) => digest::digest(alg, content),
            (None, None, Some(detached)) => detached.digest(alg)?,
            (None, None, None) => {
                checks.fail(
                    CheckId::MessageDigest,
                    SubIndication::SignedDataNotFound,
                    "detached signature: the signed content was not supplied (--content)",
                );
                return Ok(());
            }
        };
        if actual == claimed {
            let what = if counter_signed.is_some() {
                "the counter-signed signature value"
            } else {
                "the content"
            };
            checks.pass(
                CheckId::MessageDigest,
                format!("{alg} digest of {what} matches"),
            );
        } else {
            checks.fail(
                CheckId::MessageDigest,
                SubIndication::HashFailure,
                "the message-digest does not match the signed content: it was modified after signing",
            );
        }
        Ok(())
    }
}

/// RFC 5652 §11: content-type, message-digest and signing-time appear at most once, with one value.
fn check_attribute_multiplicity(si: &SignerInfo, checks: &mut CheckList) {
    for (attr, name) in [
        (oid::ATTR_CONTENT_TYPE, "content-type"),
        (oid::ATTR_MESSAGE_DIGEST, "message-digest"),
        (oid::ATTR_SIGNING_TIME, "signing-time"),
    ] {
        let count = si.count_signed(attr);
        let values_ok = si
            .signed_attribute(attr)
            .is_none_or(|a| a.values.len() == 1);
        if count > 1 || !values_ok {
            checks.fail(
                CheckId::AttributeMultiplicity,
                SubIndication::FormatFailure,
                format!("{name} must appear once with one value (RFC 5652 §11)"),
            );
        }
    }
}

fn read_signing_time(si: &SignerInfo, checks: &mut CheckList) -> Option<OffsetDateTime> {
    let attr = si.signed_attribute(oid::ATTR_SIGNING_TIME)?;
    match attr.single_value().ok().map(datetime::decode_time) {
        Some(Ok(t)) => Some(t),
        _ => {
            checks.fail(
                CheckId::SigningTime,
                SubIndication::FormatFailure,
                "malformed signing-time",
            );
            None
        }
    }
}

fn identify_signer(
    sd: &SignedData,
    si: &SignerInfo,
    checks: &mut CheckList,
    facts: &mut SignatureFacts,
) -> Option<Certificate> {
    // The certificates set is not signed: several may carry the identifier the SignerInfo
    // names (one prepended by anyone); the one the signed attribute designates is the signer.
    let candidates: Vec<&Certificate> = sd
        .certificates()
        .iter()
        .filter(|c| si.signer_id().matches(c))
        .collect();
    let Some(&named) = candidates.first() else {
        checks.fail(
            CheckId::SigningCertificate,
            SubIndication::NoSigningCertificateFound,
            "the certificate named by the SignerInfo is not in the signature",
        );
        return None;
    };
    let (refs, version) = match (
        si.signed_attribute(oid::ATTR_SIGNING_CERTIFICATE_V2),
        si.signed_attribute(oid::ATTR_SIGNING_CERTIFICATE),
    ) {
        (Some(a), _) => (
            a.single_value()
                .and_then(|v| attributes::parse_signing_certificate(v, true)),
            SigningCertificateRef::EssV2,
        ),
        (None, Some(a)) => (
            a.single_value()
                .and_then(|v| attributes::parse_signing_certificate(v, false)),
            SigningCertificateRef::EssV1,
        ),
        (None, None) => {
            checks.info(
                CheckId::SigningCertificate,
                format!(
                    "signer {} (no signing-certificate attribute)",
                    named.subject_text()
                ),
            );
            return Some(named.clone());
        }
    };
    let cert = match refs.as_deref() {
        Ok([first, ..]) => candidates
            .iter()
            .find(|c| first.matches(c))
            .unwrap_or(&named),
        _ => &named,
    };
    let cert = (*cert).clone();
    facts.signing_certificate = Some(version);
    let name = match version {
        SigningCertificateRef::EssV1 => "ESS signing-certificate",
        _ => "ESS signing-certificate-v2",
    };
    match refs.as_deref() {
        Ok([first, ..]) if first.matches(&cert) => {
            checks.pass(
                CheckId::SigningCertificate,
                format!("{name} designates {}", cert.subject_text()),
            );
            if let Ok(alg) = first.hash_algorithm {
                facts.data_digests.push(Ok(alg));
            }
        }
        Ok([first, ..]) => {
            checks.fail(
                CheckId::SigningCertificate,
                SubIndication::NoSigningCertificateFound,
                format!(
                    "{name} does not designate the signer certificate {}{}",
                    cert.subject_text(),
                    unsupported(first)
                ),
            );
        }
        Ok([]) | Err(_) => {
            checks.fail(
                CheckId::SigningCertificate,
                SubIndication::FormatFailure,
                format!("malformed {name}"),
            );
        }
    }
    Some(cert)
}

fn unsupported(id: &EssCertId) -> String {
    match id.hash_algorithm {
        Err(oid) => format!(" (hash algorithm {oid} not supported)"),
        Ok(_) => String::new(),
    }
}

fn verify_signature_value(
    si: &SignerInfo,
    sd: &SignedData,
    cert: &Certificate,
    counter_signed: Option<&[u8]>,
    checks: &mut CheckList,
) {
    let content = counter_signed.or(sd.content());
    match verify_signer_info(si, cert, content) {
        SignatureCheck::Valid(algorithm) => {
            checks.pass(
                CheckId::SignatureValue,
                format!("{algorithm} signature verifies with the signer's key"),
            );
        }
        SignatureCheck::ValidOverDerOrder(algorithm) => {
            checks.pass(
                CheckId::SignatureValue,
                format!(
                    "{algorithm} signature verifies over the DER (sorted) form of the signed attributes, as RFC 5652 §5.4 specifies"
                ),
            );
            checks.warn(
                CheckId::SignedAttributesOrder,
                "the signed attributes are stored out of DER order",
            );
        }
        SignatureCheck::Invalid(_, e) => {
            checks.fail(
                CheckId::SignatureValue,
                SubIndication::SigCryptoFailure,
                e.to_string(),
            );
        }
        SignatureCheck::UnsupportedAlgorithm(what) => {
            checks.fail(
                CheckId::SignatureValue,
                SubIndication::CryptoConstraintsFailure,
                what,
            );
        }
        SignatureCheck::ContentMissing => {
            checks.skip(
                CheckId::SignatureValue,
                "detached signature without signed attributes: the content is needed",
            );
        }
    }
}

fn read_policy_facts(si: &SignerInfo, facts: &mut SignatureFacts, checks: &mut CheckList) {
    if let Some(a) = si.signed_attribute(oid::ATTR_SIGNATURE_POLICY) {
        match a
            .single_value()
            .and_then(attributes::parse_signature_policy)
        {
            Ok(reference) => facts.policy = Some(reference),
            Err(e) => {
                checks.fail(
                    CheckId::SignaturePolicy,
                    SubIndication::FormatFailure,
                    e.to_string(),
                );
            }
        }
    }
    facts.has_data_format = si.signed_attribute(oid::ATTR_CONTENT_HINTS).is_some();
    for attr in [oid::ATTR_SIGNER_ATTRIBUTES, oid::ATTR_SIGNER_ATTRIBUTES_V2] {
        if let Some(a) = si.signed_attribute(attr)
            && let Ok(value) = a.single_value()
            && let Ok(roles) = attributes::parse_claimed_roles(value)
        {
            facts.claimed_roles.extend(roles);
        }
    }
}

/// The level the signature reaches (TS 101 733 §4.4, EN 319 122-1 §5.5, §6): the extended
/// forms by their unsigned attributes, the baseline LT by validation data in the `SignedData`
/// beside a signature time-stamp, LTA by an archive-time-stamp-v3.
fn level_of(sd: &SignedData, si: &SignerInfo, has_policy: bool) -> Level {
    let has = |o| si.unsigned_attribute(o).is_some();
    let x_stamped = has(oid::ATTR_ESC_TIMESTAMP) || has(oid::ATTR_CERT_CRL_TIMESTAMP);
    let values = has(oid::ATTR_CERT_VALUES) && has(oid::ATTR_REVOCATION_VALUES);
    if has(oid::ATTR_ARCHIVE_TIMESTAMP_V3) && !has(oid::ATTR_CERTIFICATE_REFS) {
        Level::Lta
    } else if has(oid::ATTR_ARCHIVE_TIMESTAMP_V3)
        || has(oid::ATTR_ARCHIVE_TIMESTAMP_V2)
        || has(oid::ATTR_ARCHIVE_TIMESTAMP)
    {
        Level::A
    } else if values && x_stamped {
        Level::Xl
    } else if x_stamped {
        Level::X
    } else if has(oid::ATTR_CERTIFICATE_REFS) {
        Level::C
    } else if has(oid::ATTR_SIGNATURE_TIMESTAMP) && (values || !sd.crls().is_empty()) {
        Level::Lt
    } else if has(oid::ATTR_SIGNATURE_TIMESTAMP) {
        Level::T
    } else if has_policy {
        Level::Epes
    } else {
        Level::Bes
    }
}
