//! CMS `SignedData` (RFC 5652 §5) read from BER or DER with every signed part kept as it was
//! encoded, and written back as DER from those parts.
//!
//! ```text
//! ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
//! SignedData ::= SEQUENCE {
//!   version CMSVersion,
//!   digestAlgorithms SET OF DigestAlgorithmIdentifier,
//!   encapContentInfo EncapsulatedContentInfo,
//!   certificates [0] IMPLICIT CertificateSet OPTIONAL,
//!   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
//!   signerInfos SET OF SignerInfo }
//! EncapsulatedContentInfo ::= SEQUENCE {
//!   eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
//! SignerInfo ::= SEQUENCE {
//!   version CMSVersion, sid SignerIdentifier, digestAlgorithm DigestAlgorithmIdentifier,
//!   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
//!   signatureAlgorithm SignatureAlgorithmIdentifier, signature SignatureValue,
//!   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
//! ```
//!
//! Re-encoding never touches signed bytes: a `SignerInfo` that was not modified is written
//! back byte for byte, and a modified one (a counter-signature added) keeps its signed
//! attributes, signature and existing unsigned attributes as they were.

use const_oid::ObjectIdentifier;

use super::attribute::{Attribute, encode_attributes, parse_attributes};
use super::{CmsError, Result};
use crate::algorithm::{AlgorithmId, encode_oid, parse_oid};
use crate::ber::{self, Reader, Tlv, constructed, tlv};
use crate::{Certificate, oid};

/// Largest nesting of counter-signatures read.
pub const MAX_COUNTER_SIGNATURE_DEPTH: usize = 8;

/// Most signers (including counter-signers) read from one file.
pub const MAX_SIGNERS: usize = 256;

/// A parsed `SignedData`.
#[derive(Debug, Clone)]
pub struct SignedData {
    version: u8,
    digest_algorithms: Vec<Vec<u8>>,
    content_type: ObjectIdentifier,
    content: Option<Vec<u8>>,
    certificates: Vec<Certificate>,
    other_certificates: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    signer_infos: Vec<SignerInfo>,
}

/// How a `SignerInfo` names its certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerId {
    /// `IssuerAndSerialNumber`: the DER of the issuer name and the serial number contents.
    IssuerAndSerial {
        /// DER of the issuer `Name`.
        issuer: Vec<u8>,
        /// Serial number contents (two's complement, as encoded).
        serial: Vec<u8>,
    },
    /// `[0] SubjectKeyIdentifier`.
    SubjectKeyId(Vec<u8>),
}

impl SignerId {
    /// Whether `cert` is the certificate this identifier names.
    pub fn matches(&self, cert: &Certificate) -> bool {
        match self {
            SignerId::IssuerAndSerial { issuer, serial } => {
                crate::name_match::same_serial(serial, cert.serial_number())
                    && cert
                        .issuer_der()
                        .is_ok_and(|own| crate::name_match::same_name(&own, issuer))
            }
            SignerId::SubjectKeyId(id) => cert.subject_key_identifier().as_deref() == Some(id),
        }
    }
}

/// A parsed `SignerInfo`, with its parts as encoded.
#[derive(Debug, Clone)]
pub struct SignerInfo {
    raw: Option<Vec<u8>>,
    version_raw: Vec<u8>,
    sid_raw: Vec<u8>,
    sid: SignerId,
    digest_algorithm: AlgorithmId,
    digest_algorithm_raw: Vec<u8>,
    signed_attrs_raw: Option<Vec<u8>>,
    signed_attributes: Vec<Attribute>,
    signature_algorithm: AlgorithmId,
    signature_algorithm_raw: Vec<u8>,
    signature: Vec<u8>,
    unsigned_attributes: Vec<Attribute>,
    counter_signatures: Vec<SignerInfo>,
}

