//! Revocation status of a certificate: OCSP first (from the certificate's authority
//! information access; smaller, policy §4.3), then CRLs given by the caller or fetched from the
//! CRL distribution points; every answer verified, and cached so one answer serves every
//! signature of the same certificate (and one CRL every certificate of its issuer).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use ades_core::time::OffsetDateTime;
use ades_core::transport::Transport;
use ades_core::{Certificate, DigestAlgorithm, datetime};

use crate::crl::{Crl, RevocationReason};
use crate::ocsp::{self, CertId, OcspStatus};

/// Where a status came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusSource {
    /// An OCSP response from this URL.
    Ocsp(String),
    /// A CRL from this URL or file.
    Crl(String),
}

impl std::fmt::Display for StatusSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusSource::Ocsp(u) => write!(f, "OCSP {u}"),
            StatusSource::Crl(u) => write!(f, "CRL {u}"),
        }
    }
}

/// The revocation status of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevocationStatus {
    /// Not revoked according to `source`, issued at `this_update`.
    Good {
        /// The source.
        source: StatusSource,
        /// When the information was current.
        this_update: OffsetDateTime,
        /// When newer information is due.
        next_update: Option<OffsetDateTime>,
    },
    /// Revoked.
    Revoked {
        /// The source.
        source: StatusSource,
        /// Revocation time.
        time: OffsetDateTime,
        /// `CRLReason`, when given.
        reason: Option<RevocationReason>,
    },
    /// No usable information; each attempt and why it failed.
    Unknown(Vec<String>),
}

/// Counters of network use, for tests and benchmarks.
#[derive(Debug, Default)]
pub struct RevocationStats {
    /// OCSP requests sent.
    pub ocsp_requests: AtomicUsize,
    /// CRLs downloaded.
    pub crl_downloads: AtomicUsize,
}

type CacheKey = (Vec<u8>, Vec<u8>); // (issuer key hash, serial)

/// Finds and verifies revocation information, with caches.
pub struct RevocationChecker {
    transport: Option<Box<dyn Transport>>,
    crls: Vec<(String, Crl)>,
    status_cache: Mutex<HashMap<CacheKey, RevocationStatus>>,
    crl_cache: Mutex<HashMap<String, Option<Crl>>>,
    stats: RevocationStats,
}

impl std::fmt::Debug for RevocationChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevocationChecker")
            .field("online", &self.transport.is_some())
            .field("crls", &self.crls.len())
            .finish()
    }
}

impl RevocationChecker {
    /// A checker that may fetch OCSP responses and CRLs over `transport`.
    pub fn online(transport: Box<dyn Transport>) -> Self {
        Self::new(Some(transport))
    }

    /// A checker that only uses the CRLs it is given (`--offline`).
    pub fn offline() -> Self {
        Self::new(None)
    }

    fn new(transport: Option<Box<dyn Transport>>) -> Self {
        RevocationChecker {
            transport,
            crls: Vec::new(),
            status_cache: Mutex::new(HashMap::new()),
            crl_cache: Mutex::new(HashMap::new()),
            stats: RevocationStats::default(),
        }
    }

    /// Adds a CRL given by the caller (`--crl FILE`); `label` names it in reports.
    pub fn add_crl(&mut self, label: impl Into<String>, crl: Crl) {
        self.crls.push((label.into(), crl));
    }

    /// Whether the checker may use the network.
    pub fn is_online(&self) -> bool {
        self.transport.is_some()
    }

    /// Network counters.
    pub fn stats(&self) -> &RevocationStats {
        &self.stats
    }

    /// The status of `cert` (issued by `issuer`) as currently known, checked for freshness at
    /// `now`: information whose nextUpdate has passed is not used.
    pub fn status(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        now: OffsetDateTime,
    ) -> RevocationStatus {
        let key = cache_key(cert, issuer);
        if let Some(key) = &key
            && let Ok(cache) = self.status_cache.lock()
            && let Some(hit) = cache.get(key)
            && is_fresh(hit, now)
        {
            return hit.clone();
        }
        let mut attempts = Vec::new();
        let status = self
            .ask_ocsp(cert, issuer, now, &mut attempts)
            .or_else(|| self.look_up_crls(cert, issuer, now, &mut attempts))
            .unwrap_or(RevocationStatus::Unknown(attempts));
        if let (Some(key), false) = (key, matches!(status, RevocationStatus::Unknown(_)))
            && let Ok(mut cache) = self.status_cache.lock()
        {
            cache.insert(key, status.clone());
        }
        status
    }

