//! One credential of the service: its certificate and chain, and signing with it.

use ades_core::algorithm::SignatureAlgorithm;
use ades_core::{Certificate, Signer, SignerError, oid};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::{Value, json};
use zeroize::Zeroizing;

use crate::client::{ApiVersion, CscClient};
use crate::error::CscError;

/// A credential PIN for explicit authorization, zeroized when dropped.
pub(crate) struct Pin(Zeroizing<String>);

impl Pin {
    pub(crate) fn new(pin: String) -> Self {
        Pin(Zeroizing::new(pin))
    }
}

/// A remote key: [`Signer`] through `credentials/authorize` and `signatures/signHash`.
pub struct CscCredential {
    client: CscClient,
    id: String,
    certificate: Certificate,
    chain: Vec<Certificate>,
    algorithms: Vec<String>,
    pin: Option<Pin>,
}

fn malformed(endpoint: &str, reason: impl Into<String>) -> CscError {
    CscError::Malformed {
        endpoint: endpoint.to_owned(),
        reason: reason.into(),
    }
}

impl CscCredential {
    /// Reads the credential's key status, algorithms, certificate and chain.
    pub(crate) fn load(client: CscClient, id: &str, pin: Option<Pin>) -> Result<Self, CscError> {
        const INFO: &str = "credentials/info";
        let answer = client
            .call(
                INFO,
                &json!({"credentialID": id, "certificates": "chain", "certInfo": false, "authInfo": false}),
            )
            .map_err(|e| match e {
                CscError::Refused { status: 400 | 404, .. } => CscError::UnknownCredential(id.to_owned()),
                other => other,
            })?;
        let key = answer.get("key").ok_or_else(|| malformed(INFO, "no key"))?;
        if key.get("status").and_then(Value::as_str) == Some("disabled") {
            return Err(CscError::Disabled(id.to_owned()));
        }
        let algorithms = key
            .get("algo")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let encoded = answer
            .pointer("/cert/certificates")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed(INFO, "no certificates"))?;
        let mut certificates = Vec::with_capacity(encoded.len());
        for item in encoded {
            let der = item
                .as_str()
                .and_then(|s| B64.decode(s).ok())
                .ok_or_else(|| malformed(INFO, "a certificate is not base64"))?;
            certificates
                .push(Certificate::from_der(&der).map_err(|e| malformed(INFO, e.to_string()))?);
        }
        let mut certificates = certificates.into_iter();
        let certificate = certificates
            .next()
            .ok_or_else(|| malformed(INFO, "no certificate"))?;
        Ok(CscCredential {
            client,
            id: id.to_owned(),
            certificate,
            chain: certificates.collect(),
            algorithms,
            pin,
        })
    }

    /// The credential's certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The chain the service returned with it (issuers, nearest first).
    pub fn chain(&self) -> &[Certificate] {
        &self.chain
    }

    /// The `signAlgo` to send for `algorithm`: its own OID when the key lists it, else the
    /// key type's (`rsaEncryption`, `id-ecPublicKey`) with the digest sent apart.
    fn sign_algo(&self, algorithm: SignatureAlgorithm) -> Result<String, CscError> {
        let specific = algorithm.oid().to_string();
        let generic = match algorithm {
            SignatureAlgorithm::RsaPkcs1v15(_) => Some(oid::RSA_ENCRYPTION.to_string()),
            SignatureAlgorithm::Ecdsa(_) => Some(oid::EC_PUBLIC_KEY.to_string()),
            _ => None,
        };
        [Some(specific), generic]
            .into_iter()
            .flatten()
            .find(|o| self.algorithms.is_empty() || self.algorithms.contains(o))
            .ok_or_else(|| CscError::AlgorithmNotOffered {
                algorithm: algorithm.to_string(),
                offered: self.algorithms.join(", "),
            })
    }

    /// Authorizes one signature of `digest` and has the service sign it.
    fn sign_digest(
        &self,
        algorithm: SignatureAlgorithm,
        digest: &[u8],
    ) -> Result<Vec<u8>, CscError> {
        const AUTHORIZE: &str = "credentials/authorize";
        const SIGN: &str = "signatures/signHash";
        let sign_algo = self.sign_algo(algorithm)?;
        let hash = B64.encode(digest);
        let hash_oid = algorithm.digest().oid().to_string();
        let v2 = self.client.version() == ApiVersion::V2;
        let mut authorize = json!({"credentialID": self.id, "numSignatures": 1});
        if v2 {
            authorize["hashes"] = json!([hash]);
            authorize["hashAlgorithmOID"] = json!(hash_oid);
        } else {
            authorize["hash"] = json!([hash]);
        }
        if let Some(pin) = &self.pin {
            authorize["PIN"] = json!(pin.0.as_str());
        }
        let answer = self.client.call(AUTHORIZE, &authorize)?;
        let sad = answer
            .get("SAD")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed(AUTHORIZE, "no SAD"))?;
        let mut request = json!({"credentialID": self.id, "SAD": sad, "signAlgo": sign_algo});
        if v2 {
            request["hashes"] = json!([hash]);
            request["hashAlgorithmOID"] = json!(hash_oid);
        } else {
            request["hash"] = json!([hash]);
            request["hashAlgo"] = json!(hash_oid);
        }
        let answer = self.client.call(SIGN, &request)?;
        let value = answer
            .get("signatures")
            .and_then(Value::as_array)
            .and_then(|list| list.first())
            .and_then(Value::as_str)
            .and_then(|s| B64.decode(s).ok())
            .ok_or_else(|| malformed(SIGN, "no base64 signature"))?;
        // ECDSA values come as DER; a service that returns r || s is accepted too.
        match algorithm {
            SignatureAlgorithm::Ecdsa(_) if value.first() != Some(&0x30) => {
                ades_core::verify::ecdsa_raw_to_der(&value)
                    .ok_or_else(|| malformed(SIGN, "bad ECDSA value"))
            }
            _ => Ok(value),
        }
    }
}

impl Signer for CscCredential {
    fn sign(&self, algorithm: SignatureAlgorithm, data: &[u8]) -> Result<Vec<u8>, SignerError> {
        if algorithm.signs_message() {
            return Err(SignerError::new(format!(
                "{algorithm} signs the message itself: a signHash service cannot make it"
            )));
        }
        let digest = ades_core::digest::digest(algorithm.digest(), data);
        self.sign_digest(algorithm, &digest)
            .map_err(|e| SignerError::new(format!("remote signing (CSC) failed: {e}")))
    }

    fn public_key_info_der(&self) -> Option<Vec<u8>> {
        self.certificate.public_key_info_der().ok()
    }
}

impl std::fmt::Debug for CscCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CscCredential")
            .field("id", &self.id)
            .field("certificate", &self.certificate.subject_text())
            .finish_non_exhaustive()
    }
}
