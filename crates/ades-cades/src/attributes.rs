//! CMS attributes and the CAdES attribute values of the Madrid policy's Annex I, encoded
//! and decoded over their exact bytes (TS 101 733 v1.7.3 §5.7–§5.11, RFC 2634, RFC 5035).

use ades_core::algorithm::{AlgorithmId, encode_oid, parse_oid};
use ades_core::ber::{self, Reader, Tlv, constructed, tlv};
use ades_core::const_oid::ObjectIdentifier;
use ades_core::policy::{PolicyIdentity, PolicyReference};
use ades_core::{Certificate, DigestAlgorithm, oid, strings};

use crate::error::{CadesError, Result};

/// One attribute: `Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }`, with the
/// encoding of each value and of the whole attribute kept as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// The attribute type.
    pub oid: ObjectIdentifier,
    /// Each value's encoding.
    pub values: Vec<Vec<u8>>,
    /// The attribute's encoding.
    pub raw: Vec<u8>,
}

impl Attribute {
    /// A new attribute with DER-sorted values.
    pub fn new(oid: ObjectIdentifier, values: Vec<Vec<u8>>) -> Self {
        let set = ber::set_of(values.clone());
        let raw = constructed(ber::SEQUENCE, &[&encode_oid(&oid), &set]);
        Attribute { oid, values, raw }
    }

    /// A new attribute with a single value.
    pub fn single(oid: ObjectIdentifier, value: Vec<u8>) -> Self {
        Self::new(oid, vec![value])
    }

    /// Parses one attribute.
    pub fn parse(tlv: &Tlv<'_>) -> Result<Self> {
        let mut r = tlv.expect_tag(ber::SEQUENCE)?.children()?;
        let oid = parse_oid(&r.read_tag(ber::OID)?)?;
        let set = r.read_tag(ber::SET)?;
        let values = set
            .children()?
            .collect_all()?
            .into_iter()
            .map(|v| v.raw().to_vec())
            .collect();
        Ok(Attribute {
            oid,
            values,
            raw: tlv.raw().to_vec(),
        })
    }

    /// The only value; an error if there are none or several (RFC 5652 §11 requires exactly
    /// one for the CMS and CAdES signed attributes).
    pub fn single_value(&self) -> Result<&[u8]> {
        match self.values.as_slice() {
            [one] => Ok(one),
            _ => Err(CadesError::Attribute {
                oid: self.oid,
                reason: "must have exactly one value",
            }),
        }
    }
}

/// Parses the contents of a `SET OF Attribute`.
pub fn parse_attributes(set: &Tlv<'_>) -> Result<Vec<Attribute>> {
    let mut out = Vec::new();
    let mut r = set.children()?;
    while let Some(a) = r.next_element()? {
        out.push(Attribute::parse(&a)?);
    }
    Ok(out)
}

/// Encodes attributes as a DER `SET OF` with the given outer tag (`[0]` for signed, `[1]` for
/// unsigned attributes, `SET` for what is signed).
pub fn encode_attributes(tag: u8, attributes: &[Attribute]) -> Vec<u8> {
    let mut raws: Vec<&[u8]> = attributes.iter().map(|a| a.raw.as_slice()).collect();
    raws.sort();
    constructed(tag, &raws)
}

fn bad(oid: ObjectIdentifier, reason: &'static str) -> CadesError {
    CadesError::Attribute { oid, reason }
}

fn utf8(text: &str) -> Vec<u8> {
    tlv(strings::UTF8_STRING, text.as_bytes())
}

fn directory_string(t: &Tlv<'_>) -> Option<String> {
    strings::decode_string(t.tag(), t.content())
}

// --- content-type, message-digest, signing-time (RFC 5652 §11) -----------------------------

/// `content-type` attribute value.
pub fn content_type(content_type: &ObjectIdentifier) -> Attribute {
    Attribute::single(oid::ATTR_CONTENT_TYPE, encode_oid(content_type))
}

/// `message-digest` attribute value.
pub fn message_digest(digest: &[u8]) -> Attribute {
    Attribute::single(oid::ATTR_MESSAGE_DIGEST, tlv(ber::OCTET_STRING, digest))
}

