//! Revocation status of a certificate: OCSP first (from the certificate's authority
//! information access; smaller, policy §4.3), then CRLs given by the caller or fetched from the
//! CRL distribution points; every answer verified, and cached so one answer serves every
//! signature of the same certificate (and one CRL every certificate of its issuer).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ades_core::time::OffsetDateTime;
use ades_core::transport::Transport;
use ades_core::{Certificate, DigestAlgorithm, ValidationData, datetime};

use crate::crl::{Crl, RevocationReason};
use crate::ocsp::{self, CertId, OcspStatus};
use crate::shared_cache::{self, SharedCache};

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

/// The revocation information a status rests on, as encoded: what long-term signatures
/// embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// A DER `OCSPResponse`.
    Ocsp(Arc<Vec<u8>>),
    /// A DER `CertificateList`.
    Crl(Arc<Vec<u8>>),
}

impl Evidence {
    /// Adds the evidence to `data`.
    pub fn add_to(&self, data: &mut ValidationData) {
        match self {
            Evidence::Ocsp(der) => data.add_ocsp_response(der.to_vec()),
            Evidence::Crl(der) => data.add_crl(der.to_vec()),
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
        /// The response or CRL.
        evidence: Evidence,
        /// The CRL that shows the delegated OCSP responder behind `evidence` not revoked,
        /// when its certificate lacks id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1).
        responder_evidence: Option<Evidence>,
    },
    /// Revoked.
    Revoked {
        /// The source.
        source: StatusSource,
        /// Revocation time.
        time: OffsetDateTime,
        /// `CRLReason`, when given.
        reason: Option<RevocationReason>,
        /// The response or CRL.
        evidence: Evidence,
    },
    /// No usable information; each attempt and why it failed.
    Unknown(Vec<String>),
}

/// How long revocation information without a nextUpdate counts as current after it was
/// issued: kept, it would prove "not revoked" for ever.
pub(crate) const FRESH_WITHOUT_NEXT_UPDATE: ades_core::time::Duration =
    ades_core::time::Duration::days(1);

/// What a status is asked for: the time it must be current at, the information the
/// signature embeds, and the proven signing time information may date from.
#[derive(Debug, Clone, Copy)]
pub struct StatusRequest<'a> {
    /// The validation time: information whose nextUpdate has passed is stale.
    pub now: OffsetDateTime,
    /// Revocation information embedded in the signature, used before any other source.
    pub embedded: &'a ValidationData,
    /// A proven signing time (a time-stamp): stale information that was current at it, or
    /// issued after it, still shows the certificate was not revoked when it signed
    /// (EN 319 102-1 §5.5.4: freshness judged against the best signature time).
    pub proven: Option<OffsetDateTime>,
    /// When collecting validation data: embedded or cached information issued before this
    /// time (the signature's time-stamp) is not reused; the responders are asked again
    /// (EN 319 122-1 §6.3: validation data gathered after the time-stamp).
    pub issued_after: Option<OffsetDateTime>,
    /// A time-stamp token's proof of existence, later than `proven` (its genTime): embedded
    /// information that does not show the status at that time gives way to any other source
    /// that has some (the caches, the network, the given CRLs), and is used only when none
    /// has (EN 319 102-1 §5.6.2.1: information older than the proof of existence shows
    /// nothing about the time in between; a genuine CRL from before a TSA's revocation,
    /// embedded beside a back-dated token, must not outweigh a current one).
    pub poe: Option<OffsetDateTime>,
}

impl<'a> StatusRequest<'a> {
    /// A request at `now` with nothing embedded and nothing proven.
    pub fn at(now: OffsetDateTime) -> Self {
        static NOTHING: std::sync::OnceLock<ValidationData> = std::sync::OnceLock::new();
        StatusRequest {
            now,
            embedded: NOTHING.get_or_init(ValidationData::new),
            proven: None,
            issued_after: None,
            poe: None,
        }
    }

    /// Whether information issued at `this_update` may be reused rather than asked again.
    fn reusable(&self, this_update: OffsetDateTime) -> bool {
        self.issued_after.is_none_or(|t| this_update >= t)
    }

