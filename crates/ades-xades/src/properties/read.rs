//! Reading the qualifying properties of a signature (XAdES 1.2.2, 1.3.2, 1.4.1; 1.1.1 where
//! it agrees): what the signed properties claim, as facts for the validator.

use ades_core::policy::PolicyReference;
use ades_core::time::OffsetDateTime;
use ades_core::{DigestAlgorithm, datetime};

use crate::markup::decode_base64;
use crate::names::{DS, XADES_141};
use ades_xml::{Document, NodeId};

/// A `Cert` of `SigningCertificate(V2)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertReference {
    /// `CertDigest/DigestMethod/@Algorithm`.
    pub digest_method: String,
    /// `CertDigest/DigestValue`.
    pub digest_value: Vec<u8>,
    /// `IssuerSerial/X509SerialNumber` (decimal), when given (version 1 only).
    pub serial: Option<String>,
}

/// A `DataObjectFormat`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataObjectFormat {
    /// `@ObjectReference` (`#` + the reference's `Id`).
    pub object_reference: Option<String>,
    /// `MimeType`.
    pub mime_type: Option<String>,
    /// `Description`.
    pub description: Option<String>,
}

/// What the `SignedProperties` of a signature claim.
#[derive(Debug, Clone, Default)]
pub struct SignedPropertiesFacts {
    /// `SigningTime`, or why it is unreadable.
    pub signing_time: Option<Result<OffsetDateTime, String>>,
    /// `SigningCertificate` or `SigningCertificateV2`, signer first.
    pub signing_certificate: Option<Vec<CertReference>>,
    /// `SignaturePolicyIdentifier`, or why it is unreadable.
    pub policy: Option<Result<PolicyReference, String>>,
    /// `DataObjectFormat`s.
    pub data_object_formats: Vec<DataObjectFormat>,
    /// `ClaimedRoles` (text content).
    pub claimed_roles: Vec<String>,
    /// `AllDataObjectsTimeStamp` elements.
    pub all_data_objects_timestamps: Vec<NodeId>,
    /// `IndividualDataObjectsTimeStamp` elements.
    pub individual_data_objects_timestamps: Vec<NodeId>,
}

/// Children of `parent` named `local` in the XAdES namespace `ns` (or 1.4.1 for properties
/// that version added to 1.3.2 signatures).
fn children<'d>(
    doc: &'d Document,
    parent: NodeId,
    ns: &'d str,
    local: &'d str,
) -> impl Iterator<Item = NodeId> + 'd {
    doc.child_elements(parent).filter(move |&c| {
        doc.has_name(c, Some(ns), local) || doc.has_name(c, Some(XADES_141), local)
    })
}

fn child(doc: &Document, parent: NodeId, ns: &str, local: &str) -> Option<NodeId> {
    children(doc, parent, ns, local).next()
}

fn ds_child(doc: &Document, parent: NodeId, local: &str) -> Option<NodeId> {
    doc.child_elements(parent)
        .find(|&c| doc.has_name(c, Some(DS), local))
}

fn text(doc: &Document, node: NodeId) -> String {
    doc.text_content(node).trim().to_owned()
}

/// Reads `SignedProperties` element `sp`, whose namespace is the XAdES version's.
pub fn read_signed_properties(doc: &Document, sp: NodeId) -> SignedPropertiesFacts {
    let ns = doc.namespace(sp).unwrap_or_default();
    let mut facts = SignedPropertiesFacts::default();
    if let Some(ssp) = child(doc, sp, ns, "SignedSignatureProperties") {
        facts.signing_time =
            child(doc, ssp, ns, "SigningTime").map(|t| parse_xsd_date_time(&text(doc, t)));
        facts.signing_certificate = child(doc, ssp, ns, "SigningCertificateV2")
            .or_else(|| child(doc, ssp, ns, "SigningCertificate"))
            .map(|sc| read_cert_refs(doc, sc, ns));
        facts.policy =
            child(doc, ssp, ns, "SignaturePolicyIdentifier").map(|p| read_policy(doc, p, ns));
        let roles = child(doc, ssp, ns, "SignerRoleV2")
            .or_else(|| child(doc, ssp, ns, "SignerRole"))
            .and_then(|r| child(doc, r, ns, "ClaimedRoles"));
        if let Some(roles) = roles {
            facts.claimed_roles = children(doc, roles, ns, "ClaimedRole")
                .map(|r| text(doc, r))
                .collect();
        }
    }
    if let Some(sdop) = child(doc, sp, ns, "SignedDataObjectProperties") {
        facts.data_object_formats = children(doc, sdop, ns, "DataObjectFormat")
            .map(|f| DataObjectFormat {
                object_reference: doc.attribute(f, None, "ObjectReference").map(str::to_owned),
                mime_type: child(doc, f, ns, "MimeType").map(|m| text(doc, m)),
                description: child(doc, f, ns, "Description").map(|d| text(doc, d)),
            })
            .collect();
        facts.all_data_objects_timestamps =
            children(doc, sdop, ns, "AllDataObjectsTimeStamp").collect();
        facts.individual_data_objects_timestamps =
            children(doc, sdop, ns, "IndividualDataObjectsTimeStamp").collect();
    }
    facts
}

