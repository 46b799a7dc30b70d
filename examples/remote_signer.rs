//! Sign with a key you do not hold: a smart card, a PKCS#11 token, an HSM, a remote signing
//! service or the user's browser. The front door signs in two steps so the private-key
//! operation can happen anywhere, even in another request:
//!
//! 1. `ades::prepare(input, certificate, chain, options, services)` checks the signer
//!    certificate (policy §3.6.2), reads the document and fixes every signed attribute
//!    (content-type, signing-time, message-digest, signing-certificate-v2, the Madrid
//!    signature-policy identifier, content-hints);
//! 2. `to_be_signed()` hands out the bytes to sign (the DER `SET OF` signed attributes), the
//!    algorithm, and their digest: only that digest travels to the signing service, never the
//!    document;
//! 3. `finish(value, &services)` checks the value returned against the signer certificate and
//!    assembles the signature (CAdES-EPES here; XAdES and PAdES work the same way).
//!
//! The simulated service below receives a request shaped like the Cloud Signature
//! Consortium API's `signatures/signHash` call (a digest, base64, and the signature algorithm
//! OID) and signs the PKCS#1 `DigestInfo` with the test key, as a token does with
//! `CKM_RSA_PKCS`. The example then shows that `finish` refuses a wrong value: a corrupted
//! one, and a correct one made for an earlier preparation.
//!
//! ```text
//! cargo run --example remote_signer
//! ```

use std::error::Error;

#[path = "common/mod.rs"]
mod common;

use ades::core::const_oid::ObjectIdentifier;
use ades::core::{DigestAlgorithm, SignatureAlgorithm, datetime, digest};
use ades::{
    CheckId, Format, Input, PreparedSignature, RsaSoftwareKey, Services, SigningOptions,
    ValidationOptions,
};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::pkcs8::DecodePrivateKey as _;

const DOCUMENT: &str = "Decreto de concesión de licencia de obras menores\n\
Ayuntamiento de Madrid - Área de Urbanismo\n\
Expediente 711/2026/00042\n";

fn main() -> Result<(), Box<dyn Error>> {
    let pki = ades_testkit::TestPki::shared();
    // The key lives in the service; the client only has the certificate and its chain.
    let service = RemoteSigningService::new(&pki.signer1.key)?;
    let (certificate, chain) = (&pki.signer1.certificate, pki.chain());
    // The checks before signing (policy §3.6.2) against the test root and the CAs' CRLs.
    let validator = common::offline_validator()?;
    let services = common::checked_by(&validator);
    let signing_time = datetime::now();
    let options = SigningOptions {
        signing_time: Some(signing_time),
        ..SigningOptions::new(Format::Cades).data_format(ades::DataFormat::mime("text/plain"))
    };
    let prepare = |options: &SigningOptions| {
        ades::prepare(
            Input::bytes(DOCUMENT.as_bytes().to_vec()),
            certificate,
            &chain,
            options,
            &services,
        )
    };

    // Step 1: prepare. The signing time and every signed attribute are frozen here. The value
    // the service returns signs exactly these bytes, so nothing may change between prepare and
    // finish (what EU DSS means by "the signing time and parameters MUST be the same" between
    // getDataToSign and signDocument): the PreparedSignature carries them from one step to the
    // other, and a value for any other bytes is refused by finish.
    let prepared = prepare(&options)?;

    // Step 2: the data to be signed, and its digest: all the service gets.
    let tbs = prepared.to_be_signed();
    let algorithm = tbs.algorithm();
    let tbs_digest = tbs.digest();
    println!(
        "signing time (frozen):   {}",
        datetime::rfc3339(signing_time)
    );
    println!(
        "document:                {} bytes, {}: {}",
        DOCUMENT.len(),
        DigestAlgorithm::Sha256,
        hex(&digest::digest(
            DigestAlgorithm::Sha256,
            DOCUMENT.as_bytes()
        ))
    );
    println!(
        "to be signed:            {} bytes (DER SET OF signed attributes, starts {})",
        tbs.bytes().len(),
        hex(&tbs.bytes()[..tbs.bytes().len().min(4)])
    );
    println!("algorithm:               {algorithm} ({})", algorithm.oid());
    println!("digest sent to service:  {}", hex(&tbs_digest));

    let request = sign_hash_request(algorithm, &tbs_digest);
    println!("request:                 {request}");
    let response = service.sign_hash(&request)?;
    let value = signature_from_response(&response)?;
    println!("signature value:         {} bytes", value.len());

    // Step 3: finish. The value is verified with the signer certificate before it is used.
    let signed = prepared.finish(value.clone(), &services)?;
    let bytes = signed.to_vec()?;
    println!(
        "\n{} signature:    {} bytes",
        signed.level_reached(),
        bytes.len()
    );

    // The result is an ordinary signature: the validator checks digest and value like any other.
    let report = ades::validate(
        Input::bytes(bytes).named("remote.csig"),
        &ValidationOptions {
            certificate_validator: Some(&validator),
            ..ValidationOptions::default()
        },
    )?;
    for signature in &report.signatures {
        for check in signature
            .checks
            .iter()
            .filter(|c| [CheckId::MessageDigest, CheckId::SignatureValue].contains(&c.name))
        {
            println!("  {:?} {}: {}", check.outcome, check.name, check.detail);
        }
    }

    // finish refuses what does not sign the prepared bytes. A corrupted value:
    let mut corrupted = value.clone();
    if let Some(last) = corrupted.last_mut() {
        *last ^= 0x01;
    }
    expect_refusal(
        "a corrupted signature value",
        prepare(&options)?,
        corrupted,
        &services,
    )?;

    // A genuine value, but for another preparation: one second later the signing-time
    // attribute differs, so do the bytes to be signed.
    let later = prepare(&SigningOptions {
        signing_time: Some(signing_time + ades::core::time::Duration::SECOND),
        ..options.clone()
    })?;
    println!(
        "\nprepared again one second later: digest to sign {}",
        hex(&later.to_be_signed().digest())
    );
    expect_refusal(
        "the value made for the first preparation",
        later,
        value,
        &services,
    )?;
    Ok(())
}

