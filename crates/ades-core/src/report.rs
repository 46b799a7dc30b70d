//! The validation report: per signature an indication and sub-indication after
//! ETSI EN 319 102-1 (§5.1.3, Table 5), every check that was made with its outcome and the
//! policy rule that asked for it, the signing time used and where it came from.
//!
//! A validator's `Err` means "could not evaluate"; a bad signature is a report whose
//! indication says so.

use serde::Serialize;
use time::OffsetDateTime;

use crate::check_id::{CheckId, RuleRef};
use crate::format::Format;
use crate::level::LevelReached;

/// The overall status of a signature (EN 319 102-1 §5.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Indication {
    /// Every check passed.
    #[serde(rename = "TOTAL-PASSED")]
    TotalPassed,
    /// A check failed in a way that more information cannot repair.
    #[serde(rename = "TOTAL-FAILED")]
    TotalFailed,
    /// The available information does not allow a pass or a fail.
    #[serde(rename = "INDETERMINATE")]
    Indeterminate,
}

impl Indication {
    /// Ranks indications from worst (0) to best, so the worst of several signatures decides.
    pub fn severity_rank(self) -> u8 {
        match self {
            Indication::TotalFailed => 0,
            Indication::Indeterminate => 1,
            Indication::TotalPassed => 2,
        }
    }

    /// The `ades verify` exit code: 0 passed, 1 failed, 2 indeterminate.
    pub fn exit_code(self) -> u8 {
        match self {
            Indication::TotalPassed => 0,
            Indication::TotalFailed => 1,
            Indication::Indeterminate => 2,
        }
    }
}

impl std::fmt::Display for Indication {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Indication::TotalPassed => "TOTAL-PASSED",
            Indication::TotalFailed => "TOTAL-FAILED",
            Indication::Indeterminate => "INDETERMINATE",
        })
    }
}

/// Why a signature failed or is indeterminate (EN 319 102-1 Table 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum SubIndication {
    // --- with TOTAL-FAILED
    /// The signature is not in a format the process can handle.
    FormatFailure,
    /// A hash of the signed data does not match (message digest, reference digest).
    HashFailure,
    /// The signature value does not verify with the signer's public key.
    SigCryptoFailure,
    /// The signer certificate was revoked before the signing time.
    Revoked,
    /// The signing time lies after the signer certificate expired.
    Expired,
    /// The signing time lies before the signer certificate's validity.
    NotYetValid,
    /// Not in EN 319 102-1: the signed bytes are intact, but a later incremental update of
    /// the PDF changes what the signed revision shows (page content, annotations, objects of
    /// the signed revision redefined): the document no longer is what was signed (PAdES
    /// incremental-saving and shadow attacks).
    ModifiedAfterSigning,
    // --- with INDETERMINATE
    /// A signature constraint (a policy rule) is not met.
    SigConstraintsFailure,
    /// A certificate chain constraint is not met.
    ChainConstraintsFailure,
    /// The chain could not be validated for another reason.
    CertificateChainGeneralFailure,
    /// An algorithm or key size is not allowed by the constraints.
    CryptoConstraintsFailure,
    /// An algorithm is not allowed and no proof of existence predates its sunset.
    CryptoConstraintsFailureNoPoe,
    /// The signature policy could not be processed (unknown policy, hash mismatch).
    PolicyProcessingError,
    /// The signature policy document is not available.
    SignaturePolicyNotAvailable,
    /// Time-stamps are not in the required order.
    TimestampOrderFailure,
    /// The signer certificate cannot be identified.
    NoSigningCertificateFound,
    /// No chain to a trust anchor could be built.
    NoCertificateChainFound,
    /// The signer certificate is revoked and no proof of existence predates the revocation.
    RevokedNoPoe,
    /// A CA certificate is revoked and no proof of existence predates the revocation.
    RevokedCaNoPoe,
    /// The signer certificate expired and no proof of existence predates the expiry.
    OutOfBoundsNoPoe,
    /// The signer certificate expired, was not revoked, and no proof of existence predates it.
    OutOfBoundsNotRevoked,
    /// A proof of existence is missing.
    NoPoe,
    /// Revocation information is not yet available.
    TryLater,
    /// The signed data cannot be found (detached content missing).
    SignedDataNotFound,
}

