//! Digest and signature algorithms: run-time enums (for parsing foreign signatures) and
//! zero-sized marker types (for builders whose algorithm is checked at compile time).

use const_oid::ObjectIdentifier;
use serde::Serialize;

use crate::oid;

/// A message digest algorithm this crate can compute.
///
/// SHA-384 is computed so foreign signatures that use it can be verified and then judged
/// by a policy; the Madrid policy (§3.5) does not allow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING-KEBAB-CASE")]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// SHA-1 (FIPS 180-4): allowed by the Madrid policy but deprecated (§3.5).
    Sha1,
    /// SHA-256 (FIPS 180-4).
    Sha256,
    /// SHA-384 (FIPS 180-4).
    Sha384,
    /// SHA-512 (FIPS 180-4).
    Sha512,
}

impl DigestAlgorithm {
    /// Every algorithm, weakest first.
    pub const ALL: [DigestAlgorithm; 4] = [Self::Sha1, Self::Sha256, Self::Sha384, Self::Sha512];

    /// The algorithm's object identifier.
    pub const fn oid(self) -> ObjectIdentifier {
        match self {
            Self::Sha1 => oid::SHA1,
            Self::Sha256 => oid::SHA256,
            Self::Sha384 => oid::SHA384,
            Self::Sha512 => oid::SHA512,
        }
    }

    /// The algorithm named by an object identifier, if it is one of ours.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.oid() == *oid)
    }

    /// The XML-DSig / XML-Enc URI of the algorithm (RFC 6931).
    pub const fn xmldsig_uri(self) -> &'static str {
        match self {
            Self::Sha1 => "http://www.w3.org/2000/09/xmldsig#sha1",
            Self::Sha256 => "http://www.w3.org/2001/04/xmlenc#sha256",
            Self::Sha384 => "http://www.w3.org/2001/04/xmldsig-more#sha384",
            Self::Sha512 => "http://www.w3.org/2001/04/xmlenc#sha512",
        }
    }

    /// The algorithm named by an XML-DSig URI.
    pub fn from_xmldsig_uri(uri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.xmldsig_uri() == uri)
    }

    /// Length of the digest in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// Short name as used on the command line and in reports (`sha256`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
        }
    }

    /// The algorithm with this short name (`sha1`, `sha256`, `sha384`, `sha512`, with or without a dash).
    pub fn from_name(name: &str) -> Option<Self> {
        let normal = name.to_ascii_lowercase().replace('-', "");
        Self::ALL.into_iter().find(|d| d.name() == normal)
    }
}

impl std::fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Sha1 => "SHA-1",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        })
    }
}

/// A signature algorithm: a key type with a padding scheme and a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) with the given digest.
    RsaPkcs1v15(DigestAlgorithm),
    /// RSASSA-PSS (RFC 8017 §8.1, parameters of RFC 4055) with MGF1 over the same digest.
    /// Verified on foreign signatures; this crate does not create PSS signatures.
    RsaPss {
        /// Message and MGF1 digest.
        digest: DigestAlgorithm,
        /// Salt length in bytes.
        salt_length: u16,
    },
}

impl SignatureAlgorithm {
    /// The digest the algorithm signs with.
    pub const fn digest(self) -> DigestAlgorithm {
        match self {
            Self::RsaPkcs1v15(d) => d,
            Self::RsaPss { digest, .. } => digest,
        }
    }

    /// Whether the algorithm is an RSA signature scheme (PKCS#1 v1.5 or PSS).
    pub const fn is_rsa(self) -> bool {
        matches!(self, Self::RsaPkcs1v15(_) | Self::RsaPss { .. })
    }

    /// Reads an `AlgorithmIdentifier` of a signature, with the RSASSA-PSS parameters
    /// (RFC 4055 §3.1: hash DEFAULT sha1, MGF1 DEFAULT with sha1, salt DEFAULT 20) and the
    /// bare `rsaEncryption` of CMS (digest from `digest_hint`).
    pub fn from_algorithm_id(
        id: &AlgorithmId,
        digest_hint: Option<DigestAlgorithm>,
    ) -> Option<Self> {
        if id.oid != oid::RSASSA_PSS {
            return Self::from_oid(&id.oid, digest_hint);
        }
        let mut digest = DigestAlgorithm::Sha1;
        let mut mgf_digest = DigestAlgorithm::Sha1;
        let mut salt_length = 20u16;
        if let Some(params) = &id.parameters {
            let top = crate::ber::Reader::single(params).ok()?;
            let mut r = top.children().ok()?;
            while let Some(field) = r.next_element().ok()? {
                let inner = field.children().ok()?.read().ok()?;
                match field.tag() {
                    0xA0 => digest = AlgorithmId::parse(&inner).ok()?.digest()?,
                    0xA1 => {
                        let mgf = AlgorithmId::parse(&inner).ok()?;
                        if mgf.oid != oid::MGF1 {
                            return None;
                        }
                        mgf_digest = AlgorithmId::from_der(mgf.parameters.as_deref()?)
                            .ok()?
                            .digest()?;
                    }
                    0xA2 => {
                        let bytes = inner.content();
                        if bytes.is_empty() || bytes.len() > 2 {
                            return None;
                        }
                        salt_length = bytes.iter().fold(0u16, |a, b| (a << 8) | u16::from(*b));
                    }
                    _ => {}
                }
            }
        }
        (mgf_digest == digest).then_some(Self::RsaPss {
            digest,
            salt_length,
        })
    }

