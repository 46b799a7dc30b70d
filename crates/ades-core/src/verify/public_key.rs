//! Public keys read from a `SubjectPublicKeyInfo`, parsed once per certificate.

use der::Decode;

use crate::oid;

/// A curve ECDSA keys may use: the NIST primes and the Brainpool curves German cards use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// P-256 (secp256r1).
    P256,
    /// P-384 (secp384r1).
    P384,
    /// P-521 (secp521r1).
    P521,
    /// brainpoolP256r1 (RFC 5639).
    BrainpoolP256r1,
    /// brainpoolP384r1 (RFC 5639).
    BrainpoolP384r1,
}

impl Curve {
    /// Size of a field element (and of `r` and `s`) in bytes.
    pub const fn field_len(self) -> usize {
        match self {
            Self::P256 | Self::BrainpoolP256r1 => 32,
            Self::P384 | Self::BrainpoolP384r1 => 48,
            Self::P521 => 66,
        }
    }

    /// The curve named by an OID of RFC 5480.
    pub fn from_oid(id: &const_oid::ObjectIdentifier) -> Option<Self> {
        [
            (oid::CURVE_P256, Self::P256),
            (oid::CURVE_P384, Self::P384),
            (oid::CURVE_P521, Self::P521),
            (oid::CURVE_BRAINPOOL_P256R1, Self::BrainpoolP256r1),
            (oid::CURVE_BRAINPOOL_P384R1, Self::BrainpoolP384r1),
        ]
        .into_iter()
        .find(|(o, _)| o == id)
        .map(|(_, c)| c)
    }
}

/// A key that verifies signatures, ready for repeated use.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum VerifyingKey {
    /// An RSA key.
    Rsa(super::rsa::RsaKey),
    /// An elliptic-curve point (SEC 1 encoding) on a named curve.
    Ec(super::ecdsa::EcKey),
    /// An Ed25519 public key.
    Ed25519([u8; 32]),
}

impl VerifyingKey {
    /// Reads a DER `SubjectPublicKeyInfo`; `None` when the algorithm or curve is unknown or
    /// the key is malformed (an RSA modulus outside
    /// [`MIN_RSA_BITS`](crate::certificate::MIN_RSA_BITS)..=[`MAX_RSA_BITS`](crate::certificate::MAX_RSA_BITS), a point not on the curve).
    pub fn from_spki_der(spki_der: &[u8]) -> Option<Self> {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der).ok()?;
        let bits = spki.subject_public_key.as_bytes()?;
        let algorithm = spki.algorithm.oid;
        if algorithm == oid::RSA_ENCRYPTION || algorithm == oid::RSASSA_PSS {
            return super::rsa::RsaKey::from_pkcs1_der(bits).map(Self::Rsa);
        }
        if algorithm == oid::EC_PUBLIC_KEY {
            return super::ecdsa::EcKey::new(named_curve(&spki)?, bits).map(Self::Ec);
        }
        if algorithm == oid::ED25519 {
            return bits.try_into().ok().map(Self::Ed25519);
        }
        None
    }

    /// An RSA key from its modulus and public exponent (big-endian unsigned octets, as an
    /// XML-DSig `RSAKeyValue` carries them); `None` when outside the accepted sizes.
    pub fn rsa_from_components(modulus: &[u8], exponent: &[u8]) -> Option<Self> {
        use crate::ber::{SEQUENCE, constructed, unsigned_integer};
        let der_key = constructed(
            SEQUENCE,
            &[&unsigned_integer(modulus), &unsigned_integer(exponent)],
        );
        super::rsa::RsaKey::from_pkcs1_der(&der_key).map(Self::Rsa)
    }

    /// Size of the key in bits: the RSA modulus or the curve's order.
    pub fn bits(&self) -> usize {
        match self {
            Self::Rsa(key) => key.bits(),
            Self::Ec(key) => match key.curve() {
                Curve::P256 | Curve::BrainpoolP256r1 => 256,
                Curve::P384 | Curve::BrainpoolP384r1 => 384,
                Curve::P521 => 521,
            },
            Self::Ed25519(_) => 256,
        }
    }
}

/// The named curve of an EC `SubjectPublicKeyInfo`, if it is one we know.
fn named_curve(spki: &spki::SubjectPublicKeyInfoRef<'_>) -> Option<Curve> {
    let curve = spki
        .algorithm
        .parameters
        .as_ref()?
        .decode_as::<const_oid::ObjectIdentifier>()
        .ok()?;
    Curve::from_oid(&curve)
}

/// Whether the certificate's key is of a kind this crate reads (RSA, EC on a known curve,
/// Ed25519), whether or not the key itself is well formed.
pub(crate) fn is_supported(certificate: &crate::Certificate) -> bool {
    let algorithm = certificate.public_key_algorithm();
    if algorithm == oid::RSA_ENCRYPTION || algorithm == oid::RSASSA_PSS || algorithm == oid::ED25519
    {
        return true;
    }
    algorithm == oid::EC_PUBLIC_KEY
        && certificate.public_key_info_der().ok().is_some_and(|der| {
            spki::SubjectPublicKeyInfoRef::from_der(&der)
                .ok()
                .and_then(|spki| named_curve(&spki))
                .is_some()
        })
}
