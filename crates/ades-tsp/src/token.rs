//! Time-stamp tokens: a CMS `SignedData` whose content is a `TSTInfo`, signed by a TSA, and
//! their complete verification (RFC 3161 §2.4.2, RFC 5816).

use ades_core::cms::{self, SignatureCheck, SignedData, verify_signer_info};
use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::{CertificateValidator, ValidationTime};
use ades_core::{
    Certificate, CheckId, DigestAlgorithm, SubIndication, ValidationData, datetime, digest, oid,
};

use crate::error::TspError;
use crate::tst_info::TstInfo;

/// A time-stamp token with its parsed `TSTInfo` and its exact encoding.
#[derive(Debug, Clone)]
pub struct TimeStampToken {
    der: Vec<u8>,
    signed_data: SignedData,
    tst_info: TstInfo,
}

impl TimeStampToken {
    /// Parses a token (a `ContentInfo` with `SignedData` over `id-ct-TSTInfo`).
    pub fn from_der(bytes: &[u8]) -> Result<Self, TspError> {
        let signed_data = SignedData::from_bytes(bytes)
            .map_err(|_| TspError::Malformed("the token is not a CMS SignedData"))?;
        if signed_data.content_type() != oid::ID_CT_TST_INFO {
            return Err(TspError::NotATimeStamp(signed_data.content_type()));
        }
        let content = signed_data
            .content()
            .ok_or(TspError::Malformed("the token has no TSTInfo content"))?;
        let tst_info = TstInfo::from_der(content)?;
        Ok(TimeStampToken {
            der: bytes.to_vec(),
            signed_data,
            tst_info,
        })
    }

    /// The token as encoded.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The `TSTInfo`.
    pub fn tst_info(&self) -> &TstInfo {
        &self.tst_info
    }

    /// The time the TSA asserts.
    pub fn gen_time(&self) -> OffsetDateTime {
        self.tst_info.gen_time
    }

    /// The CMS structure.
    pub fn signed_data(&self) -> &SignedData {
        &self.signed_data
    }

    /// The TSA certificate: the one the signer identifier names, among the embedded ones and
    /// `extra` (a token without certReq carries none).
    pub fn tsa_certificate(&self, extra: &[Certificate]) -> Option<Certificate> {
        let si = self.signed_data.signer_infos().first()?;
        self.signed_data
            .certificates()
            .iter()
            .chain(extra)
            .find(|c| si.signer_id().matches(c))
            .cloned()
    }

    /// Verifies the token completely and records each check under `name` (e.g.
    /// `signature-timestamp`): the message imprint against the data's digest (computed with
    /// the imprint's algorithm by `digest_of`), the TSA's signature, the ESS
    /// signing-certificate(-v2) binding, the critical timeStamping extended key usage, and,
    /// through the context's validator, the TSA chain: valid at genTime, with revocation
    /// data issued after it or fresh at the validation time, and not revoked before the
    /// token's proof of existence ([`TokenContext::existing_by`]; the validation time when no
    /// later time-stamp proves it: a token's genTime proves nothing about itself). The chain
    /// is built from the token's own certificates and revocation data and the context's
    /// `embedded` data (the signature's).
    /// Returns genTime when every check passed, the imprint included (data that cannot be
    /// had, or canonicalized, proves nothing).
    pub fn verify(
        &self,
        name: CheckId,
        digest_of: &dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
        ctx: &TokenContext<'_>,
        checks: &mut CheckList,
    ) -> Option<OffsetDateTime> {
        let failures_before = count_failures(checks);
        let imprint = &self.tst_info.message_imprint;
        // A token proves a time only for data it was checked against.
        let mut imprint_checked = false;
        match imprint.algorithm.digest() {
            None => {
                checks.fail(
                    name,
                    SubIndication::CryptoConstraintsFailure,
                    format!(
                        "message imprint algorithm {} is not supported",
                        imprint.algorithm.oid
                    ),
                );
            }
            Some(alg) => match digest_of(alg) {
                Some(d) if imprint.matches(alg, &d) => {
                    imprint_checked = true;
                    checks.pass(
                        name,
                        format!("message imprint ({alg}) matches the time-stamped data"),
                    );
                }
                Some(_) => {
                    checks.fail(
                        name,
                        SubIndication::HashFailure,
                        "message imprint does not match the time-stamped data",
                    );
                }
                None => {
                    checks.skip(name, "the time-stamped data is not available: the message imprint was not checked, so the token proves no time");
                }
            },
        }
        let Some(si) = self.signed_data.signer_infos().first() else {
            checks.fail(
                name,
                SubIndication::FormatFailure,
                "the token has no SignerInfo",
            );
            return None;
        };
        let Some(tsa) = self.tsa_certificate(&[]) else {
            checks.fail(
                name,
                SubIndication::NoSigningCertificateFound,
                "the TSA certificate is not in the token",
            );
            return None;
        };
        self.check_content_digest(name, si, checks);
        match verify_signer_info(si, &tsa, self.signed_data.content()) {
            SignatureCheck::Valid(a) | SignatureCheck::ValidOverDerOrder(a) => {
                checks.pass(
                    name,
                    format!("{a} signature of {} verifies", tsa.subject_text()),
                );
            }
            SignatureCheck::UnsupportedAlgorithm(what) => {
                checks.fail(
                    name,
                    SubIndication::CryptoConstraintsFailure,
                    format!("the token cannot be verified: {what}"),
                );
            }
            other => {
                checks.fail(
                    name,
                    SubIndication::SigCryptoFailure,
                    format!("the token signature does not verify ({other:?})"),
                );
            }
        }
        check_ess_binding(name, si, &tsa, checks);
        check_time_stamping_usage(name, &tsa, checks);
        let gen_time = self.tst_info.gen_time;
        match ctx.validator {
            Some(v) => {
                let mut chain_checks = CheckList::new();
                let time = ValidationTime::token(gen_time, ctx.poe.unwrap_or(ctx.now), ctx.now);
                let mut pool = self.signed_data.validation_data();
                pool.extend(ctx.embedded);
                v.validate_certificate_with(&tsa, &pool, &time, &mut chain_checks);
                for mut c in chain_checks.into_checks() {
                    c.scope = Some(name);
                    // A TSA certificate problem makes the time-stamp unusable as a proof; it
                    // does not make the signature it time-stamps invalid.
                    if c.sub_indication
                        .is_some_and(|s| s.indication() == ades_core::Indication::TotalFailed)
                    {
                        c.sub_indication = Some(SubIndication::CertificateChainGeneralFailure);
                    }
                    checks.add(c);
                }
            }
            None => {
                checks.skip(
                    name,
                    "no trust anchors: the TSA certificate chain was not validated",
                );
            }
        }
        (imprint_checked && count_failures(checks) == failures_before).then_some(gen_time)
    }