impl SignedData {
    /// Parses a DER or BER `ContentInfo` holding `SignedData` (also accepting PEM `CMS` /
    /// `PKCS7` armour).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let der_bytes;
        let input = if bytes.starts_with(b"-----BEGIN") {
            der_bytes = der::pem::decode_vec(bytes)
                .map_err(|_| CmsError::NotSignedData("malformed PEM"))?
                .1;
            der_bytes.as_slice()
        } else {
            bytes
        };
        let input = without_zero_padding(input);
        let mut signers = 0usize;
        Self::parse(input, &mut signers).map_err(|e| match e {
            CmsError::Ber(_) | CmsError::Core(_) => {
                CmsError::NotSignedData("malformed or truncated ASN.1 structure")
            }
            other => other,
        })
    }

    fn parse(input: &[u8], signers: &mut usize) -> Result<Self> {
        let top = Reader::single(input).map_err(|_| {
            CmsError::NotSignedData("not a single well-formed ASN.1 element (truncated or not CMS)")
        })?;
        let mut ci = top.expect_tag(ber::SEQUENCE)?.children()?;
        let content_type = parse_oid(&ci.read_tag(ber::OID)?)?;
        if content_type != oid::ID_SIGNED_DATA {
            return Err(CmsError::NotSignedData(
                "ContentInfo does not hold signedData",
            ));
        }
        let explicit = ci.read_tag(ber::context_constructed(0))?;
        let sd = explicit.children()?.read_tag(ber::SEQUENCE)?;
        let mut r = sd.children()?;
        let version = small_integer(&r.read_tag(ber::INTEGER)?)?;
        let digest_algorithms = r
            .read_tag(ber::SET)?
            .children()?
            .collect_all()?
            .iter()
            .map(|t| t.raw().to_vec())
            .collect();
        let (content_type, content) = parse_encap(&r.read_tag(ber::SEQUENCE)?)?;
        let mut certificates = Vec::new();
        let mut other_certificates = Vec::new();
        if let Some(set) = r.read_optional(ber::context_constructed(0))? {
            let mut cr = set.children()?;
            while let Some(c) = cr.next_element()? {
                match (c.tag() == ber::SEQUENCE)
                    .then(|| Certificate::from_der(c.raw()))
                    .and_then(|r| r.ok())
                {
                    Some(cert) => certificates.push(cert),
                    None => other_certificates.push(c.raw().to_vec()),
                }
            }
        }
        let mut crls = Vec::new();
        if let Some(set) = r.read_optional(ber::context_constructed(1))? {
            crls = set
                .children()?
                .collect_all()?
                .iter()
                .map(|t| t.raw().to_vec())
                .collect();
        }
        let mut signer_infos = Vec::new();
        let mut sr = r.read_tag(ber::SET)?.children()?;
        while let Some(si) = sr.next_element()? {
            signer_infos.push(SignerInfo::parse(&si, 0, signers)?);
        }
        Ok(SignedData {
            version,
            digest_algorithms,
            content_type,
            content,
            certificates,
            other_certificates,
            crls,
            signer_infos,
        })
    }

    /// A new `SignedData` with no signers yet.
    pub fn new(content_type: ObjectIdentifier, content: Option<Vec<u8>>) -> Self {
        SignedData {
            version: 1,
            digest_algorithms: Vec::new(),
            content_type,
            content,
            certificates: Vec::new(),
            other_certificates: Vec::new(),
            crls: Vec::new(),
            signer_infos: Vec::new(),
        }
    }

    /// The encapsulated content type (`id-data` for documents).
    pub fn content_type(&self) -> ObjectIdentifier {
        self.content_type
    }

    /// The encapsulated content, if attached.
    pub fn content(&self) -> Option<&[u8]> {
        self.content.as_deref()
    }

    /// Whether the content is outside the signature (explicit / detached).
    pub fn is_detached(&self) -> bool {
        self.content.is_none()
    }

    /// Embedded certificates that parsed as X.509.
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// Embedded certificates in other formats than X.509 (attribute certificates, other
    /// formats), as encoded.
    pub fn other_certificates(&self) -> &[Vec<u8>] {
        &self.other_certificates
    }

    /// Embedded revocation information (CRLs and other formats), as encoded.
    pub fn crls(&self) -> &[Vec<u8>] {
        &self.crls
    }

    /// The top-level signers (parallel signatures).
    pub fn signer_infos(&self) -> &[SignerInfo] {
        &self.signer_infos
    }

    /// The top-level signers, to add or modify one.
    pub fn signer_infos_mut(&mut self) -> &mut Vec<SignerInfo> {
        &mut self.signer_infos
    }

    /// Adds a certificate unless already present.
    pub fn add_certificate(&mut self, cert: &Certificate) {
        if !self.certificates.iter().any(|c| c == cert) {
            self.certificates.push(cert.clone());
        }
    }

    /// Adds a `RevocationInfoChoice` (as encoded) unless already present.
    pub fn add_revocation_info(&mut self, encoded: Vec<u8>) {
        if !self.crls.contains(&encoded) {
            self.crls.push(encoded);
        }
    }

    /// Adds a digest algorithm identifier unless already present.
    pub fn add_digest_algorithm(&mut self, encoded: Vec<u8>) {
        if !self.digest_algorithms.contains(&encoded) {
            self.digest_algorithms.push(encoded);
        }
    }

    /// The DER encoding of the whole `ContentInfo`.
    pub fn to_der(&self) -> Vec<u8> {
        let version = tlv(ber::INTEGER, &[self.required_version()]);
        let digests = ber::set_of(self.digest_algorithms.clone());
        let encap = match &self.content {
            Some(c) => constructed(
                ber::SEQUENCE,
                &[
                    &encode_oid(&self.content_type),
                    &tlv(ber::context_constructed(0), &tlv(ber::OCTET_STRING, c)),
                ],
            ),
            None => tlv(ber::SEQUENCE, &encode_oid(&self.content_type)),
        };
        let mut parts: Vec<Vec<u8>> = vec![version, digests, encap];
        if !self.certificates.is_empty() || !self.other_certificates.is_empty() {
            let mut certs: Vec<Vec<u8>> =
                self.certificates.iter().map(|c| c.der().to_vec()).collect();
            certs.extend(self.other_certificates.iter().cloned());
            parts.push(sorted_set(ber::context_constructed(0), certs));
        }
        if !self.crls.is_empty() {
            parts.push(sorted_set(ber::context_constructed(1), self.crls.clone()));
        }
        let signers: Vec<Vec<u8>> = self.signer_infos.iter().map(SignerInfo::to_der).collect();
        parts.push(ber::set_of(signers));
        let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
        let signed_data = constructed(ber::SEQUENCE, &refs);
        constructed(
            ber::SEQUENCE,
            &[
                &encode_oid(&oid::ID_SIGNED_DATA),
                &tlv(ber::context_constructed(0), &signed_data),
            ],
        )
    }

    /// RFC 5652 §5.1: version 3 when a signer uses a subject key identifier or the content is
    /// not `id-data`, otherwise 1; never lower than the version read.
    fn required_version(&self) -> u8 {
        let v3 = self.content_type != oid::ID_DATA
            || self
                .signer_infos
                .iter()
                .any(|s| matches!(s.sid, SignerId::SubjectKeyId(_)));
        self.version.max(if v3 { 3 } else { 1 })
    }
}

