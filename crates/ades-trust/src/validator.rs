//! The X.509 validation building block (EN 319 102-1 §5.2.6) over a [`TrustStore`].

use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::CertificateValidator;
use ades_core::{Certificate, SubIndication};

use crate::path::{PathError, build_path};
use crate::store::TrustStore;

/// Validates signer certificates against a trust store.
#[derive(Debug, Clone, Default)]
pub struct ChainValidator {
    store: TrustStore,
}

impl ChainValidator {
    /// A validator trusting the anchors of `store`.
    pub fn new(store: TrustStore) -> Self {
        ChainValidator { store }
    }

    /// The trust store.
    pub fn store(&self) -> &TrustStore {
        &self.store
    }
}

impl CertificateValidator for ChainValidator {
    fn validate_certificate(
        &self,
        signer: &Certificate,
        pool: &[Certificate],
        at: OffsetDateTime,
        checks: &mut CheckList,
    ) -> Vec<Certificate> {
        let path = match build_path(signer, pool, &self.store) {
            Ok(path) => path,
            Err(e) => {
                checks.fail(
                    "certificate-chain",
                    SubIndication::NoCertificateChainFound,
                    e.to_string(),
                );
                return Vec::new();
            }
        };
        let names: Vec<String> = path
            .certificates()
            .iter()
            .map(|c| c.common_name().unwrap_or_else(|| c.subject_text()))
            .collect();
        checks
            .pass(
                "certificate-chain",
                format!("chain to a trust anchor: {}", names.join(" <- ")),
            )
            .rule("Madrid §3.7.2 (whole chain validated)");
        let problems = path.validate_at(at);
        if problems.is_empty() {
            checks.pass(
                "certificate-validity",
                format!(
                    "every certificate of the chain is valid at {}",
                    ades_core::datetime::rfc3339(at)
                ),
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
            checks
                .fail("certificate-validity", sub, problem.to_string())
                .rule("Madrid §3.7.2");
        }
        let policies = signer.policies();
        if !policies.is_empty() {
            let list: Vec<String> = policies.iter().map(ToString::to_string).collect();
            checks
                .info(
                    "certificate-policy",
                    format!("issued under certificate policy {}", list.join(", ")),
                )
                .rule("Madrid §3.7.3");
        }
        checks.fail(
            "revocation",
            SubIndication::TryLater,
            "revocation status (CRL/OCSP) is not checked by this version",
        );
        path.certificates().to_vec()
    }
}
