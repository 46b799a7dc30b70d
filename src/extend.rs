//! Raising an existing signature to a higher level: time-stamps and, from level LT on,
//! validation data (signatures made by anyone).

use ades_cades::{SignedData, TimestampScope, add_signature_timestamps};
use ades_core::validation::DetachedContent;
use ades_core::{DigestAlgorithm, Format, Level};
use ades_xades::{Limits, StampTargets};

use crate::error::{Error, OptionsError};
use crate::input::Input;
use crate::sign::Services;

/// What to extend to.
#[derive(Debug, Clone, Copy)]
pub struct ExtendOptions {
    /// The target level.
    pub to: Level,
    /// The digest of the time-stamps' imprints.
    pub digest: DigestAlgorithm,
    /// Time-stamp every signature again, even those that already have a time-stamp.
    pub again: bool,
    /// The type of the -X time-stamp when extending to X, XL or A (type 1 by default).
    pub x_timestamp: ades_core::XTimestamp,
}

impl ExtendOptions {
    /// Extension to `to` with SHA-256 imprints.
    pub fn to(to: Level) -> Self {
        ExtendOptions {
            to,
            digest: DigestAlgorithm::Sha256,
            again: false,
            x_timestamp: ades_core::XTimestamp::default(),
        }
    }

    /// The target of a long-term extension.
    fn target(&self) -> crate::long_term::Target {
        crate::long_term::Target {
            level: self.to,
            digest: self.digest,
            x: self.x_timestamp,
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
    /// How many signatures got a new signature time-stamp.
    pub timestamped: usize,
    /// The validation data added.
    pub validation_data: ades_core::ValidationData,
    /// How many archive time-stamps were added.
    pub archive_timestamps: usize,
}

/// Extends every signature of a file made by anyone to `options.to`: T with signature
/// time-stamps from the services' TSA; LT and LTA (every format) with the validation data of
/// every signer and time-stamp, and an archive time-stamp; the policy's C, X, XL and A (CAdES
/// and XAdES) with references, their time-stamp, values and an archive time-stamp. `content` is the signed content of a
/// detached signature (an archive time-stamp covers it). The input is not changed; what cannot
/// be extended (a revoked signer, no chain, a TSA that does not answer) is refused with the
/// reason and nothing is written.
pub fn extend(
    signature: Input,
    content: Option<&dyn DetachedContent>,
    options: &ExtendOptions,
    services: &Services<'_>,
) -> Result<Extended, Error> {
    let tsa = services
        .tsa
        .ok_or(OptionsError::LevelNeedsTsa(options.to))?;
    let bytes = signature.read_all()?;
    let format = crate::sniff(&bytes);
    match options.to {
        Level::T => {}
        level if level.is_long_term() => {
            let format = format.unwrap_or(Format::Cades);
            crate::long_term::check_supported(format, level, services)?;
            if format == Format::Xades {
                let (bytes, extension) =
                    crate::long_term::extend_xml(&bytes, options.target(), content, services)?;
                return Ok(Extended {
                    bytes,
                    format,
                    timestamped: extension.signature_timestamps,
                    validation_data: extension.validation_data,
                    archive_timestamps: extension.archive_timestamps,
                });
            }
            if format == Format::Pades {
                return Ok(Extended {
                    bytes: crate::long_term::extend_pdf(bytes, level, options.digest, services)?,
                    format,
                    timestamped: 0,
                    validation_data: ades_core::ValidationData::new(),
                    archive_timestamps: usize::from(level == Level::Lta),
                });
            }
            return extend_cades_long_term(&bytes, content, options, services);
        }
        other => return Err(OptionsError::LevelNotMade(other).into()),
    }
    match format {
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
                validation_data: ades_core::ValidationData::new(),
                archive_timestamps: 0,
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
                validation_data: ades_core::ValidationData::new(),
                archive_timestamps: 0,
            })
        }
    }
}

/// CAdES to LT or LTA.
fn extend_cades_long_term(
    bytes: &[u8],
    content: Option<&dyn DetachedContent>,
    options: &ExtendOptions,
    services: &Services<'_>,
) -> Result<Extended, Error> {
    let mut sd = SignedData::from_bytes(bytes)?;
    let extension = crate::long_term::extend_cades(&mut sd, options.target(), content, services)?;
    Ok(Extended {
        bytes: sd.to_der(),
        format: Format::Cades,
        timestamped: extension.signature_timestamps,
        validation_data: extension.validation_data,
        archive_timestamps: extension.archive_timestamps,
    })
}
