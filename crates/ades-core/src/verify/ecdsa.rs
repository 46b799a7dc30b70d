//! ECDSA verification on the NIST and Brainpool curves (RustCrypto), over a digest of any length, and the
//! conversion between CMS's DER `Ecdsa-Sig-Value` and XML-DSig's `r || s`.

use super::VerifyError;
use super::public_key::Curve;
use crate::ber;

/// An elliptic-curve public key, checked to be a point on its curve when read.
#[derive(Clone, Debug)]
pub struct EcKey {
    curve: Curve,
    key: CurveKey,
}

#[derive(Clone, Debug)]
enum CurveKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
    BrainpoolP256(ecdsa::VerifyingKey<bp256::BrainpoolP256r1>),
    BrainpoolP384(ecdsa::VerifyingKey<bp384::BrainpoolP384r1>),
}

impl EcKey {
    /// Reads a SEC 1 point (compressed or not) on `curve`.
    pub(crate) fn new(curve: Curve, sec1: &[u8]) -> Option<Self> {
        let key = match curve {
            Curve::P256 => CurveKey::P256(p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1).ok()?),
            Curve::P384 => CurveKey::P384(p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1).ok()?),
            Curve::P521 => CurveKey::P521(p521::ecdsa::VerifyingKey::from_sec1_bytes(sec1).ok()?),
            Curve::BrainpoolP256r1 => CurveKey::BrainpoolP256(
                ecdsa::VerifyingKey::<bp256::BrainpoolP256r1>::from_sec1_bytes(sec1).ok()?,
            ),
            Curve::BrainpoolP384r1 => CurveKey::BrainpoolP384(
                ecdsa::VerifyingKey::<bp384::BrainpoolP384r1>::from_sec1_bytes(sec1).ok()?,
            ),
        };
        Some(EcKey { curve, key })
    }

    /// The key's curve.
    pub fn curve(&self) -> Curve {
        self.curve
    }
}

/// Verifies a DER `Ecdsa-Sig-Value` over the digest `hashed`.
pub(super) fn verify_prehashed(
    key: &EcKey,
    hashed: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    use ecdsa::signature::hazmat::PrehashVerifier;
    let raw = ecdsa_der_to_raw(signature, key.curve).ok_or(VerifyError::BadSignature)?;
    let ok = match &key.key {
        CurveKey::P256(k) => p256::ecdsa::Signature::from_slice(&raw)
            .is_ok_and(|s| k.verify_prehash(hashed, &s).is_ok()),
        CurveKey::P384(k) => p384::ecdsa::Signature::from_slice(&raw)
            .is_ok_and(|s| k.verify_prehash(hashed, &s).is_ok()),
        CurveKey::P521(k) => p521::ecdsa::Signature::from_slice(&raw)
            .is_ok_and(|s| k.verify_prehash(hashed, &s).is_ok()),
        CurveKey::BrainpoolP256(k) => bp256::r1::ecdsa::Signature::from_slice(&raw)
            .is_ok_and(|s| k.verify_prehash(hashed, &s).is_ok()),
        CurveKey::BrainpoolP384(k) => bp384::r1::ecdsa::Signature::from_slice(&raw)
            .is_ok_and(|s| k.verify_prehash(hashed, &s).is_ok()),
    };
    ok.then_some(()).ok_or(VerifyError::BadSignature)
}

/// `r || s`, each left-padded to the curve's field length, from a DER
/// `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }`; `None` when malformed, negative
/// or too long for the curve.
pub fn ecdsa_der_to_raw(der_bytes: &[u8], curve: Curve) -> Option<Vec<u8>> {
    let len = curve.field_len();
    let top = ber::Reader::single(der_bytes).ok()?;
    let mut fields = top.expect_tag(ber::SEQUENCE).ok()?.children().ok()?;
    let mut out = Vec::with_capacity(2 * len);
    for _ in 0..2 {
        let int = fields.read_tag(ber::INTEGER).ok()?;
        let content = int.content();
        if content.first().is_none_or(|b| b & 0x80 != 0) {
            return None;
        }
        let digits: &[u8] = match content {
            [0, rest @ ..] if !rest.is_empty() => rest,
            other => other,
        };
        if digits.len() > len {
            return None;
        }
        out.resize(out.len() + len - digits.len(), 0);
        out.extend_from_slice(digits);
    }
    fields.next_element().ok()?.is_none().then_some(out)
}

/// The DER `Ecdsa-Sig-Value` of an XML-DSig `r || s` value (RFC 4050 / RFC 6931 §2.3.6):
/// the two halves, each as a minimal positive INTEGER. `None` for an empty or odd length.
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Option<Vec<u8>> {
    if raw.is_empty() || !raw.len().is_multiple_of(2) {
        return None;
    }
    let (r, s) = raw.split_at(raw.len() / 2);
    Some(ber::constructed(
        ber::SEQUENCE,
        &[&ber::unsigned_integer(r), &ber::unsigned_integer(s)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_and_raw_convert_both_ways() {
        let mut raw = vec![0u8; 64];
        raw[0] = 0x80; // r needs a leading zero in DER
        raw[63] = 0x01; // s is 1
        let der_bytes = ecdsa_raw_to_der(&raw).unwrap();
        assert_eq!(ecdsa_der_to_raw(&der_bytes, Curve::P256).unwrap(), raw);
        // Too long for P-256.
        let long = ecdsa_raw_to_der(&[0x7f; 100]).unwrap();
        assert!(ecdsa_der_to_raw(&long, Curve::P256).is_none());
        assert!(ecdsa_raw_to_der(&[1, 2, 3]).is_none());
    }
}
