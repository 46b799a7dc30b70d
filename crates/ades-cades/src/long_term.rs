//! Long-term CAdES (EN 319 122-1 B-LT and B-LTA; policy §2.7, §4.3): the validation data of
//! every signer and every time-stamp in the `SignedData` (certificates in `certificates`, CRLs
//! and OCSP responses in `crls`, EN 319 122-1 §6.3 o–r), then an archive-time-stamp-v3 with its
//! ats-hash-index-v3 (§5.5.2, §5.5.3) over the signature and all of that.
//!
//! Extension works on anyone's signature: nothing signed is touched, the new parts are added
//! beside the existing ones. Validation data is gathered after the signature time-stamp, as
//! EN 319 122-1 asks, so that it shows the certificates were not revoked when they signed.

use ades_core::cms::{Attribute, SignedData, SignerInfo};
use ades_core::time::OffsetDateTime;
use ades_core::validation::CollectError;
use ades_core::{Certificate, ValidationData, oid};
use ades_tsp::{LongTermServices, TimeStampToken};

use crate::archive;
use crate::error::{CadesError, Result};
use crate::extend::{TimestampScope, add_signature_timestamps};

/// What an extension added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extension {
    /// Signature time-stamps added (signers that had none).
    pub signature_timestamps: usize,
    /// The validation data added to the `SignedData`.
    pub validation_data: ValidationData,
    /// Archive time-stamps added.
    pub archive_timestamps: usize,
}

/// Extends every signer to B-LT: a signature time-stamp where there is none, then the
/// validation data of every signer, counter-signer and time-stamp that the signature does not
/// hold yet. Refuses (and changes nothing) when a certificate is revoked, has no chain to a
/// trust anchor or no revocation information.
pub fn extend_to_lt(sd: &mut SignedData, services: &LongTermServices<'_>) -> Result<Extension> {
    let mut candidate = sd.clone();
    let signature_timestamps = add_signature_timestamps(
        &mut candidate,
        services.tsa,
        services.digest,
        TimestampScope::Missing,
    )?;
    let present = embedded(&candidate);
    let needed = needed_validation_data(&candidate, &present, services)?;
    let missing = needed.missing_from(&present);
    candidate.add_validation_data(&missing);
    *sd = candidate;
    Ok(Extension {
        signature_timestamps,
        validation_data: missing,
        archive_timestamps: 0,
    })
}

/// Extends every signer to B-LTA: B-LT (which also adds the validation data of earlier
/// archive time-stamps, §6.3 s), then an archive-time-stamp-v3 on every top-level signer,
/// whose token carries its ats-hash-index-v3 and its own TSA's validation data.
pub fn extend_to_lta(sd: &mut SignedData, services: &LongTermServices<'_>) -> Result<Extension> {
    let mut candidate = sd.clone();
    let mut extension = extend_to_lt(&mut candidate, services)?;
    let alg = services.digest;
    let content_digest = match (candidate.content(), services.content) {
        (Some(c), _) => ades_core::digest::digest(alg, c),
        (None, Some(d)) => d.digest(alg)?,
        (None, None) => {
            return Err(CadesError::Content(
                "an archive time-stamp covers the signed content: give the content of the detached signature",
            ));
        }
    };
    for i in 0..candidate.signer_infos().len() {
        let index = archive::hash_index_v3(&candidate, &candidate.signer_infos()[i], alg);
        let imprint = archive::imprint_v3(
            &candidate,
            &candidate.signer_infos()[i],
            &content_digest,
            &index,
            alg,
        );
        let token = services.tsa.timestamp(alg, imprint)?;
        let token_der = archive_token(&token, &index, &candidate, services)?;
        candidate.signer_infos_mut()[i].add_unsigned_attribute(Attribute::new(
            oid::ATTR_ARCHIVE_TIMESTAMP_V3,
            vec![token_der],
        ));
        extension.archive_timestamps += 1;
    }
    // EN 319 122-1 §5.5.3 item 2: the archive time-stamp's digest among digestAlgorithms.
    candidate.add_digest_algorithm(alg.algorithm_identifier());
    *sd = candidate;
    Ok(extension)
}

