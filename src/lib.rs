#![doc = include_str!("../README.md")]

pub use ades_cades as cades;
pub use ades_core as core;
#[cfg(feature = "http")]
pub use ades_http as http;
pub use ades_pades as pades;
pub use ades_pdf as pdf;
pub use ades_policy as policy;
pub use ades_trust as trust;
pub use ades_tsp as tsp;
pub use ades_xades as xades;
pub use ades_xml as xml;

pub use ades_core::{
    Certificate, DataFormat, DigestAlgorithm, Indication, RsaSoftwareKey, Sha256, Sha512,
    SignatureReport, Signer, SubIndication, ValidationReport,
};
pub use ades_policy::MadridPolicy;