    /// Whether information issued at `this_update`, due again at `next_update`, may be used.
    /// Without a nextUpdate it is current only when issued (RFC 6960 §4.2.2.1): within
    /// a day of the validation time, or after the proven time.
    pub fn accepts(
        &self,
        this_update: OffsetDateTime,
        next_update: Option<OffsetDateTime>,
    ) -> bool {
        match next_update {
            Some(n) => n >= self.now || self.proven.is_some_and(|p| this_update >= p || n >= p),
            None => {
                this_update >= self.now - FRESH_WITHOUT_NEXT_UPDATE
                    || self.proven.is_some_and(|p| this_update >= p)
            }
        }
    }
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

/// The most statuses and CRLs each in-process cache keeps: a long batch over many issuers
/// starts the cache afresh rather than grow without bound (a shared cache, if any, keeps
/// what was fetched).
pub const MAX_CACHED: usize = 50_000;

/// Inserts into a bounded cache, emptying it first when it is full.
fn insert_bounded<K: std::hash::Hash + Eq, V>(cache: &mut HashMap<K, V>, key: K, value: V) {
    if cache.len() >= MAX_CACHED && !cache.contains_key(&key) {
        cache.clear();
    }
    cache.insert(key, value);
}

/// Finds and verifies revocation information, with caches.
pub struct RevocationChecker {
    transport: Option<Box<dyn Transport>>,
    crls: Vec<(String, Crl)>,
    status_cache: Mutex<HashMap<CacheKey, RevocationStatus>>,
    crl_cache: Mutex<HashMap<String, Option<Crl>>>,
    shared: Option<Box<dyn SharedCache>>,
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
            shared: None,
            stats: RevocationStats::default(),
        }
    }

    /// Adds a CRL given by the caller (`--crl FILE`); `label` names it in reports.
    pub fn add_crl(&mut self, label: impl Into<String>, crl: Crl) {
        self.crls.push((label.into(), crl));
    }

    /// Shares the OCSP responses and CRLs this checker fetches with other validators through
    /// `cache`, and uses theirs (verified again, as if fetched) before the network, also
    /// offline.
    pub fn set_shared_cache(&mut self, cache: Box<dyn SharedCache>) {
        self.shared = Some(cache);
    }

    /// The problem met with the shared cache, if any (validation went on without it).
    pub fn shared_cache_trouble(&self) -> Option<String> {
        self.shared.as_ref().and_then(|c| c.trouble())
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
        self.status_with(cert, issuer, &StatusRequest::at(now))
    }

    /// The status of `cert` (issued by `issuer`) for `request`: the embedded OCSP responses
    /// and CRLs first, then the caches and the network (OCSP first, policy §4.3).
    pub fn status_with(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
    ) -> RevocationStatus {
        let mut attempts = Vec::new();
        match (
            self.embedded_status(cert, issuer, request, &mut attempts),
            request.poe,
        ) {
            (Some(embedded), Some(poe)) if !shows_status_at(&embedded, poe) => {
                match self.status_from_sources(cert, issuer, request, attempts) {
                    RevocationStatus::Unknown(_) => embedded,
                    other => other,
                }
            }
            (Some(embedded), _) => embedded,
            (None, _) => self.status_from_sources(cert, issuer, request, attempts),
        }
    }

    /// The status from the caches, the network and the given CRLs (OCSP first, policy §4.3).
    fn status_from_sources(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
        mut attempts: Vec<String>,
    ) -> RevocationStatus {
        let key = cache_key(cert, issuer);
        if let Some(key) = &key
            && let Ok(cache) = self.status_cache.lock()
            && let Some(hit) = cache.get(key)
            && is_fresh(hit, request)
            && this_update(hit).is_some_and(|t| request.reusable(t))
        {
            return hit.clone();
        }
        if let Some(status) = key
            .as_ref()
            .and_then(|k| self.shared_status(k, cert, issuer, request))
        {
            if let (Some(key), Ok(mut cache)) = (key, self.status_cache.lock()) {
                insert_bounded(&mut cache, key, status.clone());
            }
            return status;
        }
        let status = self
            .ask_ocsp(cert, issuer, request, &mut attempts)
            .or_else(|| self.look_up_crls(cert, issuer, request, &mut attempts))
            .unwrap_or(RevocationStatus::Unknown(attempts));
        // A status resting on a delegated responder's CRL is not kept: that CRL's freshness
        // would not be judged again for the next request.
        let rests_on_responder_crl = matches!(
            status,
            RevocationStatus::Good {
                responder_evidence: Some(_),
                ..
            }
        );
        if let (Some(key), false, false) = (
            key,
            matches!(status, RevocationStatus::Unknown(_)),
            rests_on_responder_crl,
        ) && let Ok(mut cache) = self.status_cache.lock()
        {
            insert_bounded(&mut cache, key, status.clone());
        }
        status
    }

    /// The status an OCSP response from the shared cache gives, verified as a fetched one.
    fn shared_status(
        &self,
        key: &CacheKey,
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
    ) -> Option<RevocationStatus> {
        let der = self
            .shared
            .as_ref()?
            .get(&shared_cache::ocsp_key(&key.0, &key.1))?;
        let answer = ocsp::verify_response(&der, cert, issuer, None).ok()?;
        let revoked = matches!(answer.status, OcspStatus::Revoked { .. });
        if !revoked && !request.accepts(answer.this_update, answer.next_update)
            || !request.reusable(answer.this_update)
        {
            return None;
        }
        self.accept_ocsp(answer, cert, issuer, request, "shared cache")
            .ok()
            .flatten()
    }

    /// The status a verified OCSP answer gives (`None`: the responder does not know the
    /// certificate), or why it cannot be used: its delegated responder's own certificate is
    /// revoked or of unknown status.
    fn accept_ocsp(
        &self,
        answer: ocsp::OcspAnswer,
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
        source: &str,
    ) -> Result<Option<RevocationStatus>, String> {
        // A "revoked" from a responder the CA authorised only makes the verdict stricter:
        // the responder's own standing matters for a "good".
        let responder_evidence = match answer.status {
            OcspStatus::Good => self.responder_standing(&answer, cert, issuer, request)?,
            _ => None,
        };
        Ok(from_ocsp(
            answer,
            StatusSource::Ocsp(source.to_owned()),
            responder_evidence,
        ))
    }

    fn ask_ocsp(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
        attempts: &mut Vec<String>,
    ) -> Option<RevocationStatus> {
        let now = request.now;
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
                    self.share_ocsp(cert, issuer, &answer, now);
                    match self.accept_ocsp(answer, cert, issuer, request, &url) {
                        Ok(Some(status)) => return Some(status),
                        Ok(None) => attempts.push(format!(
                            "OCSP {url}: the responder does not know the certificate"
                        )),
                        Err(why) => attempts.push(format!("OCSP {url}: {why}")),
                    }
                }
                Err(e) => attempts.push(format!("OCSP {url}: {e}")),
            }
        }
        None
    }

    /// Offers a fetched OCSP answer to the shared cache, until its nextUpdate.
    fn share_ocsp(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        answer: &ocsp::OcspAnswer,
        now: OffsetDateTime,
    ) {
        if let (Some(shared), Some((key_hash, serial)), false) = (
            self.shared.as_ref(),
            cache_key(cert, issuer),
            matches!(answer.status, OcspStatus::Unknown),
        ) {
            shared.put(
                &shared_cache::ocsp_key(&key_hash, &serial),
                &answer.der,
                shared_cache::time_to_live(now, answer.next_update),
            );
        }
    }

    /// The status the signature's own OCSP responses and CRLs give, if one of them is about
    /// `cert` and usable for `request`.
    fn embedded_status(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
        attempts: &mut Vec<String>,
    ) -> Option<RevocationStatus> {
        let mut best: Option<(OffsetDateTime, RevocationStatus)> = None;
        for der in &request.embedded.ocsp_responses {
            let Ok(answer) = ocsp::verify_response(der, cert, issuer, None) else {
                continue;
            };
            if !matches!(answer.status, OcspStatus::Revoked { .. })
                && !request.accepts(answer.this_update, answer.next_update)
            {
                attempts.push("embedded OCSP response: stale".into());
                continue;
            }
            if !request.reusable(answer.this_update) {
                continue;
            }
            let status = match self.accept_ocsp(answer, cert, issuer, request, "embedded") {
                Ok(status) => status,
                Err(why) => {
                    attempts.push(format!("embedded OCSP response: {why}"));
                    continue;
                }
            };
            if let Some(status) = status
                && best
                    .as_ref()
                    .is_none_or(|(t, _)| this_update(&status) > Some(*t))
            {
                best = this_update(&status).map(|t| (t, status));
            }
        }
        if best.is_none() {
            return judge_crls(
                embedded_crls(issuer, request),
                cert,
                issuer,
                request,
                attempts,
            );
        }
        best.map(|(_, s)| s)
    }

    fn look_up_crls(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
        attempts: &mut Vec<String>,
    ) -> Option<RevocationStatus> {
        self.look_up_crls_at(&cert.crl_urls(), cert, issuer, request, attempts)
    }

    /// The status of `cert` from the CRLs of `issuer` given by the caller or fetched from
    /// `urls`.
    pub(crate) fn look_up_crls_at(
        &self,
        urls: &[String],
        cert: &Certificate,
        issuer: &Certificate,
        request: &StatusRequest<'_>,
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
        for url in urls {
            if let Some(crl) = self.fetch_crl(url, attempts) {
                candidates.push((url.clone(), crl));
            }
        }
        judge_crls(candidates, cert, issuer, request, attempts)
    }

    /// Fetches `url` with the checker's transport (certificates from AIA caIssuers URLs).
    pub(crate) fn fetch(&self, url: &str) -> Result<Vec<u8>, String> {
        let transport = self.transport.as_deref().ok_or("offline")?;
        transport.get(url).map_err(|e| e.to_string())
    }

    fn fetch_crl(&self, url: &str, attempts: &mut Vec<String>) -> Option<Crl> {
        if let Ok(cache) = self.crl_cache.lock()
            && let Some(hit) = cache.get(url)
        {
            return hit.clone();
        }
        let shared_key = shared_cache::crl_key(url);
        if let Some(crl) = self
            .shared
            .as_ref()
            .and_then(|s| s.get(&shared_key))
            .and_then(|der| Crl::from_bytes(&der).ok())
        {
            if let Ok(mut cache) = self.crl_cache.lock() {
                insert_bounded(&mut cache, url.to_owned(), Some(crl.clone()));
            }
            return Some(crl);
        }
        let transport = self.transport.as_deref()?;
        self.stats.crl_downloads.fetch_add(1, Ordering::Relaxed);
        let crl = match transport.get(url) {
            Ok(body) => match Crl::from_bytes(&body) {
                Ok(crl) => {
                    if let Some(shared) = &self.shared {
                        let ttl = shared_cache::time_to_live(datetime::now(), crl.next_update());
                        shared.put(&shared_key, &body, ttl);
                    }
                    Some(crl)
                }
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
            insert_bounded(&mut cache, url.to_owned(), crl.clone());
        }
        crl
    }
}

