//! Extending CAdES signatures: CAdES-T adds a signature time-stamp (RFC 3161 token over the
//! signature value) as the unsigned attribute id-aa-signatureTimeStampToken
//! (TS 101 733 §6.1.1). The time-stamp must come before the signer certificate expires
//! (policy §4.2).

use ades_core::cms::{Attribute, SignedData, SignerInfo};
use ades_core::{DigestAlgorithm, datetime, digest, oid};
use ades_tsp::TsaClient;

use crate::error::{CadesError, Result};

/// What to time-stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampScope {
    /// Every top-level signer without a signature time-stamp.
    Missing,
    /// Every top-level signer, even those already time-stamped (a fresh time-stamp).
    All,
}

/// Adds a signature time-stamp from `tsa` (imprint with `algorithm`) to the top-level signers
/// of `signed_data` that `scope` selects. Returns how many were time-stamped.
pub fn add_signature_timestamps(
    signed_data: &mut SignedData,
    tsa: &TsaClient<'_>,
    algorithm: DigestAlgorithm,
    scope: TimestampScope,
) -> Result<usize> {
    let certificates = signed_data.certificates().to_vec();
    let mut added = 0;
    for si in signed_data.signer_infos_mut() {
        if scope == TimestampScope::Missing
            && si
                .unsigned_attribute(oid::ATTR_SIGNATURE_TIMESTAMP)
                .is_some()
        {
            continue;
        }
        let token = timestamp_signature(si, tsa, algorithm)?;
        if let Some(cert) = certificates.iter().find(|c| si.signer_id().matches(c))
            && token.gen_time() > cert.not_after()
        {
            return Err(CadesError::TimestampAfterExpiry {
                time: datetime::rfc3339(token.gen_time()),
                expiry: datetime::rfc3339(cert.not_after()),
            });
        }
        si.add_unsigned_attribute(Attribute::single(
            oid::ATTR_SIGNATURE_TIMESTAMP,
            token.der().to_vec(),
        ));
        added += 1;
    }
    Ok(added)
}

fn timestamp_signature(
    si: &SignerInfo,
    tsa: &TsaClient<'_>,
    algorithm: DigestAlgorithm,
) -> Result<ades_tsp::TimeStampToken> {
    Ok(tsa.timestamp(algorithm, digest::digest(algorithm, si.signature()))?)
}