    /// The combined object identifier (`sha256WithRSAEncryption`, …).
    pub const fn oid(self) -> ObjectIdentifier {
        match self {
            Self::RsaPkcs1v15(DigestAlgorithm::Sha1) => oid::SHA1_WITH_RSA,
            Self::RsaPkcs1v15(DigestAlgorithm::Sha256) => oid::SHA256_WITH_RSA,
            Self::RsaPkcs1v15(DigestAlgorithm::Sha384) => oid::SHA384_WITH_RSA,
            Self::RsaPkcs1v15(DigestAlgorithm::Sha512) => oid::SHA512_WITH_RSA,
            Self::RsaPss { .. } => oid::RSASSA_PSS,
        }
    }

    /// Reads a CMS/X.509 signature algorithm identifier. CMS allows the bare `rsaEncryption`
    /// with the digest given separately (RFC 3370 §3.2), hence `digest_hint`.
    pub fn from_oid(oid: &ObjectIdentifier, digest_hint: Option<DigestAlgorithm>) -> Option<Self> {
        if *oid == oid::RSA_ENCRYPTION {
            return digest_hint.map(Self::RsaPkcs1v15);
        }
        DigestAlgorithm::ALL
            .into_iter()
            .map(Self::RsaPkcs1v15)
            .find(|s| s.oid() == *oid)
    }

    /// The XML-DSig URI of the algorithm (RFC 6931).
    pub const fn xmldsig_uri(self) -> &'static str {
        match self {
            Self::RsaPkcs1v15(DigestAlgorithm::Sha1) => {
                "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
            }
            Self::RsaPkcs1v15(DigestAlgorithm::Sha256) => {
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
            }
            Self::RsaPkcs1v15(DigestAlgorithm::Sha384) => {
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
            }
            Self::RsaPkcs1v15(DigestAlgorithm::Sha512) => {
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
            }
            Self::RsaPss {
                digest: DigestAlgorithm::Sha1,
                ..
            } => "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1",
            Self::RsaPss {
                digest: DigestAlgorithm::Sha256,
                ..
            } => "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
            Self::RsaPss {
                digest: DigestAlgorithm::Sha384,
                ..
            } => "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
            Self::RsaPss {
                digest: DigestAlgorithm::Sha512,
                ..
            } => "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
        }
    }

    /// The algorithm named by an XML-DSig URI.
    pub fn from_xmldsig_uri(uri: &str) -> Option<Self> {
        DigestAlgorithm::ALL
            .into_iter()
            .map(Self::RsaPkcs1v15)
            .find(|s| s.xmldsig_uri() == uri)
    }
}

impl std::fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RsaPkcs1v15(d) => write!(f, "RSA/{d}"),
            Self::RsaPss { digest, .. } => write!(f, "RSA-PSS/{digest}"),
        }
    }
}

/// An `AlgorithmIdentifier` as found in a structure: the OID and the raw parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlgorithmId {
    /// The algorithm OID.
    pub oid: ObjectIdentifier,
    /// The encoded parameters, if any (`05 00` for an explicit NULL).
    pub parameters: Option<Vec<u8>>,
}

impl AlgorithmId {
    /// Parses `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`.
    pub fn parse(tlv: &crate::ber::Tlv<'_>) -> Result<Self, crate::Error> {
        let mut r = (*tlv).expect_tag(crate::ber::SEQUENCE)?.children()?;
        let oid = parse_oid(&r.read_tag(crate::ber::OID)?)?;
        let parameters = r.next_element()?.map(|p| p.raw().to_vec());
        Ok(AlgorithmId { oid, parameters })
    }

    /// Parses an encoded `AlgorithmIdentifier`.
    pub fn from_der(bytes: &[u8]) -> Result<Self, crate::Error> {
        Self::parse(&crate::ber::Reader::single(bytes)?)
    }

    /// The digest algorithm it names, if one of ours.
    pub fn digest(&self) -> Option<DigestAlgorithm> {
        DigestAlgorithm::from_oid(&self.oid)
    }
}