/// `signing-time` attribute (`UTCTime` through 2049, RFC 5652 §11.3).
pub fn signing_time(at: ades_core::time::OffsetDateTime) -> Result<Attribute> {
    use ades_core::der::Encode;
    let t = ades_core::datetime::to_x509_time(at)?;
    Ok(Attribute::single(oid::ATTR_SIGNING_TIME, t.to_der()?))
}

// --- ESS signing-certificate (RFC 2634 §5.4) and -v2 (RFC 5035) ----------------------------

/// A reference to a certificate: `ESSCertID` / `ESSCertIDv2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssCertId {
    /// The hash algorithm (SHA-1 for v1; default SHA-256 for v2).
    pub hash_algorithm: std::result::Result<DigestAlgorithm, ObjectIdentifier>,
    /// Hash of the whole certificate.
    pub hash: Vec<u8>,
    /// Encoded `IssuerSerial`'s issuer name (DER of the `Name` inside `GeneralNames`) and
    /// serial number contents, if present.
    pub issuer_serial: Option<(Vec<u8>, Vec<u8>)>,
}

impl EssCertId {
    /// Whether this reference designates `cert` (hash, and issuer/serial when present).
    pub fn matches(&self, cert: &Certificate) -> bool {
        let Ok(alg) = self.hash_algorithm else {
            return false;
        };
        if cert.fingerprint(alg) != self.hash {
            return false;
        }
        match &self.issuer_serial {
            None => true,
            Some((issuer, serial)) => {
                cert.issuer_der().ok().as_deref() == Some(issuer.as_slice())
                    && serial.as_slice() == cert.serial_number()
            }
        }
    }
}

fn issuer_serial(cert: &Certificate) -> Result<Vec<u8>> {
    let issuer = cert.issuer_der()?;
    let general_name = tlv(ber::context_constructed(4), &issuer);
    let general_names = tlv(ber::SEQUENCE, &general_name);
    let serial = tlv(ber::INTEGER, cert.serial_number());
    Ok(constructed(ber::SEQUENCE, &[&general_names, &serial]))
}

/// `signing-certificate-v2` for `cert` hashed with `alg` (the `hashAlgorithm` is omitted for
/// SHA-256, its DEFAULT).
pub fn signing_certificate_v2(cert: &Certificate, alg: DigestAlgorithm) -> Result<Attribute> {
    let hash = tlv(ber::OCTET_STRING, &cert.fingerprint(alg));
    let serial = issuer_serial(cert)?;
    let id = if alg == DigestAlgorithm::Sha256 {
        constructed(ber::SEQUENCE, &[&hash, &serial])
    } else {
        constructed(
            ber::SEQUENCE,
            &[&alg.algorithm_identifier(), &hash, &serial],
        )
    };
    let certs = tlv(ber::SEQUENCE, &id);
    Ok(Attribute::single(
        oid::ATTR_SIGNING_CERTIFICATE_V2,
        tlv(ber::SEQUENCE, &certs),
    ))
}

/// ESS `signing-certificate` (v1, SHA-1 `ESSCertID`), used with SHA-1 signatures.
pub fn signing_certificate_v1(cert: &Certificate) -> Result<Attribute> {
    let hash = tlv(ber::OCTET_STRING, &cert.fingerprint(DigestAlgorithm::Sha1));
    let id = constructed(ber::SEQUENCE, &[&hash, &issuer_serial(cert)?]);
    let certs = tlv(ber::SEQUENCE, &id);
    Ok(Attribute::single(
        oid::ATTR_SIGNING_CERTIFICATE,
        tlv(ber::SEQUENCE, &certs),
    ))
}

