//! Writing `xades:SignedProperties` (XAdES 1.3.2 §7.2, §7.3; policy §3.6, Annex I).

use ades_core::policy::PolicyIdentity;
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, CommitmentType, DigestAlgorithm, datetime};

use crate::markup::{Markup, base64, base64_lines};
use crate::names::OID_AS_URN;

/// Where the signature was produced (`SignatureProductionPlace`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductionPlace {
    /// `City`.
    pub city: Option<String>,
    /// `StateOrProvince`.
    pub state_or_province: Option<String>,
    /// `PostalCode`.
    pub postal_code: Option<String>,
    /// `CountryName`.
    pub country_name: Option<String>,
}

impl ProductionPlace {
    fn is_empty(&self) -> bool {
        self.city.is_none()
            && self.state_or_province.is_none()
            && self.postal_code.is_none()
            && self.country_name.is_none()
    }
}

/// A `DataObjectFormat` to write.
#[derive(Debug, Clone)]
pub(crate) struct DataObjectFormatSpec {
    pub(crate) object_reference: String,
    pub(crate) description: Option<String>,
    pub(crate) mime_type: String,
    pub(crate) encoding: Option<String>,
}

/// Everything a `SignedProperties` element holds.
pub(crate) struct SignedPropertiesSpec<'a> {
    pub(crate) id: &'a str,
    pub(crate) signing_time: OffsetDateTime,
    pub(crate) certificate: &'a Certificate,
    pub(crate) digest: DigestAlgorithm,
    pub(crate) policy: Option<&'a PolicyIdentity>,
    pub(crate) place: Option<&'a ProductionPlace>,
    pub(crate) roles: &'a [String],
    pub(crate) data_formats: &'a [DataObjectFormatSpec],
    pub(crate) commitment: Option<CommitmentType>,
}

/// Writes `<xades:SignedProperties>` with the `xades:` and `ds:` prefixes bound by the
/// enclosing `ds:Signature`.
pub(crate) fn write_signed_properties(m: &mut Markup, spec: &SignedPropertiesSpec<'_>) {
    m.open("xades:SignedProperties", &[("Id", spec.id)]);
    m.open("xades:SignedSignatureProperties", &[]);
    // Policy §3.6.3: the signing time, as claimed by the signer.
    m.leaf(
        "xades:SigningTime",
        &[],
        &datetime::rfc3339(spec.signing_time),
    );
    // Policy §3.6.2: the signing certificate, by digest and issuer/serial.
    m.open("xades:SigningCertificate", &[])
        .open("xades:Cert", &[]);
    m.open("xades:CertDigest", &[]);
    digest_pair(m, spec.digest, &spec.certificate.fingerprint(spec.digest));
    m.close("xades:CertDigest").open("xades:IssuerSerial", &[]);
    m.leaf("ds:X509IssuerName", &[], &spec.certificate.issuer_text());
    m.leaf(
        "ds:X509SerialNumber",
        &[],
        &decimal(spec.certificate.serial_number()),
    );
    m.close("xades:IssuerSerial")
        .close("xades:Cert")
        .close("xades:SigningCertificate");
    if let Some(policy) = spec.policy {
        write_policy(m, policy);
    }
    if let Some(place) = spec.place.filter(|p| !p.is_empty()) {
        m.open("xades:SignatureProductionPlace", &[]);
        for (name, value) in [
            ("xades:City", &place.city),
            ("xades:StateOrProvince", &place.state_or_province),
            ("xades:PostalCode", &place.postal_code),
            ("xades:CountryName", &place.country_name),
        ] {
            if let Some(v) = value {
                m.leaf(name, &[], v);
            }
        }
        m.close("xades:SignatureProductionPlace");
    }
    if !spec.roles.is_empty() {
        m.open("xades:SignerRole", &[])
            .open("xades:ClaimedRoles", &[]);
        for role in spec.roles {
            m.leaf("xades:ClaimedRole", &[], role);
        }
        m.close("xades:ClaimedRoles").close("xades:SignerRole");
    }
    m.close("xades:SignedSignatureProperties");

    let has_data_properties = !spec.data_formats.is_empty() || spec.commitment.is_some();
    if has_data_properties {
        m.open("xades:SignedDataObjectProperties", &[]);
        // Policy Annex I: the format of the signed object is mandatory in XAdES.
        for f in spec.data_formats {
            m.open(
                "xades:DataObjectFormat",
                &[("ObjectReference", &f.object_reference)],
            );
            if let Some(d) = &f.description {
                m.leaf("xades:Description", &[], d);
            }
            m.leaf("xades:MimeType", &[], &f.mime_type);
            if let Some(e) = &f.encoding {
                m.leaf("xades:Encoding", &[], e);
            }
            m.close("xades:DataObjectFormat");
        }
        if let Some(c) = spec.commitment {
            m.open("xades:CommitmentTypeIndication", &[])
                .open("xades:CommitmentTypeId", &[]);
            m.leaf(
                "xades:Identifier",
                &[("Qualifier", OID_AS_URN)],
                &format!("urn:oid:{}", c.oid()),
            );
            m.close("xades:CommitmentTypeId")
                .empty("xades:AllSignedDataObjects", &[])
                .close("xades:CommitmentTypeIndication");
        }
        m.close("xades:SignedDataObjectProperties");
    }
    m.close("xades:SignedProperties");
}