impl SubIndication {
    /// Every sub-indication: EN 319 102-1 Table 5's, TOTAL-FAILED ones first, then ours.
    pub const ALL: [SubIndication; 24] = {
        use SubIndication::*;
        [
            FormatFailure,
            HashFailure,
            SigCryptoFailure,
            Revoked,
            Expired,
            NotYetValid,
            SigConstraintsFailure,
            ChainConstraintsFailure,
            CertificateChainGeneralFailure,
            CryptoConstraintsFailure,
            CryptoConstraintsFailureNoPoe,
            PolicyProcessingError,
            SignaturePolicyNotAvailable,
            TimestampOrderFailure,
            NoSigningCertificateFound,
            NoCertificateChainFound,
            RevokedNoPoe,
            RevokedCaNoPoe,
            OutOfBoundsNoPoe,
            OutOfBoundsNotRevoked,
            NoPoe,
            TryLater,
            SignedDataNotFound,
            ModifiedAfterSigning,
        ]
    };

    /// The indication this sub-indication belongs to (EN 319 102-1 Table 5).
    pub fn indication(self) -> Indication {
        use SubIndication::*;
        match self {
            FormatFailure | HashFailure | SigCryptoFailure | Revoked | Expired | NotYetValid
            | ModifiedAfterSigning => Indication::TotalFailed,
            _ => Indication::Indeterminate,
        }
    }
}

impl std::fmt::Display for SubIndication {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        f.write_str(&text)
    }
}

/// What one check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The check passed.
    Passed,
    /// The check failed; the signature's indication reflects it.
    Failed,
    /// The check passed with a reservation (e.g. SHA-1, deprecated but allowed).
    Warning,
    /// The check could not be made (information missing, or not implemented yet).
    Skipped,
    /// Information only.
    Info,
}

/// One check made during validation.
///
/// In JSON, `name` is the check's stable name, prefixed by its scope when it has one
/// (`signature-timestamp/revocation`: the revocation check of the TSA certificate of a
/// signature time-stamp).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked.
    pub name: CheckId,
    /// The check this one is part of: a time-stamp whose TSA chain this check validates.
    pub scope: Option<CheckId>,
    /// What it found.
    pub outcome: Outcome,
    /// Human-readable detail.
    pub detail: String,
    /// The policy rule that asked for the check, if any.
    pub rule: Option<RuleRef>,
    /// The sub-indication a failure of this check implies.
    pub sub_indication: Option<SubIndication>,
}

impl Serialize for Check {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Check", 5)?;
        st.serialize_field("name", &self.qualified_name())?;
        st.serialize_field("outcome", &self.outcome)?;
        st.serialize_field("detail", &self.detail)?;
        match &self.rule {
            Some(rule) => st.serialize_field("rule", rule)?,
            None => st.skip_field("rule")?,
        }
        match &self.sub_indication {
            Some(sub) => st.serialize_field("sub_indication", sub)?,
            None => st.skip_field("sub_indication")?,
        }
        st.end()
    }
}

/// Where the signing time used by the validation came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SigningTimeSource {
    /// The oldest valid signature time-stamp (policy §3.7, rule 5).
    Timestamp,
    /// The signer's claim (signing-time attribute, SigningTime, `/M`): an indication only.
    Claimed,
    /// No time in the signature; validation used the current time.
    ValidationTime,
}

