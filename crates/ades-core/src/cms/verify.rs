//! Verification of a `SignerInfo`'s signature value with its certificate.

use super::signed_data::SignerInfo;
use crate::algorithm::SignatureAlgorithm;
use crate::certificate::Certificate;
use crate::verify::{VerifyError, verify_signature};

/// The result of checking one signature value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// The value verifies over the signed attributes as encoded (or over `content` when the
    /// signer has no signed attributes).
    Valid(SignatureAlgorithm),
    /// The value verifies only over the DER (sorted) form of signed attributes stored out of
    /// order: RFC 5652 §5.4 says the DER form is what is signed.
    ValidOverDerOrder(SignatureAlgorithm),
    /// The value does not verify.
    Invalid(SignatureAlgorithm, VerifyError),
    /// The signature algorithm or the signer's key is not one we implement (said in words).
    UnsupportedAlgorithm(String),
    /// No signed attributes and no content to verify over (detached without content).
    ContentMissing,
}

/// Verifies `si`'s signature with `cert`. `content` is what the signature covers when there
/// are no signed attributes (the content, or the counter-signed signature value).
pub fn verify_signer_info(
    si: &SignerInfo,
    cert: &Certificate,
    content: Option<&[u8]>,
) -> SignatureCheck {
    let digest_hint = si.digest_algorithm().digest();
    let Some(algorithm) =
        SignatureAlgorithm::from_algorithm_id(si.signature_algorithm(), digest_hint)
    else {
        return SignatureCheck::UnsupportedAlgorithm(format!(
            "signature algorithm {} is not supported",
            si.signature_algorithm().oid
        ));
    };
    let signed = match si.signed_attributes_to_verify() {
        Ok(Some(set)) => set,
        Ok(None) => match content {
            Some(c) => c.to_vec(),
            None => return SignatureCheck::ContentMissing,
        },
        Err(_) => return SignatureCheck::Invalid(algorithm, VerifyError::BadSignature),
    };
    let verify = |bytes: &[u8]| verify_signature(cert, algorithm, bytes, si.signature());
    match verify(&signed) {
        Ok(()) => SignatureCheck::Valid(algorithm),
        Err(e) => match si.signed_attributes_der_if_reordered() {
            Ok(Some(der)) if verify(&der).is_ok() => SignatureCheck::ValidOverDerOrder(algorithm),
            _ if matches!(
                e,
                VerifyError::Unsupported(_) | VerifyError::UnsupportedKey(_)
            ) =>
            {
                SignatureCheck::UnsupportedAlgorithm(e.to_string())
            }
            _ => SignatureCheck::Invalid(algorithm, e),
        },
    }
}
