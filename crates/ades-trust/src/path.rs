//! Chain building and RFC 5280 path validation at a given time.

use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, datetime, oid};

use crate::store::TrustStore;

/// Longest chain built (leaf to anchor).
pub const MAX_PATH_LENGTH: usize = 10;

/// Most issuer signatures checked while searching for a path.
const SIGNATURE_BUDGET: usize = 100;

/// Extensions whose semantics path validation handles, so they may be critical.
const UNDERSTOOD_CRITICAL: [ades_core::const_oid::ObjectIdentifier; 7] = [
    oid::EXT_KEY_USAGE,
    oid::EXT_BASIC_CONSTRAINTS,
    ades_core::const_oid::ObjectIdentifier::new_unwrap("2.5.29.30"), // nameConstraints
    oid::EXT_CERTIFICATE_POLICIES,
    oid::EXT_EXTENDED_KEY_USAGE,
    ades_core::const_oid::ObjectIdentifier::new_unwrap("2.5.29.17"), // subjectAltName
    ades_core::const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.3"), // qcStatements
];

/// A chain from a certificate to a trust anchor, leaf first.
#[derive(Debug, Clone)]
pub struct CertificatePath {
    certificates: Vec<Certificate>,
}

/// Why no acceptable path exists, or what is wrong with the one found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// No chain ends at a trust anchor.
    #[error("no chain from {subject} to a trust anchor")]
    NoPath {
        /// Subject of the certificate.
        subject: String,
    },
    /// The search gave up (chain too long, too many candidates: possibly hostile input).
    #[error("certificate chain search exceeded its budget")]
    BudgetExceeded,
    /// A certificate is outside its validity period at the validation time.
    #[error("{subject} {}", validity_text(*.expired, .not_before, .not_after, .at))]
    OutsideValidity {
        /// Position in the path (0 = the signer).
        index: usize,
        /// Subject.
        subject: String,
        /// Validation time.
        at: String,
        /// Start of validity.
        not_before: String,
        /// End of validity.
        not_after: String,
        /// Whether the time is after the end (expired) rather than before the start.
        expired: bool,
    },
    /// An issuing certificate is not a CA, may not sign certificates, or breaks a path length.
    #[error("{subject} may not issue certificates: {reason}")]
    NotACa {
        /// Subject of the issuing certificate.
        subject: String,
        /// Why.
        reason: &'static str,
    },
    /// A certificate's names break the name constraints of a CA above it.
    #[error("{subject} breaks the name constraints of {issuer}: {reason}")]
    NameConstraints {
        /// Subject of the constrained certificate.
        subject: String,
        /// Subject of the CA whose constraints it breaks.
        issuer: String,
        /// Which name, and how.
        reason: String,
    },
    /// A critical extension this validator does not process.
    #[error("{subject} has an unsupported critical extension {oid}")]
    UnknownCriticalExtension {
        /// Subject.
        subject: String,
        /// The extension.
        oid: String,
    },
}

fn validity_text(expired: bool, not_before: &str, not_after: &str, at: &str) -> String {
    if expired {
        format!("expired on {not_after} (judged at {at})")
    } else {
        format!("is not valid before {not_before} (judged at {at})")
    }
}

impl CertificatePath {
    /// The certificates, leaf first, trust anchor last.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// The trust anchor the path ends at.
    pub fn anchor(&self) -> Option<&Certificate> {
        self.certificates.last()
    }

    /// RFC 5280 §6.1 checks at time `at`: validity of every certificate, CA constraints of
    /// every issuer (anchor included when it carries extensions), name constraints, critical
    /// extensions.
    pub fn validate_at(&self, at: OffsetDateTime) -> Vec<PathError> {
        let mut problems = Vec::new();
        for (index, cert) in self.certificates.iter().enumerate() {
            if !cert.is_valid_at(at) {
                problems.push(PathError::OutsideValidity {
                    index,
                    subject: cert.subject_text(),
                    at: datetime::rfc3339(at),
                    not_before: datetime::rfc3339(cert.not_before()),
                    not_after: datetime::rfc3339(cert.not_after()),
                    expired: at > cert.not_after(),
                });
            }
            if let Some(ext) = unknown_critical_extension(cert) {
                problems.push(PathError::UnknownCriticalExtension {
                    subject: cert.subject_text(),
                    oid: ext,
                });
            }
            if index == 0 {
                continue;
            }
            // Certificates below this issuer, not counting self-issued ones (RFC 5280 §4.2.1.9).
            let below = self.certificates[1..index]
                .iter()
                .filter(|c| !c.is_self_issued())
                .count();
            if let Some(reason) = issuer_problem(cert, below) {
                problems.push(PathError::NotACa {
                    subject: cert.subject_text(),
                    reason,
                });
            }
            problems.extend(self.name_constraint_problems(index));
        }
        problems
    }

    /// The certificates below the CA at `index` whose names break its name constraints;
    /// self-issued CA certificates are exempt, the end entity never (RFC 5280 §6.1.3 (b)).
    fn name_constraint_problems(&self, index: usize) -> Vec<PathError> {
        let ca = &self.certificates[index];
        self.certificates[..index]
            .iter()
            .enumerate()
            .filter(|(below, c)| *below == 0 || !c.is_self_issued())
            .filter_map(|(_, c)| {
                crate::name_constraints::violation(ca, c).map(|reason| PathError::NameConstraints {
                    subject: c.subject_text(),
                    issuer: ca.subject_text(),
                    reason,
                })
            })
            .collect()
    }
}