fn read_cert_refs(doc: &Document, sc: NodeId, ns: &str) -> Vec<CertReference> {
    children(doc, sc, ns, "Cert")
        .filter_map(|cert| {
            let cd = child(doc, cert, ns, "CertDigest")?;
            // XAdES 1.1.1 puts DigestMethod and DigestValue in its own namespace.
            let method =
                ds_child(doc, cd, "DigestMethod").or_else(|| child(doc, cd, ns, "DigestMethod"))?;
            let value =
                ds_child(doc, cd, "DigestValue").or_else(|| child(doc, cd, ns, "DigestValue"))?;
            let serial = child(doc, cert, ns, "IssuerSerial")
                .and_then(|is| ds_child(doc, is, "X509SerialNumber"))
                .map(|s| text(doc, s));
            Some(CertReference {
                digest_method: doc.attribute(method, None, "Algorithm")?.to_owned(),
                digest_value: decode_base64(&doc.text_content(value)).ok()?,
                serial,
            })
        })
        .collect()
}

fn read_policy(doc: &Document, spi: NodeId, ns: &str) -> Result<PolicyReference, String> {
    if child(doc, spi, ns, "SignaturePolicyImplied").is_some() {
        return Ok(PolicyReference::Implied);
    }
    let id = child(doc, spi, ns, "SignaturePolicyId")
        .ok_or("SignaturePolicyIdentifier without SignaturePolicyId or SignaturePolicyImplied")?;
    let identifier = child(doc, id, ns, "SigPolicyId")
        .and_then(|s| child(doc, s, ns, "Identifier"))
        .map(|i| text(doc, i))
        .ok_or("SignaturePolicyId without SigPolicyId/Identifier")?;
    let hash =
        child(doc, id, ns, "SigPolicyHash").ok_or("SignaturePolicyId without SigPolicyHash")?;
    let hash_algorithm_id = ds_child(doc, hash, "DigestMethod")
        .and_then(|m| doc.attribute(m, None, "Algorithm"))
        .unwrap_or_default()
        .to_owned();
    let hash_value = ds_child(doc, hash, "DigestValue")
        .map(|v| decode_base64(&doc.text_content(v)))
        .ok_or("SigPolicyHash without DigestValue")?
        .map_err(|e| format!("SigPolicyHash DigestValue is not base64: {e}"))?;
    let uri = child(doc, id, ns, "SigPolicyQualifiers")
        .into_iter()
        .flat_map(|q| children(doc, q, ns, "SigPolicyQualifier").collect::<Vec<_>>())
        .find_map(|q| child(doc, q, ns, "SPURI"))
        .map(|u| text(doc, u));
    let dotted = identifier
        .strip_prefix("urn:oid:")
        .or_else(|| identifier.strip_prefix("URN:OID:"))
        .unwrap_or(&identifier);
    Ok(PolicyReference::Explicit {
        oid: dotted.parse().ok(),
        hash_algorithm: DigestAlgorithm::from_xmldsig_uri(&hash_algorithm_id),
        identifier,
        hash_algorithm_id,
        hash_value,
        uri,
    })
}

/// An `xsd:dateTime`: RFC 3339 with optional fractional seconds; a time without zone is
/// read as UTC.
pub(crate) fn parse_xsd_date_time(text: &str) -> Result<OffsetDateTime, String> {
    let has_zone = text.ends_with('Z')
        || text
            .rsplit_once('T')
            .is_some_and(|(_, t)| t.contains('+') || t.contains('-'));
    let full = if has_zone {
        text.to_owned()
    } else {
        format!("{text}Z")
    };
    datetime::parse_rfc3339(&full)
        .map_err(|e| format!("SigningTime `{text}` is not an xsd:dateTime ({e})"))
}
