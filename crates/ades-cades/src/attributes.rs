//! CMS attributes and the CAdES attribute values of the Madrid policy's Annex I, encoded
//! and decoded over their exact bytes (TS 101 733 v1.7.3 §5.7–§5.11, RFC 2634, RFC 5035).

use ades_core::algorithm::{AlgorithmId, encode_oid, parse_oid};
use ades_core::ber::{self, Reader, Tlv, constructed, tlv};
use ades_core::const_oid::ObjectIdentifier;
use ades_core::policy::{PolicyIdentity, PolicyReference};
use ades_core::{oid, strings};

use ades_core::cms::Result;

use crate::error::CadesError;

pub use ades_core::cms::ess::{
    EssCertId, parse_signing_certificate, signing_certificate_v1, signing_certificate_v2,
};
pub use ades_core::cms::{
    Attribute, content_type, encode_attributes, message_digest, parse_attributes,
    parse_octet_string, parse_oid_value, signing_time,
};

fn utf8(text: &str) -> Vec<u8> {
    tlv(strings::UTF8_STRING, text.as_bytes())
}

fn directory_string(t: &Tlv<'_>) -> Option<String> {
    strings::decode_string(t.tag(), t.content())
}

// --- signature-policy-identifier (TS 101 733 §5.8.1) ---------------------------------------

/// `signature-policy-identifier` naming `policy`, with its hash and the SPuri qualifier.
pub fn signature_policy(policy: &PolicyIdentity) -> crate::error::Result<Attribute> {
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
}