/// The certificate references of a `signing-certificate(-v2)` value, first one first (the
/// first designates the signer, RFC 5035 §3).
pub fn parse_signing_certificate(value: &[u8], v2: bool) -> Result<Vec<EssCertId>> {
    let attr_oid = if v2 {
        oid::ATTR_SIGNING_CERTIFICATE_V2
    } else {
        oid::ATTR_SIGNING_CERTIFICATE
    };
    let top = Reader::single(value)?.expect_tag(ber::SEQUENCE)?;
    let mut r = top.children()?;
    let certs = r.read_tag(ber::SEQUENCE)?;
    let mut out = Vec::new();
    let mut cr = certs.children()?;
    while let Some(id) = cr.next_element()? {
        let mut f = id.expect_tag(ber::SEQUENCE)?.children()?;
        let hash_algorithm = if v2 && f.peek_tag() == Some(ber::SEQUENCE) {
            let alg = AlgorithmId::parse(&f.read()?)?;
            alg.digest().ok_or(alg.oid)
        } else if v2 {
            Ok(DigestAlgorithm::Sha256)
        } else {
            Ok(DigestAlgorithm::Sha1)
        };
        let hash = f.read_tag(ber::OCTET_STRING)?.content().to_vec();
        let issuer_serial = match f.read_optional(ber::SEQUENCE)? {
            Some(is) => {
                Some(parse_issuer_serial(&is).ok_or(bad(attr_oid, "malformed IssuerSerial"))?)
            }
            None => None,
        };
        out.push(EssCertId {
            hash_algorithm,
            hash,
            issuer_serial,
        });
    }
    if out.is_empty() {
        return Err(bad(attr_oid, "no certificate reference"));
    }
    Ok(out)
}

fn parse_issuer_serial(is: &Tlv<'_>) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut r = is.children().ok()?;
    let names = r.read_tag(ber::SEQUENCE).ok()?;
    let serial = r.read_tag(ber::INTEGER).ok()?;
    let mut nr = names.children().ok()?;
    while let Some(gn) = nr.next_element().ok()? {
        if gn.tag() == ber::context_constructed(4) {
            let name = gn.children().ok()?.read_tag(ber::SEQUENCE).ok()?;
            return Some((name.raw().to_vec(), serial.content().to_vec()));
        }
    }
    None
}

// --- signature-policy-identifier (TS 101 733 §5.8.1) ---------------------------------------

/// `signature-policy-identifier` naming `policy`, with its hash and the SPuri qualifier.
pub fn signature_policy(policy: &PolicyIdentity) -> Result<Attribute> {
    let policy_oid = policy
        .oid
        .ok_or(CadesError::PolicyWithoutOid { name: policy.name })?;
    let hash = constructed(
        ber::SEQUENCE,
        &[
            &policy.hash.algorithm.algorithm_identifier(),
            &tlv(ber::OCTET_STRING, &policy.hash.value),
        ],
    );
    let mut parts = vec![encode_oid(&policy_oid), hash];
    if let Some(uri) = &policy.spuri {
        let qualifier = constructed(
            ber::SEQUENCE,
            &[
                &encode_oid(&oid::SPQ_ETS_URI),
                &tlv(strings::IA5_STRING, uri.as_bytes()),
            ],
        );
        parts.push(tlv(ber::SEQUENCE, &qualifier));
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    Ok(Attribute::single(
        oid::ATTR_SIGNATURE_POLICY,
        constructed(ber::SEQUENCE, &refs),
    ))
}

/// Reads a `SignaturePolicyIdentifier`. The SPuri is accepted as IA5String or UTF8String
/// (AutoFirma writes both).
pub fn parse_signature_policy(value: &[u8]) -> Result<PolicyReference> {
    let top = Reader::single(value)?;
    if top.tag() == ber::NULL {
        return Ok(PolicyReference::Implied);
    }
    let mut r = top.expect_tag(ber::SEQUENCE)?.children()?;
    let policy_oid = parse_oid(&r.read_tag(ber::OID)?)?;
    let mut h = r.read_tag(ber::SEQUENCE)?.children()?;
    let alg = AlgorithmId::parse(&h.read()?)?;
    let hash_value = h.read_tag(ber::OCTET_STRING)?.content().to_vec();
    let mut uri = None;
    if let Some(qualifiers) = r.read_optional(ber::SEQUENCE)? {
        let mut q = qualifiers.children()?;
        while let Some(info) = q.next_element()? {
            let mut f = info.children()?;
            let id = parse_oid(&f.read_tag(ber::OID)?)?;
            if id == oid::SPQ_ETS_URI
                && let Some(text) = f.next_element()?.as_ref().and_then(directory_string)
            {
                uri = Some(text);
            }
        }
    }
    Ok(PolicyReference::Explicit {
        oid: Some(policy_oid),
        identifier: policy_oid.to_string(),
        hash_algorithm: alg.digest(),
        hash_algorithm_id: alg.oid.to_string(),
        hash_value,
        uri,
    })
}

// --- content-hints (RFC 2634 §2.9) -----------------------------------------------------------

/// `content-hints`: `SEQUENCE { contentDescription UTF8String OPTIONAL, contentType OID }`.
pub fn content_hints(description: &str, content_type: &ObjectIdentifier) -> Attribute {
    let value = constructed(
        ber::SEQUENCE,
        &[&utf8(description), &encode_oid(content_type)],
    );
    Attribute::single(oid::ATTR_CONTENT_HINTS, value)
}

/// Reads `content-hints`: the description (if any) and the content type.
pub fn parse_content_hints(value: &[u8]) -> Result<(Option<String>, ObjectIdentifier)> {
    let mut r = Reader::single(value)?
        .expect_tag(ber::SEQUENCE)?
        .children()?;
    let first = r.read()?;
    if first.tag() == ber::OID {
        return Ok((None, parse_oid(&first)?));
    }
    let description = directory_string(&first);
    Ok((description, parse_oid(&r.read_tag(ber::OID)?)?))
}

// --- signer-location (TS 101 733 §5.11.2) ----------------------------------------------------

/// Where the signer claims to have signed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignerLocation {
    /// Country (`ES`).
    pub country: Option<String>,
    /// City (`Madrid`).
    pub locality: Option<String>,
    /// Postal address lines (at most 6).
    pub postal_address: Vec<String>,
}

