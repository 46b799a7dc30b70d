//! Archive-time-stamp-v3 (EN 319 122-1 §5.5.2, §5.5.3): the hash index of what a `SignedData`
//! holds when the time-stamp is made, and the message imprint over the signature and that
//! index; and their verification.
//!
//! ```text
//! ATSHashIndexV3 ::= SEQUENCE {
//!   hashIndAlgorithm AlgorithmIdentifier,
//!   certificatesHashIndex SEQUENCE OF OCTET STRING,       -- H(each CertificateChoices)
//!   crlsHashIndex SEQUENCE OF OCTET STRING,               -- H(each RevocationInfoChoice)
//!   unsignedAttrValuesHashIndex SEQUENCE OF OCTET STRING } -- H(attrType || one value)
//! imprint = H(eContentType || H(content) || version || sid || digestAlgorithm ||
//!             signedAttrs || signatureAlgorithm || signature || ATSHashIndexV3)
//! ```
//!
//! Every component is hashed as encoded, tag and length included; the index goes among the
//! unsigned attributes of the time-stamp token (id-aa-ATSHashIndex-v3), which its TSA does not
//! sign. Objects added after the time-stamp are simply not in its index: v3 time-stamps stay
//! valid when later validation data or archive time-stamps are added.

use ades_core::algorithm::encode_oid;
use ades_core::ber::{self, Reader, constructed, tlv};
use ades_core::cms::{SignedData, SignerInfo};
use ades_core::{DigestAlgorithm, digest, oid};

/// The DER `ATSHashIndexV3` of `si` in `sd`, with `alg`.
pub(crate) fn hash_index_v3(sd: &SignedData, si: &SignerInfo, alg: DigestAlgorithm) -> Vec<u8> {
    let hash = |bytes: &[u8]| tlv(ber::OCTET_STRING, &digest::digest(alg, bytes));
    let sequence = |items: Vec<Vec<u8>>| {
        let refs: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
        constructed(ber::SEQUENCE, &refs)
    };
    let certificates = components(sd)
        .certificates
        .iter()
        .map(|c| hash(c))
        .collect();
    let crls = sd.crls().iter().map(|c| hash(c)).collect();
    let attributes = attribute_values(si).iter().map(|v| hash(v)).collect();
    constructed(
        ber::SEQUENCE,
        &[
            &alg.algorithm_identifier(),
            &sequence(certificates),
            &sequence(crls),
            &sequence(attributes),
        ],
    )
}

/// The message imprint input's digest: the content type, the content's digest, the signer's
/// fields and the index as found (`index_der`).
pub(crate) fn imprint_v3(
    sd: &SignedData,
    si: &SignerInfo,
    content_digest: &[u8],
    index_der: &[u8],
    alg: DigestAlgorithm,
) -> Vec<u8> {
    let mut d = digest::Digester::new(alg);
    d.update(&encode_oid(&sd.content_type()));
    d.update(content_digest);
    d.update(&si.archive_fields());
    d.update(index_der);
    d.finish()
}

/// Why an index does not describe the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IndexProblem {
    /// Not an `ATSHashIndexV3`.
    Malformed,
    /// Its hash algorithm is not one this library computes.
    UnknownAlgorithm,
    /// An entry matches nothing the signature holds (an object was removed or changed).
    Unmatched(&'static str),
}

impl std::fmt::Display for IndexProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexProblem::Malformed => f.write_str("the ats-hash-index-v3 is malformed"),
            IndexProblem::UnknownAlgorithm => {
                f.write_str("the ats-hash-index-v3 uses an unsupported hash algorithm")
            }
            IndexProblem::Unmatched(what) => write!(
                f,
                "the ats-hash-index-v3 names {what} the signature no longer holds: a time-stamped object was removed or changed"
            ),
        }
    }
}

/// The versions of the hash index an archive-time-stamp-v3 carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IndexVersion {
    /// `id-aa-ATSHashIndex` (TS 101 733 v2.2.1): SHA-256 by default, whole attributes.
    V1,
    /// `id-aa-ATSHashIndex-v2` (EN 319 122-1 v1.0): whole attributes.
    V2,
    /// `id-aa-ATSHashIndex-v3` (EN 319 122-1 v1.1+): one entry per attribute value.
    V3,
}

/// The unsigned attribute values an index covers: `H(attrType || value)` for v3, the hash of
/// the whole attribute for v1 and v2 (EN 319 122-1 §5.5.2, TS 101 733 v2.2.1 annex K).
#[derive(Debug, Clone)]
pub(crate) struct IndexedAttributes {
    alg: DigestAlgorithm,
    version: IndexVersion,
    hashes: Vec<Vec<u8>>,
}

