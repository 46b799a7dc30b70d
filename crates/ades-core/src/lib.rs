#![doc = include_str!("../README.md")]

pub mod algorithm;
pub mod ber;
pub mod certificate;
mod certificate_cache;
mod check_id;
pub mod cms;
mod commitment;
pub mod content;
mod data_format;
pub mod datetime;
pub mod digest;
mod error;
mod format;
pub mod key;
mod level;
pub mod name_match;
mod name_text;
pub mod nonce;
pub mod oid;
pub mod pkcs12;
pub mod policy;
pub mod report;
pub mod revocation_info;
pub mod signer;
pub mod strings;
pub mod transport;
pub mod validation;
mod validation_data;
pub mod verify;

#[allow(deprecated)]
pub use algorithm::Sha1;
pub use algorithm::{DigestAlgorithm, RsaPkcs1v15, Sha256, Sha384, Sha512, SignatureAlgorithm};
pub use certificate::Certificate;
pub use check_id::{CheckId, RuleRef};
pub use commitment::CommitmentType;
pub use data_format::DataFormat;
pub use error::{CertificateError, Error, KeyError, Result, SignerError};
pub use format::{Format, Packaging, UnknownName};
pub use key::RsaSoftwareKey;
pub use level::{Level, LevelReached, XTimestamp};
pub use name_text::rfc4514;
pub use policy::{AllowedDigest, AllowedSignature, Policy, PolicyHash, PolicyIdentity};
pub use report::{Check, Indication, Outcome, SignatureReport, SubIndication, ValidationReport};
pub use signer::{SignatureValue, Signer, ToBeSigned};
pub use validation_data::ValidationData;

/// Re-exported so integrators use the same versions of the ASN.1 and time crates.
pub use {const_oid, der, time, x509_cert};
