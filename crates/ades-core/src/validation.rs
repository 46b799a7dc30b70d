//! Services a signature validator plugs in: X.509 validation of the signer certificate (the
//! EN 319 102-1 §5.2.6 building block, implemented by `ades-trust`) and access to detached
//! content.

use std::io;

use time::OffsetDateTime;

use crate::CheckId;
use crate::DigestAlgorithm;
use crate::certificate::Certificate;
use crate::report::CheckList;

/// The times an X.509 validation is made at (EN 319 102-1 §5.2.6, §5.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationTime {
    /// When the certificate must have been valid: the best signature time (the oldest valid
    /// signature time-stamp), or the validation time when nothing proves an earlier one; for
    /// a time-stamp token's TSA, the token's genTime.
    pub at: OffsetDateTime,
    /// Whether `at` is proven by a time-stamp (a proof of existence) rather than assumed.
    pub proven: bool,
    /// When the signed object is proven to exist: revoked after it, the certificate still
    /// made it; revoked before, nothing shows it was made in time. `at` for a signature whose
    /// time a time-stamp proves; for a time-stamp token, the genTime of a later time-stamp
    /// that covers it, else `now` (a token's own genTime proves nothing about itself).
    pub poe: OffsetDateTime,
    /// The current time (or `--at`), against which revocation data must be fresh.
    pub now: OffsetDateTime,
}

impl ValidationTime {
    /// Validation at `now`, with no proof of an earlier signing time.
    pub fn now(now: OffsetDateTime) -> Self {
        ValidationTime {
            at: now,
            proven: false,
            poe: now,
            now,
        }
    }

    /// Validation at a proven time `at` (a time-stamp), with revocation data fresh at `now`.
    pub fn proven(at: OffsetDateTime, now: OffsetDateTime) -> Self {
        ValidationTime {
            at,
            proven: true,
            poe: at,
            now,
        }
    }

    /// Validation of a time-stamp token's TSA: valid at the token's `gen_time`, with
    /// revocation data issued after it or fresh at `now`, and not revoked before `poe`, when
    /// a later time-stamp proves the token existed (`now` when none does).
    pub fn token(gen_time: OffsetDateTime, poe: OffsetDateTime, now: OffsetDateTime) -> Self {
        ValidationTime {
            at: gen_time,
            proven: true,
            poe: poe.max(gen_time),
            now,
        }
    }
}

/// Validates a signer certificate's chain, validity and status at a given time.
pub trait CertificateValidator {
    /// Records the checks of the X.509 validation of `signer` at `time`, building the chain
    /// from `pool` (certificates embedded in the signature) and the validator's own stores.
    /// Returns the chain that was validated, signer first, if one was built.
    fn validate_certificate(
        &self,
        signer: &Certificate,
        pool: &[Certificate],
        time: &ValidationTime,
        checks: &mut CheckList,
    ) -> Vec<Certificate>;

    /// As [`CertificateValidator::validate_certificate`], with the validation data the
    /// signature embeds (certificates, OCSP responses, CRLs), used before any other source:
    /// a long-term signature validates offline. The default ignores the revocation data.
    fn validate_certificate_with(
        &self,
        signer: &Certificate,
        embedded: &crate::ValidationData,
        time: &ValidationTime,
        checks: &mut CheckList,
    ) -> Vec<Certificate> {
        self.validate_certificate(signer, &embedded.certificates, time, checks)
    }
}

/// Why the validation data of a certificate could not be gathered: extending would not make
/// the signature any more valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CollectError {
    /// No chain to a trust anchor, even with the certificates fetched from caIssuers URLs.
    #[error("no chain from {subject} to a trust anchor: {reason}")]
    NoChain {
        /// The certificate.
        subject: String,
        /// Why.
        reason: String,
    },
    /// A certificate of the chain is revoked.
    #[error("{subject} was revoked on {time}")]
    Revoked {
        /// The certificate.
        subject: String,
        /// When (RFC 3339).
        time: String,
    },
    /// No OCSP responder or CRL answered for a certificate of the chain.
    #[error("no revocation information for {subject}: {attempts}")]
    NoRevocationInformation {
        /// The certificate.
        subject: String,
        /// Each attempt and why it failed.
        attempts: String,
    },
    /// The validator has no revocation checker.
    #[error("no revocation sources are configured")]
    NoRevocationChecker,
}

/// Gathers the validation data of a certificate (its chain and revocation information) for
/// a long-term signature; implemented by `ades_trust::ChainValidator`.
pub trait ValidationDataSource {
    /// The validation data of `certificate`, reusing what `known` holds when it is current at
    /// `now` and issued at or after `issued_after` (the time-stamp of the signature being
    /// extended), asking responders for the rest.
    fn collect(
        &self,
        certificate: &Certificate,
        known: &crate::ValidationData,
        now: OffsetDateTime,
        issued_after: Option<OffsetDateTime>,
    ) -> Result<crate::ValidationData, CollectError>;
}

