//! Long-term XAdES (EN 319 132-1 LT and LTA; policy §2.7, §4.3), on anyone's signature, by
//! splicing unsigned properties into the original bytes:
//!
//! * LT: a signature time-stamp where there is none; `xades:CertificateValues` and
//!   `xades:RevocationValues` with the validation data of the signer (and counter-signers);
//!   `xadesv141:TimeStampValidationData` right after each time-stamp with its TSA's data
//!   (EN 319 132-1 §5.4.3: RevocationValues hold no data that is only the time-stamps').
//! * LTA: LT, then a `xadesv141:ArchiveTimeStamp` (exclusive canonicalization) over the
//!   signature and all of that, followed by the `TimeStampValidationData` of its own TSA, so
//!   that it validates offline until the next one covers it.
//!
//! Validation data is gathered after the signature time-stamps, as EN 319 132-1 asks.

use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, ValidationData};
use ades_tsp::{LongTermServices, TimeStampToken};
use ades_xml::{C14nMethod, Document, EXC_C14N, Limits, NodeId};

use crate::archive::{self, ArchiveKind};
use crate::dsig::SignatureElement;
use crate::extend::{StampTargets, add_signature_timestamps, random_suffix};
use crate::markup::{Markup, base64_lines, decode_base64};
use crate::names::{DS, XADES_141};
use crate::properties::read::read_signed_properties;
use crate::unsigned::{Splice, apply_splices, top_level_signatures, unsigned_slot};
use crate::{Error, Result};

/// What an extension added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extension {
    /// Signature time-stamps added.
    pub signature_timestamps: usize,
    /// The validation data added.
    pub validation_data: ValidationData,
    /// Archive time-stamps added.
    pub archive_timestamps: usize,
}

/// Extends every top-level signature of `xml` to LT. Refuses (returning nothing) when a
/// certificate is revoked, has no chain to a trust anchor or no revocation information.
pub fn extend_to_lt(
    xml: &[u8],
    services: &LongTermServices<'_>,
    limits: &Limits,
) -> Result<(Vec<u8>, Extension)> {
    let (stamped, signature_timestamps) = stamp_missing(xml, services, limits)?;
    let doc = Document::parse(&stamped, limits)?;
    let mut splices = Vec::new();
    let mut added = ValidationData::new();
    for signature in top_level_signatures(&doc) {
        let known = embedded(&doc, signature);
        let slot = unsigned_slot(&doc, signature)?;
        let id = property_id(&doc, signature);
        // The signer and every counter-signer: CertificateValues and RevocationValues.
        let signers = signers_data(&signers_of(&doc, signature)?, services, &known)?;
        // What the values already hold is not repeated; what KeyInfo or a token holds is
        // (CertificateValues names the whole chain, as validators expect).
        let held = crate::values::read(&doc, signature);
        let signers = signers.missing_from(&held);
        let mut covered = held.clone();
        covered.extend(&signers);
        // Each signature time-stamp: its TSA's data right after it.
        for (element, token) in signature_timestamps_of(&doc, signature) {
            let Some(tsa) = token.tsa_certificate(&known.certificates) else {
                continue;
            };
            let data = collect(services, &tsa, &known, Some(token.gen_time()))?;
            let data = data.missing_from(&covered);
            covered.extend(&data);
            let end = doc
                .byte_range(element)
                .ok_or_else(|| Error::Structure("a time-stamp without its bytes".into()))?
                .end;
            splices.push(Splice {
                at: end,
                text: crate::values::timestamp_validation_data(&slot.namespace, &id, &data),
            });
            added.extend(&data);
        }
        let values = crate::values::signature_values(&slot.namespace, &id, &signers);
        if !values.is_empty() {
            splices.push(Splice {
                at: slot.at,
                text: format!("{}{values}{}", slot.open, slot.close),
            });
        }
        added.extend(&signers);
    }
    Ok((
        apply_splices(&stamped, splices),
        Extension {
            signature_timestamps,
            validation_data: added,
            archive_timestamps: 0,
        },
    ))
}

