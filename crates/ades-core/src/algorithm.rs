//! Digest and signature algorithms: run-time enums (for parsing foreign signatures) and
//! zero-sized marker types (for builders whose algorithm is checked at compile time).

use const_oid::ObjectIdentifier;
use serde::Serialize;

use crate::oid;

/// A message digest algorithm this crate can compute.
///
/// Every one is computed so foreign signatures that use it can be verified and then judged by
/// a policy; the Madrid policy (§3.5) allows SHA-1, SHA-256 and SHA-512 only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING-KEBAB-CASE")]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// SHA-1 (FIPS 180-4): allowed by the Madrid policy but deprecated (§3.5).
    Sha1,
    /// SHA-224 (FIPS 180-4).
    Sha224,
    /// SHA-256 (FIPS 180-4).
    Sha256,
    /// SHA-384 (FIPS 180-4).
    Sha384,
    /// SHA-512 (FIPS 180-4).
    Sha512,
    /// SHA3-224 (FIPS 202).
    #[serde(rename = "SHA3-224")]
    Sha3_224,
    /// SHA3-256 (FIPS 202).
    #[serde(rename = "SHA3-256")]
    Sha3_256,
    /// SHA3-384 (FIPS 202).
    #[serde(rename = "SHA3-384")]
    Sha3_384,
    /// SHA3-512 (FIPS 202).
    #[serde(rename = "SHA3-512")]
    Sha3_512,
}

/// One digest algorithm's names: OID, XML-DSig URI, short name, display name, length.
struct DigestNames {
    oid: ObjectIdentifier,
    uri: &'static str,
    name: &'static str,
    display: &'static str,
    len: usize,
}

impl DigestAlgorithm {
    /// Every algorithm, weakest first (by collision resistance, SHA-2 before SHA-3 of a size).
    pub const ALL: [DigestAlgorithm; 9] = [
        Self::Sha1,
        Self::Sha224,
        Self::Sha3_224,
        Self::Sha256,
        Self::Sha3_256,
        Self::Sha384,
        Self::Sha3_384,
        Self::Sha512,
        Self::Sha3_512,
    ];

    const fn names(self) -> DigestNames {
        const fn n(
            oid: ObjectIdentifier,
            uri: &'static str,
            name: &'static str,
            display: &'static str,
            len: usize,
        ) -> DigestNames {
            DigestNames {
                oid,
                uri,
                name,
                display,
                len,
            }
        }
        match self {
            Self::Sha1 => n(
                oid::SHA1,
                "http://www.w3.org/2000/09/xmldsig#sha1",
                "sha1",
                "SHA-1",
                20,
            ),
            Self::Sha224 => n(
                oid::SHA224,
                "http://www.w3.org/2001/04/xmldsig-more#sha224",
                "sha224",
                "SHA-224",
                28,
            ),
            Self::Sha256 => n(
                oid::SHA256,
                "http://www.w3.org/2001/04/xmlenc#sha256",
                "sha256",
                "SHA-256",
                32,
            ),
            Self::Sha384 => n(
                oid::SHA384,
                "http://www.w3.org/2001/04/xmldsig-more#sha384",
                "sha384",
                "SHA-384",
                48,
            ),
            Self::Sha512 => n(
                oid::SHA512,
                "http://www.w3.org/2001/04/xmlenc#sha512",
                "sha512",
                "SHA-512",
                64,
            ),
            Self::Sha3_224 => n(
                oid::SHA3_224,
                "http://www.w3.org/2007/05/xmldsig-more#sha3-224",
                "sha3-224",
                "SHA3-224",
                28,
            ),
            Self::Sha3_256 => n(
                oid::SHA3_256,
                "http://www.w3.org/2007/05/xmldsig-more#sha3-256",
                "sha3-256",
                "SHA3-256",
                32,
            ),
            Self::Sha3_384 => n(
                oid::SHA3_384,
                "http://www.w3.org/2007/05/xmldsig-more#sha3-384",
                "sha3-384",
                "SHA3-384",
                48,
            ),
            Self::Sha3_512 => n(
                oid::SHA3_512,
                "http://www.w3.org/2007/05/xmldsig-more#sha3-512",
                "sha3-512",
                "SHA3-512",
                64,
            ),
        }
    }

