//! Document time-stamps (ETSI EN 319 142-1 §5.4, PAdES B-LTA; ISO 32000-2 §12.8.5): a
//! revision with a `/Type /DocTimeStamp` dictionary whose `/Contents` is an RFC 3161 token
//! over the byte ranges (`/SubFilter /ETSI.RFC3161`). It proves that the whole document, its
//! signatures included, existed at the token's time.
//!
//! ```text
//! prepare_document_timestamp(&source, Sha256, reserve)?   PreparedTimestamp: digest() to send
//!   .finish(&token)?                                      SignedPdf
//! timestamp_document(&source, &tsa, Sha256)?              both, with one larger retry
//! ```

use ades_core::DigestAlgorithm;
use ades_tsp::{TimeStampToken, TsaClient};

use crate::appearance::Appearance;
use crate::layout::{FieldSpec, SignatureLayout, build};
use crate::pades_error::PadesError;
use crate::sign::{SignedPdf, TIMESTAMP_RESERVE, byte_range_digest};
use crate::source::SourcePdf;
use ades_pdf::Object;

/// A document time-stamp whose revision is written, waiting for its token.
#[derive(Debug)]
#[must_use]
pub struct PreparedTimestamp {
    layout: SignatureLayout,
    digest: Vec<u8>,
    algorithm: DigestAlgorithm,
}

/// Writes the revision of a document time-stamp with `reserve` bytes for the token and
/// hashes its byte ranges with `algorithm`.
///
/// # Errors
/// [`PadesError::Encrypted`] and PDF errors.
pub fn prepare_document_timestamp(
    source: &SourcePdf,
    algorithm: DigestAlgorithm,
    reserve: usize,
) -> Result<PreparedTimestamp, PadesError> {
    let spec = FieldSpec {
        field_name: None,
        appearance: Appearance::Invisible,
        entries: vec![
            ("Type", Object::name("DocTimeStamp")),
            ("Filter", Object::name("Adobe.PPKLite")),
            ("SubFilter", Object::name("ETSI.RFC3161")),
        ],
    };
    let layout = build(source.pdf(), &spec, reserve)?;
    let digest = byte_range_digest(source, &layout, algorithm)?;
    Ok(PreparedTimestamp {
        layout,
        digest,
        algorithm,
    })
}

impl PreparedTimestamp {
    /// The digest to time-stamp (message imprint).
    pub fn digest(&self) -> &[u8] {
        &self.digest
    }

    /// The imprint algorithm.
    pub fn algorithm(&self) -> DigestAlgorithm {
        self.algorithm
    }

    /// Embeds `token`, which must be over [`PreparedTimestamp::digest`].
    ///
    /// # Errors
    /// [`PadesError::Timestamp`] for a token over other data, [`PadesError::ContentsTooSmall`]
    /// if it does not fit.
    pub fn finish(self, token: &TimeStampToken) -> Result<SignedPdf, PadesError> {
        if !token
            .tst_info()
            .message_imprint
            .matches(self.algorithm, &self.digest)
        {
            return Err(ades_tsp::TspError::ImprintMismatch.into());
        }
        let mut layout = self.layout;
        layout.fill_contents(token.der())?;
        Ok(SignedPdf::from_layout(layout))
    }
}

/// Time-stamps the whole document with `tsa`: prepares, asks for the token, embeds it (once
/// more with a larger reserve if it did not fit).
pub fn timestamp_document(
    source: &SourcePdf,
    tsa: &TsaClient<'_>,
    algorithm: DigestAlgorithm,
) -> Result<SignedPdf, PadesError> {
    let mut reserve = TIMESTAMP_RESERVE + 2048;
    for _ in 0..2 {
        let prepared = prepare_document_timestamp(source, algorithm, reserve)?;
        let token = tsa.timestamp(algorithm, prepared.digest.clone())?;
        match prepared.finish(&token) {
            Err(PadesError::ContentsTooSmall { needed, .. }) => {
                reserve = needed + needed / 4 + 1024;
            }
            other => return other,
        }
    }
    Err(PadesError::ContentsTooSmall {
        needed: reserve,
        reserved: reserve,
    })
}