/// `SignaturePolicyIdentifier` (policy §3.6.4): the identifier (`urn:oid:` with the
/// `OIDAsURN` qualifier, or the URL a policy is known by), the hash of the policy document
/// and the SPURI qualifier.
fn write_policy(m: &mut Markup, policy: &PolicyIdentity) {
    m.open("xades:SignaturePolicyIdentifier", &[])
        .open("xades:SignaturePolicyId", &[])
        .open("xades:SigPolicyId", &[]);
    match (&policy.oid, policy.url_identifier) {
        (Some(oid), _) => {
            m.leaf(
                "xades:Identifier",
                &[("Qualifier", OID_AS_URN)],
                &format!("urn:oid:{oid}"),
            );
        }
        (None, Some(url)) => {
            m.leaf("xades:Identifier", &[], url);
        }
        (None, None) => {
            m.leaf("xades:Identifier", &[], policy.name);
        }
    }
    m.leaf("xades:Description", &[], policy.name);
    m.close("xades:SigPolicyId")
        .open("xades:SigPolicyHash", &[]);
    digest_pair(m, policy.hash.algorithm, &policy.hash.value);
    m.close("xades:SigPolicyHash");
    if let Some(uri) = &policy.spuri {
        m.open("xades:SigPolicyQualifiers", &[])
            .open("xades:SigPolicyQualifier", &[]);
        m.leaf("xades:SPURI", &[], uri);
        m.close("xades:SigPolicyQualifier")
            .close("xades:SigPolicyQualifiers");
    }
    m.close("xades:SignaturePolicyId")
        .close("xades:SignaturePolicyIdentifier");
}

/// `ds:DigestMethod` and `ds:DigestValue`.
pub(crate) fn digest_pair(m: &mut Markup, algorithm: DigestAlgorithm, value: &[u8]) {
    m.empty("ds:DigestMethod", &[("Algorithm", algorithm.xmldsig_uri())]);
    m.leaf("ds:DigestValue", &[], &base64(value));
}

/// An `XAdESTimeStampType` element over data canonicalized with Canonical XML 1.0.
pub(crate) fn write_timestamp(m: &mut Markup, name: &str, id: &str, token: &[u8]) {
    m.open(name, &[("Id", id)]);
    m.empty(
        "ds:CanonicalizationMethod",
        &[("Algorithm", ades_xml::C14N_10)],
    );
    m.leaf("xades:EncapsulatedTimeStamp", &[], &base64_lines(token));
    m.close(name);
}

/// A big-endian unsigned integer in decimal (`X509SerialNumber` is an `xsd:integer`).
pub(crate) fn decimal(bytes: &[u8]) -> String {
    // Serial numbers are encoded as two's complement; a leading 0x00 keeps them positive.
    let mut digits: Vec<u8> = Vec::new(); // little-endian decimal digits
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for d in digits.iter_mut() {
            let v = u32::from(*d) * 256 + carry;
            *d = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            digits.push((carry % 10) as u8);
            carry /= 10;
        }
    }
    if digits.is_empty() {
        return "0".to_owned();
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn serial_numbers_in_decimal() {
        assert_eq!(decimal(&[]), "0");
        assert_eq!(decimal(&[0x00, 0xff]), "255");
        assert_eq!(decimal(&[0x01, 0x00]), "256");
        assert_eq!(
            decimal(&[0x1c, 0x9d, 0x4f, 0x2e, 0x8a, 0x7b, 0x6c, 0x5d, 0x4e, 0x3f]),
            u128::from_be_bytes([
                0, 0, 0, 0, 0, 0, 0x1c, 0x9d, 0x4f, 0x2e, 0x8a, 0x7b, 0x6c, 0x5d, 0x4e, 0x3f
            ])
            .to_string()
        );
    }
}
