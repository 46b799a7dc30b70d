//! The Document Security Store (ISO 32000-2 §12.8.4.3; EN 319 142-1 B-LT, policy §4.3): the
//! catalog's `/DSS` dictionary holds the validation data of the document's signatures and
//! time-stamps as streams — `/Certs` (DER certificates), `/OCSPs` (DER `OCSPResponse`s) and
//! `/CRLs` (DER `CertificateList`s). A long-term PDF adds to it by incremental update; a
//! document time-stamp after it (B-LTA) proves it existed then.
//!
//! No `/VRI` is written: EN 319 142-1 says it should not be used for PAdES baseline
//! signatures, and every validator that reads it also reads the arrays.

use ades_core::cms::SignedData;
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, ValidationData};
use ades_pdf::{Dictionary, IncrementalUpdate, Object, PdfFile, Stream};
use ades_tsp::TimeStampToken;

use crate::pades_error::PadesError;
use crate::sigdict::{SignatureKind, find_signatures};
use crate::sign::SignedPdf;
use crate::source::SourcePdf;

/// The three arrays of a DSS and the kind of data each holds.
const ARRAYS: [&str; 3] = ["Certs", "OCSPs", "CRLs"];

/// The validation data in the `/DSS` of the latest revision (empty when there is none or it
/// cannot be read).
pub fn read_dss(pdf: &PdfFile) -> ValidationData {
    read_dss_at(pdf, pdf.latest_revision())
}

/// The validation data in the `/DSS` as of revision `rev`.
pub fn read_dss_at(pdf: &PdfFile, rev: usize) -> ValidationData {
    let mut data = ValidationData::new();
    let Some(dss) = dss_dict(pdf, rev) else {
        return data;
    };
    for key in ARRAYS {
        for der in stream_contents(pdf, rev, &dss, key) {
            match key {
                "Certs" => {
                    if let Ok(c) = Certificate::from_der(&der) {
                        data.add_certificate(c);
                    }
                }
                "OCSPs" => data.add_ocsp_response(der),
                _ => data.add_crl(der),
            }
        }
    }
    data
}

/// Appends a revision whose `/DSS` holds `data` besides what it held (existing streams are
/// reused, never copied); nothing is appended when `data` adds nothing.
pub fn add_to_dss(
    source: &SourcePdf,
    data: &ValidationData,
) -> Result<Option<SignedPdf>, PadesError> {
    let pdf = source.pdf();
    if pdf.is_encrypted() {
        return Err(PadesError::Encrypted);
    }
    let rev = pdf.latest_revision();
    let missing = data.missing_from(&read_dss(pdf));
    if missing.is_empty() {
        return Ok(None);
    }
    let existing = dss_dict(pdf, rev).unwrap_or_default();
    let mut update = IncrementalUpdate::new(pdf)?;
    let mut dss = Dictionary::new();
    dss.insert("Type", Object::name("DSS"));
    let new_items: [Vec<Vec<u8>>; 3] = [
        missing
            .certificates
            .iter()
            .map(|c| c.der().to_vec())
            .collect(),
        missing.ocsp_responses.clone(),
        missing.crls.clone(),
    ];
    for (key, items) in ARRAYS.into_iter().zip(new_items) {
        let mut refs: Vec<Object> = existing
            .get_array(key)
            .map(|a| a.to_vec())
            .unwrap_or_default();
        for der in items {
            let mut dict = Dictionary::new();
            dict.insert("Length", Object::Integer(der.len() as i64));
            let id = update.add(Object::Stream(Stream { dict, data: der }))?;
            refs.push(Object::Reference(id));
        }
        if !refs.is_empty() {
            dss.insert(key, Object::Array(refs));
        }
    }
    let dss_ref = update.add(dss.into())?;
    let root = pdf.root_at(rev)?;
    let mut catalog = pdf.catalog_at(rev)?;
    catalog.insert("DSS", Object::Reference(dss_ref));
    update.replace(root, catalog.into())?;
    let appended = update.finish()?;
    Ok(Some(SignedPdf::from_update(appended)))
}

/// A certificate of the document that needs validation data: a signer's or a TSA's, with
/// what the document already holds for it and the time-stamp its data must come after.
#[derive(Debug, Clone)]
pub struct ValidationNeed {
    /// The certificate.
    pub certificate: Certificate,
    /// The certificates, OCSP responses and CRLs the document already holds (DSS and CMS).
    pub known: ValidationData,
    /// The latest time-stamp over it: its validation data must be gathered after.
    pub issued_after: Option<OffsetDateTime>,
}

