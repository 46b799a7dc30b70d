//! The URIs of the report: ETSI TS 119 102-2 v1.4.1 vocabulary (main indications, EN 319
//! 102-1 sub-indications, constraint status, proof-of-existence types, validation object
//! types) and the few `urn:ades:` names for what ETSI has no term for.

use ades_core::{Indication, SubIndication};

/// Namespace of the v1.4.1 validation report.
pub(crate) const NAMESPACE: &str = "http://uri.etsi.org/19102/v1.4.1#";
/// XAdES v1.3.2, the namespace of `SignaturePolicyIdentifier`'s content.
pub(crate) const XADES_NAMESPACE: &str = "http://uri.etsi.org/01903/v1.3.2#";
/// XML-DSig, the namespace of `DigestMethod` and `DigestValue`.
pub(crate) const XMLDSIG_NAMESPACE: &str = "http://www.w3.org/2000/09/xmldsig#";

/// A constraint that was evaluated.
pub(crate) const CONSTRAINT_APPLIED: &str = "urn:etsi:019102:constraintStatus:applied";
/// A constraint that was not evaluated (a check skipped).
pub(crate) const CONSTRAINT_DISABLED: &str = "urn:etsi:019102:constraintStatus:disabled";

/// A proof of existence derived by the validation (from a time-stamp, or the validation
/// time itself when nothing older is proven).
pub(crate) const POE_VALIDATION: &str = "urn:etsi:019102:poetype:validation";

/// A certificate validation object.
pub(crate) const OBJECT_CERTIFICATE: &str = "urn:etsi:019102:validationObject:certificate";

/// Prefix of our check identifiers (`urn:ades:check:message-digest`).
pub(crate) const CHECK_PREFIX: &str = "urn:ades:check:";
/// Report data: the outcome of a check as `ades` names it (`passed`, `warning`, …).
pub(crate) const DATA_OUTCOME: &str = "urn:ades:report:outcome";
/// Report data: the human-readable detail of a check or signature.
pub(crate) const DATA_DETAIL: &str = "urn:ades:report:detail";
/// Report data: the policy rule (and section) that asked for a check.
pub(crate) const DATA_RULE: &str = "urn:ades:report:rule";
/// Report data: the level a signature reaches (`CAdES-EPES`, `PAdES-LTA`).
pub(crate) const DATA_LEVEL: &str = "urn:ades:report:level";
/// Report data: where the signing time came from (`timestamp`, `claimed`, `validation-time`).
pub(crate) const DATA_SIGNING_TIME_SOURCE: &str = "urn:ades:report:signing-time-source";
/// Report data: the file validated.
pub(crate) const DATA_FILE: &str = "urn:ades:report:file";
/// Report data: the format of the file (`CAdES`, `XAdES`, `PAdES`, `RFC 3161`).
pub(crate) const DATA_FORMAT: &str = "urn:ades:report:format";
/// Report data: the policy a signature names, by name, when it is one `ades` knows.
pub(crate) const DATA_POLICY_NAME: &str = "urn:ades:report:policy-name";

/// The main indication of a signature (TS 119 102-2 §4.3.9 / EN 319 102-1 §5.1.3).
pub(crate) fn main_indication(indication: Indication) -> &'static str {
    match indication {
        Indication::TotalPassed => "urn:etsi:019102:mainindication:total-passed",
        Indication::TotalFailed => "urn:etsi:019102:mainindication:total-failed",
        Indication::Indeterminate => "urn:etsi:019102:mainindication:indeterminate",
    }
}

/// The main status of one constraint: passed, failed or indeterminate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ConstraintIndication {
    /// The check passed.
    Passed,
    /// The check failed in a way that decides a TOTAL-FAILED.
    Failed,
    /// The check gave no result, or failed in a way more information may repair.
    Indeterminate,
}

impl ConstraintIndication {
    /// Its URI (TS 119 102-2, individual constraint reports).
    pub(crate) fn uri(self) -> &'static str {
        match self {
            ConstraintIndication::Passed => "urn:etsi:019102:mainindication:passed",
            ConstraintIndication::Failed => "urn:etsi:019102:mainindication:failed",
            ConstraintIndication::Indeterminate => "urn:etsi:019102:mainindication:indeterminate",
        }
    }
}

/// The URI of a sub-indication: ETSI's for the EN 319 102-1 ones; `urn:ades:subindication:`
/// for `MODIFIED_AFTER_SIGNING`, which EN 319 102-1 lacks, and for any sub-indication this
/// crate does not know to be ETSI's (a report never claims an ETSI meaning it may not have).
pub(crate) fn sub_indication(sub: SubIndication) -> String {
    use SubIndication::*;
    let etsi = matches!(
        sub,
        FormatFailure
            | HashFailure
            | SigCryptoFailure
            | Revoked
            | Expired
            | NotYetValid
            | SigConstraintsFailure
            | ChainConstraintsFailure
            | CertificateChainGeneralFailure
            | CryptoConstraintsFailure
            | CryptoConstraintsFailureNoPoe
            | PolicyProcessingError
            | SignaturePolicyNotAvailable
            | TimestampOrderFailure
            | NoSigningCertificateFound
            | NoCertificateChainFound
            | RevokedNoPoe
            | RevokedCaNoPoe
            | OutOfBoundsNoPoe
            | OutOfBoundsNotRevoked
            | NoPoe
            | TryLater
            | SignedDataNotFound
    );
    let prefix = if etsi {
        "urn:etsi:019102:subindication:"
    } else {
        "urn:ades:subindication:"
    };
    format!("{prefix}{sub}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etsi_names_and_ours() {
        assert_eq!(
            sub_indication(SubIndication::HashFailure),
            "urn:etsi:019102:subindication:HASH_FAILURE"
        );
        assert_eq!(
            sub_indication(SubIndication::CryptoConstraintsFailureNoPoe),
            "urn:etsi:019102:subindication:CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
        );
        assert_eq!(
            sub_indication(SubIndication::ModifiedAfterSigning),
            "urn:ades:subindication:MODIFIED_AFTER_SIGNING"
        );
        assert_eq!(
            main_indication(Indication::Indeterminate),
            "urn:etsi:019102:mainindication:indeterminate"
        );
    }
}