/// A signature time-stamp on every top-level signature without one (every long-term level
/// starts there); how many were added.
pub(crate) fn stamp_missing(
    xml: &[u8],
    services: &LongTermServices<'_>,
    limits: &Limits,
) -> Result<(Vec<u8>, usize)> {
    add_signature_timestamps(
        xml,
        services.tsa,
        services.digest,
        StampTargets::Missing,
        limits,
    )
}

/// Extends every top-level signature of `xml` to LTA: LT, then an archive time-stamp and its
/// TSA's validation data.
pub fn extend_to_lta(
    xml: &[u8],
    services: &LongTermServices<'_>,
    limits: &Limits,
) -> Result<(Vec<u8>, Extension)> {
    let (lt, mut extension) = extend_to_lt(xml, services, limits)?;
    let archived = add_archive_timestamps(&lt, services, limits, &mut extension)?;
    Ok((archived, extension))
}

/// Adds to every top-level signature of `xml` an archive time-stamp over all it holds, then
/// its TSA's validation data; counts both in `extension`.
pub(crate) fn add_archive_timestamps(
    xml: &[u8],
    services: &LongTermServices<'_>,
    limits: &Limits,
    extension: &mut Extension,
) -> Result<Vec<u8>> {
    let doc = Document::parse(xml, limits)?;
    let method = C14nMethod::from_uri(EXC_C14N)?;
    let mut splices = Vec::new();
    for signature in top_level_signatures(&doc) {
        let element = SignatureElement::read(&doc, signature)?;
        let mut digester = ades_core::digest::Digester::new(services.digest);
        archive::write_input(
            &doc,
            &element,
            &method,
            ArchiveKind::V141,
            None,
            services.content,
            limits,
            &mut digester,
        )?;
        let token = services.tsa.timestamp(services.digest, digester.finish())?;
        let slot = unsigned_slot(&doc, signature)?;
        let id = property_id(&doc, signature);
        let known = embedded(&doc, signature);
        let tsa_data = match token.tsa_certificate(&known.certificates) {
            Some(tsa) => {
                collect(services, &tsa, &known, Some(token.gen_time()))?.missing_from(&known)
            }
            None => ValidationData::new(),
        };
        let text = format!(
            "{}{}{}{}",
            slot.open,
            archive_timestamp(&slot.namespace, &id, token.der()),
            crate::values::timestamp_validation_data(&slot.namespace, &id, &tsa_data),
            slot.close
        );
        splices.push(Splice { at: slot.at, text });
        extension.validation_data.extend(&tsa_data);
        extension.archive_timestamps += 1;
    }
    Ok(apply_splices(xml, splices))
}

/// Every time-stamp token of the signatures in `xml` (signature, -X and archive time-stamps,
/// counter-signatures' too): to find the newest one before renewing.
pub fn time_stamps(xml: &[u8], limits: &Limits) -> Result<Vec<TimeStampToken>> {
    let doc = Document::parse(xml, limits)?;
    Ok(doc
        .elements_by_name(Some(DS), "Signature")
        .flat_map(|s| doc.descendants(s).collect::<Vec<_>>())
        .filter(|&n| doc.local_name(n) == Some("EncapsulatedTimeStamp"))
        .filter_map(|n| decode_base64(&doc.text_content(n)).ok())
        .filter_map(|der| TimeStampToken::from_der(&der).ok())
        .collect())
}

/// The validation data a signature holds for itself: its `KeyInfo` certificates, its values
/// and those of the signatures it counter-signs (a counter-signature lives inside them).
pub(crate) fn embedded(doc: &Document, signature: NodeId) -> ValidationData {
    let mut data = SignatureElement::read(doc, signature)
        .map(|s| ValidationData::with_certificates(&s.key_info_certificates))
        .unwrap_or_default();
    data.extend(&crate::values::read(doc, signature));
    for ancestor in doc.ancestors(signature) {
        if doc.has_name(ancestor, Some(DS), "Signature") {
            data.extend(&crate::values::read(doc, ancestor));
        }
    }
    for (_, token) in signature_timestamps_of(doc, signature) {
        data.extend(&token.signed_data().validation_data());
    }
    data
}