/// Every certificate of the document's signatures and time-stamps that validation data is
/// gathered for: each signer, each TSA of a signature's time-stamps, each TSA of a document
/// time-stamp.
pub fn validation_needs(pdf: &PdfFile) -> Result<Vec<ValidationNeed>, PadesError> {
    let mut known = read_dss(pdf);
    let found = signers_and_time_stamps(pdf, &mut known)?;
    let mut needs = Vec::new();
    for (signer, tokens) in found {
        let latest = tokens.iter().map(TimeStampToken::gen_time).max();
        if let Some(certificate) = signer {
            needs.push(ValidationNeed {
                certificate,
                known: known.clone(),
                issued_after: latest,
            });
        }
        for token in tokens {
            if let Some(certificate) = token.tsa_certificate(&known.certificates) {
                needs.push(ValidationNeed {
                    certificate,
                    known: known.clone(),
                    issued_after: Some(token.gen_time()),
                });
            }
        }
    }
    Ok(needs)
}

/// Every time-stamp token of the document: its document time-stamps and its signatures'
/// signature time-stamps (to find the newest one, say, before renewing).
pub fn time_stamps(pdf: &PdfFile) -> Result<Vec<TimeStampToken>, PadesError> {
    let mut known = ValidationData::new();
    Ok(signers_and_time_stamps(pdf, &mut known)?
        .into_iter()
        .flat_map(|(_, tokens)| tokens)
        .collect())
}

/// Each signature's signer (none for a document time-stamp) and time-stamps, adding what
/// their CMS structures hold to `known`.
#[allow(clippy::type_complexity)]
fn signers_and_time_stamps(
    pdf: &PdfFile,
    known: &mut ValidationData,
) -> Result<Vec<(Option<Certificate>, Vec<TimeStampToken>)>, PadesError> {
    let mut found = Vec::new();
    for sig in find_signatures(pdf, pdf.latest_revision())? {
        let Some(contents) = sig.contents() else {
            continue;
        };
        let der = crate::coverage::der_prefix(contents.as_bytes());
        match sig.kind() {
            SignatureKind::DocTimeStamp => {
                if let Ok(token) = TimeStampToken::from_der(der) {
                    known.extend(&token.signed_data().validation_data());
                    found.push((None, vec![token]));
                }
            }
            SignatureKind::Signature => {
                if let Ok(sd) = SignedData::from_bytes(der) {
                    known.extend(&sd.validation_data());
                    let tokens: Vec<TimeStampToken> = sd
                        .signer_infos()
                        .iter()
                        .flat_map(|si| si.unsigned_attributes())
                        .filter(|a| a.oid == ades_core::oid::ATTR_SIGNATURE_TIMESTAMP)
                        .flat_map(|a| &a.values)
                        .filter_map(|v| TimeStampToken::from_der(v).ok())
                        .collect();
                    tokens
                        .iter()
                        .for_each(|t| known.extend(&t.signed_data().validation_data()));
                    let signer = sd.signer_infos().first().and_then(|si| {
                        sd.certificates()
                            .iter()
                            .find(|c| si.signer_id().matches(c))
                            .cloned()
                    });
                    found.push((signer, tokens));
                }
            }
        }
    }
    Ok(found)
}

fn dss_dict(pdf: &PdfFile, rev: usize) -> Option<Dictionary> {
    let catalog = pdf.catalog_at(rev).ok()?;
    pdf.resolve_at(rev, catalog.get("DSS")?)
        .ok()?
        .as_dict()
        .cloned()
}

/// The decoded data of every stream the array `key` of `dss` refers to.
fn stream_contents(pdf: &PdfFile, rev: usize, dss: &Dictionary, key: &str) -> Vec<Vec<u8>> {
    let Some(items) = dss.get(key).and_then(|o| pdf.resolve_at(rev, o).ok()) else {
        return Vec::new();
    };
    items
        .as_array()
        .unwrap_or_default()
        .iter()
        .filter_map(|item| match pdf.resolve_at(rev, item).ok()? {
            Object::Stream(s) => pdf.decode_stream(&s).ok(),
            _ => None,
        })
        .collect()
}