/// DER `SET OF` under a context tag, elements sorted.
fn sorted_set(tag: u8, mut children: Vec<Vec<u8>>) -> Vec<u8> {
    children.sort();
    let refs: Vec<&[u8]> = children.iter().map(Vec::as_slice).collect();
    constructed(tag, &refs)
}

fn small_integer(t: &Tlv<'_>) -> Result<u8> {
    match t.content() {
        [v] => Ok(*v),
        _ => Err(CmsError::NotSignedData("unsupported CMS version number")),
    }
}

fn parse_encap(encap: &Tlv<'_>) -> Result<(ObjectIdentifier, Option<Vec<u8>>)> {
    let mut r = encap.children()?;
    let content_type = parse_oid(&r.read_tag(ber::OID)?)?;
    let content = match r.read_optional(ber::context_constructed(0))? {
        Some(explicit) => {
            let inner = explicit.children()?.read()?;
            // OCTET STRING, primitive or constructed (BER streaming).
            if inner.tag() & !0x20 != ber::OCTET_STRING {
                return Err(CmsError::NotSignedData("eContent is not an OCTET STRING"));
            }
            Some(inner.string_value()?.into_owned())
        }
        None => None,
    };
    Ok((content_type, content))
}

impl SignerInfo {
    fn parse(t: &Tlv<'_>, depth: usize, signers: &mut usize) -> Result<Self> {
        *signers += 1;
        if *signers > MAX_SIGNERS {
            return Err(CmsError::NotSignedData("too many signers"));
        }
        let mut r = t.expect_tag(ber::SEQUENCE)?.children()?;
        let version = r.read_tag(ber::INTEGER)?;
        let sid_tlv = r.read()?;
        let sid = parse_sid(&sid_tlv)?;
        let digest_tlv = r.read_tag(ber::SEQUENCE)?;
        let digest_algorithm = AlgorithmId::parse(&digest_tlv)?;
        let signed = r.read_optional(ber::context_constructed(0))?;
        let signed_attributes = match &signed {
            Some(s) => parse_attributes(s)?,
            None => Vec::new(),
        };
        let sig_alg_tlv = r.read_tag(ber::SEQUENCE)?;
        let signature_algorithm = AlgorithmId::parse(&sig_alg_tlv)?;
        let signature_tlv = r.read()?;
        if signature_tlv.tag() & !0x20 != ber::OCTET_STRING {
            return Err(CmsError::NotSignedData("signature is not an OCTET STRING"));
        }
        let signature = signature_tlv.string_value()?.into_owned();
        let unsigned_attributes = match r.read_optional(ber::context_constructed(1))? {
            Some(u) => parse_attributes(&u)?,
            None => Vec::new(),
        };
        r.finish()?;
        let mut counter_signatures = Vec::new();
        for a in unsigned_attributes
            .iter()
            .filter(|a| a.oid == oid::ATTR_COUNTER_SIGNATURE)
        {
            if depth + 1 > MAX_COUNTER_SIGNATURE_DEPTH {
                return Err(CmsError::NotSignedData(
                    "counter-signatures nested too deeply",
                ));
            }
            for v in &a.values {
                counter_signatures.push(SignerInfo::parse(
                    &Reader::single(v)?,
                    depth + 1,
                    signers,
                )?);
            }
        }
        Ok(SignerInfo {
            raw: Some(t.raw().to_vec()),
            version_raw: version.raw().to_vec(),
            sid_raw: sid_tlv.raw().to_vec(),
            sid,
            digest_algorithm,
            digest_algorithm_raw: digest_tlv.raw().to_vec(),
            signed_attrs_raw: signed.map(|s| s.raw().to_vec()),
            signed_attributes,
            signature_algorithm,
            signature_algorithm_raw: sig_alg_tlv.raw().to_vec(),
            signature,
            unsigned_attributes,
            counter_signatures,
        })
    }

