#![doc = include_str!("../README.md")]

mod error;
mod extend;
mod identity;
mod input;
mod long_term;
mod options;
mod renewal;
pub mod sign;
mod signer_checks;
mod validate;

pub use ades_cades as cades;
pub use ades_core as core;
#[cfg(feature = "csc")]
pub use ades_csc as csc;
pub use ades_ers as ers;
#[cfg(feature = "http")]
pub use ades_http as http;
pub use ades_pades as pades;
pub use ades_pdf as pdf;
#[cfg(feature = "pkcs11")]
pub use ades_pkcs11 as pkcs11;
pub use ades_policy as policy;
pub use ades_report as report;
pub use ades_trust as trust;
pub use ades_tsp as tsp;
pub use ades_xades as xades;
pub use ades_xml as xml;

pub use error::{Error, OptionsError};
pub use extend::{ExtendOptions, Extended, extend};
pub use identity::SignerIdentity;
pub use input::Input;
pub use options::{PdfOptions, Place, SignedAttributes, SigningOptions};
pub use renewal::{renewal_due, time_stamps};
pub use sign::{
    PreparedSignature, Services, SignaturePath, Signed, cosign, countersign, prepare, sign,
};
pub use signer_checks::{SignerCheckFailure, SignerChecks};
pub use validate::{MAX_IN_MEMORY, PolicyChoice, ValidationOptions, sniff, validate};

pub use ades_core::{
    Certificate, CheckId, CommitmentType, DataFormat, DigestAlgorithm, Format, Indication, Level,
    LevelReached, Packaging, RsaSoftwareKey, RuleRef, Sha256, Sha512, SignatureReport, Signer,
    SubIndication, ValidationReport, XTimestamp,
};
pub use ades_policy::{FacturaePolicy, GenericAdes, MadridPolicy, SigningPolicy};