/// The signing certificate of `signature` and of each counter-signature inside it, with the
/// latest signature time-stamp over each.
pub(crate) fn signers_of(
    doc: &Document,
    signature: NodeId,
) -> Result<Vec<(Certificate, Option<OffsetDateTime>)>> {
    let mut out = Vec::new();
    let mut stack = vec![signature];
    while let Some(s) = stack.pop() {
        let element = SignatureElement::read(doc, s)?;
        let props = read_signed_properties(doc, s);
        let pool = crate::validate::certificate::pool(doc, &element);
        let mut scratch = ades_core::report::CheckList::new();
        let mut facts = ades_core::policy::SignatureFacts::new(ades_core::Format::Xades);
        let certificate = crate::validate::certificate::identify(
            &element,
            &props,
            &pool,
            &mut scratch,
            &mut facts,
        )
        .ok_or_else(|| {
            Error::Structure("the signing certificate of a signature cannot be identified".into())
        })?;
        let stamped = signature_timestamps_of(doc, s)
            .iter()
            .map(|(_, t)| t.gen_time())
            .max();
        out.push((certificate, stamped));
        stack.extend(crate::counter::counter_signatures(doc, s));
    }
    Ok(out)
}

/// The validation data of `signers` (from [`signers_of`]), each gathered after its latest
/// signature time-stamp.
pub(crate) fn signers_data(
    signers: &[(Certificate, Option<OffsetDateTime>)],
    services: &LongTermServices<'_>,
    known: &ValidationData,
) -> Result<ValidationData> {
    let mut data = ValidationData::new();
    for (certificate, stamped_at) in signers {
        data.extend(&collect(services, certificate, known, *stamped_at)?);
    }
    Ok(data)
}

/// The `SignatureTimeStamp` elements of `signature` with their tokens.
pub(crate) fn signature_timestamps_of(
    doc: &Document,
    signature: NodeId,
) -> Vec<(NodeId, TimeStampToken)> {
    let Some(usp) = archive::unsigned_signature_properties(doc, signature) else {
        return Vec::new();
    };
    doc.child_elements(usp)
        .filter(|&c| doc.local_name(c) == Some("SignatureTimeStamp"))
        .flat_map(|ts| {
            doc.child_elements(ts)
                .filter(|&c| doc.local_name(c) == Some("EncapsulatedTimeStamp"))
                .filter_map(|c| decode_base64(&doc.text_content(c)).ok())
                .filter_map(|der| TimeStampToken::from_der(&der).ok())
                .map(move |t| (ts, t))
                .collect::<Vec<_>>()
        })
        .collect()
}

pub(crate) fn collect(
    services: &LongTermServices<'_>,
    certificate: &Certificate,
    known: &ValidationData,
    issued_after: Option<OffsetDateTime>,
) -> Result<ValidationData> {
    services
        .source
        .collect(certificate, known, services.now, issued_after)
        .map_err(|e| Error::ValidationData(e.to_string()))
}

/// A fresh `Id` prefix for properties added to `signature`.
pub(crate) fn property_id(doc: &Document, signature: NodeId) -> String {
    let base = doc.attribute(signature, None, "Id").unwrap_or("Signature");
    format!("{base}-{}", random_suffix())
}

/// A `xadesv141:ArchiveTimeStamp` (exclusive canonicalization) holding `token`.
fn archive_timestamp(namespace: &str, id: &str, token: &[u8]) -> String {
    let mut m = Markup::new();
    let id = format!("{id}-ArchiveTimeStamp");
    m.open(
        "xadesv141:ArchiveTimeStamp",
        &[
            ("xmlns:xadesv141", XADES_141),
            ("xmlns:xades", namespace),
            ("xmlns:ds", DS),
            ("Id", &id),
        ],
    );
    m.empty("ds:CanonicalizationMethod", &[("Algorithm", EXC_C14N)]);
    m.leaf("xades:EncapsulatedTimeStamp", &[], &base64_lines(token));
    m.close("xadesv141:ArchiveTimeStamp");
    m.into_string()
}
