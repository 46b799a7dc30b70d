//! X.509 v3 extensions of the test certificates (RFC 5280 §4.2).

use ades_core::algorithm::encode_oid;
use ades_core::ber::{self, constructed, tlv};
use ades_core::const_oid::ObjectIdentifier;
use ades_core::{DigestAlgorithm, digest, oid};

use crate::{TestkitError, err};

/// One extension to write.
#[derive(Debug, Clone)]
pub(crate) enum Extension {
    BasicConstraints {
        ca: bool,
        path_len: Option<u8>,
    },
    KeyUsage(u8),
    ExtendedKeyUsage {
        usages: Vec<ObjectIdentifier>,
        critical: bool,
    },
    CertificatePolicies(Vec<ObjectIdentifier>),
    OcspNoCheck,
    /// authorityInfoAccess with an OCSP responder URL.
    OcspUrl(String),
    /// cRLDistributionPoints with one URL.
    CrlUrl(String),
    /// nameConstraints permitting the directory names under one DER `Name`.
    PermittedNames {
        name: Vec<u8>,
        critical: bool,
    },
}

/// digitalSignature (bit 0).
pub(crate) const KU_DIGITAL_SIGNATURE_ONLY: u8 = 0x80;
/// digitalSignature + nonRepudiation (bits 0, 1).
pub(crate) const KU_SIGN: u8 = 0xC0;
/// keyCertSign + cRLSign (bits 5, 6).
const KU_CA: u8 = 0x06;

pub(crate) fn ca(path_len: Option<u8>) -> Vec<Extension> {
    vec![
        Extension::BasicConstraints { ca: true, path_len },
        Extension::KeyUsage(KU_CA),
    ]
}

/// A natural person's signing certificate. It names an extended key usage
/// (emailProtection, non-critical) as real signing certificates do: NSS's libpkix, which
/// poppler's `pdfsig` uses, leaves SEC_ERROR_EXTENSION_NOT_FOUND behind after a successful
/// verification of a certificate without one (or without cRLDistributionPoints, which
/// [`crate::TestPki::generate_with`] adds with a services URL), and poppler 22.12 reads that
/// error as "Unknown issue with Certificate".
pub(crate) fn natural_person(key_usage: u8) -> Vec<Extension> {
    vec![
        Extension::KeyUsage(key_usage),
        Extension::ExtendedKeyUsage {
            usages: vec![oid::KP_EMAIL_PROTECTION],
            critical: false,
        },
        Extension::CertificatePolicies(vec![crate::POLICY_NATURAL_PERSON]),
    ]
}

pub(crate) fn tsa() -> Vec<Extension> {
    vec![
        Extension::KeyUsage(KU_SIGN),
        Extension::ExtendedKeyUsage {
            usages: vec![oid::KP_TIME_STAMPING],
            critical: true,
        },
        Extension::CertificatePolicies(vec![crate::POLICY_TSA]),
    ]
}

pub(crate) fn ocsp_responder() -> Vec<Extension> {
    vec![
        Extension::KeyUsage(KU_SIGN),
        Extension::ExtendedKeyUsage {
            usages: vec![oid::KP_OCSP_SIGNING],
            critical: false,
        },
        Extension::OcspNoCheck,
    ]
}

const OCSP_NOCHECK: ObjectIdentifier = oid::EXT_OCSP_NOCHECK;
const NAME_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.30");

fn extension(id: &ObjectIdentifier, critical: bool, value: &[u8]) -> Vec<u8> {
    let oid = encode_oid(id);
    let value = tlv(ber::OCTET_STRING, value);
    if critical {
        constructed(ber::SEQUENCE, &[&oid, &[0x01, 0x01, 0xFF], &value])
    } else {
        constructed(ber::SEQUENCE, &[&oid, &value])
    }
}

/// Key identifier of a public key: SHA-1 of the `subjectPublicKey` bits (RFC 5280 §4.2.1.2 (1)).
fn key_identifier(spki: &[u8]) -> Result<Vec<u8>, TestkitError> {
    let top = ber::Reader::single(spki).map_err(err)?;
    let mut r = top.children().map_err(err)?;
    r.read().map_err(err)?;
    let bits = r.read_tag(ber::BIT_STRING).map_err(err)?;
    let key = bits.content().get(1..).unwrap_or_default();
    Ok(digest::digest(DigestAlgorithm::Sha1, key))
}

