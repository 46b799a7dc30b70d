//! The X.509 validation building block (EN 319 102-1 §5.2.6) over a [`TrustStore`] and a
//! [`RevocationChecker`].

use ades_core::report::CheckList;
use ades_core::validation::{CertificateValidator, ValidationTime};
use ades_core::{Certificate, CheckId, SubIndication, ValidationData, datetime};

use crate::path::{CertificatePath, PathError, build_path, build_path_at};
use crate::revocation::{RevocationChecker, RevocationStatus, StatusRequest};
use crate::store::TrustStore;

/// `CRLReason` certificateHold: a suspension (a suspended certificate cannot sign either).
const CERTIFICATE_HOLD: u8 = 6;

/// Validates signer certificates against a trust store, with revocation checking.
#[derive(Debug)]
pub struct ChainValidator {
    store: TrustStore,
    revocation: Option<RevocationChecker>,
}

impl ChainValidator {
    /// A validator trusting the anchors of `store`, without revocation checking: every
    /// certificate is then reported as of unknown status (INDETERMINATE/TRY_LATER).
    pub fn new(store: TrustStore) -> Self {
        ChainValidator {
            store,
            revocation: None,
        }
    }

    /// A validator trusting `anchors` that checks revocation offline against `crls` only
    /// (each a label for reports and a DER or PEM CRL): what `--offline --crl` does.
    ///
    /// # Errors
    /// A CRL that cannot be read.
    pub fn offline<L: Into<String>>(
        anchors: impl IntoIterator<Item = Certificate>,
        crls: impl IntoIterator<Item = (L, Vec<u8>)>,
    ) -> Result<Self, crate::CrlError> {
        let mut store = TrustStore::new();
        anchors.into_iter().for_each(|a| store.add_anchor(a));
        let mut checker = RevocationChecker::offline();
        for (label, bytes) in crls {
            checker.add_crl(label, crate::Crl::from_bytes(&bytes)?);
        }
        Ok(ChainValidator::new(store).with_revocation(checker))
    }

    /// Checks revocation with `checker` (online or with given CRLs).
    pub fn with_revocation(mut self, checker: RevocationChecker) -> Self {
        self.revocation = Some(checker);
        self
    }

    /// The trust store.
    pub fn store(&self) -> &TrustStore {
        &self.store
    }

    /// The revocation checker, if any.
    pub fn revocation(&self) -> Option<&RevocationChecker> {
        self.revocation.as_ref()
    }

    fn check_revocation(
        &self,
        path: &[Certificate],
        time: &ValidationTime,
        embedded: &ValidationData,
        checks: &mut CheckList,
    ) {
        let Some(checker) = &self.revocation else {
            checks.fail(
                CheckId::Revocation,
                SubIndication::TryLater,
                "revocation status not checked: no revocation sources configured",
            );
            return;
        };
        for (index, pair) in path.windows(2).enumerate() {
            // id-pkix-ocsp-nocheck is honoured only where a certificate signs OCSP responses
            // (`responder.rs`): in a signer's or TSA's chain it waives nothing (a responder's
            // key used to sign documents is checked like any other).
            let (cert, issuer) = (&pair[0], &pair[1]);
            let who = cert.common_name().unwrap_or_else(|| cert.subject_text());
            let request = StatusRequest {
                now: time.now,
                embedded,
                proven: time.proven.then_some(time.at),
                issued_after: None,
                poe: (time.poe > time.at).then_some(time.poe),
            };
            match checker.status_with(cert, issuer, &request) {
                RevocationStatus::Good {
                    source,
                    this_update,
                    ..
                } => {
                    checks.pass(
                        CheckId::Revocation,
                        format!(
                            "{who}: not revoked ({source}, {})",
                            datetime::rfc3339(this_update)
                        ),
                    );
                }
                RevocationStatus::Revoked {
                    source,
                    time: revoked_at,
                    reason,
                    ..
                } => {
                    let what = if reason == Some(CERTIFICATE_HOLD) {
                        "suspended"
                    } else {
                        "revoked"
                    };
                    let detail = format!(
                        "{who}: {what} on {} ({source})",
                        datetime::rfc3339(revoked_at)
                    );
                    if time.proven && revoked_at > time.poe {
                        let proven = if time.poe == time.at {
                            "the proven signing time"
                        } else {
                            "the time a later time-stamp proves the token existed by"
                        };
                        checks.warn(
                            CheckId::Revocation,
                            format!("{detail}, after {proven} {}", datetime::rfc3339(time.poe)),
                        );
                        continue;
                    }
                    let sub = match (index, time.proven && revoked_at <= time.at) {
                        (0, true) => SubIndication::Revoked,
                        (0, false) => SubIndication::RevokedNoPoe,
                        _ => SubIndication::RevokedCaNoPoe,
                    };
                    let detail = if time.proven && revoked_at > time.at {
                        format!(
                            "{detail}: after {}, but nothing proves it was used before (proof of existence {})",
                            datetime::rfc3339(time.at),
                            datetime::rfc3339(time.poe)
                        )
                    } else {
                        detail
                    };
                    checks.fail(CheckId::Revocation, sub, detail);
                }
                RevocationStatus::Unknown(attempts) => {
                    let why = if attempts.is_empty() {
                        if checker.is_online() {
                            "no OCSP responder or CRL distribution point in the certificate, and no CRL given".to_owned()
                        } else {
                            "offline, and no CRL given for its issuer".to_owned()
                        }
                    } else {
                        attempts.join("; ")
                    };
                    checks.fail(
                        CheckId::Revocation,
                        SubIndication::TryLater,
                        format!("{who}: status unknown: {why}"),
                    );
                }
            }
        }
    }
}

