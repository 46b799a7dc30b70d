//! Remote signing through the Cloud Signature Consortium API: the key stays with the
//! service (a QTSP's remote QSCD, Cl@ve firma-like services), the document stays here, and
//! only the digest of what is to be signed travels.
//!
//! Both API generations are spoken: 1.0.4 (`/csc/v1/…`, what most services and the
//! `certomancer-csc-dummy` test server offer) and 2.x (`/csc/v2/…`), chosen by asking the
//! service's `info` endpoint. A signature is three calls: `credentials/info` once (the
//! certificate, its chain and the algorithms the key offers), then per signature
//! `credentials/authorize` (the SAD, bound to the digest: hash pinning, SCAL 2) and
//! `signatures/signHash`. Every exchange has a time limit and a response size limit
//! ([`ades_http::HttpTransport`]); the value returned is verified by the signature builders
//! with the certificate before anything is written.
//!
//! ```no_run
//! use ades_csc::CscClient;
//!
//! let client = CscClient::connect("http://127.0.0.1:8080", None)?;
//! let credential = client.credential("madrid-test/signer1", None)?;
//! let certificate = credential.certificate().clone();
//! // `credential` implements `ades_core::Signer`: give it to `ades::SignerIdentity::new`.
//! # Ok::<(), ades_csc::CscError>(())
//! ```

mod client;
mod credential;
mod error;

pub use client::{ApiVersion, CscClient};
pub use credential::CscCredential;
pub use error::CscError;
