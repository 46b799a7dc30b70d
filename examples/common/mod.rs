//! What the examples share: the built-in test PKI as an integrator's own would be set up.
//! Copy it with the example you start from, and put your own key, trust anchors and
//! revocation sources in its place.
#![allow(dead_code)]

use std::error::Error;

use ades::core::datetime;
use ades::trust::{ChainValidator, Crl, RevocationChecker, TrustStore};
use ades::{Services, SignerChecks, SignerIdentity};
use ades_testkit::TestPki;

/// The test PKI's first natural-person signer: key, certificate and chain.
pub(crate) fn signer() -> Result<SignerIdentity, Box<dyn Error>> {
    let pki = TestPki::shared();
    Ok(SignerIdentity::new(
        pki.signer1.key.clone(),
        pki.signer1.certificate.clone(),
        pki.chain(),
    )?)
}

/// Certificate validation trusting the test root, with revocation checked offline against the
/// CAs' current CRLs (no network: what a machine without access to the responders does).
pub(crate) fn offline_validator() -> Result<ChainValidator, Box<dyn Error>> {
    let pki = TestPki::shared();
    let mut anchors = TrustStore::new();
    anchors.add_anchor(pki.root.certificate.clone());
    let mut revocation = RevocationChecker::offline();
    for ca in ["ape", "root"] {
        let der = pki.crl(ca, datetime::now(), ades::core::time::Duration::days(7))?;
        revocation.add_crl(format!("{ca}.crl"), Crl::from_bytes(&der)?);
    }
    Ok(ChainValidator::new(anchors).with_revocation(revocation))
}

/// Services that check the signer before signing (policy §3.6.2) with `validator`.
pub(crate) fn checked_by(validator: &ChainValidator) -> Services<'_> {
    Services::new(SignerChecks::Validate {
        validator,
        revocation_required: true,
    })
}
