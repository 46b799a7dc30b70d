//! Gathering the validation data of a certificate for a long-term signature (EN 319 122-1
//! B-LT, EN 319 132-1 LT, EN 319 142-1 DSS; policy §4.3): its chain, completed from the
//! authority information access caIssuers URLs when a certificate is missing, and the
//! revocation information of every certificate of the chain but the anchor — OCSP first
//! (smaller, policy §4.3), CRLs where there is no OCSP responder.

use ades_core::time::OffsetDateTime;
use ades_core::validation::{CollectError, ValidationDataSource};
use ades_core::{Certificate, ValidationData, datetime};

use crate::path::build_path_at;
use crate::revocation::{RevocationStatus, StatusRequest};
use crate::validator::ChainValidator;

/// Most certificates fetched from caIssuers URLs for one chain.
const MAX_FETCHED: usize = 8;

impl ValidationDataSource for ChainValidator {
    fn collect(
        &self,
        certificate: &Certificate,
        known: &ValidationData,
        now: OffsetDateTime,
        issued_after: Option<OffsetDateTime>,
    ) -> Result<ValidationData, CollectError> {
        ChainValidator::collect(self, certificate, known, now, issued_after)
    }
}

impl ChainValidator {
    /// The validation data of `certificate`: its chain (from `known`, the trust store and
    /// caIssuers URLs) to an anchor trusted at `issued_after`, else at `now`, and the revocation information of each certificate of the chain but
    /// the anchor, current at `now` and issued at or after `issued_after` when it is given
    /// (the time-stamp of the signature being extended). What `known` already holds and is
    /// recent enough is reused.
    pub fn collect(
        &self,
        certificate: &Certificate,
        known: &ValidationData,
        now: OffsetDateTime,
        issued_after: Option<OffsetDateTime>,
    ) -> Result<ValidationData, CollectError> {
        let checker = self.revocation().ok_or(CollectError::NoRevocationChecker)?;
        let mut pool = known.certificates.clone();
        // The chain validation will take: to an anchor trusted at the time-stamp's time
        // (a trusted list's service withdrawn since may still vouch for it), else now.
        let chain_time = issued_after.unwrap_or(now);
        let path = loop {
            match build_path_at(certificate, &pool, self.store(), chain_time) {
                Ok(path) => break path,
                Err(e) => {
                    let fetched = self.fetch_issuers(&pool, certificate);
                    if fetched.is_empty() || pool.len() > known.certificates.len() + MAX_FETCHED {
                        return Err(CollectError::NoChain {
                            subject: certificate.subject_text(),
                            reason: e.to_string(),
                        });
                    }
                    pool.extend(fetched);
                }
            }
        };
        let mut data = ValidationData::new();
        path.certificates()
            .iter()
            .for_each(|c| data.add_certificate(c.clone()));
        let request = StatusRequest {
            now,
            embedded: known,
            proven: None,
            issued_after,
            poe: None,
        };
        for pair in path.certificates().windows(2) {
            let (cert, issuer) = (&pair[0], &pair[1]);
            match checker.status_with(cert, issuer, &request) {
                RevocationStatus::Good {
                    evidence,
                    responder_evidence,
                    ..
                } => {
                    evidence.add_to(&mut data);
                    if let Some(crl) = responder_evidence {
                        crl.add_to(&mut data);
                    }
                }
                RevocationStatus::Revoked { time, .. } => {
                    return Err(CollectError::Revoked {
                        subject: cert.subject_text(),
                        time: datetime::rfc3339(time),
                    });
                }
                RevocationStatus::Unknown(attempts) => {
                    return Err(CollectError::NoRevocationInformation {
                        subject: cert.subject_text(),
                        attempts: attempts.join("; "),
                    });
                }
            }
        }
        Ok(data)
    }

    /// The issuers named by the caIssuers URLs of the certificates that lack one in `pool`.
    fn fetch_issuers(&self, pool: &[Certificate], leaf: &Certificate) -> Vec<Certificate> {
        let Some(checker) = self.revocation() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for cert in std::iter::once(leaf).chain(pool) {
            let has_issuer = pool
                .iter()
                .chain(&out)
                .any(|c: &Certificate| c.subject_der().ok() == cert.issuer_der().ok());
            if has_issuer || cert.is_self_issued() {
                continue;
            }
            for url in cert.ca_issuer_urls() {
                let Ok(bytes) = checker.fetch(&url) else {
                    continue;
                };
                for c in Certificate::load(&bytes).unwrap_or_default() {
                    if !pool.contains(&c) && !out.contains(&c) {
                        out.push(c);
                    }
                }
            }
        }
        out
    }
}