/// Checks that `finish` refuses `value`.
fn expect_refusal(
    what: &str,
    prepared: PreparedSignature,
    value: Vec<u8>,
    services: &Services<'_>,
) -> Result<(), Box<dyn Error>> {
    match prepared.finish(value, services) {
        Err(e) => {
            println!("refused {what}: {e}");
            Ok(())
        }
        Ok(_) => Err(format!("{what} was accepted").into()),
    }
}

/// The client side of the call: the digest and the algorithm, nothing else.
fn sign_hash_request(algorithm: SignatureAlgorithm, digest: &[u8]) -> String {
    serde_json::json!({
        "credentialID": "signer1",
        "signAlgo": algorithm.oid().to_string(),
        "hash": [BASE64.encode(digest)],
    })
    .to_string()
}

/// The single signature of the service's answer.
fn signature_from_response(response: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let response: serde_json::Value = serde_json::from_str(response)?;
    let value = response["signatures"][0]
        .as_str()
        .ok_or("the service returned no signature")?;
    Ok(BASE64.decode(value)?)
}

/// A stand-in for a remote signing service (or a token): it holds the private key and signs
/// digests. Its whole interface is [`RemoteSigningService::sign_hash`], JSON in and out, so it
/// cannot see, and has no way to ask for, the document.
struct RemoteSigningService {
    key: rsa::RsaPrivateKey,
}

impl RemoteSigningService {
    /// The service with the test key (a real one would keep it in an HSM).
    fn new(key: &RsaSoftwareKey) -> Result<Self, Box<dyn Error>> {
        let pkcs8 = key.to_pkcs8_der()?;
        let key = rsa::RsaPrivateKey::from_pkcs8_der(&pkcs8)
            .map_err(|e| format!("the service cannot load its key: {e}"))?;
        Ok(RemoteSigningService { key })
    }

    /// `signHash`: RSASSA-PKCS1-v1_5 over each digest, for the algorithm `signAlgo` names.
    fn sign_hash(&self, request: &str) -> Result<String, Box<dyn Error>> {
        let request: serde_json::Value = serde_json::from_str(request)?;
        let sign_algo = request["signAlgo"].as_str().ok_or("signAlgo missing")?;
        let oid =
            ObjectIdentifier::new(sign_algo).map_err(|e| format!("signAlgo {sign_algo}: {e}"))?;
        let algorithm = SignatureAlgorithm::from_oid(&oid, None)
            .ok_or_else(|| format!("signAlgo {sign_algo} is not supported"))?;
        let digest_algorithm = algorithm.digest();
        let hashes = request["hash"].as_array().ok_or("hash missing")?;
        let mut signatures = Vec::new();
        for hash in hashes {
            let hash = BASE64.decode(hash.as_str().ok_or("hash is not a string")?)?;
            if hash.len() != digest_algorithm.output_len() {
                return Err(format!(
                    "a {digest_algorithm} digest has {} bytes, not {}",
                    digest_algorithm.output_len(),
                    hash.len()
                )
                .into());
            }
            // EMSA-PKCS1-v1_5 (RFC 8017 §9.2): DigestInfo = algorithm prefix || digest, padded
            // and signed as is, which is what CKM_RSA_PKCS does on a token.
            let mut digest_info = digest_info_prefix(digest_algorithm)
                .ok_or_else(|| format!("{digest_algorithm} is not supported"))?
                .to_vec();
            digest_info.extend_from_slice(&hash);
            let value = self
                .key
                .sign(rsa::Pkcs1v15Sign::new_unprefixed(), &digest_info)
                .map_err(|e| format!("RSA signing failed: {e}"))?;
            signatures.push(BASE64.encode(value));
        }
        Ok(serde_json::json!({ "signatures": signatures }).to_string())
    }
}

/// The DER `DigestInfo` header before the digest (RFC 8017 §9.2, note 1).
fn digest_info_prefix(algorithm: DigestAlgorithm) -> Option<&'static [u8]> {
    Some(match algorithm {
        DigestAlgorithm::Sha1 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
            0x14,
        ],
        DigestAlgorithm::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        DigestAlgorithm::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        DigestAlgorithm::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
        _ => return None,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