/// The archive token as stored: the TSA's token with the hash index among its unsigned
/// attributes and the validation data of its own TSA in its `SignedData`, so that it verifies
/// offline until the next archive time-stamp covers it.
fn archive_token(
    token: &TimeStampToken,
    index: &[u8],
    signature: &SignedData,
    services: &LongTermServices<'_>,
) -> Result<Vec<u8>> {
    let mut tst = SignedData::from_bytes(token.der())?;
    let signer = tst
        .signer_infos_mut()
        .first_mut()
        .ok_or(CadesError::Content("the time-stamp token has no signer"))?;
    signer.add_unsigned_attribute(Attribute::new(
        oid::ATTR_ATS_HASH_INDEX_V3,
        vec![index.to_vec()],
    ));
    let mut known = embedded(signature);
    known.extend(&tst.validation_data());
    if let Some(tsa) = token.tsa_certificate(&known.certificates) {
        let data = services
            .source
            .collect(&tsa, &known, services.now, Some(token.gen_time()))
            .map_err(CadesError::ValidationData)?;
        tst.add_validation_data(&data.missing_from(&tst.validation_data()));
    }
    Ok(tst.to_der())
}

/// The validation data the signature holds: its `certificates` and `crls`, the
/// certificate-values / revocation-values of every signer, and what its time-stamp tokens carry.
pub fn embedded(sd: &SignedData) -> ValidationData {
    let mut data = sd.validation_data();
    for si in all_signers(sd.signer_infos()) {
        data.extend(&si.validation_values());
        for token in tokens(si) {
            data.extend(&token.signed_data().validation_data());
        }
    }
    data
}

/// The validation data of every signer and every time-stamp token.
fn needed_validation_data(
    sd: &SignedData,
    present: &ValidationData,
    services: &LongTermServices<'_>,
) -> Result<ValidationData> {
    let collect = |cert: &Certificate, after: Option<OffsetDateTime>| {
        services
            .source
            .collect(cert, present, services.now, after)
            .map_err(CadesError::ValidationData)
    };
    let mut needed = ValidationData::new();
    for si in all_signers(sd.signer_infos()) {
        let cert = present
            .certificates
            .iter()
            .find(|c| si.signer_id().matches(c))
            .ok_or(CadesError::ValidationData(CollectError::NoChain {
                subject: "a signer".into(),
                reason: "its certificate is not in the signature".into(),
            }))?;
        let stamped = tokens(si).iter().map(TimeStampToken::gen_time).max();
        needed.extend(&collect(cert, stamped)?);
        for token in tokens(si) {
            if let Some(tsa) = token.tsa_certificate(&present.certificates) {
                needed.extend(&collect(&tsa, Some(token.gen_time()))?);
            }
        }
    }
    Ok(needed)
}

/// The signers and, recursively, their counter-signers.
fn all_signers(top: &[SignerInfo]) -> Vec<&SignerInfo> {
    let mut out = Vec::new();
    let mut stack: Vec<&SignerInfo> = top.iter().rev().collect();
    while let Some(si) = stack.pop() {
        out.push(si);
        stack.extend(si.counter_signatures().iter().rev());
    }
    out
}

/// The time-stamp tokens of a signer: signature, content, -X and archive time-stamps.
pub(crate) fn tokens(si: &SignerInfo) -> Vec<TimeStampToken> {
    const STAMPS: [ades_core::const_oid::ObjectIdentifier; 5] = [
        oid::ATTR_SIGNATURE_TIMESTAMP,
        oid::ATTR_ESC_TIMESTAMP,
        oid::ATTR_CERT_CRL_TIMESTAMP,
        oid::ATTR_ARCHIVE_TIMESTAMP_V2,
        oid::ATTR_ARCHIVE_TIMESTAMP_V3,
    ];
    let unsigned = si
        .unsigned_attributes()
        .iter()
        .filter(|a| STAMPS.contains(&a.oid));
    let signed = si.signed_attribute(oid::ATTR_CONTENT_TIMESTAMP);
    unsigned
        .chain(signed)
        .flat_map(|a| &a.values)
        .filter_map(|v| TimeStampToken::from_der(v).ok())
        .collect()
}
