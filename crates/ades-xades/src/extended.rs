//! The policy's extended XAdES forms (§4.3; TS 101 903 v1.3.2 §7.4–7.7), on anyone's
//! signature, by splicing unsigned properties into the original bytes:
//!
//! * -C: a signature time-stamp where there is none, then `CompleteCertificateRefs` and
//!   `CompleteRevocationRefs` naming the signer's path and its revocation data;
//! * -X: a `SigAndRefsTimeStamp` over the signature value, its time-stamps and those
//!   references (type 1), or a `RefsOnlyTimeStamp` over the references alone (type 2);
//! * -XL: `CertificateValues` and `RevocationValues` with the data the references name, and
//!   that of the time-stamps' TSAs;
//! * -A: a `xadesv141:ArchiveTimeStamp` over all of it, as for LTA.
//!
//! The references and the values come from one gathering of the data, so they agree.

use ades_core::digest::Digester;
use ades_core::{Level, ValidationData, XTimestamp};
use ades_tsp::LongTermServices;
use ades_xml::{C14N_10, C14nMethod, Document, Limits, NodeId};

use crate::archive::unsigned_signature_properties;
use crate::complete_refs::{ReferencesTimestamp, complete_references, write_input};
use crate::extend::timestamp_property;
use crate::long_term::{
    Extension, add_archive_timestamps, collect, embedded, property_id, signature_timestamps_of,
    signers_data, signers_of, stamp_missing,
};
use crate::unsigned::{Splice, apply_splices, top_level_signatures, unsigned_slot};
use crate::{Error, Result};

/// Extends every top-level signature of `xml` to the extended `form` (C, X, XL or A), with a
/// -X time-stamp of type `x`.
/// Refuses (returning nothing) when a certificate is revoked, has no chain to a trust anchor
/// or no revocation information, or a TSA fails.
pub fn extend_to_form(
    xml: &[u8],
    form: Level,
    x: XTimestamp,
    services: &LongTermServices<'_>,
    limits: &Limits,
) -> Result<(Vec<u8>, Extension)> {
    if !matches!(form, Level::C | Level::X | Level::Xl | Level::A) {
        return Err(Error::Unsupported(format!(
            "{form} is not one of the extended forms C, X, XL and A"
        )));
    }
    let (stamped, signature_timestamps) = stamp_missing(xml, services, limits)?;
    let mut extension = Extension {
        signature_timestamps,
        ..Extension::default()
    };
    // -C: the references, from data gathered once per signature and kept for -XL.
    let doc = Document::parse(&stamped, limits)?;
    let mut gathered = Vec::new();
    let mut splices = Vec::new();
    for (index, signature) in top_level_signatures(&doc).into_iter().enumerate() {
        let known = embedded(&doc, signature);
        let found = signers_of(&doc, signature)?;
        let signers = signers_data(&found, services, &known)?;
        if !has_property(&doc, signature, "CompleteCertificateRefs") {
            let (signer, _) = found
                .first()
                .ok_or_else(|| Error::Structure("a signature without its signer".into()))?;
            let slot = unsigned_slot(&doc, signature)?;
            let id = property_id(&doc, signature);
            let refs = complete_references(&slot.namespace, &id, signer, &signers, services.digest);
            splices.push(Splice {
                at: slot.at,
                text: format!("{}{refs}{}", slot.open, slot.close),
            });
        }
        let mut stamps = ValidationData::new();
        for (_, token) in signature_timestamps_of(&doc, signature) {
            if let Some(tsa) = token.tsa_certificate(&known.certificates) {
                stamps.extend(&collect(services, &tsa, &known, Some(token.gen_time()))?);
            }
        }
        gathered.push((index, signers, stamps));
    }
    let referenced = apply_splices(&stamped, splices);
    if form == Level::C {
        return Ok((referenced, extension));
    }
    // -X and -XL: the time-stamp over the references, then the values.
    let doc = Document::parse(&referenced, limits)?;
    let signatures = top_level_signatures(&doc);
    let mut splices = Vec::new();
    for (index, signers, mut data) in gathered {
        let signature = signatures[index];
        let slot = unsigned_slot(&doc, signature)?;
        let id = property_id(&doc, signature);
        let mut text = String::new();
        if !has_x_timestamp(&doc, signature) {
            let method = C14nMethod::from_uri(C14N_10)?;
            let mut digester = Digester::new(services.digest);
            let (kind, name) = match x {
                XTimestamp::SignatureAndReferences => {
                    (ReferencesTimestamp::SigAndRefs, "SigAndRefsTimeStamp")
                }
                XTimestamp::ReferencesOnly => (ReferencesTimestamp::RefsOnly, "RefsOnlyTimeStamp"),
            };
            write_input(&doc, signature, kind, &method, None, &mut digester)?;
            let token = services.tsa.timestamp(services.digest, digester.finish())?;
            text.push_str(&timestamp_property(
                &slot.namespace,
                name,
                &format!("{id}-{name}"),
                token.der(),
            ));
            let mut known = embedded(&doc, signature);
            known.extend(&token.signed_data().validation_data());
            if let Some(tsa) = token.tsa_certificate(&known.certificates) {
                data.extend(&collect(services, &tsa, &known, Some(token.gen_time()))?);
            }
        }
        if form != Level::X {
            data.extend(&signers);
            let data = data.missing_from(&crate::values::read(&doc, signature));
            text.push_str(&crate::values::signature_values(
                &slot.namespace,
                &id,
                &data,
            ));
            extension.validation_data.extend(&data);
        }
        if !text.is_empty() {
            splices.push(Splice {
                at: slot.at,
                text: format!("{}{text}{}", slot.open, slot.close),
            });
        }
    }
    let valued = apply_splices(&referenced, splices);
    if form != Level::A {
        return Ok((valued, extension));
    }
    let archived = add_archive_timestamps(&valued, services, limits, &mut extension)?;
    Ok((archived, extension))
}

/// Whether the unsigned signature properties of `signature` hold an element named `local`.
fn has_property(doc: &Document, signature: NodeId, local: &str) -> bool {
    unsigned_signature_properties(doc, signature).is_some_and(|usp| {
        doc.child_elements(usp)
            .any(|c| doc.local_name(c) == Some(local))
    })
}

/// Whether `signature` has a -X time-stamp of either type.
fn has_x_timestamp(doc: &Document, signature: NodeId) -> bool {
    unsigned_signature_properties(doc, signature).is_some_and(|usp| {
        doc.child_elements(usp).any(|c| {
            doc.local_name(c)
                .and_then(ReferencesTimestamp::of)
                .is_some()
        })
    })
}
