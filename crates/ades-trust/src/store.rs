//! Trust anchors from PEM or DER files and directories.

use std::path::{Path, PathBuf};

use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, CertificateError};

/// Why trust anchors could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrustError {
    /// A file could not be read.
    #[error("cannot read trust anchor {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file holds no usable certificate.
    #[error("{path} is not a certificate file: {source}")]
    Certificate {
        /// The file.
        path: PathBuf,
        /// Why.
        source: CertificateError,
    },
}

/// The certificates a validator trusts as chain ends: anchors for every chain, and anchors
/// for time-stamping chains only (the TSA services of a trusted list: a TSA's CA does not
/// vouch for signers). An anchor from a trusted list is trusted only during the periods the
/// list shows its service trusted ([`TrustStore::is_trusted_at`]); one added otherwise always.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: AnchorSet,
    tsa_anchors: AnchorSet,
    intermediates: Vec<Certificate>,
}

/// A span of time an anchor is trusted: from `from` on, up to `until` (excluded) when its
/// status changed again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedPeriod {
    /// Start (a service status's StatusStartingTime).
    pub from: OffsetDateTime,
    /// End, if a later status replaced it.
    pub until: Option<OffsetDateTime>,
}

impl TrustedPeriod {
    /// Whether `at` falls in the period.
    pub fn contains(&self, at: OffsetDateTime) -> bool {
        self.from <= at && self.until.is_none_or(|until| at < until)
    }
}

/// Anchors, each trusted always (`None`) or during its periods.
#[derive(Debug, Clone, Default)]
struct AnchorSet {
    certificates: Vec<Certificate>,
    trusted: Vec<Option<Vec<TrustedPeriod>>>,
}

impl AnchorSet {
    /// Adds `cert`, trusted always (`None`) or during `periods` (added to those it has).
    fn add(&mut self, cert: Certificate, periods: Option<Vec<TrustedPeriod>>) {
        match self.certificates.iter().position(|c| c == &cert) {
            None => {
                self.certificates.push(cert);
                self.trusted.push(periods);
            }
            Some(i) => match (&mut self.trusted[i], periods) {
                (None, _) => {}
                (slot @ Some(_), None) => *slot = None,
                (Some(known), Some(more)) => known.extend(more),
            },
        }
    }

    fn trusted_at(&self, cert: &Certificate, at: OffsetDateTime) -> bool {
        self.certificates
            .iter()
            .position(|c| c == cert)
            .is_some_and(|i| {
                self.trusted[i]
                    .as_ref()
                    .is_none_or(|periods| periods.iter().any(|p| p.contains(at)))
            })
    }
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a trust anchor, trusted at any time.
    pub fn add_anchor(&mut self, cert: Certificate) {
        self.anchors.add(cert, None);
    }

    /// Adds an anchor for the chains of time-stamping units only (certificates with the
    /// id-kp-timeStamping extended key usage), trusted at any time.
    pub fn add_tsa_anchor(&mut self, cert: Certificate) {
        self.tsa_anchors.add(cert, None);
    }

    /// Adds a certificate that may be used to build chains but is not trusted by itself.
    pub fn add_intermediate(&mut self, cert: Certificate) {
        if !self.intermediates.contains(&cert) {
            self.intermediates.push(cert);
        }
    }

    /// Adds every certificate of a PEM (one or more blocks) or DER file as an anchor.
    pub fn add_file(&mut self, path: &Path) -> Result<usize, TrustError> {
        let bytes = std::fs::read(path).map_err(|source| TrustError::Io {
            path: path.to_owned(),
            source,
        })?;
        let certs = Certificate::load(&bytes).map_err(|source| TrustError::Certificate {
            path: path.to_owned(),
            source,
        })?;
        let n = certs.len();
        certs.into_iter().for_each(|c| self.add_anchor(c));
        Ok(n)
    }