    /// A new signer info from its parts (the signed attributes as the encoded `[0]` element).
    pub fn assemble(
        sid: SignerId,
        digest_algorithm_raw: Vec<u8>,
        signed_attrs_raw: Vec<u8>,
        signed_attributes: Vec<Attribute>,
        signature_algorithm_raw: Vec<u8>,
        signature: Vec<u8>,
    ) -> Result<Self> {
        let sid_raw = match &sid {
            SignerId::IssuerAndSerial { issuer, serial } => {
                constructed(ber::SEQUENCE, &[issuer, &tlv(ber::INTEGER, serial)])
            }
            SignerId::SubjectKeyId(id) => tlv(ber::context_primitive(0), id),
        };
        let version = if matches!(sid, SignerId::SubjectKeyId(_)) {
            3
        } else {
            1
        };
        Ok(SignerInfo {
            raw: None,
            version_raw: tlv(ber::INTEGER, &[version]),
            sid_raw,
            sid,
            digest_algorithm: AlgorithmId::from_der(&digest_algorithm_raw)?,
            digest_algorithm_raw,
            signed_attrs_raw: Some(signed_attrs_raw),
            signed_attributes,
            signature_algorithm: AlgorithmId::from_der(&signature_algorithm_raw)?,
            signature_algorithm_raw,
            signature,
            unsigned_attributes: Vec::new(),
            counter_signatures: Vec::new(),
        })
    }