    fn ask_ocsp(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        now: OffsetDateTime,
        attempts: &mut Vec<String>,
    ) -> Option<RevocationStatus> {
        let transport = self.transport.as_deref()?;
        let cert_id = CertId::new(cert, issuer, DigestAlgorithm::Sha1)?;
        for url in cert.ocsp_urls() {
            let nonce = ades_core::nonce::nonce(16);
            self.stats.ocsp_requests.fetch_add(1, Ordering::Relaxed);
            let body = match transport.post(
                &url,
                ocsp::REQUEST_CONTENT_TYPE,
                &ocsp::request(&cert_id, &nonce),
            ) {
                Ok(b) => b,
                Err(e) => {
                    attempts.push(format!("OCSP {e}"));
                    continue;
                }
            };
            match ocsp::verify_response(&body, cert, issuer, Some(&nonce)) {
                Ok(answer) if answer.next_update.is_some_and(|n| n < now) => {
                    attempts.push(format!("OCSP {url}: stale response (nextUpdate passed)"));
                }
                Ok(answer) => {
                    let source = StatusSource::Ocsp(url.clone());
                    return match answer.status {
                        OcspStatus::Good => Some(RevocationStatus::Good {
                            source,
                            this_update: answer.this_update,
                            next_update: answer.next_update,
                        }),
                        OcspStatus::Revoked { time, reason } => Some(RevocationStatus::Revoked {
                            source,
                            time,
                            reason,
                        }),
                        OcspStatus::Unknown => {
                            attempts.push(format!(
                                "OCSP {url}: the responder does not know the certificate"
                            ));
                            continue;
                        }
                    };
                }
                Err(e) => attempts.push(format!("OCSP {url}: {e}")),
            }
        }
        None
    }

    fn look_up_crls(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        now: OffsetDateTime,
        attempts: &mut Vec<String>,
    ) -> Option<RevocationStatus> {
        let mut candidates: Vec<(String, Crl)> = self
            .crls
            .iter()
            .filter(|(_, c)| {
                c.issuer_der() == issuer.subject_der().ok().as_deref().unwrap_or_default()
            })
            .cloned()
            .collect();
        for url in cert.crl_urls() {
            if let Some(crl) = self.fetch_crl(&url, attempts) {
                candidates.push((url, crl));
            }
        }
        // Newest first.
        candidates.sort_by_key(|(_, c)| std::cmp::Reverse(c.this_update()));
        for (label, crl) in candidates {
            if !crl.is_signed_by(issuer) {
                attempts.push(format!(
                    "CRL {label}: not signed by {}",
                    issuer.subject_text()
                ));
                continue;
            }
            if !crl.covers(cert) {
                continue;
            }
            if crl.next_update().is_some_and(|n| n < now) {
                attempts.push(format!(
                    "CRL {label}: stale (nextUpdate {} has passed)",
                    crl.next_update().map(datetime::rfc3339).unwrap_or_default()
                ));
                continue;
            }
            let source = StatusSource::Crl(label);
            return Some(match crl.entry(cert) {
                Some(e) => RevocationStatus::Revoked {
                    source,
                    time: e.time,
                    reason: e.reason,
                },
                None => RevocationStatus::Good {
                    source,
                    this_update: crl.this_update(),
                    next_update: crl.next_update(),
                },
            });
        }
        None
    }

    fn fetch_crl(&self, url: &str, attempts: &mut Vec<String>) -> Option<Crl> {
        if let Ok(cache) = self.crl_cache.lock()
            && let Some(hit) = cache.get(url)
        {
            return hit.clone();
        }
        let transport = self.transport.as_deref()?;
        self.stats.crl_downloads.fetch_add(1, Ordering::Relaxed);
        let crl = match transport.get(url) {
            Ok(body) => match Crl::from_bytes(&body) {
                Ok(crl) => Some(crl),
                Err(e) => {
                    attempts.push(format!("CRL {url}: {e}"));
                    None
                }
            },
            Err(e) => {
                attempts.push(format!("CRL {e}"));
                None
            }
        };
        if let Ok(mut cache) = self.crl_cache.lock() {
            cache.insert(url.to_owned(), crl.clone());
        }
        crl
    }
}

fn cache_key(cert: &Certificate, issuer: &Certificate) -> Option<CacheKey> {
    let key = issuer.subject_public_key()?;
    Some((
        ades_core::digest::digest(DigestAlgorithm::Sha256, key),
        cert.serial_number().to_vec(),
    ))
}

fn is_fresh(status: &RevocationStatus, now: OffsetDateTime) -> bool {
    match status {
        RevocationStatus::Good { next_update, .. } => next_update.is_none_or(|n| n >= now),
        RevocationStatus::Revoked { .. } => true,
        RevocationStatus::Unknown(_) => false,
    }
}