/// The signer as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct SignerSummary {
    /// Subject DN (RFC 4514).
    pub subject: String,
    /// Serial number (hex).
    pub serial: String,
    /// Issuer DN (RFC 4514).
    pub issuer: String,
    /// Subject `serialNumber` (NIF/NIE for Spanish personal certificates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_serial_number: Option<String>,
    /// The signer certificate, when it was found (for reports that reference it, e.g. ETSI
    /// TS 119 102-2 `SignerInformation`; not in JSON, where `chain` lists it).
    #[serde(skip)]
    pub certificate: Option<CertificateSummary>,
}

/// The policy a signature names and whether its hash matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PolicySummary {
    /// Policy OID (dotted).
    pub oid: Option<String>,
    /// Whether the SigPolicyHash matched the known policy document (None: not checked).
    pub hash_ok: Option<bool>,
    /// Name of the policy when it is one we know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The digest of the policy document the signature was judged against, when it is one we
    /// know (for ETSI TS 119 102-2 `SignatureValidationPolicy`; not in JSON).
    #[serde(skip)]
    pub digest: Option<crate::policy::PolicyHash>,
}

/// The verdict on one signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureReport {
    /// Identifier inside the file (`signer-1`, `signer-1/counter-1`, an XML Id, a field name).
    pub id: String,
    /// The level reached (serialized `CAdES-EPES`, `XAdES-T`, `PAdES-LTA`, …).
    pub level: LevelReached,
    /// EN 319 102-1 indication.
    pub indication: Indication,
    /// EN 319 102-1 sub-indication when not passed.
    pub sub_indication: Option<SubIndication>,
    /// The signing time used (RFC 3339).
    #[serde(with = "rfc3339_opt")]
    pub signing_time: Option<OffsetDateTime>,
    /// Where the signing time came from.
    pub signing_time_source: SigningTimeSource,
    /// The signer.
    pub signer: SignerSummary,
    /// The policy.
    pub policy: PolicySummary,
    /// Every check, in the order it was made.
    pub checks: Vec<Check>,
    /// The certificate chain that was validated, signer first, trust anchor last (empty
    /// when none was built).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<CertificateSummary>,
}

/// One certificate of a validated chain, as reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateSummary {
    /// Subject DN (RFC 4514).
    pub subject: String,
    /// Issuer DN (RFC 4514).
    pub issuer: String,
    /// Serial number (hex).
    pub serial: String,
    /// Start of validity (RFC 3339).
    #[serde(with = "rfc3339")]
    pub not_before: OffsetDateTime,
    /// End of validity (RFC 3339).
    #[serde(with = "rfc3339")]
    pub not_after: OffsetDateTime,
    /// SHA-256 of the DER encoding (hex).
    pub sha256: String,
    /// The DER encoding (kept for reports that embed certificates, e.g. ETSI TS 119 102-2;
    /// not in JSON, where the fingerprint identifies it).
    #[serde(skip)]
    pub der: Vec<u8>,
}

impl CertificateSummary {
    /// The summary of `cert`.
    pub fn of(cert: &crate::Certificate) -> Self {
        CertificateSummary {
            subject: cert.subject_text(),
            issuer: cert.issuer_text(),
            serial: cert.serial_hex(),
            not_before: cert.not_before(),
            not_after: cert.not_after(),
            sha256: crate::digest::hex_lower(&cert.fingerprint(crate::DigestAlgorithm::Sha256)),
            der: cert.der().to_vec(),
        }
    }

    /// The summaries of a chain, in order.
    pub fn chain(certs: &[crate::Certificate]) -> Vec<Self> {
        certs.iter().map(Self::of).collect()
    }
}

/// The verdict on every signature of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationReport {
    /// The file validated.
    pub file: String,
    /// Its format (serialized `CAdES`, `XAdES`, `PAdES`, `RFC 3161`).
    pub format: Format,
    /// One report per signature (counter-signatures included).
    pub signatures: Vec<SignatureReport>,
    /// The time the validation was made as of (RFC 3339): now, or the time asked for.
    #[serde(with = "rfc3339")]
    pub validation_time: OffsetDateTime,
}

