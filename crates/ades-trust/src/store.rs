//! Trust anchors from PEM or DER files and directories.

use std::path::{Path, PathBuf};

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

/// The certificates a validator trusts as chain ends.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a trust anchor.
    pub fn add_anchor(&mut self, cert: Certificate) {
        if !self.anchors.contains(&cert) {
            self.anchors.push(cert);
        }
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

    /// Adds as anchors the certificates of the services of a verified trusted list that were
    /// trusted at `at` as CAs issuing qualified certificates or as time-stamping services.
    /// Returns how many were added.
    pub fn add_trusted_list(
        &mut self,
        list: &crate::tsl::TrustedList,
        at: ades_core::time::OffsetDateTime,
    ) -> usize {
        use crate::tsl::{SERVICE_CA_QC, SERVICE_TSA, SERVICE_TSA_QTST};
        let anchors = list.anchors_at(at, &[SERVICE_CA_QC, SERVICE_TSA_QTST, SERVICE_TSA]);
        let before = self.anchors.len();
        anchors.into_iter().for_each(|c| self.add_anchor(c));
        self.anchors.len() - before
    }

    /// The trust anchors.
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    /// The untrusted helper certificates.
    pub fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    /// Whether `cert` is one of the anchors.
    pub fn is_anchor(&self, cert: &Certificate) -> bool {
        self.anchors.contains(cert)
    }
}
