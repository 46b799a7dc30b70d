//! Which archived signatures are due for renewal (policy §2.7: re-stamp before the previous
//! time-stamp's TSA certificate or algorithm weakens): the newest time-stamp of a file, in
//! any format, and whether it ends within a window.

use ades_core::time::{Duration, OffsetDateTime};
use ades_core::{DigestAlgorithm, Format, datetime, oid};
use ades_tsp::TimeStampToken;

use crate::error::Error;

/// Every time-stamp token of a signature file (CAdES, XAdES or PAdES): signature, -X,
/// archive and document time-stamps.
pub fn time_stamps(bytes: &[u8]) -> Result<Vec<TimeStampToken>, Error> {
    match crate::sniff(bytes) {
        Some(Format::Pades) => {
            let source = ades_pades::SourcePdf::from_bytes(bytes.to_vec())?;
            Ok(ades_pades::time_stamps(source.pdf())?)
        }
        Some(Format::Xades) => Ok(ades_xades::time_stamps(
            bytes,
            &ades_xades::Limits::default(),
        )?),
        Some(Format::Cades) => {
            let sd = ades_cades::SignedData::from_bytes(bytes)?;
            let kinds = [
                oid::ATTR_SIGNATURE_TIMESTAMP,
                oid::ATTR_ESC_TIMESTAMP,
                oid::ATTR_CERT_CRL_TIMESTAMP,
                oid::ATTR_ARCHIVE_TIMESTAMP,
                oid::ATTR_ARCHIVE_TIMESTAMP_V2,
                oid::ATTR_ARCHIVE_TIMESTAMP_V3,
            ];
            Ok(sd
                .signer_infos()
                .iter()
                .flat_map(|si| si.unsigned_attributes())
                .filter(|a| kinds.contains(&a.oid))
                .flat_map(|a| &a.values)
                .filter_map(|v| TimeStampToken::from_der(v).ok())
                .collect())
        }
        _ => Err(Error::UnknownFormat("the file".into())),
    }
}

/// Why a signature file is due for renewal at `now` with a look-ahead of `window`, or
/// `None`: it has no time-stamp, its newest time-stamp's TSA certificate ends within the
/// window, or that time-stamp's hash algorithm is weaker than `digest`.
pub fn renewal_due(
    bytes: &[u8],
    now: OffsetDateTime,
    window: Duration,
    digest: DigestAlgorithm,
) -> Result<Option<String>, Error> {
    let tokens = time_stamps(bytes)?;
    let Some(newest) = tokens.iter().max_by_key(|t| t.gen_time()) else {
        return Ok(Some("no time-stamp proves when it existed".into()));
    };
    let when = datetime::rfc3339(newest.gen_time());
    if let Some(tsa) = newest.tsa_certificate(newest.signed_data().certificates())
        && tsa.not_after() <= now + window
    {
        return Ok(Some(format!(
            "the TSA certificate of its newest time-stamp ({when}) ends on {}",
            datetime::rfc3339(tsa.not_after())
        )));
    }
    let strength = |a: DigestAlgorithm| DigestAlgorithm::ALL.iter().position(|x| *x == a);
    match newest.tst_info().message_imprint.algorithm.digest() {
        Some(a) if strength(a) >= strength(digest) => Ok(None),
        Some(a) => Ok(Some(format!(
            "its newest time-stamp ({when}) uses {a}, weaker than {digest}"
        ))),
        None => Ok(Some(format!(
            "its newest time-stamp ({when}) uses a hash algorithm this library does not judge"
        ))),
    }
}