impl ValidationReport {
    /// The report on a file that could not be read at all (missing, unreadable, a folder):
    /// INDETERMINATE / SIGNED_DATA_NOT_FOUND (neither the signature nor the data it signs
    /// could be obtained), `why` in the `format` check, so that every report format still
    /// says what happened.
    pub fn unreadable_file(
        file: impl Into<String>,
        why: impl Into<String>,
        validation_time: OffsetDateTime,
    ) -> Self {
        ValidationReport {
            file: file.into(),
            format: Format::Unknown,
            signatures: vec![SignatureReport::unreadable(
                "file",
                SubIndication::SignedDataNotFound,
                why,
            )],
            validation_time,
        }
    }

    /// The worst indication over all signatures (`INDETERMINATE` when there are none).
    pub fn worst(&self) -> Indication {
        self.signatures
            .iter()
            .map(|s| s.indication)
            .min_by_key(|i| i.severity_rank())
            .unwrap_or(Indication::Indeterminate)
    }
}

/// Collects checks and derives the indication: the first failure of the worst kind decides
/// (a TOTAL-FAILED finding outranks an INDETERMINATE one).
#[derive(Debug, Default, Clone)]
pub struct CheckList {
    checks: Vec<Check>,
}

impl CheckList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a passed check.
    pub fn pass(&mut self, name: CheckId, detail: impl Into<String>) -> &mut Check {
        self.push(name, Outcome::Passed, detail, None)
    }

    /// Records a failed check with the sub-indication it implies.
    pub fn fail(
        &mut self,
        name: CheckId,
        sub: SubIndication,
        detail: impl Into<String>,
    ) -> &mut Check {
        self.push(name, Outcome::Failed, detail, Some(sub))
    }

    /// Records a warning.
    pub fn warn(&mut self, name: CheckId, detail: impl Into<String>) -> &mut Check {
        self.push(name, Outcome::Warning, detail, None)
    }

    /// Records a check that could not be made.
    pub fn skip(&mut self, name: CheckId, detail: impl Into<String>) -> &mut Check {
        self.push(name, Outcome::Skipped, detail, None)
    }

    /// Records information.
    pub fn info(&mut self, name: CheckId, detail: impl Into<String>) -> &mut Check {
        self.push(name, Outcome::Info, detail, None)
    }

    /// Records a check made elsewhere.
    pub fn add(&mut self, check: Check) {
        self.checks.push(check);
    }

    fn push(
        &mut self,
        name: CheckId,
        outcome: Outcome,
        detail: impl Into<String>,
        sub_indication: Option<SubIndication>,
    ) -> &mut Check {
        self.checks.push(Check {
            name,
            scope: None,
            outcome,
            detail: detail.into(),
            rule: None,
            sub_indication,
        });
        let last = self.checks.len() - 1;
        &mut self.checks[last]
    }

    /// Whether a check of that name failed.
    pub fn failed(&self, name: CheckId) -> bool {
        self.checks
            .iter()
            .any(|c| c.name == name && c.outcome == Outcome::Failed)
    }

    /// The indication and sub-indication the checks add up to.
    pub fn verdict(&self) -> (Indication, Option<SubIndication>) {
        let worst = self
            .checks
            .iter()
            .filter_map(|c| c.sub_indication.filter(|_| c.outcome == Outcome::Failed))
            .min_by_key(|s| s.indication().severity_rank());
        match worst {
            Some(sub) => (sub.indication(), Some(sub)),
            None => (Indication::TotalPassed, None),
        }
    }

    /// The checks, in order.
    pub fn into_checks(self) -> Vec<Check> {
        self.checks
    }

    /// The checks, in order.
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// Names the rule `cite` gives for each check recorded without one.
    pub fn cite_with(&mut self, cite: impl Fn(CheckId) -> Option<RuleRef>) {
        for c in self.checks.iter_mut().filter(|c| c.rule.is_none()) {
            c.rule = cite(c.name);
        }
    }

    /// Records the checks of `other` after these.
    pub fn extend(&mut self, other: CheckList) {
        self.checks.extend(other.checks);
    }

    /// Records the checks of `other`, the verification of a proof of time the validation can
    /// do without (a signature time-stamp, EN 319 102-1 §5.5: one that does not validate is
    /// left out of the set the best signature time comes from). Its TOTAL-FAILED failures
    /// become warnings, with `why` added to their detail: the signature is judged without
    /// that time, neither failed by it nor helped.
    pub fn extend_with_ignored_proof(&mut self, other: CheckList, why: &str) {
        self.extend_demoting(other, why, |check| {
            check.outcome = Outcome::Warning;
            check.sub_indication = None;
        });
    }

    /// Records the checks of `other`, the verification of evidence added to a signature for
    /// the long term (an archive time-stamp, an evidence record), after these. Evidence that
    /// fails proves nothing: its TOTAL-FAILED sub-indications become NO_POE (the signature
    /// itself may be intact), with `why` added to their detail.
    pub fn extend_with_evidence(&mut self, other: CheckList, why: &str) {
        self.extend_demoting(other, why, |check| {
            check.sub_indication = Some(SubIndication::NoPoe);
        });
    }

    /// Records the checks of `other`, each TOTAL-FAILED failure changed by `demote` and
    /// `why` added to its detail.
    fn extend_demoting(&mut self, other: CheckList, why: &str, demote: impl Fn(&mut Check)) {
        for mut check in other.checks {
            if check.outcome == Outcome::Failed
                && check
                    .sub_indication
                    .is_some_and(|s| s.indication() == Indication::TotalFailed)
            {
                demote(&mut check);
                check.detail.push_str(why);
            }
            self.checks.push(check);
        }
    }
}

