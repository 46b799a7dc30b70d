//! The validation report on a bare time-stamp token (`.tst`) or response (`.tsr`) over a file:
//! the same report shape as a signature's.

use ades_core::report::{
    CheckList, PolicySummary, SignatureReport, SignerSummary, SigningTimeSource,
};
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, DetachedContent};
use ades_core::{CheckId, Format, LevelReached, SubIndication, ValidationData, ValidationReport};

use crate::{TimeStampResponse, TimeStampToken, TokenContext};

/// The token in `bytes`, if they are a time-stamp token or a granted response.
pub fn read_token_or_response(bytes: &[u8]) -> Option<TimeStampToken> {
    TimeStampToken::from_der(bytes)
        .ok()
        .or_else(|| TimeStampResponse::from_der(bytes).ok()?.into_token().ok())
}

/// The report on `token`, a time-stamp over `content`: its imprint, the TSA's signature and
/// the TSA's chain at the token's time (through `validator`), named `file`.
pub fn validate_token(
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
            "the time-stamped file was not supplied",
        );
    }
    let nothing_embedded = ValidationData::new();
    token.verify(
        CheckId::Timestamp,
        &digest_of,
        &TokenContext::new(validator, &nothing_embedded, now),
        &mut checks,
    );
    if validator.is_none() {
        checks.fail(
            CheckId::CertificateChain,
            SubIndication::NoCertificateChainFound,
            "no trust anchors were given: the TSA chain was not validated",
        );
    }
    let (indication, sub_indication) = checks.verdict();
    ValidationReport {
        file: file.to_owned(),
        format: Format::TimeStampToken,
        signatures: vec![SignatureReport {
            id: "token".to_owned(),
            level: LevelReached::TimestampToken,
            indication,
            sub_indication,
            signing_time: Some(token.gen_time()),
            signing_time_source: SigningTimeSource::Timestamp,
            signer: token
                .tsa_certificate(&[])
                .map(|c| SignerSummary::of(&c))
                .unwrap_or_default(),
            policy: PolicySummary {
                oid: Some(token.tst_info().policy.to_string()),
                hash_ok: None,
                name: None,
                digest: None,
            },
            checks: checks.into_checks(),
            chain: Vec::new(),
        }],
        validation_time: now,
    }
}