    /// The algorithm's object identifier.
    pub const fn oid(self) -> ObjectIdentifier {
        self.names().oid
    }

    /// The algorithm named by an object identifier, if it is one of ours.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.oid() == *oid)
    }

    /// The XML-DSig / XML-Enc URI of the algorithm (RFC 6931).
    pub const fn xmldsig_uri(self) -> &'static str {
        self.names().uri
    }

    /// The algorithm named by an XML-DSig URI.
    pub fn from_xmldsig_uri(uri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.xmldsig_uri() == uri)
    }

    /// Length of the digest in bytes.
    pub const fn output_len(self) -> usize {
        self.names().len
    }

    /// Short name as used on the command line and in reports (`sha256`, `sha3-256`).
    pub const fn name(self) -> &'static str {
        self.names().name
    }

    /// Whether the algorithm is one of the SHA-3 family (FIPS 202).
    pub const fn is_sha3(self) -> bool {
        matches!(
            self,
            Self::Sha3_224 | Self::Sha3_256 | Self::Sha3_384 | Self::Sha3_512
        )
    }

    /// The algorithm with this short name (`sha1`, `sha256`, `sha3-256`, `SHA-512`; case and
    /// dashes do not matter).
    pub fn from_name(name: &str) -> Option<Self> {
        let normal = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
        let wanted = normal(name);
        Self::ALL.into_iter().find(|d| normal(d.name()) == wanted)
    }
}

impl std::fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.names().display)
    }
}

/// A signature algorithm: a key type with a padding scheme and a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) with the given digest.
    RsaPkcs1v15(DigestAlgorithm),
    /// RSASSA-PSS (RFC 8017 §8.1, parameters of RFC 4055) with MGF1 over the same digest.
    RsaPss {
        /// Message and MGF1 digest.
        digest: DigestAlgorithm,
        /// Salt length in bytes.
        salt_length: u16,
    },
    /// ECDSA (FIPS 186-5) with the given digest, on the curve of the key (P-256, P-384,
    /// P-521). The value is DER `Ecdsa-Sig-Value` in CMS and `r || s` in XML-DSig.
    Ecdsa(DigestAlgorithm),
    /// ECDSA with the value as `r || s` in CMS too (BSI TR-03111 `ecdsa-plain-*`, German
    /// signature cards and DSS's "plain ECDSA").
    EcdsaPlain(DigestAlgorithm),
    /// Ed25519 (RFC 8032, pure): the message is signed as is; SHA-512 is the digest the
    /// CMS attributes use with it (RFC 8419 §3).
    Ed25519,
}

/// OIDs by digest, one table per scheme.
type OidTable = [(DigestAlgorithm, ObjectIdentifier); 9];

/// The PKCS#1 v1.5 OIDs by digest.
const RSA_OIDS: OidTable = [
    (DigestAlgorithm::Sha1, oid::SHA1_WITH_RSA),
    (DigestAlgorithm::Sha224, oid::SHA224_WITH_RSA),
    (DigestAlgorithm::Sha256, oid::SHA256_WITH_RSA),
    (DigestAlgorithm::Sha384, oid::SHA384_WITH_RSA),
    (DigestAlgorithm::Sha512, oid::SHA512_WITH_RSA),
    (DigestAlgorithm::Sha3_224, oid::SHA3_224_WITH_RSA),
    (DigestAlgorithm::Sha3_256, oid::SHA3_256_WITH_RSA),
    (DigestAlgorithm::Sha3_384, oid::SHA3_384_WITH_RSA),
    (DigestAlgorithm::Sha3_512, oid::SHA3_512_WITH_RSA),
];

/// The ECDSA OIDs by digest.
const ECDSA_OIDS: OidTable = [
    (DigestAlgorithm::Sha1, oid::ECDSA_WITH_SHA1),
    (DigestAlgorithm::Sha224, oid::ECDSA_WITH_SHA224),
    (DigestAlgorithm::Sha256, oid::ECDSA_WITH_SHA256),
    (DigestAlgorithm::Sha384, oid::ECDSA_WITH_SHA384),
    (DigestAlgorithm::Sha512, oid::ECDSA_WITH_SHA512),
    (DigestAlgorithm::Sha3_224, oid::ECDSA_WITH_SHA3_224),
    (DigestAlgorithm::Sha3_256, oid::ECDSA_WITH_SHA3_256),
    (DigestAlgorithm::Sha3_384, oid::ECDSA_WITH_SHA3_384),
    (DigestAlgorithm::Sha3_512, oid::ECDSA_WITH_SHA3_512),
];