fn unknown_critical_extension(cert: &Certificate) -> Option<String> {
    cert.inner()
        .tbs_certificate()
        .extensions()?
        .iter()
        .find(|e| e.critical && !UNDERSTOOD_CRITICAL.contains(&e.extn_id))
        .map(|e| e.extn_id.to_string())
}

fn issuer_problem(cert: &Certificate, certificates_below: usize) -> Option<&'static str> {
    let has_extensions = cert.inner().tbs_certificate().extensions().is_some();
    if !has_extensions {
        // A v1 root without extensions can only be a trust anchor; accepted as such.
        return None;
    }
    let constraints = cert
        .inner()
        .tbs_certificate()
        .get_extension::<ades_core::x509_cert::ext::pkix::BasicConstraints>()
        .ok()
        .flatten()
        .map(|(_, b)| b);
    match constraints {
        None => return Some("no basicConstraints"),
        Some(b) if !b.ca => return Some("basicConstraints cA is false"),
        Some(b) => {
            if let Some(limit) = b.path_len_constraint
                && certificates_below > usize::from(limit)
            {
                return Some("pathLenConstraint exceeded");
            }
        }
    }
    if cert.key_usage().is_some_and(|k| !k.key_cert_sign()) {
        return Some("keyUsage lacks keyCertSign");
    }
    None
}

/// Builds a path from `leaf` to an anchor of `store` (one for time-stamping chains only when
/// `leaf` is a time-stamping unit's), using `pool` (certificates embedded in the signature)
/// and the store's intermediates. Only name chaining and issuer signatures
/// decide the path; [`CertificatePath::validate_at`] judges it. The anchor may be one a
/// trusted list shows trusted at some other time only: validation uses [`build_path_at`].
pub fn build_path(
    leaf: &Certificate,
    pool: &[Certificate],
    store: &TrustStore,
) -> Result<CertificatePath, PathError> {
    build(leaf, pool, store, None)
}

/// Like [`build_path`], but ending only at an anchor trusted at `at`
/// ([`TrustStore::is_trusted_at`]: a trusted list's service that was trusted then).
pub fn build_path_at(
    leaf: &Certificate,
    pool: &[Certificate],
    store: &TrustStore,
    at: OffsetDateTime,
) -> Result<CertificatePath, PathError> {
    build(leaf, pool, store, Some(at))
}

/// Where a chain may end: an anchor for its leaf, trusted at a time when one is given.
struct Ends<'a> {
    store: &'a TrustStore,
    at: Option<OffsetDateTime>,
}

impl Ends<'_> {
    fn at(&self, candidate: &Certificate, leaf: &Certificate) -> bool {
        match self.at {
            None => self.store.is_anchor_for(candidate, leaf),
            Some(at) => self.store.is_trusted_at(candidate, leaf, at),
        }
    }
}

fn build(
    leaf: &Certificate,
    pool: &[Certificate],
    store: &TrustStore,
    at: Option<OffsetDateTime>,
) -> Result<CertificatePath, PathError> {
    let ends = Ends { store, at };
    let candidates: Vec<&Certificate> = store
        .anchors_for(leaf)
        .chain(store.intermediates())
        .chain(pool)
        .collect();
    let mut budget = SIGNATURE_BUDGET;
    let mut path = vec![leaf.clone()];
    if ends.at(leaf, leaf) || search(&mut path, &candidates, &ends, &mut budget)? {
        return Ok(CertificatePath { certificates: path });
    }
    Err(PathError::NoPath {
        subject: leaf.subject_text(),
    })
}

fn search(
    path: &mut Vec<Certificate>,
    candidates: &[&Certificate],
    ends: &Ends<'_>,
    budget: &mut usize,
) -> Result<bool, PathError> {
    let Some(current) = path.last().cloned() else {
        return Ok(false);
    };
    if path.len() >= MAX_PATH_LENGTH {
        return Err(PathError::BudgetExceeded);
    }
    for candidate in candidates {
        if candidate.subject() != current.issuer() || path.contains(candidate) {
            continue;
        }
        if *budget == 0 {
            return Err(PathError::BudgetExceeded);
        }
        *budget -= 1;
        if !current.is_signed_by(candidate) {
            continue;
        }
        path.push((*candidate).clone());
        if path.first().is_some_and(|leaf| ends.at(candidate, leaf))
            || search(path, candidates, ends, budget)?
        {
            return Ok(true);
        }
        path.pop();
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pathLenConstraint counts the CA certificates below the issuer, not the end entity
    /// (RFC 5280 §4.2.1.9): the test PKI's AC APE (pathLen 0) issues signers, not CAs.
    #[test]
    fn path_length_counts_the_certificates_below_but_the_leaf() {
        let ape = &ades_testkit::TestPki::shared().ape.certificate;
        assert_eq!(issuer_problem(ape, 0), None);
        assert_eq!(issuer_problem(ape, 1), Some("pathLenConstraint exceeded"));
    }
}
