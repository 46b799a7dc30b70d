//! CMS attributes: `Attribute ::= SEQUENCE { attrType OID, attrValues SET OF ANY }`, kept
//! with their exact encodings, and the attributes of RFC 5652 §11.

use const_oid::ObjectIdentifier;

use super::{CmsError, Result};
use crate::algorithm::{encode_oid, parse_oid};
use crate::ber::{self, Reader, Tlv, constructed, tlv};
use crate::oid;

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
            _ => Err(CmsError::Attribute {
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
pub fn signing_time(at: time::OffsetDateTime) -> Result<Attribute> {
    use der::Encode;
    let t = crate::datetime::to_x509_time(at)?;
    Ok(Attribute::single(oid::ATTR_SIGNING_TIME, t.to_der()?))
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
    use super::*;

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