/// The CRLs of `issuer` the signature embeds, usable for `request`.
pub(crate) fn embedded_crls(
    issuer: &Certificate,
    request: &StatusRequest<'_>,
) -> Vec<(String, Crl)> {
    let issuer_name = issuer.subject_der().ok().unwrap_or_default();
    request
        .embedded
        .crls
        .iter()
        .filter_map(|der| Crl::from_bytes(der).ok())
        .filter(|c| c.issuer_der() == issuer_name.as_slice())
        .filter(|c| request.reusable(c.this_update()))
        .map(|c| ("embedded".to_owned(), c))
        .collect()
}

fn cache_key(cert: &Certificate, issuer: &Certificate) -> Option<CacheKey> {
    let key = issuer.subject_public_key()?;
    Some((
        ades_core::digest::digest(DigestAlgorithm::Sha256, key),
        cert.serial_number().to_vec(),
    ))
}

fn is_fresh(status: &RevocationStatus, request: &StatusRequest<'_>) -> bool {
    match status {
        RevocationStatus::Good {
            this_update,
            next_update,
            ..
        } => request.accepts(*this_update, *next_update),
        RevocationStatus::Revoked { .. } => true,
        RevocationStatus::Unknown(_) => false,
    }
}

/// Whether `status` shows the certificate's status at `t`: a revocation always does; "good"
/// information issued at or after `t`, or current at `t`.
fn shows_status_at(status: &RevocationStatus, t: OffsetDateTime) -> bool {
    match status {
        RevocationStatus::Revoked { .. } => true,
        RevocationStatus::Good {
            this_update,
            next_update,
            ..
        } => {
            *this_update >= t
                || match next_update {
                    Some(next) => *next >= t,
                    None => *this_update + FRESH_WITHOUT_NEXT_UPDATE >= t,
                }
        }
        RevocationStatus::Unknown(_) => false,
    }
}

