//! Evidence records embedded in a CAdES signature (ETSI TS 119 122-3): an `id-aa-er-internal`
//! unsigned attribute holds an RFC 4998 record whose data object is the whole CMS signature
//! as it was before the record was added: the `ContentInfo`, DER-encoded, without that
//! attribute (records added later cover the earlier ones). A record that does not cover the
//! signature proves nothing about it: NO_POE (INDETERMINATE), never a pass.

use ades_core::cms::SignedData;
use ades_core::report::CheckList;
use ades_core::time::OffsetDateTime;
use ades_core::validation::CertificateValidator;
use ades_core::{CheckId, SubIndication, oid};
use ades_ers::{EvidenceRecord, Verifier};

/// Checks the embedded evidence records of top-level signer `index` of `sd`.
pub(crate) fn check_embedded_records(
    sd: &SignedData,
    index: usize,
    validator: Option<&dyn CertificateValidator>,
    now: OffsetDateTime,
    checks: &mut CheckList,
) {
    let Some(si) = sd.signer_infos().get(index) else {
        return;
    };
    for (position, attribute) in si.unsigned_attributes().iter().enumerate() {
        if attribute.oid == oid::ATTR_ER_EXTERNAL {
            checks.info(
                CheckId::EvidenceRecord,
                "an external evidence record (id-aa-er-external): not verified by this version",
            );
        }
        if attribute.oid != oid::ATTR_ER_INTERNAL {
            continue;
        }
        let Some(record) = attribute
            .values
            .first()
            .and_then(|v| EvidenceRecord::from_der(v).ok())
        else {
            checks.fail(
                CheckId::EvidenceRecord,
                SubIndication::NoPoe,
                "an unreadable embedded evidence record: it proves nothing",
            );
            continue;
        };
        // The signature as it was before this record: without it and what was added after it
        // (records in sequence), or without any record (records side by side), or without
        // it alone. The first reading the record covers is the one.
        let readings = [
            without(sd, index, |i, _| i >= position),
            without(sd, index, |_, a| a == oid::ATTR_ER_INTERNAL),
            without(sd, index, |i, _| i == position),
        ];
        let verifier = Verifier { validator, now };
        let mut results = readings
            .iter()
            .map(|data| verifier.verify(&record, &[data]));
        let first = results.next().unwrap_or_default();
        let own = if first.failed(CheckId::EvidenceRecord) {
            results
                .find(|r| !r.failed(CheckId::EvidenceRecord))
                .unwrap_or(first)
        } else {
            first
        };
        checks.extend_with_evidence(own, ": the embedded evidence record proves nothing");
    }
}

/// The DER of `sd` without the unsigned attributes of signer `index` that `drop` names (by
/// position and type).
fn without(
    sd: &SignedData,
    index: usize,
    drop: impl Fn(usize, ades_core::const_oid::ObjectIdentifier) -> bool,
) -> Vec<u8> {
    let mut copy = sd.clone();
    let signer = &mut copy.signer_infos_mut()[index];
    let dropped: Vec<usize> = signer
        .unsigned_attributes()
        .iter()
        .enumerate()
        .filter(|(i, a)| drop(*i, a.oid))
        .map(|(i, _)| i)
        .collect();
    for i in dropped.into_iter().rev() {
        signer.remove_unsigned_attribute(i);
    }
    copy.to_der()
}