impl Check {
    /// The name as reports spell it: `scope/name` for a scoped check, else the name.
    pub fn qualified_name(&self) -> String {
        match self.scope {
            Some(scope) => format!("{scope}/{}", self.name),
            None => self.name.to_string(),
        }
    }

    /// Names the policy rule behind the check.
    pub fn rule(&mut self, rule: RuleRef) -> &mut Self {
        self.rule = Some(rule);
        self
    }
}

mod rfc3339 {
    use serde::Serializer;
    use time::OffsetDateTime;

    pub(super) fn serialize<S: Serializer>(
        value: &OffsetDateTime,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::datetime::rfc3339(*value))
    }
}

mod rfc3339_opt {
    use serde::Serializer;
    use time::OffsetDateTime;

    pub(super) fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(t) => s.serialize_str(&crate::datetime::rfc3339(*t)),
            None => s.serialize_none(),
        }
    }
}

impl SignerSummary {
    /// The summary of a signer certificate.
    pub fn of(cert: &crate::Certificate) -> Self {
        SignerSummary {
            subject: cert.subject_text(),
            serial: cert.serial_hex(),
            issuer: cert.issuer_text(),
            subject_serial_number: cert.subject_serial_number(),
            certificate: Some(CertificateSummary::of(cert)),
        }
    }
}

impl SignatureReport {
    /// The report on a file (or signature) that cannot be read at all: TOTAL-FAILED with
    /// `FORMAT_FAILURE`.
    pub fn format_failure(id: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::unreadable(id, SubIndication::FormatFailure, detail)
    }

    /// The report on something that could not be evaluated as a signature, failing with
    /// `sub_indication` (a `format` check).
    pub fn unreadable(
        id: impl Into<String>,
        sub_indication: SubIndication,
        detail: impl Into<String>,
    ) -> Self {
        let mut checks = CheckList::new();
        checks.fail(CheckId::Format, sub_indication, detail);
        let (indication, sub_indication) = checks.verdict();
        SignatureReport {
            id: id.into(),
            level: LevelReached::Unknown,
            indication,
            sub_indication,
            signing_time: None,
            signing_time_source: SigningTimeSource::ValidationTime,
            signer: SignerSummary::default(),
            policy: PolicySummary::default(),
            checks: checks.into_checks(),
            chain: Vec::new(),
        }
    }
}