    /// The DER of this signer info: the original bytes when unmodified.
    pub fn to_der(&self) -> Vec<u8> {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        let signature = tlv(ber::OCTET_STRING, &self.signature);
        let mut parts: Vec<&[u8]> =
            vec![&self.version_raw, &self.sid_raw, &self.digest_algorithm_raw];
        if let Some(s) = &self.signed_attrs_raw {
            parts.push(s);
        }
        parts.push(&self.signature_algorithm_raw);
        parts.push(&signature);
        let unsigned;
        if !self.unsigned_attributes.is_empty() {
            unsigned = encode_attributes(ber::context_constructed(1), &self.unsigned_attributes);
            parts.push(&unsigned);
        }
        constructed(ber::SEQUENCE, &parts)
    }

    /// The fields an archive-time-stamp-v3 covers (EN 319 122-1 §5.5.3), concatenated as
    /// encoded: version, sid, digestAlgorithm, signedAttrs (`[0]`), signatureAlgorithm and
    /// signature (a DER OCTET STRING).
    pub fn archive_fields(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&self.version_raw);
        out.extend_from_slice(&self.sid_raw);
        out.extend_from_slice(&self.digest_algorithm_raw);
        if let Some(s) = &self.signed_attrs_raw {
            out.extend_from_slice(s);
        }
        out.extend_from_slice(&self.signature_algorithm_raw);
        out.extend_from_slice(&tlv(ber::OCTET_STRING, &self.signature));
        out
    }

    /// How the signer names its certificate.
    pub fn signer_id(&self) -> &SignerId {
        &self.sid
    }

    /// `digestAlgorithm`.
    pub fn digest_algorithm(&self) -> &AlgorithmId {
        &self.digest_algorithm
    }

    /// `signatureAlgorithm`.
    pub fn signature_algorithm(&self) -> &AlgorithmId {
        &self.signature_algorithm
    }

    /// The signed attributes.
    pub fn signed_attributes(&self) -> &[Attribute] {
        &self.signed_attributes
    }

    /// The signed attributes re-tagged as the `SET OF` the signature covers, from their
    /// original encoding (RFC 5652 §5.4).
    pub fn signed_attributes_to_verify(&self) -> Result<Option<Vec<u8>>> {
        match &self.signed_attrs_raw {
            Some(raw) => Ok(Some(Reader::single(raw)?.retagged(ber::SET)?)),
            None => Ok(None),
        }
    }

    /// The DER encoding of the signed attributes (a `SET OF` sorted as X.690 §11.6 requires)
    /// when it differs from the original encoding: some signers write the attributes
    /// unsorted but sign their DER form, as RFC 5652 §5.4 specifies.
    pub fn signed_attributes_der_if_reordered(&self) -> Result<Option<Vec<u8>>> {
        let Some(original) = self.signed_attributes_to_verify()? else {
            return Ok(None);
        };
        let sorted = encode_attributes(ber::SET, &self.signed_attributes);
        Ok((sorted != original).then_some(sorted))
    }

    /// The signature value.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// The unsigned attributes.
    pub fn unsigned_attributes(&self) -> &[Attribute] {
        &self.unsigned_attributes
    }

    /// Counter-signatures on this signer (serial signatures).
    pub fn counter_signatures(&self) -> &[SignerInfo] {
        &self.counter_signatures
    }

    /// The first signed attribute of a type.
    pub fn signed_attribute(&self, oid: ObjectIdentifier) -> Option<&Attribute> {
        self.signed_attributes.iter().find(|a| a.oid == oid)
    }

    /// How many signed attributes of a type there are.
    pub fn count_signed(&self, oid: ObjectIdentifier) -> usize {
        self.signed_attributes
            .iter()
            .filter(|a| a.oid == oid)
            .count()
    }

    /// The first unsigned attribute of a type.
    pub fn unsigned_attribute(&self, oid: ObjectIdentifier) -> Option<&Attribute> {
        self.unsigned_attributes.iter().find(|a| a.oid == oid)
    }

    /// Appends an unsigned attribute (a signature time-stamp, long-term data); the signed parts
    /// and the other unsigned attributes keep their encoding.
    pub fn add_unsigned_attribute(&mut self, attribute: Attribute) {
        self.unsigned_attributes.push(attribute);
        self.raw = None;
    }

    /// Removes and returns the unsigned attribute at `index` (its position among
    /// [`SignerInfo::unsigned_attributes`]), if there is one.
    pub fn remove_unsigned_attribute(&mut self, index: usize) -> Option<Attribute> {
        (index < self.unsigned_attributes.len()).then(|| {
            self.raw = None;
            self.unsigned_attributes.remove(index)
        })
    }

    /// Appends a counter-signature (the signed parts of this signer stay as they were);
    /// call [`SignerInfo::refresh_counter_signatures`] on the top-level signer afterwards.
    pub fn add_counter_signature(&mut self, counter: SignerInfo) {
        self.counter_signatures.push(counter);
        self.raw = None;
    }

    /// The counter-signature at `path` below this signer (each index selects among the
    /// counter-signatures of the previous level). Every signer on the way is marked for
    /// re-encoding.
    pub fn descendant_mut(&mut self, path: &[usize]) -> Result<&mut SignerInfo> {
        self.raw = None;
        match path.split_first() {
            None => Ok(self),
            Some((first, rest)) => self
                .counter_signatures
                .get_mut(*first)
                .ok_or(CmsError::NoSuchSigner(*first + 1))?
                .descendant_mut(rest),
        }
    }

    /// Re-encodes the counter-signature attribute of every modified signer below and at this
    /// one; unmodified signers keep their original encoding.
    pub fn refresh_counter_signatures(&mut self) {
        if self.raw.is_some() {
            return;
        }
        for c in &mut self.counter_signatures {
            c.refresh_counter_signatures();
        }
        if self.counter_signatures.is_empty() {
            return;
        }
        let values: Vec<Vec<u8>> = self
            .counter_signatures
            .iter()
            .map(SignerInfo::to_der)
            .collect();
        let attribute = Attribute::new(oid::ATTR_COUNTER_SIGNATURE, values);
        let position = self
            .unsigned_attributes
            .iter()
            .position(|a| a.oid == oid::ATTR_COUNTER_SIGNATURE)
            .unwrap_or(self.unsigned_attributes.len());
        self.unsigned_attributes
            .retain(|a| a.oid != oid::ATTR_COUNTER_SIGNATURE);
        let position = position.min(self.unsigned_attributes.len());
        self.unsigned_attributes.insert(position, attribute);
    }
}

