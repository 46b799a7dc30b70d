//! Errors of a remote-signing exchange.

use ades_core::transport::TransportError;

/// Why the remote-signing service could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CscError {
    /// The service could not be reached, did not answer in time, or answered too much.
    #[error("CSC service: {0}")]
    Transport(TransportError),
    /// The service refused the access token.
    #[error(
        "the CSC service refused the request to {endpoint} (HTTP {status}): check the access token"
    )]
    Unauthorized {
        /// The endpoint called.
        endpoint: String,
        /// 401 or 403.
        status: u16,
    },
    /// The service does not know the credential.
    #[error("the CSC service has no credential \"{0}\"")]
    UnknownCredential(String),
    /// The service failed or refused the request.
    #[error("the CSC service answered HTTP {status} to {endpoint}")]
    Refused {
        /// The endpoint called.
        endpoint: String,
        /// The status code.
        status: u16,
    },
    /// The answer is not what the API specifies.
    #[error("the CSC service's answer to {endpoint} is malformed: {reason}")]
    Malformed {
        /// The endpoint called.
        endpoint: String,
        /// What is wrong.
        reason: String,
    },
    /// The credential's key is disabled.
    #[error("the CSC credential \"{0}\" is disabled")]
    Disabled(String),
    /// The key does not offer the signature algorithm.
    #[error("the CSC credential does not offer {algorithm} (it offers {offered})")]
    AlgorithmNotOffered {
        /// The algorithm asked for.
        algorithm: String,
        /// The OIDs the key lists.
        offered: String,
    },
}