impl CheckList {
    /// Whether the `policy-hash` check passed (`None`: it was not made).
    pub fn policy_hash_ok(&self) -> Option<bool> {
        self.checks
            .iter()
            .find(|c| c.name == CheckId::PolicyHash)
            .map(|c| c.outcome != Outcome::Failed)
    }
}

/// The report as text, one block per signature: verdict, signer, time, policy and every
/// check with the rule that asked for it (what `ades verify` prints).
impl std::fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} ({}): {} signature(s)",
            self.file,
            self.format,
            self.signatures.len()
        )?;
        for s in &self.signatures {
            let sub = s
                .sub_indication
                .map(|x| format!(" / {x}"))
                .unwrap_or_default();
            writeln!(f, "\n  {}  {}{}  [{}]", s.id, s.indication, sub, s.level)?;
            if !s.signer.subject.is_empty() {
                writeln!(f, "    signer:   {}", s.signer.subject)?;
                writeln!(
                    f,
                    "    issuer:   {} (serial {})",
                    s.signer.issuer, s.signer.serial
                )?;
            }
            if let Some(t) = s.signing_time {
                let source = match s.signing_time_source {
                    SigningTimeSource::Timestamp => "proven by time-stamp",
                    SigningTimeSource::Claimed => "claimed by the signer, not proven",
                    SigningTimeSource::ValidationTime => {
                        "no time in the signature: validation time"
                    }
                };
                writeln!(
                    f,
                    "    time:     {} ({source})",
                    crate::datetime::rfc3339(t)
                )?;
            }
            if let Some(oid) = &s.policy.oid {
                let name = s.policy.name.as_deref().unwrap_or("not a policy we know");
                let hash = match s.policy.hash_ok {
                    Some(true) => ", hash matches",
                    Some(false) => ", HASH MISMATCH",
                    None => "",
                };
                writeln!(f, "    policy:   {oid} ({name}{hash})")?;
            }
            for c in &s.checks {
                let mark = match c.outcome {
                    Outcome::Passed => "ok  ",
                    Outcome::Failed => "FAIL",
                    Outcome::Warning => "warn",
                    Outcome::Skipped => "skip",
                    Outcome::Info => "info",
                };
                let rule = c.rule.map(|r| format!(" [{r}]")).unwrap_or_default();
                writeln!(f, "    {mark} {}: {}{rule}", c.qualified_name(), c.detail)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_outranks_indeterminate() {
        let mut list = CheckList::new();
        list.pass(CheckId::Format, "ok");
        list.fail(
            CheckId::PolicyHash,
            SubIndication::SigConstraintsFailure,
            "policy",
        );
        assert_eq!(
            list.verdict(),
            (
                Indication::Indeterminate,
                Some(SubIndication::SigConstraintsFailure)
            )
        );
        list.fail(CheckId::MessageDigest, SubIndication::HashFailure, "digest");
        assert_eq!(
            list.verdict(),
            (Indication::TotalFailed, Some(SubIndication::HashFailure))
        );
    }

    #[test]
    fn serializes_etsi_names() {
        assert_eq!(
            serde_json::to_string(&Indication::TotalPassed).unwrap(),
            "\"TOTAL-PASSED\""
        );
        assert_eq!(
            serde_json::to_string(&SubIndication::NoCertificateChainFound).unwrap(),
            "\"NO_CERTIFICATE_CHAIN_FOUND\""
        );
        assert_eq!(SubIndication::HashFailure.to_string(), "HASH_FAILURE");
    }
}