/// The `Extensions` SEQUENCE, with subject and authority key identifiers added.
pub(crate) fn encode(
    list: &[Extension],
    spki: &[u8],
    issuer_spki: &[u8],
) -> Result<Vec<u8>, TestkitError> {
    let mut out = Vec::new();
    for e in list {
        out.push(match e {
            Extension::BasicConstraints { ca, path_len } => {
                let mut content = Vec::new();
                if *ca {
                    content.extend_from_slice(&[0x01, 0x01, 0xFF]);
                }
                if let Some(n) = path_len {
                    content.extend(tlv(ber::INTEGER, &[*n]));
                }
                extension(
                    &oid::EXT_BASIC_CONSTRAINTS,
                    true,
                    &tlv(ber::SEQUENCE, &content),
                )
            }
            Extension::KeyUsage(bits) => {
                let unused = bits.trailing_zeros().min(7) as u8;
                extension(
                    &oid::EXT_KEY_USAGE,
                    true,
                    &tlv(ber::BIT_STRING, &[unused, *bits]),
                )
            }
            Extension::ExtendedKeyUsage { usages, critical } => {
                let list: Vec<Vec<u8>> = usages.iter().map(encode_oid).collect();
                let refs: Vec<&[u8]> = list.iter().map(Vec::as_slice).collect();
                extension(
                    &oid::EXT_EXTENDED_KEY_USAGE,
                    *critical,
                    &constructed(ber::SEQUENCE, &refs),
                )
            }
            Extension::CertificatePolicies(policies) => {
                let list: Vec<Vec<u8>> = policies
                    .iter()
                    .map(|p| tlv(ber::SEQUENCE, &encode_oid(p)))
                    .collect();
                let refs: Vec<&[u8]> = list.iter().map(Vec::as_slice).collect();
                extension(
                    &oid::EXT_CERTIFICATE_POLICIES,
                    false,
                    &constructed(ber::SEQUENCE, &refs),
                )
            }
            Extension::OcspNoCheck => extension(&OCSP_NOCHECK, false, &[0x05, 0x00]),
            Extension::PermittedNames { name, critical } => {
                let subtree = tlv(ber::SEQUENCE, &tlv(ber::context_constructed(4), name));
                extension(
                    &NAME_CONSTRAINTS,
                    *critical,
                    &tlv(ber::SEQUENCE, &tlv(ber::context_constructed(0), &subtree)),
                )
            }
            Extension::OcspUrl(url) => {
                let description = constructed(
                    ber::SEQUENCE,
                    &[
                        &encode_oid(&oid::AD_OCSP),
                        &tlv(ber::context_primitive(6), url.as_bytes()),
                    ],
                );
                extension(
                    &oid::EXT_AUTHORITY_INFO_ACCESS,
                    false,
                    &tlv(ber::SEQUENCE, &description),
                )
            }
            Extension::CrlUrl(url) => {
                let uri = tlv(ber::context_primitive(6), url.as_bytes());
                let full_name = tlv(ber::context_constructed(0), &uri);
                let point = tlv(ber::context_constructed(0), &full_name);
                let dp = tlv(ber::SEQUENCE, &point);
                extension(
                    &oid::EXT_CRL_DISTRIBUTION_POINTS,
                    false,
                    &tlv(ber::SEQUENCE, &dp),
                )
            }
        });
    }
    let ski = key_identifier(spki)?;
    out.push(extension(
        &oid::EXT_SUBJECT_KEY_ID,
        false,
        &tlv(ber::OCTET_STRING, &ski),
    ));
    let aki = key_identifier(issuer_spki)?;
    out.push(extension(
        &oid::EXT_AUTHORITY_KEY_ID,
        false,
        &tlv(ber::SEQUENCE, &tlv(ber::context_primitive(0), &aki)),
    ));
    let refs: Vec<&[u8]> = out.iter().map(Vec::as_slice).collect();
    Ok(constructed(ber::SEQUENCE, &refs))
}