/// The BSI TR-03111 plain-ECDSA OIDs by digest.
const ECDSA_PLAIN_OIDS: OidTable = [
    (DigestAlgorithm::Sha1, oid::ECDSA_PLAIN_SHA1),
    (DigestAlgorithm::Sha224, oid::ECDSA_PLAIN_SHA224),
    (DigestAlgorithm::Sha256, oid::ECDSA_PLAIN_SHA256),
    (DigestAlgorithm::Sha384, oid::ECDSA_PLAIN_SHA384),
    (DigestAlgorithm::Sha512, oid::ECDSA_PLAIN_SHA512),
    (DigestAlgorithm::Sha3_224, oid::ECDSA_PLAIN_SHA3_224),
    (DigestAlgorithm::Sha3_256, oid::ECDSA_PLAIN_SHA3_256),
    (DigestAlgorithm::Sha3_384, oid::ECDSA_PLAIN_SHA3_384),
    (DigestAlgorithm::Sha3_512, oid::ECDSA_PLAIN_SHA3_512),
];

/// The OID paired with `digest` in `table`.
const fn oid_for(table: &OidTable, digest: DigestAlgorithm) -> ObjectIdentifier {
    let mut i = 0;
    while i < table.len() {
        if table[i].0 as u8 == digest as u8 {
            return table[i].1;
        }
        i += 1;
    }
    table[0].1
}

impl SignatureAlgorithm {
    /// The digest the algorithm signs with.
    pub const fn digest(self) -> DigestAlgorithm {
        match self {
            Self::RsaPkcs1v15(d) | Self::Ecdsa(d) | Self::EcdsaPlain(d) => d,
            Self::RsaPss { digest, .. } => digest,
            Self::Ed25519 => DigestAlgorithm::Sha512,
        }
    }

    /// Whether the algorithm is an RSA signature scheme (PKCS#1 v1.5 or PSS).
    pub const fn is_rsa(self) -> bool {
        matches!(self, Self::RsaPkcs1v15(_) | Self::RsaPss { .. })
    }

    /// Whether the signature is computed over the message itself rather than its digest
    /// (pure Ed25519): such a value cannot be made from a digest alone.
    pub const fn signs_message(self) -> bool {
        matches!(self, Self::Ed25519)
    }

    /// RSASSA-PSS with MGF1 over `digest` and a salt as long as the digest (RFC 6931 §2.3.10,
    /// the XML-DSig default and what EU DSS writes).
    pub const fn rsa_pss(digest: DigestAlgorithm) -> Self {
        Self::RsaPss {
            digest,
            salt_length: digest.output_len() as u16,
        }
    }