impl IndexedAttributes {
    /// Whether the index lists `value` of the unsigned attribute `attribute`.
    pub(crate) fn covers(&self, attribute: &ades_core::cms::Attribute, value: &[u8]) -> bool {
        let hash = match self.version {
            IndexVersion::V3 => digest::digest(
                self.alg,
                &[encode_oid(&attribute.oid).as_slice(), value].concat(),
            ),
            IndexVersion::V1 | IndexVersion::V2 => digest::digest(self.alg, &attribute.raw),
        };
        self.hashes.contains(&hash)
    }
}

/// Checks that every entry of `index_der` matches an object of `sd` and `si` (EN 319 122-1
/// §5.5.2: an unmatched entry makes the index invalid); returns its hash algorithm and the
/// unsigned attribute values it covers.
pub(crate) fn check_index(
    index_der: &[u8],
    version: IndexVersion,
    sd: &SignedData,
    si: &SignerInfo,
) -> Result<IndexedAttributes, IndexProblem> {
    let malformed = |_| IndexProblem::Malformed;
    let top = Reader::single(index_der).map_err(malformed)?;
    let mut r = top.children().map_err(malformed)?;
    // v1's algorithm defaults to SHA-256 and is then absent: the first element is a list.
    let first_is_algorithm = r
        .clone()
        .read_tag(ber::SEQUENCE)
        .ok()
        .and_then(|t| t.children().ok()?.peek_tag())
        == Some(ber::OID);
    let alg = if first_is_algorithm {
        let alg_tlv = r.read_tag(ber::SEQUENCE).map_err(malformed)?;
        ades_core::algorithm::AlgorithmId::parse(&alg_tlv)
            .ok()
            .and_then(|a| a.digest())
            .ok_or(IndexProblem::UnknownAlgorithm)?
    } else if version == IndexVersion::V1 {
        DigestAlgorithm::Sha256
    } else {
        return Err(IndexProblem::Malformed);
    };
    let hashes = |items: Vec<Vec<u8>>| -> Vec<Vec<u8>> {
        items.iter().map(|i| digest::digest(alg, i)).collect()
    };
    let attributes = match version {
        IndexVersion::V3 => attribute_values(si),
        _ => si
            .unsigned_attributes()
            .iter()
            .map(|a| a.raw.clone())
            .collect(),
    };
    let present = [
        ("a certificate", hashes(components(sd).certificates)),
        ("revocation information", hashes(sd.crls().to_vec())),
        ("an unsigned attribute", hashes(attributes)),
    ];
    let mut listed = Vec::new();
    for (what, known) in present {
        let list = r.read_tag(ber::SEQUENCE).map_err(malformed)?;
        let mut entries = list.children().map_err(malformed)?;
        listed.clear();
        while let Some(entry) = entries.next_element().map_err(malformed)? {
            if entry.tag() != ber::OCTET_STRING {
                return Err(IndexProblem::Malformed);
            }
            if !known.iter().any(|k| k.as_slice() == entry.content()) {
                return Err(IndexProblem::Unmatched(what));
            }
            listed.push(entry.content().to_vec());
        }
    }
    Ok(IndexedAttributes {
        alg,
        version,
        hashes: listed,
    })
}

/// The unsigned attributes' values as the index hashes them: `attrType || value`, one entry
/// per value.
fn attribute_values(si: &SignerInfo) -> Vec<Vec<u8>> {
    si.unsigned_attributes()
        .iter()
        .flat_map(|a| {
            let kind = encode_oid(&a.oid);
            a.values.iter().map(move |v| [kind.as_slice(), v].concat())
        })
        .collect()
}

/// The `CertificateChoices` of a `SignedData` as encoded.
struct Components {
    certificates: Vec<Vec<u8>>,
}

fn components(sd: &SignedData) -> Components {
    Components {
        certificates: sd.certificates().iter().map(|c| c.der().to_vec()).collect(),
    }
}

/// The index stored in an archive token's unsigned attributes, and its version.
pub(crate) fn stored_index(token: &ades_tsp::TimeStampToken) -> Option<(Vec<u8>, IndexVersion)> {
    let si = token.signed_data().signer_infos().first()?;
    [
        (oid::ATTR_ATS_HASH_INDEX_V3, IndexVersion::V3),
        (oid::ATTR_ATS_HASH_INDEX_V2, IndexVersion::V2),
        (oid::ATTR_ATS_HASH_INDEX, IndexVersion::V1),
    ]
    .into_iter()
    .find_map(|(o, v)| {
        si.unsigned_attribute(o)
            .and_then(|a| a.values.first().cloned())
            .map(|der| (der, v))
    })
}