fn this_update(status: &RevocationStatus) -> Option<OffsetDateTime> {
    match status {
        RevocationStatus::Good { this_update, .. } => Some(*this_update),
        RevocationStatus::Revoked { time, .. } => Some(*time),
        RevocationStatus::Unknown(_) => None,
    }
}

/// The status an OCSP answer gives; `None` when the responder does not know the certificate.
fn from_ocsp(
    answer: ocsp::OcspAnswer,
    source: StatusSource,
    responder_evidence: Option<Evidence>,
) -> Option<RevocationStatus> {
    let evidence = Evidence::Ocsp(Arc::new(answer.der));
    match answer.status {
        OcspStatus::Good => Some(RevocationStatus::Good {
            source,
            this_update: answer.this_update,
            next_update: answer.next_update,
            evidence,
            responder_evidence,
        }),
        OcspStatus::Revoked { time, reason } => Some(RevocationStatus::Revoked {
            source,
            time,
            reason,
            evidence,
        }),
        OcspStatus::Unknown => None,
    }
}

/// The status the newest usable CRL of `candidates` gives about `cert`.
pub(crate) fn judge_crls(
    mut candidates: Vec<(String, Crl)>,
    cert: &Certificate,
    issuer: &Certificate,
    request: &StatusRequest<'_>,
    attempts: &mut Vec<String>,
) -> Option<RevocationStatus> {
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
        let entry = crl.entry(cert);
        if entry.is_none() && !request.accepts(crl.this_update(), crl.next_update()) {
            attempts.push(format!(
                "CRL {label}: stale (nextUpdate {} has passed)",
                crl.next_update().map(datetime::rfc3339).unwrap_or_default()
            ));
            continue;
        }
        let source = StatusSource::Crl(label);
        let evidence = Evidence::Crl(Arc::new(crl.der().to_vec()));
        return Some(match entry {
            Some(e) => RevocationStatus::Revoked {
                source,
                time: e.time,
                reason: e.reason,
                evidence,
            },
            None => RevocationStatus::Good {
                source,
                this_update: crl.this_update(),
                next_update: crl.next_update(),
                evidence,
                responder_evidence: None,
            },
        });
    }
    None
}

#[cfg(test)]
mod freshness_tests {
    use super::*;

    /// Information without a nextUpdate is current when issued, not for ever.
    #[test]
    fn information_without_next_update_ages() {
        let now = datetime::now();
        let request = StatusRequest::at(now);
        let hour = ades_core::time::Duration::hours(1);
        assert!(request.accepts(now - hour, None));
        assert!(!request.accepts(now - FRESH_WITHOUT_NEXT_UPDATE - hour, None));
        // Stale now, but issued after the proven signing time: it shows the status then.
        let proven = StatusRequest {
            proven: Some(now - 30 * FRESH_WITHOUT_NEXT_UPDATE),
            ..request
        };
        assert!(proven.accepts(now - 20 * FRESH_WITHOUT_NEXT_UPDATE, None));
        assert!(!proven.accepts(now - 40 * FRESH_WITHOUT_NEXT_UPDATE, None));
        // With a nextUpdate, as before.
        assert!(request.accepts(now - hour, Some(now + hour)));
        assert!(!request.accepts(now - 2 * hour, Some(now - hour)));
    }
}
