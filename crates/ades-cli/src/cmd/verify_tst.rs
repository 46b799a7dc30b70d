//! `ades verify` on RFC 3161 time-stamp tokens (`.tst`) and responses (`.tsr`).

use ades_core::CheckId;
use ades_core::report::{
    CheckList, PolicySummary, SignatureReport, SignerSummary, SigningTimeSource,
};
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, DetachedContent};
use ades_core::{SubIndication, ValidationReport};
use ades_tsp::{TimeStampResponse, TimeStampToken};

/// The token in `bytes`, if they are a time-stamp token or a granted response.
pub(crate) fn as_time_stamp(bytes: &[u8]) -> Option<TimeStampToken> {
    TimeStampToken::from_der(bytes)
        .ok()
        .or_else(|| TimeStampResponse::from_der(bytes).ok()?.into_token().ok())
}

/// The report on a token: its imprint against `content`, the TSA signature and chain.
pub(crate) fn validate(
    token: &TimeStampToken,
    file: &str,
    content: Option<&dyn DetachedContent>,
    validator: Option<&dyn CertificateValidator>,
    now: OffsetDateTime,
) -> ValidationReport {
    let mut checks = CheckList::new();
    let digest_of = |alg| content.and_then(|c| c.digest(alg).ok());
    if content.is_none() {
        checks.fail(
            CheckId::TimeStampedData,
            SubIndication::SignedDataNotFound,
            "the time-stamped file was not supplied (--content)",
        );
    }
    token.verify(
        CheckId::Timestamp,
        &digest_of,
        validator,
        &[],
        now,
        &mut checks,
    );
    if validator.is_none() {
        checks.fail(
            CheckId::CertificateChain,
            SubIndication::NoCertificateChainFound,
            "no trust anchors were given (--trust): the TSA chain was not validated",
        );
    }
    let (indication, sub_indication) = checks.verdict();
    let tsa = token.tsa_certificate(&[]);
    ValidationReport {
        file: file.to_owned(),
        format: ades_core::Format::TimeStampToken,
        signatures: vec![SignatureReport {
            id: "token".to_owned(),
            level: ades_core::LevelReached::TimestampToken,
            indication,
            sub_indication,
            signing_time: Some(token.gen_time()),
            signing_time_source: SigningTimeSource::Timestamp,
            signer: tsa
                .map(|c| SignerSummary {
                    subject: c.subject_text(),
                    serial: c.serial_hex(),
                    issuer: c.issuer_text(),
                    subject_serial_number: None,
                })
                .unwrap_or_default(),
            policy: PolicySummary {
                oid: Some(token.tst_info().policy.to_string()),
                hash_ok: None,
                name: None,
            },
            checks: checks.into_checks(),
        }],
    }
}
