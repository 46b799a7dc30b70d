//! Trust and revocation options shared by `sign`, `verify` and `extend`.

use std::path::PathBuf;

use ades_trust::{ChainValidator, Crl, RevocationChecker, TrustStore};
use ades_tsp::HttpTransport;

use crate::error::CliError;
use crate::output::read_file;

/// Where trust comes from and how revocation is checked.
#[derive(Debug, clap::Args)]
pub(crate) struct TrustArgs {
    /// Trust anchor certificates (PEM/DER file or a directory); repeatable.
    #[arg(long)]
    pub(crate) trust: Vec<PathBuf>,
    /// ETSI TS 119 612 trusted list: its services' certificates become trust anchors once its
    /// XAdES signature is verified (needs the XAdES verifier, not in this version).
    #[arg(long)]
    pub(crate) trust_list: Vec<PathBuf>,
    /// CRL files to use for revocation checking (DER or PEM); repeatable.
    #[arg(long)]
    pub(crate) crl: Vec<PathBuf>,
    /// Do not contact OCSP responders, CRL distribution points or time-stamp authorities:
    /// revocation is checked only against the given CRLs.
    #[arg(long)]
    pub(crate) offline: bool,
}

impl TrustArgs {
    /// The trust store of the `--trust` files and directories.
    pub(crate) fn store(&self) -> Result<TrustStore, CliError> {
        if let Some(list) = self.trust_list.first() {
            // Read it, so a malformed list is reported as such, but never trust it unverified.
            let parsed = ades_trust::tsl::UnverifiedTrustedList::parse(&read_file(list)?)
                .map_err(|e| CliError::Usage(format!("{}: {e}", list.display())))?;
            return Err(CliError::Usage(format!(
                "{}: a trusted list ({} services) is trusted only once its XAdES signature is verified, and the XAdES verifier is not in this version; use --trust with the CA certificates",
                list.display(),
                parsed.content().service_count()
            )));
        }
        let mut store = TrustStore::new();
        for t in &self.trust {
            if t.is_dir() {
                store.add_directory(t)?;
            } else {
                store.add_file(t)?;
            }
        }
        Ok(store)
    }

    /// Revocation checking as the options ask: online (OCSP, then CRL distribution points)
    /// unless `--offline`, always with the given CRL files.
    pub(crate) fn revocation_checker(&self) -> Result<RevocationChecker, CliError> {
        let mut checker = if self.offline {
            RevocationChecker::offline()
        } else {
            RevocationChecker::online(Box::new(HttpTransport::new()))
        };
        for path in &self.crl {
            let crl = Crl::from_bytes(&read_file(path)?)
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
            checker.add_crl(path.display().to_string(), crl);
        }
        Ok(checker)
    }

    /// A chain validator over `store` with the configured revocation checking.
    pub(crate) fn chain_validator(&self, store: TrustStore) -> Result<ChainValidator, CliError> {
        Ok(ChainValidator::new(store).with_revocation(self.revocation_checker()?))
    }
}
