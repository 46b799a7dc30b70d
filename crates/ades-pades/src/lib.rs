//! PAdES (ETSI EN 319 142, TS 102 778) for the `ades` workspace: a PDF reader with revisions
//! and an incremental-update writer, PAdES signing by incremental update, and a validator
//! that analyses what later revisions changed. Design notes, the attack classes and limits:
//! `docs/pdf.md`.
//!
//! The PDF layer (reader, cross-references, filters, incremental writer) is the `ades-pdf`
//! crate, re-exported here as [`pdf`].
//!
//! # PAdES
//!
//! * [`PadesBuilder`]: PAdES-BES/EPES (and -T with a signature time-stamp) under a policy type
//!   that permits PDF signatures, invisible or [`Appearance::Visible`], with the two-step
//!   [`PreparedPdf::to_be_signed`] / [`PreparedPdf::finish`] for remote signers; the document
//!   comes from a [`SourcePdf`] (in memory, or a file read in bounded memory). Dynamic content
//!   is refused first (policy §3.1.1, [`scan_dynamic_content`]).
//! * [`timestamp_document`]: a document time-stamp (`/DocTimeStamp`).
//! * [`PadesValidator`]: every signature and document time-stamp with its `/ByteRange`, its
//!   CMS under the policy, and the changes after it, into an EN 319 102-1 report.
//!
//! ```
//! use ades_pades::{PadesBuilder, PadesValidator, SourcePdf};
//! use ades_policy::MadridPolicy;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let pki = ades_testkit::TestPki::shared();
//! # let pdf = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>\nendobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000056 00000 n \n0000000111 00000 n \ntrailer\n<</Size 4/Root 1 0 R>>\nstartxref\n178\n%%EOF\n".to_vec();
//! let source = SourcePdf::from_bytes(pdf)?;
//! let signed = PadesBuilder::new(MadridPolicy::default())
//!     .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
//!     .location("Madrid")
//!     .sign::<ades_core::Sha256>(&source, &pki.signer1.key, ades_core::datetime::now(), None)?;
//! let bytes = signed.to_vec(&source)?; // the original, then the new revision
//! let policy = MadridPolicy::default();
//! let report = PadesValidator::new(&policy).validate(bytes, "signed.pdf");
//! assert_eq!(report.signatures.len(), 1);
//! # Ok(()) }
//! ```

pub use ades_pdf as pdf;

mod appearance;
mod changes;
mod cms;
mod coverage;
mod doc_timestamp;
mod dss;
mod dynamic;
mod ink;
mod layout;
mod pades_error;
mod sigdict;
mod sign;
mod source;
mod validate;

pub use appearance::Appearance;
pub use cms::PdfCmsBuilder;
pub use doc_timestamp::{PreparedTimestamp, prepare_document_timestamp, timestamp_document};
pub use dss::{ValidationNeed, add_to_dss, read_dss, read_dss_at, time_stamps, validation_needs};
pub use dynamic::{DynamicFinding, DynamicKind, scan_dynamic_content};
pub use pades_error::PadesError;
pub use sigdict::{FoundSignature, SignatureKind, find_signatures, text_string};
pub use sign::{
    NoCertificate, PadesBuilder, PadesOptions, PdfSignature, PreparedPdf, SignedPdf,
    SignerCertificate, TIMESTAMP_RESERVE,
};
pub use source::{SourcePdf, WHOLE_FILE_THRESHOLD};
pub use validate::PadesValidator;