    /// Reads an `AlgorithmIdentifier` of a signature, with the RSASSA-PSS parameters
    /// (RFC 4055 §3.1: hash DEFAULT sha1, MGF1 DEFAULT with sha1, salt DEFAULT 20) and the
    /// bare `rsaEncryption` / `id-ecPublicKey` of CMS (digest from `digest_hint`).
    pub fn from_algorithm_id(
        id: &AlgorithmId,
        digest_hint: Option<DigestAlgorithm>,
    ) -> Option<Self> {
        if id.oid != oid::RSASSA_PSS {
            let algorithm = Self::from_oid(&id.oid, digest_hint)?;
            // RSASSA-PKCS1-v1_5 takes NULL parameters, or none (RFC 4055 §5, RFC 5754 §3.2):
            // anything else is a malformed identifier, not a value to overlook.
            let rsa_parameters_ok = id.parameters.as_deref().is_none_or(|p| p == [0x05, 0x00]);
            return match algorithm {
                Self::RsaPkcs1v15(_) if !rsa_parameters_ok => None,
                other => Some(other),
            };
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

    /// The object identifier (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `id-RSASSA-PSS`,
    /// `id-Ed25519`, …).
    pub const fn oid(self) -> ObjectIdentifier {
        match self {
            Self::RsaPkcs1v15(d) => oid_for(&RSA_OIDS, d),
            Self::RsaPss { .. } => oid::RSASSA_PSS,
            Self::Ecdsa(d) => oid_for(&ECDSA_OIDS, d),
            Self::EcdsaPlain(d) => oid_for(&ECDSA_PLAIN_OIDS, d),
            Self::Ed25519 => oid::ED25519,
        }
    }

    /// Reads a CMS/X.509 signature algorithm identifier. CMS allows the bare `rsaEncryption`
    /// and `id-ecPublicKey` with the digest given separately (RFC 3370 §3.2, RFC 5753 §2.1.1),
    /// hence `digest_hint`.
    pub fn from_oid(oid: &ObjectIdentifier, digest_hint: Option<DigestAlgorithm>) -> Option<Self> {
        if *oid == oid::RSA_ENCRYPTION {
            return digest_hint.map(Self::RsaPkcs1v15);
        }
        if *oid == oid::EC_PUBLIC_KEY {
            return digest_hint.map(Self::Ecdsa);
        }
        if *oid == oid::ED25519 {
            return Some(Self::Ed25519);
        }
        let find = |table: &OidTable| table.iter().find(|(_, o)| o == oid).map(|(d, _)| *d);
        find(&RSA_OIDS)
            .map(Self::RsaPkcs1v15)
            .or_else(|| find(&ECDSA_OIDS).map(Self::Ecdsa))
            .or_else(|| find(&ECDSA_PLAIN_OIDS).map(Self::EcdsaPlain))
    }

    /// The XML-DSig URI of the algorithm (RFC 6931, RFC 9231).
    pub fn xmldsig_uri(self) -> &'static str {
        XML_SIGNATURE_URIS
            .iter()
            .find(|(a, _)| *a == self.without_salt())
            .map_or("", |(_, uri)| uri)
    }

    /// The algorithm named by an XML-DSig URI (PSS with the salt as long as the digest).
    pub fn from_xmldsig_uri(uri: &str) -> Option<Self> {
        XML_SIGNATURE_URIS
            .iter()
            .find(|(_, u)| *u == uri)
            .map(|(a, _)| *a)
    }

    /// The algorithm with a PSS salt normalised to the digest length, for table look-ups.
    fn without_salt(self) -> Self {
        match self {
            Self::RsaPss { digest, .. } => Self::rsa_pss(digest),
            other => other,
        }
    }
}

/// XML-DSig signature method URIs (RFC 6931 §2.3, RFC 9231 §2.3, W3C xmldsig-core1).
static XML_SIGNATURE_URIS: [(SignatureAlgorithm, &str); 28] = {
    use DigestAlgorithm::*;
    use SignatureAlgorithm::*;
    [
        (
            RsaPkcs1v15(Sha1),
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        ),
        (
            RsaPkcs1v15(Sha224),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha224",
        ),
        (
            RsaPkcs1v15(Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        ),
        (
            RsaPkcs1v15(Sha384),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
        ),
        (
            RsaPkcs1v15(Sha512),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
        ),
        (
            RsaPkcs1v15(Sha3_224),
            "http://www.w3.org/2007/05/xmldsig-more#rsa-sha3-224",
        ),
        (
            RsaPkcs1v15(Sha3_256),
            "http://www.w3.org/2007/05/xmldsig-more#rsa-sha3-256",
        ),
        (
            RsaPkcs1v15(Sha3_384),
            "http://www.w3.org/2007/05/xmldsig-more#rsa-sha3-384",
        ),
        (
            RsaPkcs1v15(Sha3_512),
            "http://www.w3.org/2007/05/xmldsig-more#rsa-sha3-512",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha1),
            "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha224),
            "http://www.w3.org/2007/05/xmldsig-more#sha224-rsa-MGF1",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha256),
            "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha384),
            "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha512),
            "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha3_224),
            "http://www.w3.org/2007/05/xmldsig-more#sha3-224-rsa-MGF1",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha3_256),
            "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha3_384),
            "http://www.w3.org/2007/05/xmldsig-more#sha3-384-rsa-MGF1",
        ),
        (
            SignatureAlgorithm::rsa_pss(Sha3_512),
            "http://www.w3.org/2007/05/xmldsig-more#sha3-512-rsa-MGF1",
        ),
        (
            Ecdsa(Sha1),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
        ),
        (
            Ecdsa(Sha224),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha224",
        ),
        (
            Ecdsa(Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        ),
        (
            Ecdsa(Sha384),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
        ),
        (
            Ecdsa(Sha512),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
        ),
        (
            Ecdsa(Sha3_224),
            "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-224",
        ),
        (
            Ecdsa(Sha3_256),
            "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256",
        ),
        (
            Ecdsa(Sha3_384),
            "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-384",
        ),
        (
            Ecdsa(Sha3_512),
            "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-512",
        ),
        (
            Ed25519,
            "http://www.w3.org/2021/04/xmldsig-more#eddsa-ed25519",
        ),
    ]
};

