//! CMS (RFC 5652) `SignedData` read from BER or DER with every signed part kept as encoded,
//! written back as DER from those parts, and the attributes every CMS-based format shares:
//! content-type, message-digest, signing-time and the ESS signing-certificate(-v2) of
//! RFC 2634 / RFC 5035. CAdES, PAdES and RFC 3161 time-stamp tokens build on it.

mod attribute;
pub mod ess;
mod signed_data;
mod validation_data;
mod verify;

pub use attribute::{
    Attribute, content_type, encode_attributes, message_digest, parse_attributes,
    parse_octet_string, parse_oid_value, signing_time,
};
pub use signed_data::{MAX_COUNTER_SIGNATURE_DEPTH, MAX_SIGNERS, SignedData, SignerId, SignerInfo};
pub use validation_data::{ocsp_response_of_basic, ocsp_revocation_info};
pub use verify::{SignatureCheck, verify_signer_info};

use const_oid::ObjectIdentifier;

/// Result with [`CmsError`].
pub type Result<T, E = CmsError> = std::result::Result<T, E>;

/// Why a CMS structure could not be read or built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CmsError {
    /// The input is not a CMS `ContentInfo` holding `SignedData` (or is malformed).
    #[error("not a CMS SignedData: {0}")]
    NotSignedData(&'static str),
    /// An attribute value is malformed.
    #[error("malformed attribute {oid}: {reason}")]
    Attribute {
        /// The attribute type.
        oid: ObjectIdentifier,
        /// What is wrong.
        reason: &'static str,
    },
    /// No signer at the given position.
    #[error("no signer number {0} in the signature")]
    NoSuchSigner(usize),
    /// A malformed BER/DER element.
    #[error(transparent)]
    Ber(#[from] crate::ber::BerError),
    /// A lower-level failure (DER types, certificates).
    #[error(transparent)]
    Core(#[from] Box<crate::Error>),
}

impl From<crate::Error> for CmsError {
    fn from(e: crate::Error) -> Self {
        CmsError::Core(Box::new(e))
    }
}

impl From<der::Error> for CmsError {
    fn from(e: der::Error) -> Self {
        CmsError::Core(Box::new(e.into()))
    }
}

/// Signs `signed_attributes` for `certificate` with `signer` and assembles the `SignerInfo`
/// (issuer-and-serial identifier, the attributes as `[0] IMPLICIT SET OF`). The value is
/// verified with the certificate before it is used.
pub fn sign_attributes(
    signed_attributes: Vec<Attribute>,
    certificate: &crate::Certificate,
    algorithm: crate::SignatureAlgorithm,
    signer: &dyn crate::Signer,
) -> std::result::Result<SignerInfo, crate::Error> {
    let to_sign = encode_attributes(crate::ber::SET, &signed_attributes);
    let value = signer.sign(algorithm, &to_sign)?;
    crate::verify::verify_signature(certificate, algorithm, &to_sign, &value).map_err(|_| {
        crate::SignerError::new("the signature value does not verify with the certificate")
    })?;
    let implicit = encode_attributes(crate::ber::context_constructed(0), &signed_attributes);
    SignerInfo::assemble(
        SignerId::IssuerAndSerial {
            issuer: certificate.issuer_der()?,
            serial: certificate.serial_number().to_vec(),
        },
        algorithm.digest().algorithm_identifier(),
        implicit,
        signed_attributes,
        algorithm.algorithm_identifier(),
        value,
    )
    .map_err(|e| crate::SignerError::with_source("cannot assemble the SignerInfo", e).into())
}
