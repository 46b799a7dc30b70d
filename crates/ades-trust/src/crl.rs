//! Certificate revocation lists (RFC 5280 §5), parsed over their exact bytes and verified with
//! the issuer's key.
//!
//! ```text
//! CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm, signatureValue BIT STRING }
//! TBSCertList ::= SEQUENCE {
//!   version Version OPTIONAL, signature AlgorithmIdentifier, issuer Name,
//!   thisUpdate Time, nextUpdate Time OPTIONAL,
//!   revokedCertificates SEQUENCE OF SEQUENCE {
//!     userCertificate CertificateSerialNumber, revocationDate Time,
//!     crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
//!   crlExtensions [0] EXPLICIT Extensions OPTIONAL }
//! ```
//! Delta CRLs are recognised and refused (not needed by the policy); an
//! issuingDistributionPoint that narrows the scope is honoured by refusing the CRL for
//! certificates outside it (only the "only user certificates" / "only CA certificates" flags).

use std::collections::HashMap;

use ades_core::algorithm::{AlgorithmId, parse_oid};
use ades_core::ber::{self, Reader, Tlv};
use ades_core::time::OffsetDateTime;
use ades_core::{Certificate, SignatureAlgorithm, datetime, oid, verify};

/// Most CRL entries read (large national CAs publish a few hundred thousand).
pub const MAX_CRL_ENTRIES: usize = 2_000_000;

/// Why a CRL cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CrlError {
    /// Not a well-formed CRL.
    #[error("malformed CRL: {0}")]
    Malformed(&'static str),
    /// A delta CRL (not supported).
    #[error("delta CRLs are not supported")]
    Delta,
    /// Too many entries.
    #[error("CRL with more than {MAX_CRL_ENTRIES} entries")]
    TooLarge,
}

impl From<ber::BerError> for CrlError {
    fn from(_: ber::BerError) -> Self {
        CrlError::Malformed("not a well-formed DER structure")
    }
}

/// Why a certificate was revoked (RFC 5280 §5.3.1 `CRLReason`).
pub type RevocationReason = u8;

/// A revoked entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevokedEntry {
    /// When the certificate was revoked.
    pub time: OffsetDateTime,
    /// `CRLReason`, when given.
    pub reason: Option<RevocationReason>,
}

/// A parsed CRL.
#[derive(Debug, Clone)]
pub struct Crl {
    der: Vec<u8>,
    tbs_range: (usize, usize),
    issuer_der: Vec<u8>,
    signature_algorithm: AlgorithmId,
    signature: Vec<u8>,
    this_update: OffsetDateTime,
    next_update: Option<OffsetDateTime>,
    revoked: HashMap<Vec<u8>, RevokedEntry>,
    only_users: bool,
    only_cas: bool,
    /// The URIs of the distribution point this CRL is for (issuingDistributionPoint), when
    /// it names one: a partition of the issuer's revocations, current only for certificates
    /// whose CRL distribution points name it.
    partition: Option<Vec<String>>,
    /// Whether it lists only some revocation reasons, other issuers' certificates (indirect)
    /// or attribute certificates, or names its partition otherwise than by URI: not a
    /// complete answer for a certificate of its issuer.
    partial: bool,
}