/// Decodes an `OBJECT IDENTIFIER` element.
pub fn parse_oid(tlv: &crate::ber::Tlv<'_>) -> Result<ObjectIdentifier, crate::Error> {
    let tlv = (*tlv).expect_tag(crate::ber::OID)?;
    Ok(ObjectIdentifier::from_bytes(tlv.content()).map_err(der::Error::from)?)
}

/// Encodes an `OBJECT IDENTIFIER` element.
pub fn encode_oid(oid: &ObjectIdentifier) -> Vec<u8> {
    crate::ber::tlv(crate::ber::OID, oid.as_bytes())
}

impl DigestAlgorithm {
    /// `AlgorithmIdentifier` of the digest, parameters absent (RFC 5754 §2, RFC 3370 §2.1).
    pub fn algorithm_identifier(self) -> Vec<u8> {
        crate::ber::constructed(crate::ber::SEQUENCE, &[&encode_oid(&self.oid())])
    }
}

impl SignatureAlgorithm {
    /// `AlgorithmIdentifier` of the signature algorithm with NULL parameters (RFC 4055 §5).
    pub fn algorithm_identifier(self) -> Vec<u8> {
        crate::ber::constructed(
            crate::ber::SEQUENCE,
            &[&encode_oid(&self.oid()), &[0x05, 0x00]],
        )
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A digest algorithm known at compile time. Builders take one as a type parameter so a
/// policy can refuse it by not implementing [`crate::policy::AllowedDigest`] for it.
pub trait DigestType: sealed::Sealed + Send + Sync + 'static {
    /// The run-time value of the algorithm.
    const ALGORITHM: DigestAlgorithm;
}

/// A signature scheme known at compile time (see [`crate::policy::AllowedSignature`]).
pub trait SignatureType: sealed::Sealed + Send + Sync + 'static {
    /// The scheme with digest `D`.
    fn with_digest(digest: DigestAlgorithm) -> SignatureAlgorithm;
}

macro_rules! digest_marker {
    ($(#[$meta:meta])* $name:ident => $value:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name;
        #[allow(deprecated)]
        impl sealed::Sealed for $name {}
        #[allow(deprecated)]
        impl DigestType for $name {
            const ALGORITHM: DigestAlgorithm = DigestAlgorithm::$value;
        }
    };
}

digest_marker!(
    /// SHA-1 as a type. Deprecated: the Madrid policy (§3.5) still allows SHA-1 but says it is
    /// to be replaced; new signatures should use [`Sha256`] or [`Sha512`].
    #[deprecated(note = "SHA-1 is allowed by the Madrid policy (§3.5) but is being phased out: use Sha256 or Sha512")]
    Sha1 => Sha1
);
digest_marker!(
    /// SHA-256 as a type.
    Sha256 => Sha256
);
digest_marker!(
    /// SHA-384 as a type (not allowed by the Madrid policy, §3.5).
    Sha384 => Sha384
);
digest_marker!(
    /// SHA-512 as a type (recommended by the Madrid policy for long-term signatures, §3.5).
    Sha512 => Sha512
);

/// RSASSA-PKCS1-v1_5 as a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RsaPkcs1v15;
impl sealed::Sealed for RsaPkcs1v15 {}
impl SignatureType for RsaPkcs1v15 {
    fn with_digest(digest: DigestAlgorithm) -> SignatureAlgorithm {
        SignatureAlgorithm::RsaPkcs1v15(digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_round_trip() {
        for d in DigestAlgorithm::ALL {
            assert_eq!(DigestAlgorithm::from_oid(&d.oid()), Some(d));
            assert_eq!(DigestAlgorithm::from_xmldsig_uri(d.xmldsig_uri()), Some(d));
            assert_eq!(DigestAlgorithm::from_name(d.name()), Some(d));
            let s = SignatureAlgorithm::RsaPkcs1v15(d);
            assert_eq!(SignatureAlgorithm::from_oid(&s.oid(), None), Some(s));
            assert_eq!(
                SignatureAlgorithm::from_xmldsig_uri(s.xmldsig_uri()),
                Some(s)
            );
        }
        assert_eq!(
            SignatureAlgorithm::from_oid(&oid::RSA_ENCRYPTION, Some(DigestAlgorithm::Sha512)),
            Some(SignatureAlgorithm::RsaPkcs1v15(DigestAlgorithm::Sha512))
        );
        assert_eq!(DigestAlgorithm::from_oid(&oid::MD5), None);
        assert_eq!(
            DigestAlgorithm::from_name("SHA-256"),
            Some(DigestAlgorithm::Sha256)
        );
    }
}