/// The certificates of a time-stamp token's chain that expired after its genTime but before
/// anything proves the token existed (EN 319 102-1 §5.6.2.1: past the expiry, a key may be
/// used with no revocation published, so a token claiming an earlier time proves nothing).
fn expired_before_poe(path: &[Certificate], time: &ValidationTime) -> Vec<String> {
    if time.poe <= time.at {
        return Vec::new();
    }
    path.iter()
        .filter(|c| c.not_after() >= time.at && c.not_after() < time.poe)
        .map(|c| {
            format!(
                "{} expired on {}, before anything proves the token existed (proof of existence {})",
                c.common_name().unwrap_or_else(|| c.subject_text()),
                datetime::rfc3339(c.not_after()),
                datetime::rfc3339(time.poe)
            )
        })
        .collect()
}

/// The certificate policies, with the Spanish profiles they identify (the policy the
/// validator applies cites its own section for this check).
fn report_policies(signer: &Certificate, checks: &mut CheckList) {
    let policies = signer.policies();
    if policies.is_empty() {
        checks.warn(
            CheckId::CertificatePolicy,
            "the certificate names no certificate policy",
        );
        return;
    }
    let list: Vec<String> = policies.iter().map(ToString::to_string).collect();
    let profiles: Vec<&str> = crate::profiles::recognise(signer)
        .iter()
        .map(|(p, _)| p.name)
        .collect();
    let detail = if profiles.is_empty() {
        format!("issued under certificate policy {}", list.join(", "))
    } else {
        format!(
            "issued under certificate policy {} ({})",
            list.join(", "),
            profiles.join("; ")
        )
    };
    checks.info(CheckId::CertificatePolicy, detail);
}

impl CertificateValidator for ChainValidator {
    fn validate_certificate(
        &self,
        signer: &Certificate,
        pool: &[Certificate],
        time: &ValidationTime,
        checks: &mut CheckList,
    ) -> Vec<Certificate> {
        self.validate_certificate_with(
            signer,
            &ValidationData::with_certificates(pool),
            time,
            checks,
        )
    }

