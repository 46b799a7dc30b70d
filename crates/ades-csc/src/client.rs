//! The connection to a CSC service: base URL, API generation, access token, and the JSON
//! POST every endpoint takes.

use ades_core::transport::TransportError;
use ades_http::HttpTransport;
use serde_json::Value;
use zeroize::Zeroizing;

use crate::credential::{CscCredential, Pin};
use crate::error::CscError;

/// The API generation a service speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiVersion {
    /// CSC API 1.0.x (`/csc/v1`).
    V1,
    /// CSC API 2.x (`/csc/v2`).
    V2,
}

/// A CSC service.
#[derive(Clone)]
pub struct CscClient {
    base: String,
    version: ApiVersion,
    transport: HttpTransport,
    token: Option<Zeroizing<String>>,
}

impl CscClient {
    /// Connects to the service at `base_url` (`https://host/path`, with or without the
    /// `/csc/v1` or `/csc/v2` suffix) with the default limits (15 s, 1 MiB) and asks which
    /// API generation it speaks. `access_token` is sent as `Authorization: Bearer`.
    pub fn connect(base_url: &str, access_token: Option<String>) -> Result<Self, CscError> {
        Self::connect_with(
            base_url,
            access_token,
            HttpTransport::with_limits(HttpTransport::DEFAULT_TIMEOUT, 1 << 20),
        )
    }

    /// As [`connect`](Self::connect), over a transport with other limits.
    pub fn connect_with(
        base_url: &str,
        access_token: Option<String>,
        transport: HttpTransport,
    ) -> Result<Self, CscError> {
        let base = base_url
            .trim_end_matches('/')
            .trim_end_matches("/csc/v1")
            .trim_end_matches("/csc/v2")
            .to_owned();
        let mut client = CscClient {
            base,
            version: ApiVersion::V2,
            transport,
            token: access_token.map(Zeroizing::new),
        };
        client.version = match client.call("info", &serde_json::json!({})) {
            Ok(info) if specs_major(&info) == Some(2) => ApiVersion::V2,
            Err(CscError::Transport(TransportError::Status { .. })) | Ok(_) => {
                client.version = ApiVersion::V1;
                client.call("info", &serde_json::json!({}))?;
                ApiVersion::V1
            }
            Err(e) => return Err(e),
        };
        Ok(client)
    }

    /// The API generation in use.
    pub fn version(&self) -> ApiVersion {
        self.version
    }

    /// The credential `id` with its certificate and chain (`credentials/info`); `pin` is for
    /// services whose credentials authorize with a PIN (explicit mode).
    pub fn credential(&self, id: &str, pin: Option<String>) -> Result<CscCredential, CscError> {
        CscCredential::load(self.clone(), id, pin.map(Pin::new))
    }

    /// POSTs `body` to `endpoint` (`credentials/info`, …) and reads the JSON answer.
    pub(crate) fn call(&self, endpoint: &str, body: &Value) -> Result<Value, CscError> {
        let prefix = match self.version {
            ApiVersion::V1 => "csc/v1",
            ApiVersion::V2 => "csc/v2",
        };
        let url = format!("{}/{prefix}/{endpoint}", self.base);
        let bearer = self
            .token
            .as_ref()
            .map(|t| Zeroizing::new(format!("Bearer {}", t.as_str())));
        let headers: Vec<(&str, &str)> = bearer
            .as_ref()
            .map(|b| ("Authorization", b.as_str()))
            .into_iter()
            .collect();
        let body = serde_json::to_vec(body).map_err(|e| CscError::Malformed {
            endpoint: endpoint.to_owned(),
            reason: e.to_string(),
        })?;
        let answer = self
            .transport
            .post_with_headers(&url, &headers, "application/json", &body)
            .map_err(|e| match e {
                TransportError::Status {
                    status: status @ (401 | 403),
                    ..
                } => CscError::Unauthorized {
                    endpoint: endpoint.to_owned(),
                    status,
                },
                TransportError::Status { status, .. } if endpoint != "info" => CscError::Refused {
                    endpoint: endpoint.to_owned(),
                    status,
                },
                other => CscError::Transport(other),
            })?;
        serde_json::from_slice(&answer).map_err(|e| CscError::Malformed {
            endpoint: endpoint.to_owned(),
            reason: e.to_string(),
        })
    }
}

/// The major version in an `info` answer's `specs` ("1.0.4.0", "2.0.0.2").
fn specs_major(info: &Value) -> Option<u32> {
    info.get("specs")?.as_str()?.split('.').next()?.parse().ok()
}

impl std::fmt::Debug for CscClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CscClient")
            .field("base", &self.base)
            .field("version", &self.version)
            .field("token", &self.token.as_ref().map(|_| "…"))
            .finish()
    }
}