/// `signer-location` with explicit `[0]` country, `[1]` locality, `[2]` postal address.
pub fn signer_location(location: &SignerLocation) -> Attribute {
    let mut parts = Vec::new();
    if let Some(c) = &location.country {
        parts.push(tlv(ber::context_constructed(0), &utf8(c)));
    }
    if let Some(l) = &location.locality {
        parts.push(tlv(ber::context_constructed(1), &utf8(l)));
    }
    if !location.postal_address.is_empty() {
        let lines: Vec<Vec<u8>> = location
            .postal_address
            .iter()
            .take(6)
            .map(|l| utf8(l))
            .collect();
        let refs: Vec<&[u8]> = lines.iter().map(Vec::as_slice).collect();
        parts.push(tlv(
            ber::context_constructed(2),
            &constructed(ber::SEQUENCE, &refs),
        ));
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    Attribute::single(oid::ATTR_SIGNER_LOCATION, constructed(ber::SEQUENCE, &refs))
}

/// Reads `signer-location`.
pub fn parse_signer_location(value: &[u8]) -> Result<SignerLocation> {
    let mut r = Reader::single(value)?
        .expect_tag(ber::SEQUENCE)?
        .children()?;
    let mut out = SignerLocation::default();
    while let Some(field) = r.next_element()? {
        let inner = field.children()?.read()?;
        match field.tag() {
            t if t == ber::context_constructed(0) => out.country = directory_string(&inner),
            t if t == ber::context_constructed(1) => out.locality = directory_string(&inner),
            t if t == ber::context_constructed(2) => {
                let mut lines = inner.children()?;
                while let Some(line) = lines.next_element()? {
                    out.postal_address.extend(directory_string(&line));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

// --- signer-attributes: claimed roles (TS 101 733 §5.11.3) -----------------------------------

/// `signer-attributes` with claimed roles, each an `id-at-role` attribute with a UTF8String
/// (as AutoFirma writes them).
pub fn signer_roles(roles: &[String]) -> Attribute {
    let claimed: Vec<Vec<u8>> = roles
        .iter()
        .map(|role| {
            constructed(
                ber::SEQUENCE,
                &[&encode_oid(&oid::AT_ROLE), &tlv(ber::SET, &utf8(role))],
            )
        })
        .collect();
    let refs: Vec<&[u8]> = claimed.iter().map(Vec::as_slice).collect();
    let claimed_attributes = tlv(
        ber::context_constructed(0),
        &constructed(ber::SEQUENCE, &refs),
    );
    Attribute::single(
        oid::ATTR_SIGNER_ATTRIBUTES,
        tlv(ber::SEQUENCE, &claimed_attributes),
    )
}

/// The claimed roles of `signer-attributes` (v1) or `signer-attributes-v2`: the text of every
/// value of every claimed attribute.
pub fn parse_claimed_roles(value: &[u8]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut r = Reader::single(value)?
        .expect_tag(ber::SEQUENCE)?
        .children()?;
    while let Some(choice) = r.next_element()? {
        if choice.tag() != ber::context_constructed(0) {
            continue;
        }
        let mut attrs = choice.children()?.read_tag(ber::SEQUENCE)?.children()?;
        while let Some(a) = attrs.next_element()? {
            let attribute = Attribute::parse(&a)?;
            for v in &attribute.values {
                let t = Reader::single(v)?;
                out.extend(directory_string(&t));
            }
        }
    }
    Ok(out)
}

// --- commitment-type-indication (TS 101 733 §5.11.1) ---------------------------------------

/// `commitment-type-indication` without qualifiers.
pub fn commitment_type(commitment: &ObjectIdentifier) -> Attribute {
    Attribute::single(
        oid::ATTR_COMMITMENT_TYPE,
        tlv(ber::SEQUENCE, &encode_oid(commitment)),
    )
}

/// The commitment type OID of a `commitment-type-indication`.
pub fn parse_commitment_type(value: &[u8]) -> Result<ObjectIdentifier> {
    let mut r = Reader::single(value)?
        .expect_tag(ber::SEQUENCE)?
        .children()?;
    Ok(parse_oid(&r.read_tag(ber::OID)?)?)
}

// --- content-reference and content-identifier (RFC 2634 §2.11, §2.7) ------------------------

/// A reference to the message a signed content answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentReference {
    /// Content type of the original message.
    pub content_type: ObjectIdentifier,
    /// The original message's content-identifier.
    pub signed_content_identifier: Vec<u8>,
    /// The original message's signature value.
    pub originator_signature_value: Vec<u8>,
}

/// `content-reference`.
pub fn content_reference(reference: &ContentReference) -> Attribute {
    let value = constructed(
        ber::SEQUENCE,
        &[
            &encode_oid(&reference.content_type),
            &tlv(ber::OCTET_STRING, &reference.signed_content_identifier),
            &tlv(ber::OCTET_STRING, &reference.originator_signature_value),
        ],
    );
    Attribute::single(oid::ATTR_CONTENT_REFERENCE, value)
}

/// `content-identifier`.
pub fn content_identifier(identifier: &[u8]) -> Attribute {
    Attribute::single(
        oid::ATTR_CONTENT_IDENTIFIER,
        tlv(ber::OCTET_STRING, identifier),
    )
}

/// The value of an `OCTET STRING` attribute value (message-digest, content-identifier).
pub fn parse_octet_string(value: &[u8]) -> Result<Vec<u8>> {
    let t = Reader::single(value)?.expect_tag(ber::OCTET_STRING)?;
    Ok(t.string_value()?.into_owned())
}

/// The value of an `OBJECT IDENTIFIER` attribute value (content-type).
pub fn parse_oid_value(value: &[u8]) -> Result<ObjectIdentifier> {
    Ok(parse_oid(&Reader::single(value)?)?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn location_roles_and_hints_round_trip() {
        let loc = SignerLocation {
            country: Some("ES".into()),
            locality: Some("Madrid".into()),
            postal_address: vec!["Calle Mayor, 71".into()],
        };
        let a = signer_location(&loc);
        assert_eq!(
            parse_signer_location(a.single_value().unwrap()).unwrap(),
            loc
        );

        let roles = vec!["emisor".to_owned(), "tercero".to_owned()];
        let a = signer_roles(&roles);
        assert_eq!(
            parse_claimed_roles(a.single_value().unwrap()).unwrap(),
            roles
        );

        let a = content_hints("text/plain", &oid::ID_DATA);
        assert_eq!(
            parse_content_hints(a.single_value().unwrap()).unwrap(),
            (Some("text/plain".into()), oid::ID_DATA)
        );

        let a = commitment_type(&oid::CTI_PROOF_OF_APPROVAL);
        assert_eq!(
            parse_commitment_type(a.single_value().unwrap()).unwrap(),
            oid::CTI_PROOF_OF_APPROVAL
        );
    }

    #[test]
    fn attribute_parse_keeps_raw() {
        let a = message_digest(&[1, 2, 3]);
        let parsed = Attribute::parse(&Reader::single(&a.raw).unwrap()).unwrap();
        assert_eq!(parsed, a);
        assert_eq!(
            parse_octet_string(parsed.single_value().unwrap()).unwrap(),
            vec![1, 2, 3]
        );
    }
}