/// Detached content a validator hashes (possibly several times, once per digest algorithm).
pub trait DetachedContent {
    /// The digest of the content with `algorithm`.
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>>;

    /// The content itself, for references that transform it before hashing (XML-DSig).
    fn read(&self) -> io::Result<Vec<u8>> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "this detached content can only be hashed",
        ))
    }

    /// Writes the content to `out`, streamed where the source allows it (files are copied
    /// in chunks, never held whole in memory).
    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        out.write_all(&self.read()?)
    }

    /// The file name of the content, to match it with a reference URI, when known.
    fn name(&self) -> Option<String> {
        None
    }
}

impl DetachedContent for [u8] {
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>> {
        Ok(crate::digest::digest(algorithm, self))
    }

    fn read(&self) -> io::Result<Vec<u8>> {
        Ok(self.to_vec())
    }
}

impl DetachedContent for Vec<u8> {
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>> {
        Ok(crate::digest::digest(algorithm, self))
    }

    fn read(&self) -> io::Result<Vec<u8>> {
        Ok(self.clone())
    }
}

/// Detached content in a file, streamed from disk each time it is hashed.
#[derive(Debug, Clone)]
pub struct FileContent(pub std::path::PathBuf);

impl DetachedContent for FileContent {
    fn digest(&self, algorithm: DigestAlgorithm) -> io::Result<Vec<u8>> {
        crate::digest::digest_reader(algorithm, std::fs::File::open(&self.0)?)
    }

    fn read(&self) -> io::Result<Vec<u8>> {
        std::fs::read(&self.0)
    }

    fn write_to(&self, out: &mut dyn io::Write) -> io::Result<()> {
        io::copy(&mut std::fs::File::open(&self.0)?, out).map(|_| ())
    }

    fn name(&self) -> Option<String> {
        self.0
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_owned)
    }
}

/// What the time-stamps of a signature prove about when it was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeEvidence {
    /// The oldest valid signature time-stamp: the signature existed then.
    pub best_signature_time: Option<OffsetDateTime>,
    /// The newest valid content time-stamp: the content existed then, so the signature was
    /// made after it.
    pub content_time: Option<OffsetDateTime>,
}

impl TimeEvidence {
    /// Records a valid signature time-stamp.
    pub fn add_signature_time(&mut self, t: OffsetDateTime) {
        self.best_signature_time = Some(self.best_signature_time.map_or(t, |b| b.min(t)));
    }

    /// Records a valid content time-stamp.
    pub fn add_content_time(&mut self, t: OffsetDateTime) {
        self.content_time = Some(self.content_time.map_or(t, |c| c.max(t)));
    }

    /// The X.509 validation time: the best signature time when one is proven (policy §3.7.2).
    pub fn validation_time(&self, now: OffsetDateTime) -> ValidationTime {
        match self.best_signature_time {
            Some(t) => ValidationTime::proven(t, now),
            None => ValidationTime::now(now),
        }
    }

    /// The signing time a report shows, and where it came from.
    pub fn reported_time(
        &self,
        claimed: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> (OffsetDateTime, crate::report::SigningTimeSource) {
        use crate::report::SigningTimeSource;
        match (self.best_signature_time, claimed) {
            (Some(t), _) => (t, SigningTimeSource::Timestamp),
            (None, Some(t)) => (t, SigningTimeSource::Claimed),
            (None, None) => (now, SigningTimeSource::ValidationTime),
        }
    }

    /// Checks the order of the time-stamps and the claimed signing time against them: the
    /// claim is only an indication (policy §3.1.2); a content time-stamp after the signature
    /// time-stamp fails.
    pub fn check(&self, claimed: Option<OffsetDateTime>, checks: &mut CheckList) {
        use crate::datetime::rfc3339;
        use crate::report::SubIndication;
        // Clocks differ: allow the claim to run ahead of the TSA by a few minutes.
        let slack = time::Duration::minutes(5);
        if let (Some(content), Some(signature)) = (self.content_time, self.best_signature_time)
            && content > signature
        {
            checks.fail(
                CheckId::TimestampOrder,
                SubIndication::TimestampOrderFailure,
                format!(
                    "the content time-stamp ({}) is later than the signature time-stamp ({})",
                    rfc3339(content),
                    rfc3339(signature)
                ),
            );
        }
        let Some(claimed) = claimed else { return };
        if let Some(proven) = self.best_signature_time
            && claimed > proven + slack
        {
            checks.warn(
                CheckId::SigningTime,
                format!(
                    "the claimed signing time {} is after the signature time-stamp {}",
                    rfc3339(claimed),
                    rfc3339(proven)
                ),
            );
        }
        if let Some(content) = self.content_time
            && claimed + slack < content
        {
            checks.warn(
                CheckId::SigningTime,
                format!(
                    "the claimed signing time {} is before the content time-stamp {}",
                    rfc3339(claimed),
                    rfc3339(content)
                ),
            );
        }
    }
}
