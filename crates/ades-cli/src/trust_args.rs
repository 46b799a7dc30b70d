//! Trust and revocation options shared by `sign`, `verify` and `extend`, and the time limit of
//! every exchange with a TSA, an OCSP responder or a CRL distribution point.

use std::path::PathBuf;
use std::time::Duration;

use ades::SignerIdentity;
use ades::http::HttpTransport;
use ades::trust::{ChainValidator, Crl, RevocationChecker, TrustStore};

use crate::error::CliError;
use crate::output::{note, read_file};

/// Where trust comes from and how revocation is checked.
#[derive(Debug, clap::Args)]
pub(crate) struct TrustArgs {
    /// Trust anchor certificates (PEM/DER file or a directory); repeatable.
    #[arg(long)]
    pub(crate) trust: Vec<PathBuf>,
    /// ETSI TS 119 612 trusted list: its CA/QC and TSA services' certificates (granted now)
    /// become trust anchors once its XAdES signature is verified with --trust-list-signer;
    /// repeatable.
    #[arg(long, requires = "trust_list_signer")]
    pub(crate) trust_list: Vec<PathBuf>,
    /// The certificates of the scheme operator allowed to sign the trusted lists (PEM/DER).
    #[arg(long)]
    pub(crate) trust_list_signer: Vec<PathBuf>,
    /// CRL files to use for revocation checking (DER or PEM); repeatable.
    #[arg(long)]
    pub(crate) crl: Vec<PathBuf>,
    /// Do not contact OCSP responders, CRL distribution points or time-stamp authorities:
    /// revocation is checked only against the given CRLs.
    #[arg(long)]
    pub(crate) offline: bool,
    /// A revocation cache shared with other runs and machines (redis://HOST:PORT[/DB]): the
    /// OCSP responses and CRLs fetched are stored there until their nextUpdate, and those
    /// stored by others are used (verified again) before the network, also with --offline.
    /// A cache that cannot be reached is a warning, never a different verdict.
    #[arg(long, value_name = "URL")]
    pub(crate) revocation_cache: Option<String>,
    #[command(flatten)]
    pub(crate) network: NetworkArgs,
}

/// How long a time-stamp authority, OCSP responder or CRL distribution point may take.
#[derive(Debug, Clone, Copy, clap::Args)]
pub(crate) struct NetworkArgs {
    /// The most one exchange with a time-stamp authority, an OCSP responder or a CRL
    /// distribution point may take, in seconds, from connecting to the last byte of the answer
    /// (a server that answers slowly, byte by byte, is cut off too).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = HttpTransport::DEFAULT_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    pub(crate) network_timeout: u64,
}

impl NetworkArgs {
    /// The time limit of one exchange.
    pub(crate) fn timeout(&self) -> Duration {
        Duration::from_secs(self.network_timeout)
    }

    /// The HTTP transport with this time limit (and the default size limit).
    pub(crate) fn transport(&self) -> HttpTransport {
        HttpTransport::with_timeout(self.timeout())
    }
}

impl TrustArgs {
    /// The trust store of the `--trust` files and directories.
    pub(crate) fn store(&self) -> Result<TrustStore, CliError> {
        let mut store = TrustStore::new();
        self.add_trusted_lists(&mut store)?;
        for t in &self.trust {
            if t.is_dir() {
                store.add_directory(t)?;
            } else {
                store.add_file(t)?;
            }
        }
        Ok(store)
    }

    /// Adds the anchors of every `--trust-list` whose signature verifies with a
    /// `--trust-list-signer` certificate; an unverified list is an error, never trusted, and
    /// so are two lists of one territory (an older one would reopen what the newer withdrew).
    fn add_trusted_lists(&self, store: &mut TrustStore) -> Result<(), CliError> {
        if self.trust_list.is_empty() {
            return Ok(());
        }
        let mut signers = Vec::new();
        for s in &self.trust_list_signer {
            signers.extend(ades::Certificate::load(&read_file(s)?).map_err(|e| {
                CliError::Usage(format!("--trust-list-signer {}: {e}", s.display()))
            })?);
        }
        let verifier = ades::xades::XadesTrustedListVerifier::new();
        let mut territories: Vec<(String, &std::path::Path)> = Vec::new();
        for path in &self.trust_list {
            let list = ades::trust::tsl::UnverifiedTrustedList::parse(&read_file(path)?)
                .and_then(|l| l.verify(&verifier, &signers))
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
            if let Some((_, first)) = territories.iter().find(|(t, _)| *t == list.territory) {
                return Err(CliError::Usage(format!(
                    "--trust-list {} and {} are both lists of {}: give only the current one",
                    first.display(),
                    path.display(),
                    list.territory
                )));
            }
            territories.push((list.territory.clone(), path));
            let now = ades::core::datetime::now();
            let added = store.add_trusted_list(&list);
            note(&format!(
                "trusted list {} ({}, #{}): signature verified, {added} anchors ({} of services trusted now)",
                path.display(),
                list.territory,
                list.sequence_number,
                list.anchors_at(now, &ades::trust::tsl::ANCHOR_SERVICES)
                    .len()
            ));
            if list.is_out_of_date_at(now) {
                let next = list.next_update.map_or(
                    "none or unreadable".to_owned(),
                    ades::core::datetime::rfc3339,
                );
                note(&format!(
                    "warning: trusted list {} is out of date (NextUpdate {next}): services withdrawn since may still be trusted from it; fetch the current list",
                    path.display()
                ));
            }
        }
        Ok(())
    }