    fn validate_certificate_with(
        &self,
        signer: &Certificate,
        embedded: &ValidationData,
        time: &ValidationTime,
        checks: &mut CheckList,
    ) -> Vec<Certificate> {
        // A trusted list's service anchors chains only while it was trusted, at the time the
        // chain is validated (ETSI TS 119 612 status history).
        let path = match build_path_at(signer, &embedded.certificates, &self.store, time.at) {
            Ok(path) => path,
            Err(e) => {
                let detail = match (&e, build_path(signer, &embedded.certificates, &self.store)) {
                    (PathError::NoPath { .. }, Ok(untimely)) => format!(
                        "the chain {} ends at a trust anchor its trusted list does not show trusted at {}",
                        chain_names(&untimely).join(" <- "),
                        datetime::rfc3339(time.at)
                    ),
                    _ => e.to_string(),
                };
                checks.fail(
                    CheckId::CertificateChain,
                    SubIndication::NoCertificateChainFound,
                    detail,
                );
                return Vec::new();
            }
        };
        let names = chain_names(&path);
        checks.pass(
            CheckId::CertificateChain,
            format!("chain to a trust anchor: {}", names.join(" <- ")),
        );
        let problems = path.validate_at(time.at);
        let expired_unproven = expired_before_poe(path.certificates(), time);
        if problems.is_empty() && expired_unproven.is_empty() {
            let basis = if time.poe > time.at {
                "the token's genTime"
            } else if time.proven {
                "the proven signing time"
            } else {
                "the validation time"
            };
            checks.pass(
                CheckId::CertificateValidity,
                format!(
                    "every certificate of the chain is valid at {} ({basis})",
                    datetime::rfc3339(time.at)
                ),
            );
        }
        for detail in expired_unproven {
            checks.fail(
                CheckId::CertificateValidity,
                SubIndication::OutOfBoundsNoPoe,
                detail,
            );
        }
        for problem in problems {
            let sub = match &problem {
                PathError::OutsideValidity {
                    index: 0,
                    expired: true,
                    ..
                } => SubIndication::OutOfBoundsNoPoe,
                PathError::OutsideValidity {
                    index: 0,
                    expired: false,
                    ..
                } => SubIndication::NotYetValid,
                PathError::OutsideValidity { .. } => SubIndication::CertificateChainGeneralFailure,
                _ => SubIndication::ChainConstraintsFailure,
            };
            checks.fail(CheckId::CertificateValidity, sub, problem.to_string());
        }
        report_policies(signer, checks);
        self.check_revocation(path.certificates(), time, embedded, checks);
        path.certificates().to_vec()
    }
}

/// The names of a chain's certificates, leaf first.
fn chain_names(path: &CertificatePath) -> Vec<String> {
    path.certificates()
        .iter()
        .map(|c| c.common_name().unwrap_or_else(|| c.subject_text()))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use ades_core::report::Outcome;

    use super::*;
    use crate::tsl::SERVICE_CA_QC;
    use crate::tsl::sample::{list_of, time, withdrawn_in_2025};

    /// The chain check's outcome and detail for signer1 validated at `at` (proven), now 2026.
    fn chain_check(validator: &ChainValidator, at: &str) -> (Outcome, String) {
        let pki = ades_testkit::TestPki::shared();
        let mut checks = CheckList::new();
        let when = ValidationTime::proven(time(at), time("2026-06-01T00:00:00Z"));
        validator.validate_certificate(&pki.signer1.certificate, &pki.chain(), &when, &mut checks);
        let check = checks
            .checks()
            .iter()
            .find(|c| c.name == CheckId::CertificateChain)
            .unwrap();
        (check.outcome, check.detail.clone())
    }

    /// A CA withdrawn from its trusted list in 2025 vouches for a signature proven made in
    /// 2024, and for none proven made after.
    #[test]
    fn a_withdrawn_service_anchors_chains_validated_before_its_withdrawal() {
        let pki = ades_testkit::TestPki::shared();
        let list = list_of(&withdrawn_in_2025(SERVICE_CA_QC, &pki.ape.certificate));
        let mut store = TrustStore::new();
        store.add_trusted_list(list.content());
        let validator = ChainValidator::new(store);

        let (outcome, detail) = chain_check(&validator, "2024-06-01T00:00:00Z");
        assert_eq!(outcome, Outcome::Passed, "{detail}");
        let (outcome, detail) = chain_check(&validator, "2025-06-01T00:00:00Z");
        assert_eq!(outcome, Outcome::Failed, "{detail}");
        assert!(
            detail.contains("does not show trusted at 2025-06-01"),
            "{detail}"
        );
    }
}