    /// Adds every certificate of the `.pem`, `.crt`, `.cer` and `.der` files of a directory
    /// (not recursive). PEM files without a certificate (keys) are skipped; a malformed
    /// certificate is an error.
    pub fn add_directory(&mut self, dir: &Path) -> Result<usize, TrustError> {
        let io = |source| TrustError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    ["pem", "crt", "cer", "der"].contains(&e.to_ascii_lowercase().as_str())
                })
            })
            .collect();
        paths.sort();
        let mut n = 0;
        for p in paths {
            match self.add_file(&p) {
                Ok(added) => n += added,
                Err(TrustError::Certificate {
                    source: CertificateError::NoCertificate,
                    ..
                }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(n)
    }

    /// Adds the certificates of the services of a verified trusted list that were ever
    /// trusted, each trusted only during the periods the list shows (its status history):
    /// CAs issuing qualified certificates as anchors for every chain, time-stamping services
    /// as anchors for time-stamping chains only (ETSI TS 119 612 service types). Returns how
    /// many certificates were added.
    pub fn add_trusted_list(&mut self, list: &crate::tsl::TrustedList) -> usize {
        use crate::tsl::{SERVICE_CA_QC, SERVICE_TSA, SERVICE_TSA_QTST};
        let count = |s: &Self| s.anchors.certificates.len() + s.tsa_anchors.certificates.len();
        let before = count(self);
        for (cert, periods) in list.anchor_periods(&[SERVICE_CA_QC]) {
            self.anchors.add(cert, Some(periods));
        }
        for (cert, periods) in list.anchor_periods(&[SERVICE_TSA_QTST, SERVICE_TSA]) {
            self.tsa_anchors.add(cert, Some(periods));
        }
        count(self) - before
    }

    /// The trust anchors for every chain, at any time (see [`TrustStore::is_trusted_at`]).
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors.certificates
    }

    /// The anchors for time-stamping chains only.
    pub fn tsa_anchors(&self) -> &[Certificate] {
        &self.tsa_anchors.certificates
    }

    /// The anchors a chain from `leaf` may end at, at some time: every anchor for a
    /// time-stamping unit's certificate, the general ones for any other.
    pub fn anchors_for<'a>(&'a self, leaf: &Certificate) -> impl Iterator<Item = &'a Certificate> {
        let tsa = is_time_stamping_unit(leaf);
        self.anchors
            .certificates
            .iter()
            .chain(self.tsa_anchors.certificates.iter().filter(move |_| tsa))
    }

    /// Whether a chain from `leaf` may end at `anchor` at `at`: an anchor for it
    /// ([`TrustStore::anchors_for`]) that is trusted at that time (always, or within a period
    /// its trusted list shows it trusted).
    pub fn is_trusted_at(
        &self,
        anchor: &Certificate,
        leaf: &Certificate,
        at: OffsetDateTime,
    ) -> bool {
        self.anchors.trusted_at(anchor, at)
            || (is_time_stamping_unit(leaf) && self.tsa_anchors.trusted_at(anchor, at))
    }

    /// The untrusted helper certificates.
    pub fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    /// Whether `cert` is one of the anchors for every chain.
    pub fn is_anchor(&self, cert: &Certificate) -> bool {
        self.anchors.certificates.contains(cert)
    }

    /// Whether a chain from `leaf` may end at `cert` at some time ([`TrustStore::anchors_for`]).
    pub fn is_anchor_for(&self, cert: &Certificate, leaf: &Certificate) -> bool {
        self.anchors_for(leaf).any(|a| a == cert)
    }
}

fn is_time_stamping_unit(cert: &Certificate) -> bool {
    cert.extended_key_usage()
        .contains(&ades_core::oid::KP_TIME_STAMPING)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::tsl::sample::{list_of, service, time, withdrawn_in_2025};
    use crate::tsl::{SERVICE_CA_QC, SERVICE_TSA_QTST};

    /// CA/QC services anchor every chain, TSA services time-stamping chains only.
    #[test]
    fn trusted_list_services_anchor_by_their_type() {
        let pki = ades_testkit::TestPki::shared();
        let list = list_of(&format!(
            "{}{}",
            service(SERVICE_CA_QC, &pki.ape.certificate),
            service(SERVICE_TSA_QTST, &pki.root.certificate),
        ));
        let mut store = TrustStore::new();
        assert_eq!(store.add_trusted_list(list.content()), 2);
        assert_eq!(store.anchors(), std::slice::from_ref(&pki.ape.certificate));
        assert_eq!(
            store.tsa_anchors(),
            std::slice::from_ref(&pki.root.certificate)
        );
        let at = time("2026-01-01T00:00:00Z");
        assert!(store.is_trusted_at(&pki.ape.certificate, &pki.signer1.certificate, at));
        assert!(store.is_trusted_at(&pki.root.certificate, &pki.tsa.certificate, at));
        assert!(!store.is_trusted_at(&pki.root.certificate, &pki.signer1.certificate, at));
        assert!(
            !store.is_trusted_at(
                &pki.ape.certificate,
                &pki.signer1.certificate,
                time("2019-12-31T23:59:59Z")
            ),
            "not before the service was granted"
        );
    }

    /// A service withdrawn in 2025 anchors chains validated at a time it was granted, not
    /// after; an anchor also configured directly is trusted at any time.
    #[test]
    fn trusted_list_anchors_are_trusted_while_their_service_was() {
        let pki = ades_testkit::TestPki::shared();
        let list = list_of(&withdrawn_in_2025(SERVICE_CA_QC, &pki.ape.certificate));
        let mut store = TrustStore::new();
        assert_eq!(store.add_trusted_list(list.content()), 1);
        let (ape, signer) = (&pki.ape.certificate, &pki.signer1.certificate);
        assert!(store.is_trusted_at(ape, signer, time("2024-12-31T23:59:59Z")));
        assert!(!store.is_trusted_at(ape, signer, time("2025-01-01T00:00:00Z")));
        assert!(
            store.is_anchor_for(ape, signer),
            "still an end for path building"
        );

        // The chain goes on past an anchor not trusted at the time, to one that is.
        let both = list_of(&format!(
            "{}{}",
            withdrawn_in_2025(SERVICE_CA_QC, ape),
            service(SERVICE_CA_QC, &pki.root.certificate),
        ));
        let mut two = TrustStore::new();
        two.add_trusted_list(both.content());
        let ends_at = |at: &str| {
            let path = crate::path::build_path_at(signer, &pki.chain(), &two, time(at)).unwrap();
            path.certificates().last().unwrap().clone()
        };
        assert_eq!(ends_at("2024-06-01T00:00:00Z"), *ape);
        assert_eq!(ends_at("2026-06-01T00:00:00Z"), pki.root.certificate);

        store.add_anchor(ape.clone());
        assert!(store.is_trusted_at(ape, signer, time("2026-01-01T00:00:00Z")));
        store.add_trusted_list(list.content());
        assert!(
            store.is_trusted_at(ape, signer, time("2026-01-01T00:00:00Z")),
            "a trusted list does not narrow an anchor configured directly"
        );
    }
}