impl std::fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RsaPkcs1v15(d) => write!(f, "RSA/{d}"),
            Self::RsaPss { digest, .. } => write!(f, "RSA-PSS/{digest}"),
            Self::Ecdsa(d) => write!(f, "ECDSA/{d}"),
            Self::EcdsaPlain(d) => write!(f, "ECDSA (plain)/{d}"),
            Self::Ed25519 => f.write_str("Ed25519"),
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
    /// `AlgorithmIdentifier` of the signature algorithm: NULL parameters for PKCS#1 v1.5
    /// (RFC 4055 §5), `RSASSA-PSS-params` for PSS (RFC 4055 §3.1), none for ECDSA
    /// (RFC 5758 §3.2) and Ed25519 (RFC 8410 §3).
    pub fn algorithm_identifier(self) -> Vec<u8> {
        use crate::ber::{SEQUENCE, constructed, tlv};
        let oid = encode_oid(&self.oid());
        match self {
            Self::RsaPkcs1v15(_) => constructed(SEQUENCE, &[&oid, &[0x05, 0x00]]),
            Self::RsaPss {
                digest,
                salt_length,
            } => {
                let hash = digest.algorithm_identifier();
                let mgf = constructed(SEQUENCE, &[&encode_oid(&oid::MGF1), &hash]);
                let salt = tlv(crate::ber::INTEGER, &minimal_unsigned(salt_length));
                // DER leaves out fields equal to their DEFAULT (SHA-1, MGF1 with SHA-1, 20).
                let mut fields = Vec::new();
                if digest != DigestAlgorithm::Sha1 {
                    fields.push(tlv(0xA0, &hash));
                    fields.push(tlv(0xA1, &mgf));
                }
                if salt_length != 20 {
                    fields.push(tlv(0xA2, &salt));
                }
                let parts: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
                let params = constructed(SEQUENCE, &parts);
                constructed(SEQUENCE, &[&oid, &params])
            }
            Self::Ecdsa(_) | Self::EcdsaPlain(_) | Self::Ed25519 => constructed(SEQUENCE, &[&oid]),
        }
    }
}

/// The minimal two's-complement content octets of a non-negative integer.
fn minimal_unsigned(value: u16) -> Vec<u8> {
    let bytes = value.to_be_bytes();
    let mut out: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    if out.first().is_none_or(|b| b & 0x80 != 0) {
        out.insert(0, 0);
    }
    out
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
            for s in [
                SignatureAlgorithm::RsaPkcs1v15(d),
                SignatureAlgorithm::Ecdsa(d),
            ] {
                assert_eq!(SignatureAlgorithm::from_oid(&s.oid(), None), Some(s));
                assert_eq!(
                    SignatureAlgorithm::from_xmldsig_uri(s.xmldsig_uri()),
                    Some(s)
                );
            }
            let pss = SignatureAlgorithm::rsa_pss(d);
            assert_eq!(
                SignatureAlgorithm::from_xmldsig_uri(pss.xmldsig_uri()),
                Some(pss)
            );
            let id = AlgorithmId::from_der(&pss.algorithm_identifier()).unwrap();
            assert_eq!(SignatureAlgorithm::from_algorithm_id(&id, None), Some(pss));
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