    fn check_content_digest(&self, name: CheckId, si: &cms::SignerInfo, checks: &mut CheckList) {
        let (Some(content), Some(alg)) =
            (self.signed_data.content(), si.digest_algorithm().digest())
        else {
            checks.fail(
                name,
                SubIndication::FormatFailure,
                "unsupported token digest algorithm",
            );
            return;
        };
        let claimed = si.signed_attribute(oid::ATTR_MESSAGE_DIGEST).and_then(|a| {
            a.single_value()
                .ok()
                .and_then(|v| cms::parse_octet_string(v).ok())
        });
        if claimed.as_deref() != Some(digest::digest(alg, content).as_slice()) {
            checks.fail(
                name,
                SubIndication::HashFailure,
                "the token's message-digest does not match its TSTInfo",
            );
        }
    }
}

fn count_failures(checks: &CheckList) -> usize {
    checks
        .checks()
        .iter()
        .filter(|c| c.outcome == ades_core::Outcome::Failed)
        .count()
}

/// RFC 3161 §2.4.1 / RFC 5816: the token must reference the TSA certificate with ESSCertID
/// (signing-certificate) or ESSCertIDv2 (signing-certificate-v2).
fn check_ess_binding(
    name: CheckId,
    si: &cms::SignerInfo,
    tsa: &Certificate,
    checks: &mut CheckList,
) {
    let reference = si
        .signed_attribute(oid::ATTR_SIGNING_CERTIFICATE_V2)
        .map(|a| (a, true))
        .or_else(|| {
            si.signed_attribute(oid::ATTR_SIGNING_CERTIFICATE)
                .map(|a| (a, false))
        });
    let Some((attr, v2)) = reference else {
        checks.fail(
            name,
            SubIndication::NoSigningCertificateFound,
            "the token has no ESS signing-certificate(-v2)",
        );
        return;
    };
    let ids = attr
        .single_value()
        .ok()
        .and_then(|v| cms::ess::parse_signing_certificate(v, v2).ok());
    match ids.as_deref() {
        Some([first, ..]) if first.matches(tsa) => {}
        _ => {
            checks.fail(
                name,
                SubIndication::NoSigningCertificateFound,
                "the token's ESS signing-certificate does not designate the TSA certificate",
            );
        }
    }
}

/// RFC 3161 §2.3: the TSA certificate has exactly one extended key usage, timeStamping, and
/// the extension is critical.
fn check_time_stamping_usage(name: CheckId, tsa: &Certificate, checks: &mut CheckList) {
    let critical = tsa
        .inner()
        .tbs_certificate()
        .extensions()
        .and_then(|exts| {
            exts.iter()
                .find(|e| e.extn_id == oid::EXT_EXTENDED_KEY_USAGE)
        })
        .is_some_and(|e| e.critical);
    let usages = tsa.extended_key_usage();
    if !(critical && usages == [oid::KP_TIME_STAMPING]) {
        checks.fail(
            name,
            SubIndication::ChainConstraintsFailure,
            format!(
                "{} is not a TSA certificate (critical extendedKeyUsage timeStamping required)",
                tsa.subject_text()
            ),
        );
    }
}