    /// Revocation checking as the options ask: online (OCSP, then CRL distribution points)
    /// unless `--offline`, always with the given CRL files.
    pub(crate) fn revocation_checker(&self) -> Result<RevocationChecker, CliError> {
        let mut checker = if self.offline {
            RevocationChecker::offline()
        } else {
            RevocationChecker::online(Box::new(self.network.transport()))
        };
        for path in &self.crl {
            let crl = Crl::from_bytes(&read_file(path)?)
                .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
            checker.add_crl(path.display().to_string(), crl);
        }
        if let Some(url) = &self.revocation_cache {
            let cache = ades::trust::RedisCache::new(url)
                .map_err(|e| CliError::Usage(format!("--revocation-cache {e}")))?;
            checker.set_shared_cache(Box::new(cache));
        }
        Ok(checker)
    }

    /// Warns when the shared revocation cache could not be used during the run.
    pub(crate) fn warn_about_shared_cache(validator: &ChainValidator) {
        if let Some(trouble) = validator
            .revocation()
            .and_then(RevocationChecker::shared_cache_trouble)
        {
            note(&format!(
                "warning: revocation cache {trouble}; answers were cached in this process only"
            ));
        }
    }

    /// A chain validator over `store` with the configured revocation checking.
    pub(crate) fn chain_validator(&self, store: TrustStore) -> Result<ChainValidator, CliError> {
        Ok(ChainValidator::new(store).with_revocation(self.revocation_checker()?))
    }

    /// The validator for the checks before signing (policy §3.6.2): the `--trust` anchors,
    /// or without them the root supplied with the key (the signer trusts it), with a warning.
    pub(crate) fn signer_validator(
        &self,
        identity: &SignerIdentity,
    ) -> Result<(ChainValidator, Option<&'static str>), CliError> {
        let mut store = self.store()?;
        let mut warning = None;
        if self.trust.is_empty() && self.trust_list.is_empty() {
            let roots: Vec<_> = identity
                .chain()
                .iter()
                .filter(|c| c.is_self_issued())
                .cloned()
                .collect();
            if roots.is_empty() {
                return Err(CliError::Usage(
                    "cannot validate the signer's chain before signing (policy §3.6.2 c): give --trust ROOT.pem, or a chain that ends at its root".into(),
                ));
            }
            roots.into_iter().for_each(|r| store.add_anchor(r));
            warning = Some(
                "the chain was validated against the root supplied with the key; give --trust to use your own trust store",
            );
        }
        Ok((self.chain_validator(store)?, warning))
    }

    /// The checks before signing with `validator`: revocation is required unless `--offline`.
    pub(crate) fn signer_checks<'a>(
        &self,
        validator: &'a ChainValidator,
    ) -> ades::SignerChecks<'a> {
        ades::SignerChecks::Validate {
            validator,
            revocation_required: !self.offline,
        }
    }
}

/// The services of an extension of someone's signature: `tsa`, and the chains and OCSP/CRL
/// answers the long-term levels need from `validator` (the anchors given and the responders
/// the certificates name); the signer is not checked (the signature exists already).
pub(crate) fn extension_services<'a>(
    tsa: &'a ades::tsp::TsaClient<'a>,
    validator: &'a ChainValidator,
) -> ades::Services<'a> {
    ades::Services {
        tsa: Some(tsa),
        signer_checks: ades::SignerChecks::CheckedByCaller,
        validation_data: Some(validator),
    }
}
