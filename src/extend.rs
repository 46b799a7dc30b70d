//! Raising an existing signature to a higher level: time-stamps and, from level LT on,
//! validation data (signatures made by anyone).

use ades_cades::{SignedData, TimestampScope, add_signature_timestamps};
use ades_core::{DigestAlgorithm, Format, Level};
use ades_tsp::TsaClient;
use ades_xades::{Limits, StampTargets};

use crate::error::{Error, OptionsError};
use crate::input::Input;

/// What to extend to.
#[derive(Debug, Clone, Copy)]
pub struct ExtendOptions {
    /// The target level.
    pub to: Level,
    /// The digest of the time-stamps' imprints.
    pub digest: DigestAlgorithm,
    /// Time-stamp every signature again, even those that already have a time-stamp.
    pub again: bool,
}

impl ExtendOptions {
    /// Extension to `to` with SHA-256 imprints.
    pub fn to(to: Level) -> Self {
        ExtendOptions {
            to,
            digest: DigestAlgorithm::Sha256,
            again: false,
        }
    }
}

/// An extended signature.
#[derive(Debug, Clone)]
pub struct Extended {
    /// The extended file.
    pub bytes: Vec<u8>,
    /// Its format.
    pub format: Format,
    /// How many signatures got a new time-stamp.
    pub timestamped: usize,
}

/// Extends every signature of a CAdES or XAdES file to `options.to` with time-stamps from
/// `tsa`; the input is not changed.
pub fn extend(
    signature: Input,
    options: &ExtendOptions,
    tsa: &TsaClient<'_>,
) -> Result<Extended, Error> {
    if !matches!(options.to, Level::T) {
        return Err(OptionsError::LevelNotMade(options.to).into());
    }
    let bytes = signature.read_all()?;
    match crate::sniff(&bytes) {
        Some(Format::Xades) => {
            let targets = if options.again {
                StampTargets::All
            } else {
                StampTargets::Missing
            };
            let (bytes, timestamped) = ades_xades::add_signature_timestamps(
                &bytes,
                tsa,
                options.digest,
                targets,
                &Limits::default(),
            )?;
            Ok(Extended {
                bytes,
                format: Format::Xades,
                timestamped,
            })
        }
        Some(Format::Pades) => Err(OptionsError::NotApplicable {
            option: "extending to T (a PDF is time-stamped with a document time-stamp)",
            format: Format::Pades,
        }
        .into()),
        _ => {
            let mut signed_data = SignedData::from_bytes(&bytes)?;
            let scope = if options.again {
                TimestampScope::All
            } else {
                TimestampScope::Missing
            };
            let timestamped =
                add_signature_timestamps(&mut signed_data, tsa, options.digest, scope)?;
            Ok(Extended {
                bytes: signed_data.to_der(),
                format: Format::Cades,
                timestamped,
            })
        }
    }
}