/// Reads a token embedded in a signature (`token_der`) and verifies it like
/// [`TimeStampToken::verify`], recording an unreadable token as a `FORMAT_FAILURE` and a valid
/// one as a passed check; returns genTime when it is valid.
pub fn verify_embedded(
    name: CheckId,
    token_der: &[u8],
    digest_of: &dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
    ctx: &TokenContext<'_>,
    checks: &mut CheckList,
) -> Option<OffsetDateTime> {
    let token = match TimeStampToken::from_der(token_der) {
        Ok(t) => t,
        Err(e) => {
            checks.fail(
                name,
                SubIndication::FormatFailure,
                format!("unreadable time-stamp token: {e}"),
            );
            return None;
        }
    };
    let proven = token.verify(name, digest_of, ctx, checks)?;
    checks.pass(name, format!("valid {}", describe(&token)));
    Some(proven)
}

/// What verifying the tokens of one signature needs besides their imprints: the certificate
/// validator, the validation data the signature carries, the validation time and, when a
/// later time-stamp covers the token, the time it proves the token existed by.
#[derive(Clone, Copy)]
pub struct TokenContext<'a> {
    /// Chains, validity and revocation of the TSAs' certificates (`None`: signatures only).
    pub validator: Option<&'a dyn CertificateValidator>,
    /// The validation data the signature carries.
    pub embedded: &'a ValidationData,
    /// The validation time.
    pub now: OffsetDateTime,
    /// The genTime of the earliest valid later time-stamp that covers the token (an archive
    /// or -X time-stamp over a signature time-stamp, a later document time-stamp); `None`:
    /// nothing but the validation time proves the token existed.
    pub poe: Option<OffsetDateTime>,
}

impl<'a> TokenContext<'a> {
    /// A context without any later proof of existence.
    pub fn new(
        validator: Option<&'a dyn CertificateValidator>,
        embedded: &'a ValidationData,
        now: OffsetDateTime,
    ) -> Self {
        TokenContext {
            validator,
            embedded,
            now,
            poe: None,
        }
    }

    /// The same context for tokens a later time-stamp proves existed by `poe` (`None`:
    /// nothing does).
    pub fn existing_by(self, poe: Option<OffsetDateTime>) -> Self {
        TokenContext { poe, ..self }
    }

    /// A token that proves when the signature existed (a signature or content time-stamp):
    /// as [`verify_embedded`]; genTime when it is valid.
    pub fn proof(
        &self,
        name: CheckId,
        token_der: &[u8],
        digest_of: &dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
        checks: &mut CheckList,
    ) -> Option<OffsetDateTime> {
        verify_embedded(name, token_der, digest_of, self, checks)
    }

    /// A token the validation can do without, as `role` says; see [`ProofRole`]. Its
    /// failures are recorded accordingly and it gives no time.
    pub fn proof_as(
        &self,
        role: ProofRole,
        name: CheckId,
        token_der: &[u8],
        digest_of: &dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
        checks: &mut CheckList,
    ) -> Option<OffsetDateTime> {
        let (proven, own) = self.proof_apart(name, token_der, digest_of);
        match role {
            ProofRole::SignatureTime => checks.extend_with_ignored_proof(
                own,
                ": this time-stamp is left out, the signature is judged without it (EN 319 102-1 §5.5)",
            ),
            ProofRole::Evidence => {
                checks.extend_with_evidence(own, ": this time-stamp proves nothing");
            }
        }
        proven
    }

    /// [`TokenContext::proof`] with its checks in a list of their own.
    fn proof_apart(
        &self,
        name: CheckId,
        token_der: &[u8],
        digest_of: &dyn Fn(DigestAlgorithm) -> Option<Vec<u8>>,
    ) -> (Option<OffsetDateTime>, CheckList) {
        let mut own = CheckList::new();
        let proven = self.proof(name, token_der, digest_of, &mut own);
        (proven, own)
    }
}

/// What a time-stamp is to the signature it belongs to, which says what its failure means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofRole {
    /// A signature time-stamp: a proof of the signature's time. One that is not over the
    /// signature value (moved from another signature), unreadable, or not signed by its TSA
    /// is left out (EN 319 102-1 §5.5): its failures are recorded as warnings.
    SignatureTime,
    /// Evidence added for the long term (an archive or a -X time-stamp). One that is not
    /// over the data it should cover (copied, or the signature's evidence changed after it),
    /// unreadable, or not signed by its TSA proves nothing: its failures are recorded as
    /// NO_POE (INDETERMINATE), since the signature itself may be intact; its own integrity
    /// decides TOTAL-FAILED elsewhere.
    Evidence,
}

/// How the report names a token: its time, accuracy and serial number.
pub fn describe(token: &TimeStampToken) -> String {
    let info = token.tst_info();
    let accuracy = info
        .accuracy
        .map(|a| format!(", accuracy ±{:.3} s", a.as_seconds_f64()))
        .unwrap_or_default();
    format!(
        "time-stamp of {}{accuracy} (serial {})",
        datetime::rfc3339(token.gen_time()),
        info.serial_number
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
    )
}