impl Crl {
    /// Parses a DER (or PEM `X509 CRL`) CRL.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CrlError> {
        if bytes.starts_with(b"-----BEGIN") {
            let (_, der_bytes) = ades_core::der::pem::decode_vec(bytes)
                .map_err(|_| CrlError::Malformed("malformed PEM"))?;
            return Self::from_der(&der_bytes);
        }
        Self::from_der(bytes)
    }

    fn from_der(bytes: &[u8]) -> Result<Self, CrlError> {
        let top = Reader::single(bytes)?.expect_tag(ber::SEQUENCE)?;
        let mut r = top.children()?;
        let tbs = r.read_tag(ber::SEQUENCE)?;
        let signature_algorithm = AlgorithmId::parse(&r.read()?)
            .map_err(|_| CrlError::Malformed("signatureAlgorithm"))?;
        let signature = r.read_tag(ber::BIT_STRING)?.bit_string_octets()?.to_vec();
        let start = tbs.offset();
        let tbs_range = (start, start + tbs.raw().len());
        let mut t = tbs.children()?;
        if t.peek_tag() == Some(ber::INTEGER) {
            t.read()?;
        }
        // RFC 5280 §5.1.1.2: the outer signatureAlgorithm must equal the inner one.
        let inner_algorithm = t.read_tag(ber::SEQUENCE)?;
        if AlgorithmId::parse(&inner_algorithm).ok().as_ref() != Some(&signature_algorithm) {
            return Err(CrlError::Malformed(
                "signatureAlgorithm differs from the signed one",
            ));
        }
        let issuer_der = t.read_tag(ber::SEQUENCE)?.raw().to_vec();
        let this_update = read_time(&t.read()?)?;
        let mut next_update = None;
        if matches!(t.peek_tag(), Some(0x17 | 0x18)) {
            next_update = Some(read_time(&t.read()?)?);
        }
        let mut revoked = HashMap::new();
        if t.peek_tag() == Some(ber::SEQUENCE) {
            let mut entries = t.read()?.children()?;
            while let Some(entry) = entries.next_element()? {
                if revoked.len() >= MAX_CRL_ENTRIES {
                    return Err(CrlError::TooLarge);
                }
                let (serial, e) = parse_entry(&entry)?;
                revoked.insert(serial, e);
            }
        }
        let mut crl = Crl {
            der: bytes.to_vec(),
            tbs_range,
            issuer_der,
            signature_algorithm,
            signature,
            this_update,
            next_update,
            revoked,
            only_users: false,
            only_cas: false,
            partition: None,
            partial: false,
        };
        if let Some(exts) = t.read_optional(ber::context_constructed(0))? {
            crl.read_extensions(&exts)?;
        }
        Ok(crl)
    }

    fn read_extensions(&mut self, exts: &Tlv<'_>) -> Result<(), CrlError> {
        let mut r = exts.children()?.read_tag(ber::SEQUENCE)?.children()?;
        while let Some(ext) = r.next_element()? {
            let (id, critical, value) = parse_extension(&ext)?;
            if id == oid::EXT_DELTA_CRL_INDICATOR {
                return Err(CrlError::Delta);
            }
            if critical && !UNDERSTOOD_CRL_EXTENSIONS.contains(&id.to_string().as_str()) {
                return Err(CrlError::Malformed("an unknown critical extension"));
            }
            if id == oid::EXT_ISSUING_DISTRIBUTION_POINT {
                // IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0] OPTIONAL,
                //   onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE,
                //   onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE, … }
                let mut idp = Reader::single(&value)?.children()?;
                while let Some(field) = idp.next_element()? {
                    let on = field.content().first().is_some_and(|b| *b != 0);
                    match field.tag() {
                        0xA0 => self.partition = Some(partition_uris(&field, &mut self.partial)?),
                        0x81 => self.only_users = on,
                        0x82 => self.only_cas = on,
                        // onlySomeReasons, indirectCRL, onlyContainsAttributeCerts.
                        0x83 => self.partial = true,
                        0x84 | 0x85 => self.partial |= on,
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }

    /// The DER of the issuer name.
    pub fn issuer_der(&self) -> &[u8] {
        &self.issuer_der
    }

    /// When the CRL was issued.
    pub fn this_update(&self) -> OffsetDateTime {
        self.this_update
    }

    /// When the next CRL is due.
    pub fn next_update(&self) -> Option<OffsetDateTime> {
        self.next_update
    }

    /// The encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Whether the CRL's signature verifies with `issuer`'s key and names it as issuer.
    pub fn is_signed_by(&self, issuer: &Certificate) -> bool {
        if issuer.subject_der().ok().as_deref() != Some(self.issuer_der.as_slice()) {
            return false;
        }
        if issuer.key_usage().is_some_and(|k| !k.crl_sign()) {
            return false;
        }
        let Some(alg) = SignatureAlgorithm::from_algorithm_id(&self.signature_algorithm, None)
        else {
            return false;
        };
        let Some(tbs) = self.der.get(self.tbs_range.0..self.tbs_range.1) else {
            return false;
        };
        verify::verify_signature(issuer, alg, tbs, &self.signature).is_ok()
    }

    /// Whether the CRL's scope includes `cert` (issuingDistributionPoint, RFC 5280 §5.2.5):
    /// its flags, and the partition, which the certificate's CRL distribution points must
    /// name (an embedded partition of the issuer's CRL says nothing of the other partitions'
    /// certificates).
    pub fn covers(&self, cert: &Certificate) -> bool {
        let kind = !(self.only_users && cert.is_ca() || self.only_cas && !cert.is_ca());
        let partition = self
            .partition
            .as_ref()
            .is_none_or(|uris| cert.crl_urls().iter().any(|u| uris.contains(u)));
        kind && partition && !self.partial
    }

    /// The entry for `cert`, if revoked.
    pub fn entry(&self, cert: &Certificate) -> Option<RevokedEntry> {
        self.revoked
            .get(ades_core::name_match::minimal_integer(cert.serial_number()))
            .copied()
    }

    /// Number of revoked entries.
    pub fn len(&self) -> usize {
        self.revoked.len()
    }

    /// Whether no certificate is revoked.
    pub fn is_empty(&self) -> bool {
        self.revoked.is_empty()
    }
}

fn read_time(t: &Tlv<'_>) -> Result<OffsetDateTime, CrlError> {
    datetime::decode_time_lenient(t.raw()).ok_or(CrlError::Malformed("time"))
}

fn parse_entry(entry: &Tlv<'_>) -> Result<(Vec<u8>, RevokedEntry), CrlError> {
    let mut r = entry.children()?;
    // Kept in the DER form, as the certificate's is looked up: some CAs pad serials.
    let serial =
        ades_core::name_match::minimal_integer(r.read_tag(ber::INTEGER)?.content()).to_vec();
    let time = read_time(&r.read()?)?;
    let mut reason = None;
    if let Some(exts) = r.read_optional(ber::SEQUENCE)? {
        let mut er = exts.children()?;
        while let Some(ext) = er.next_element()? {
            let (id, _, value) = parse_extension(&ext)?;
            if id == oid::EXT_CRL_REASON {
                reason = Reader::single(&value)
                    .ok()
                    .and_then(|v| v.content().first().copied());
            }
        }
    }
    Ok((serial, RevokedEntry { time, reason }))
}

/// `Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }`.
/// CRL extensions this reader understands (RFC 5280 §5.2): authorityKeyIdentifier,
/// cRLNumber, issuingDistributionPoint, freshestCRL, authorityInfoAccess, expiredCertsOnCRL.
const UNDERSTOOD_CRL_EXTENSIONS: [&str; 6] = [
    "2.5.29.35",
    "2.5.29.20",
    "2.5.29.28",
    "2.5.29.46",
    "1.3.6.1.5.5.7.1.1",
    "2.5.29.60",
];

/// The URIs of an issuingDistributionPoint's `distributionPoint [0]` (its `fullName [0]`);
/// a partition named relative to the issuer, or by other kinds of names only, makes the
/// CRL `partial` (it cannot be matched).
fn partition_uris(field: &Tlv<'_>, partial: &mut bool) -> Result<Vec<String>, CrlError> {
    let mut uris = Vec::new();
    let mut names = field.children()?;
    while let Some(name) = names.next_element()? {
        if name.tag() != 0xA0 {
            *partial = true;
            continue;
        }
        let mut general = name.children()?;
        while let Some(g) = general.next_element()? {
            if g.tag() == 0x86 {
                uris.push(String::from_utf8_lossy(g.content()).into_owned());
            }
        }
    }
    if uris.is_empty() {
        *partial = true;
    }
    Ok(uris)
}

pub(crate) fn parse_extension(
    ext: &Tlv<'_>,
) -> Result<(ades_core::const_oid::ObjectIdentifier, bool, Vec<u8>), CrlError> {
    let mut r = ext.children()?;
    let id = parse_oid(&r.read_tag(ber::OID)?).map_err(|_| CrlError::Malformed("extension id"))?;
    let critical = match r.read_optional(0x01)? {
        Some(b) => b.content().first().is_some_and(|v| *v != 0),
        None => false,
    };
    let value = r.read_tag(ber::OCTET_STRING)?.content().to_vec();
    Ok((id, critical, value))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use ades_core::algorithm::encode_oid;
    use ades_core::ber::{constructed, tlv};
    use ades_testkit::TestPki;

    /// A CRL of AC APE (unsigned: only its scope is read here) with `extension` (an
    /// `Extension` DER) in its crlExtensions.
    fn crl_with(extension: &[u8]) -> Result<Crl, CrlError> {
        crl_listing(&[], extension)
    }

    /// As [`crl_with`], listing `revoked` (a `revokedCertificates` DER, or nothing).
    fn crl_listing(revoked: &[u8], extension: &[u8]) -> Result<Crl, CrlError> {
        let algorithm = constructed(
            ber::SEQUENCE,
            &[&encode_oid(&oid::SHA256_WITH_RSA), &tlv(0x05, &[])],
        );
        let issuer = TestPki::shared().ape.certificate.subject_der().unwrap();
        let extensions = tlv(0xA0, &constructed(ber::SEQUENCE, &[extension]));
        let tbs = constructed(
            ber::SEQUENCE,
            &[
                &tlv(ber::INTEGER, &[1]),
                &algorithm,
                &issuer,
                &tlv(0x17, b"260101000000Z"),
                revoked,
                &extensions,
            ],
        );
        let der = constructed(
            ber::SEQUENCE,
            &[&tbs, &algorithm, &tlv(ber::BIT_STRING, &[0])],
        );
        Crl::from_bytes(&der)
    }

    fn extension(id: &str, critical: bool, value: &[u8]) -> Vec<u8> {
        let id = ades_core::const_oid::ObjectIdentifier::new_unwrap(id);
        let flag = tlv(0x01, &[0xFF]);
        let mut parts: Vec<&[u8]> = Vec::new();
        let id = encode_oid(&id);
        parts.push(&id);
        if critical {
            parts.push(&flag);
        }
        let value = tlv(ber::OCTET_STRING, value);
        parts.push(&value);
        constructed(ber::SEQUENCE, &parts)
    }

    /// issuingDistributionPoint naming the partition `uri`, with `more` fields after it.
    fn partition(uri: &str, more: &[u8]) -> Vec<u8> {
        let full_name = tlv(0xA0, &tlv(0x86, uri.as_bytes()));
        let idp = constructed(ber::SEQUENCE, &[&tlv(0xA0, &full_name), more]);
        extension("2.5.29.28", true, &idp)
    }

    /// A partition of the issuer's CRL covers only the certificates that name it; one that
    /// lists some reasons only, or unknown critical extensions, is no complete answer.
    #[test]
    fn a_partition_covers_only_the_certificates_that_name_it() {
        // The PKI served on 127.0.0.1 names its CRLs in its certificates.
        let server = ades_testkit::server::PkiServer::start(0x43524C).unwrap();
        let signer = &server.pki().signer1.certificate;
        let own = signer.crl_urls();
        assert!(!own.is_empty(), "the served signer names its CRL");
        assert!(crl_with(&partition(&own[0], &[])).unwrap().covers(signer));
        assert!(
            !crl_with(&partition("http://crl.example/part-2.crl", &[]))
                .unwrap()
                .covers(signer)
        );
        let some_reasons = tlv(0x83, &[0x07, 0x80]);
        assert!(
            !crl_with(&partition(&own[0], &some_reasons))
                .unwrap()
                .covers(signer)
        );
        let indirect = tlv(0x84, &[0xFF]);
        assert!(
            !crl_with(&partition(&own[0], &indirect))
                .unwrap()
                .covers(signer)
        );
        // Unknown and critical: refused; not critical: read.
        let unknown = extension("1.2.3.4", true, &tlv(0x05, &[]));
        assert!(crl_with(&unknown).is_err());
        assert!(
            crl_with(&extension("1.2.3.4", false, &tlv(0x05, &[])))
                .unwrap()
                .covers(signer)
        );
    }

    /// A serial written with a redundant leading byte in the CRL is the same number.
    #[test]
    fn padded_serials_are_the_same_number() {
        let signer = &TestPki::shared().signer1.certificate;
        let serial = ades_core::name_match::minimal_integer(signer.serial_number()).to_vec();
        // A leading 00 before a byte below 0x80 is redundant (the serial is positive).
        let padded = [&[0x00][..], &serial].concat();
        let entry = constructed(
            ber::SEQUENCE,
            &[&tlv(ber::INTEGER, &padded), &tlv(0x17, b"260101000000Z")],
        );
        let revoked = constructed(ber::SEQUENCE, &[&entry]);
        let crl = crl_listing(
            &revoked,
            &extension("2.5.29.20", false, &tlv(ber::INTEGER, &[1])),
        )
        .unwrap();
        assert!(crl.entry(signer).is_some());
    }
}
