//! RFC 3161 time-stamping, as updated by RFC 5816 (ESSCertIDv2).
//!
//! - [`TimeStampRequest`]: message imprint, nonce, certReq, policy;
//! - [`TsaClient`]: sends a request over any [`ades_core::transport::Transport`] and checks the
//!   answer is a granted token for that imprint and nonce (the HTTP(S) transport is the
//!   `ades-http` crate);
//! - [`TimeStampResponse`], [`TimeStampToken`], [`TstInfo`]: parsing;
//! - [`validate_token`]: the validation report on a bare token over a file;
//! - [`TimeStampToken::verify`]: imprint, the TSA's signature, the ESS signing-certificate(-v2)
//!   binding, the critical timeStamping extended key usage, and the TSA chain at genTime
//!   through an `ades_core::validation::CertificateValidator`.

mod client;
mod error;
pub mod evidence;
mod long_term;
mod report;
mod request;
mod response;
mod token;
mod tst_info;

pub use client::{QUERY_CONTENT_TYPE, TsaClient};
pub use error::TspError;
pub use long_term::LongTermServices;
pub use report::{read_token_or_response, validate_token};
pub use request::TimeStampRequest;
pub use response::TimeStampResponse;
pub use token::{ProofRole, TimeStampToken, TokenContext, describe, verify_embedded};
pub use tst_info::{MessageImprint, TstInfo};