fn parse_sid(t: &Tlv<'_>) -> Result<SignerId> {
    if t.tag() == ber::SEQUENCE {
        let mut r = t.children()?;
        let issuer = r.read_tag(ber::SEQUENCE)?;
        let serial = r.read_tag(ber::INTEGER)?;
        Ok(SignerId::IssuerAndSerial {
            issuer: issuer.raw().to_vec(),
            serial: serial.content().to_vec(),
        })
    } else if t.tag() == ber::context_primitive(0) {
        Ok(SignerId::SubjectKeyId(t.content().to_vec()))
    } else {
        Err(CmsError::NotSignedData("unknown SignerIdentifier"))
    }
}

/// `bytes` without the zero bytes some writers pad a CMS file with after its one element (EU
/// DSS reads such files); anything else after the element stays, and is refused.
fn without_zero_padding(bytes: &[u8]) -> &[u8] {
    match Reader::new(bytes).read() {
        Ok(first) => {
            let end = first.raw().len();
            match bytes.get(end..) {
                Some(rest) if !rest.is_empty() && rest.iter().all(|&b| b == 0) => &bytes[..end],
                _ => bytes,
            }
        }
        Err(_) => bytes,
    }
}

#[cfg(test)]
mod padding_tests {
    use super::without_zero_padding;

    #[test]
    fn zero_padding_after_the_element_is_ignored_anything_else_is_kept() {
        let element = [0x30, 0x03, 0x02, 0x01, 0x00];
        let padded = [&element[..], &[0u8; 8]].concat();
        assert_eq!(without_zero_padding(&padded), &element);
        assert_eq!(without_zero_padding(&element), &element);
        let trailing = [&element[..], &[0u8, 1]].concat();
        assert_eq!(without_zero_padding(&trailing), trailing.as_slice());
    }
}
