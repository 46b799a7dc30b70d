//! XAdES (ETSI TS 101 903 v1.3.2 / EN 319 132) for the `ades` workspace: exact
//! canonicalization, the XML-DSig core, XAdES-BES/EPES/T creation in the packagings of the
//! Madrid policy, long-term extension, counter-signatures, validation and the trusted-list
//! signature verifier.
//!
//! The XML layer (the model, safe parsing and exact canonicalization) is the `ades-xml`
//! crate, re-exported here.
//!
//! This crate:
//!
//! * [`XadesBuilder`]: a signature under a policy type `P`, with the signer certificate and
//!   the data format as type-state and the packaging permitted by `P`: internally detached
//!   (the policy's `<documento>` structure, §3.2.1), enveloped, enveloping, detached, or a
//!   co-signature; [`Prepared::to_be_signed`] for tokens and remote signers.
//! * [`CounterSignatureBuilder`], [`add_signature_timestamps`] (XAdES-T), [`extend_to_lt`] and
//!   [`extend_to_lta`] (baseline LT, LTA) and [`extend_to_form`] (the policy's -C, -X, -XL,
//!   -A) add unsigned properties by splicing markup into the original bytes.
//! * [`XadesValidator`]: the EN 319 102-1 report of every signature and counter-signature,
//!   and the nodes each verified reference covers ([`ValidatedSignature::signed`]).
//! * [`XadesTrustedListVerifier`]: checks the signature of an ETSI TS 119 612 trusted list.
//!
//! See `docs/xml.md` and `docs/xades.md` in the repository.
//!
//! ```
//! use ades_core::{DataFormat, Sha256, datetime};
//! use ades_policy::MadridPolicy;
//! use ades_testkit::TestPki;
//! use ades_xades::{XadesBuilder, XadesValidator};
//!
//! let pki = TestPki::shared();
//! let signed = XadesBuilder::new(MadridPolicy::default())
//!     .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
//!     .data_format(DataFormat::mime("text/plain"))
//!     .internally_detached("acta.txt", b"Acta de la Junta".to_vec())
//!     .sign::<Sha256>(&pki.signer1.key, datetime::now())?;
//! let report = XadesValidator::new(&MadridPolicy::default()).validate(signed.as_bytes(), "acta.xsig")?;
//! // No trust anchors were given: the chain is not validated, everything else is.
//! assert_eq!(report.signatures[0].level.to_string(), "XAdES-EPES");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!

mod archive;
mod complete_refs;
mod context;
mod counter;
pub mod dsig;
mod evidence;
mod extend;
mod extended;
mod long_term;
mod markup;
pub mod names;
mod properties;
mod sign;
mod tsl;
mod unsigned;
mod validate;
mod values;

pub use counter::{CounterSignatureBuilder, counter_signatures};
pub use extend::{StampTargets, add_signature_timestamps};
pub use extended::extend_to_form;
pub use long_term::{Extension, extend_to_lt, extend_to_lta, time_stamps};
pub use properties::read::{
    CertReference, DataObjectFormat, SignedPropertiesFacts, read_signed_properties,
};
pub use properties::write::ProductionPlace;
pub use sign::{
    CoSign, Detached, Enveloped, Enveloping, InternallyDetached, NoCertificate, NoContent,
    NoDataFormat, Packaging, Prepared, SigningCertificate, XadesBuilder, XadesOptions,
    XadesSignature,
};
#[doc(hidden)]
pub use sign::{Layout, draft::SignatureIds};
pub use tsl::XadesTrustedListVerifier;
pub use unsigned::top_level_signatures;
pub use validate::{SignedObject, ValidatedSignature, XadesValidator};

pub use ades_xml::{
    Attribute, Children, Document, EncodingError, Limit, Limits, NamespaceDeclaration,
    NamespaceError, NodeId, NodeKind, SyntaxError, WellFormednessError, XML_NAMESPACE,
    XMLNS_NAMESPACE, XmlError,
};
pub use ades_xml::{
    C14N_10, C14N_10_WITH_COMMENTS, C14N_11, C14N_11_WITH_COMMENTS, C14nError, C14nMethod,
    EXC_C14N, EXC_C14N_WITH_COMMENTS, NodeSet, NodeSubset, canonicalize, canonicalize_to_vec,
};

/// Any error of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading the XML.
    #[error(transparent)]
    Xml(#[from] XmlError),
    /// Canonicalizing it.
    #[error(transparent)]
    C14n(#[from] C14nError),
    /// A signature or document does not have the structure XML-DSig and XAdES require.
    #[error("{0}")]
    Structure(String),
    /// A feature (algorithm, transform, XPath expression) this crate does not implement.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// A bound against hostile input was reached.
    #[error("too many {0}")]
    LimitExceeded(&'static str),
    /// The signer certificate cannot sign now (policy §3.6.2 c).
    #[error("the signer certificate {subject} cannot sign: {problem}")]
    SignerCertificate {
        /// Its subject.
        subject: String,
        /// Why.
        problem: ades_core::certificate::CertificateProblem,
    },
    /// The private key does not belong to the signer certificate.
    #[error("the private key does not match the signer certificate")]
    KeyMismatch,
    /// The signature value returned by the signer does not verify with the certificate.
    #[error(
        "the signature value does not verify with the signer certificate (wrong key or signer fault)"
    )]
    BadSignatureValue,
    /// The signer failed.
    #[error(transparent)]
    Signer(#[from] ades_core::SignerError),
    /// Detached content could not be hashed.
    #[error(transparent)]
    Content(#[from] ades_core::content::ContentError),
    /// The time-stamp authority failed or answered wrongly.
    #[error(transparent)]
    Timestamp(#[from] ades_tsp::TspError),
    /// Reading content failed.
    #[error("reading content: {0}")]
    Io(std::io::Error),
    /// The validation data of a certificate could not be gathered (revoked, no chain, no
    /// revocation information): the signature cannot be made long-term.
    #[error("cannot make the signature long-term: {0}")]
    ValidationData(String),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
