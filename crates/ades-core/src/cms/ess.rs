//! ESS signing-certificate (RFC 2634 §5.4) and signing-certificate-v2 (RFC 5035): the
//! signed reference that binds a signature to its signer certificate.

use super::attribute::Attribute;
use super::{CmsError, Result};
use crate::algorithm::AlgorithmId;
use crate::ber::{self, Reader, Tlv, constructed, tlv};
use crate::{Certificate, DigestAlgorithm, oid};

fn bad(oid: const_oid::ObjectIdentifier, reason: &'static str) -> CmsError {
    CmsError::Attribute { oid, reason }
}

/// A reference to a certificate: `ESSCertID` / `ESSCertIDv2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EssCertId {
    /// The hash algorithm (SHA-1 for v1; default SHA-256 for v2).
    pub hash_algorithm: std::result::Result<DigestAlgorithm, const_oid::ObjectIdentifier>,
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
                crate::name_match::same_serial(serial, cert.serial_number())
                    && cert
                        .issuer_der()
                        .is_ok_and(|own| crate::name_match::same_name(&own, issuer))
            }
        }
    }
}

/// The DER `IssuerSerial` of `cert` (RFC 5035): its issuer as `GeneralNames` and its serial.
pub fn issuer_serial(cert: &Certificate) -> Result<Vec<u8>> {
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
