//! The long-term levels through the front door: which formats and levels are made, and the
//! step from a time-stamped signature to LT or LTA.

use ades_cades::{CadesSignature, LongTermServices, SignedData};
use ades_core::validation::DetachedContent;
use ades_core::{DigestAlgorithm, Format, Level, XTimestamp, datetime, oid};

use crate::error::{Error, OptionsError};
use crate::sign::Services;

/// Where an extension goes: the level, the digest of its time-stamps' imprints and the type of
/// the -X time-stamp of the extended forms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    pub(crate) level: Level,
    pub(crate) digest: DigestAlgorithm,
    pub(crate) x: XTimestamp,
}

/// Refuses a long-term `level` this version does not make for `format`, or that lacks its
/// services.
pub(crate) fn check_supported(
    format: Format,
    level: Level,
    services: &Services<'_>,
) -> Result<(), Error> {
    if services.validation_data.is_none() {
        return Err(OptionsError::LevelNeedsValidationData(level).into());
    }
    match (format, level) {
        (Format::Cades | Format::Xades | Format::Pades, Level::Lt | Level::Lta) => Ok(()),
        (Format::Cades | Format::Xades, Level::C | Level::X | Level::Xl | Level::A) => Ok(()),
        _ => Err(OptionsError::LevelNotMadeFor { format, level }.into()),
    }
}

/// Raises a CAdES signature that has its signature time-stamps to `level` (nothing below LT).
pub(crate) fn raise_cades(
    signature: CadesSignature,
    target: Target,
    content: Option<&dyn DetachedContent>,
    services: &Services<'_>,
) -> Result<CadesSignature, Error> {
    if !target.level.is_long_term() {
        return Ok(signature);
    }
    let mut sd = signature.into_signed_data();
    extend_cades(&mut sd, target, content, services)?;
    Ok(CadesSignature::from(sd))
}

/// Extends a `SignedData` to the target level (LT, LTA or an extended form).
pub(crate) fn extend_cades(
    sd: &mut SignedData,
    target: Target,
    content: Option<&dyn DetachedContent>,
    services: &Services<'_>,
) -> Result<ades_cades::Extension, Error> {
    let Target { level, digest, x } = target;
    let (Some(tsa), Some(source)) = (services.tsa, services.validation_data) else {
        return Err(OptionsError::LevelNeedsValidationData(level).into());
    };
    // A detached signature just made: its message digest is the content's digest.
    let own = own_content_digest(sd, digest);
    let content = content.or(own.as_ref().map(|d| d as &dyn DetachedContent));
    let long_term = LongTermServices {
        source,
        tsa,
        digest,
        now: datetime::now(),
        content,
    };
    Ok(match level {
        Level::Lta => ades_cades::extend_to_lta(sd, &long_term)?,
        Level::A => ades_cades::extend_to_a(sd, &long_term, x)?,
        Level::C | Level::X | Level::Xl => ades_cades::extend_to_form(sd, &long_term, level, x)?,
        _ => ades_cades::extend_to_lt(sd, &long_term)?,
    })
}

/// The content digest a single detached signer's message-digest attribute holds, when it is
/// made with `digest`.
fn own_content_digest(sd: &SignedData, digest: DigestAlgorithm) -> Option<KnownDigest> {
    let [si] = sd.signer_infos() else { return None };
    if !sd.is_detached() || si.digest_algorithm().digest() != Some(digest) {
        return None;
    }
    let value = si
        .signed_attribute(oid::ATTR_MESSAGE_DIGEST)?
        .single_value()
        .ok()?;
    let digest_value = ades_core::cms::parse_octet_string(value).ok()?;
    Some(KnownDigest(digest, digest_value))
}

/// Detached content known only by its digest.
struct KnownDigest(DigestAlgorithm, Vec<u8>);

impl DetachedContent for KnownDigest {
    fn digest(&self, algorithm: DigestAlgorithm) -> std::io::Result<Vec<u8>> {
        if algorithm == self.0 {
            Ok(self.1.clone())
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::Unsupported,
                "only the signature's digest of the content is known",
            ))
        }
    }
}

/// Extends a PDF to `level` (LT or LTA): a revision adding the validation data of every
/// signature and document time-stamp to the `/DSS`; for LTA then a document time-stamp over
/// it and a last `/DSS` revision with that time-stamp's own validation data, so that the
/// document validates offline.
pub(crate) fn extend_pdf(
    document: Vec<u8>,
    level: Level,
    digest: DigestAlgorithm,
    services: &Services<'_>,
) -> Result<Vec<u8>, Error> {
    let (Some(tsa), Some(_)) = (services.tsa, services.validation_data) else {
        return Err(OptionsError::LevelNeedsValidationData(level).into());
    };
    let mut document = add_document_validation_data(document, services)?;
    if level == Level::Lta {
        let source = ades_pades::SourcePdf::from_bytes(document)?;
        let stamped = ades_pades::timestamp_document(&source, tsa, digest)?;
        document = add_document_validation_data(stamped.to_vec(&source)?, services)?;
    }
    Ok(document)
}

/// `document` with a `/DSS` revision holding what its signatures and time-stamps lack.
fn add_document_validation_data(
    document: Vec<u8>,
    services: &Services<'_>,
) -> Result<Vec<u8>, Error> {
    let Some(source_of_data) = services.validation_data else {
        return Ok(document);
    };
    let source = ades_pades::SourcePdf::from_bytes(document)?;
    let now = datetime::now();
    let mut data = ades_core::ValidationData::new();
    for need in ades_pades::validation_needs(source.pdf())? {
        let found = source_of_data
            .collect(&need.certificate, &need.known, now, need.issued_after)
            .map_err(ades_cades::CadesError::ValidationData)?;
        data.extend(&found);
    }
    match ades_pades::add_to_dss(&source, &data)? {
        Some(update) => Ok(update.to_vec(&source)?),
        None => {
            let mut bytes = Vec::new();
            source.copy_original_to(&mut bytes)?;
            Ok(bytes)
        }
    }
}

/// Extends every top-level signature of a XAdES document to `level` (LT, LTA or an extended
/// form).
pub(crate) fn extend_xml(
    document: &[u8],
    target: Target,
    content: Option<&dyn DetachedContent>,
    services: &Services<'_>,
) -> Result<(Vec<u8>, ades_xades::Extension), Error> {
    let Target { level, digest, x } = target;
    let (Some(tsa), Some(source)) = (services.tsa, services.validation_data) else {
        return Err(OptionsError::LevelNeedsValidationData(level).into());
    };
    let long_term = LongTermServices {
        source,
        tsa,
        digest,
        now: datetime::now(),
        content,
    };
    let limits = ades_xades::Limits::default();
    Ok(match level {
        Level::Lta => ades_xades::extend_to_lta(document, &long_term, &limits)?,
        Level::C | Level::X | Level::Xl | Level::A => {
            ades_xades::extend_to_form(document, level, x, &long_term, &limits)?
        }
        _ => ades_xades::extend_to_lt(document, &long_term, &limits)?,
    })
}
