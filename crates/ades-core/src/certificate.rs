//! X.509 certificates as the signature formats use them: the exact DER (hashed into
//! signing-certificate attributes and embedded in signatures) next to a lenient parse, with
//! the subject fields, key usage, policies and validity that Spanish certificates carry.

use std::fmt;
use std::sync::{Arc, OnceLock};

use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use time::OffsetDateTime;
use x509_cert::certificate::{CertificateInner, Raw};
use x509_cert::ext::pkix::{
    BasicConstraints, CertificatePolicies, ExtendedKeyUsage, KeyUsage, SubjectKeyIdentifier,
};
use x509_cert::name::Name;

use crate::ber::{self, Reader};
use crate::error::CertificateError;
use crate::verify::VerifyingKey;
use crate::{DigestAlgorithm, datetime, digest, oid, strings};

/// A parsed certificate that keeps the bytes it was parsed from.
///
/// Parsing uses the `Raw` profile of `x509-cert` so certificates from real CAs with minor
/// encoding faults (long serial numbers, odd time encodings) can still be read and reported
/// on; judging them is the validator's job.
#[derive(Clone)]
pub struct Certificate {
    der: Arc<[u8]>,
    parsed: Arc<CertificateInner<Raw>>,
    /// The subject public key, parsed for verification on first use and shared by clones.
    key: Arc<OnceLock<Option<VerifyingKey>>>,
    /// The subject and issuer as text, made on first use (reports show them every time).
    texts: Arc<OnceLock<(String, String)>>,
}

impl Certificate {
    /// Parses a DER certificate.
    pub fn from_der(der_bytes: &[u8]) -> Result<Self, CertificateError> {
        // Take exactly one element so trailing bytes or a truncated input are reported.
        let tlv = Reader::single(der_bytes).map_err(CertificateError::Malformed)?;
        if let Some(known) = crate::certificate_cache::get(tlv.raw()) {
            return Ok(known);
        }
        let parsed = CertificateInner::<Raw>::from_der(tlv.raw()).or_else(|e| {
            // A serial number with a redundant leading byte (BouncyCastle reads it, DSS's
            // "BadEncodedCMS" has one): read the structure from a copy with the serial
            // re-encoded; the original bytes stay what is hashed, embedded and verified.
            let fixed = with_minimal_serial(tlv.raw()).ok_or(CertificateError::Decode(e))?;
            CertificateInner::<Raw>::from_der(&fixed).map_err(CertificateError::Decode)
        })?;
        let certificate = Certificate {
            der: Arc::from(tlv.raw()),
            parsed: Arc::new(parsed),
            key: Arc::default(),
            texts: Arc::default(),
        };
        crate::certificate_cache::put(&certificate);
        Ok(certificate)
    }

    /// Every `CERTIFICATE` block of a PEM text, in order.
    pub fn from_pem_chain(pem_text: &[u8]) -> Result<Vec<Self>, CertificateError> {
        let text = String::from_utf8_lossy(pem_text);
        let mut out = Vec::new();
        let mut rest = text.as_ref();
        const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
        const END: &str = "-----END CERTIFICATE-----";
        while let Some(start) = rest.find(BEGIN) {
            let after = &rest[start..];
            let Some(end) = after.find(END) else {
                return Err(CertificateError::NoCertificate);
            };
            let block = &after[..end + END.len()];
            let (_, der_bytes) = der::pem::decode_vec(block.as_bytes())
                .map_err(|e| CertificateError::Decode(e.into()))?;
            out.push(Self::from_der(&der_bytes)?);
            rest = &after[end + END.len()..];
        }
        if out.is_empty() {
            return Err(CertificateError::NoCertificate);
        }
        Ok(out)
    }

    /// One or more certificates from PEM text or a single DER certificate.
    pub fn load(bytes: &[u8]) -> Result<Vec<Self>, CertificateError> {
        if bytes.starts_with(b"-----") || bytes.windows(11).any(|w| w == b"-----BEGIN ") {
            Self::from_pem_chain(bytes)
        } else {
            Ok(vec![Self::from_der(bytes)?])
        }
    }

    /// The DER encoding, shared.
    pub(crate) fn der_arc(&self) -> Arc<[u8]> {
        Arc::clone(&self.der)
    }

    /// The DER encoding, exactly as parsed.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// PEM text of the certificate.
    pub fn to_pem(&self) -> String {
        der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &self.der)
            .unwrap_or_default()
    }

    /// The `tbsCertificate` bytes as encoded (what the issuer signed).
    pub fn tbs_der(&self) -> Result<&[u8], ber::BerError> {
        let top = Reader::single(&self.der)?;
        Ok(top.children()?.read_tag(ber::SEQUENCE)?.raw())
    }

    /// The lenient parse from `x509-cert`.
    pub fn inner(&self) -> &CertificateInner<Raw> {
        &self.parsed
    }

    /// The digest of the DER encoding (as ESS signing-certificate attributes hold it).
    pub fn fingerprint(&self, algorithm: DigestAlgorithm) -> Vec<u8> {
        digest::digest(algorithm, &self.der)
    }

    /// Subject name.
    pub fn subject(&self) -> &Name {
        self.parsed.tbs_certificate().subject()
    }

    /// Issuer name.
    pub fn issuer(&self) -> &Name {
        self.parsed.tbs_certificate().issuer()
    }

    /// The subject as RFC 4514 text.
    pub fn subject_text(&self) -> String {
        self.texts().0.clone()
    }

    /// The issuer as RFC 4514 text.
    pub fn issuer_text(&self) -> String {
        self.texts().1.clone()
    }

    fn texts(&self) -> &(String, String) {
        self.texts.get_or_init(|| {
            (
                crate::name_text::rfc4514(self.subject()),
                crate::name_text::rfc4514(self.issuer()),
            )
        })
    }

    /// The DER of the issuer name (for `IssuerAndSerialNumber` and ESS `IssuerSerial`).
    pub fn issuer_der(&self) -> Result<Vec<u8>, der::Error> {
        self.issuer().to_der()
    }

    /// The DER of the subject name.
    pub fn subject_der(&self) -> Result<Vec<u8>, der::Error> {
        self.subject().to_der()
    }

    /// Serial number bytes (big-endian two's complement, as encoded).
    pub fn serial_number(&self) -> &[u8] {
        self.parsed.tbs_certificate().serial_number().as_bytes()
    }

    /// Serial number in upper-case hexadecimal.
    pub fn serial_hex(&self) -> String {
        self.serial_number()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    }

    /// The first value of a subject attribute, as text.
    pub fn subject_attribute(&self, attribute: ObjectIdentifier) -> Option<String> {
        name_attribute(self.subject(), attribute)
    }

    /// Subject common name.
    pub fn common_name(&self) -> Option<String> {
        self.subject_attribute(oid::AT_COMMON_NAME)
    }

    /// Subject `serialNumber` attribute: the NIF/NIE of a Spanish natural-person certificate
    /// (e.g. `IDCES-12345678Z` or `12345678Z`).
    pub fn subject_serial_number(&self) -> Option<String> {
        self.subject_attribute(oid::AT_SERIAL_NUMBER)
    }

    /// Subject given name.
    pub fn given_name(&self) -> Option<String> {
        self.subject_attribute(oid::AT_GIVEN_NAME)
    }

    /// Subject surname(s).
    pub fn surname(&self) -> Option<String> {
        self.subject_attribute(oid::AT_SURNAME)
    }

    /// Subject organisation.
    pub fn organization(&self) -> Option<String> {
        self.subject_attribute(oid::AT_ORGANIZATION)
    }

    /// Subject `organizationIdentifier` (e.g. the NIF of an administration, `VATES-…`).
    pub fn organization_identifier(&self) -> Option<String> {
        self.subject_attribute(oid::AT_ORGANIZATION_IDENTIFIER)
    }

    /// Start of the validity period.
    pub fn not_before(&self) -> OffsetDateTime {
        datetime::from_x509(&self.parsed.tbs_certificate().validity().not_before)
    }

    /// End of the validity period.
    pub fn not_after(&self) -> OffsetDateTime {
        datetime::from_x509(&self.parsed.tbs_certificate().validity().not_after)
    }

    /// Whether `at` lies inside the validity period (both ends included, RFC 5280 §4.1.2.5).
    pub fn is_valid_at(&self, at: OffsetDateTime) -> bool {
        self.not_before() <= at && at <= self.not_after()
    }

    fn extension<'a, T>(&'a self) -> Option<T>
    where
        T: Decode<'a> + const_oid::AssociatedOid,
    {
        self.parsed
            .tbs_certificate()
            .get_extension::<T>()
            .ok()
            .flatten()
            .map(|(_, v)| v)
    }

    /// The key usage extension, if present and well-formed.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.extension::<KeyUsage>()
    }

    /// Whether key usage allows content commitment (nonRepudiation), as signing certificates
    /// of natural persons must.
    pub fn has_non_repudiation(&self) -> bool {
        self.key_usage().is_some_and(|k| k.non_repudiation())
    }

    /// Whether key usage allows digital signatures (or there is no key usage extension).
    pub fn allows_digital_signature(&self) -> bool {
        self.key_usage()
            .is_none_or(|k| k.digital_signature() || k.non_repudiation())
    }

    /// Certificate policy OIDs (the CPS the certificate was issued under, policy §3.7.2).
    pub fn policies(&self) -> Vec<ObjectIdentifier> {
        self.extension::<CertificatePolicies>()
            .map(|p| p.0.into_iter().map(|i| i.policy_identifier).collect())
            .unwrap_or_default()
    }

    /// Extended key usage OIDs.
    pub fn extended_key_usage(&self) -> Vec<ObjectIdentifier> {
        self.extension::<ExtendedKeyUsage>()
            .map(|e| e.0)
            .unwrap_or_default()
    }

    /// Whether basic constraints mark the certificate as a CA.
    pub fn is_ca(&self) -> bool {
        self.extension::<BasicConstraints>().is_some_and(|b| b.ca)
    }

    /// The subject key identifier, if present.
    pub fn subject_key_identifier(&self) -> Option<Vec<u8>> {
        self.extension::<SubjectKeyIdentifier>()
            .map(|s| s.0.as_bytes().to_vec())
    }

    /// OCSP responder URLs (authorityInfoAccess id-ad-ocsp).
    pub fn ocsp_urls(&self) -> Vec<String> {
        self.access_urls(crate::oid::AD_OCSP)
    }

    /// CA issuer certificate URLs (authorityInfoAccess id-ad-caIssuers).
    pub fn ca_issuer_urls(&self) -> Vec<String> {
        self.access_urls(crate::oid::AD_CA_ISSUERS)
    }

    fn access_urls(&self, method: ObjectIdentifier) -> Vec<String> {
        use x509_cert::ext::pkix::AuthorityInfoAccessSyntax;
        use x509_cert::ext::pkix::name::GeneralName;
        self.extension::<AuthorityInfoAccessSyntax>()
            .map(|aia| {
                aia.0
                    .into_iter()
                    .filter(|d| d.access_method == method)
                    .filter_map(|d| match d.access_location {
                        GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// CRL distribution point URLs (full names that are URIs).
    pub fn crl_urls(&self) -> Vec<String> {
        use x509_cert::ext::pkix::CrlDistributionPoints;
        use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
        self.extension::<CrlDistributionPoints>()
            .map(|cdp| {
                cdp.0
                    .into_iter()
                    .filter_map(|dp| match dp.distribution_point {
                        Some(DistributionPointName::FullName(names)) => Some(names),
                        _ => None,
                    })
                    .flatten()
                    .filter_map(|n| match n {
                        GeneralName::UniformResourceIdentifier(uri) => Some(uri.to_string()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether the certificate is an OCSP responder's (id-kp-OCSPSigning) that carries
    /// id-pkix-ocsp-nocheck: its own status is then not checked (RFC 6960 §4.2.2.2.1). On any
    /// other certificate the extension waives nothing.
    pub fn is_ocsp_nocheck_responder(&self) -> bool {
        self.parsed
            .tbs_certificate()
            .extensions()
            .is_some_and(|e| e.iter().any(|x| x.extn_id == crate::oid::EXT_OCSP_NOCHECK))
            && self
                .extended_key_usage()
                .contains(&crate::oid::KP_OCSP_SIGNING)
    }

    /// The `subjectPublicKey` bits (what OCSP's issuerKeyHash and KeyHash hash).
    pub fn subject_public_key(&self) -> Option<&[u8]> {
        self.parsed
            .tbs_certificate()
            .subject_public_key_info()
            .subject_public_key
            .as_bytes()
    }

    /// Algorithm of the subject public key.
    pub fn public_key_algorithm(&self) -> ObjectIdentifier {
        self.parsed
            .tbs_certificate()
            .subject_public_key_info()
            .algorithm
            .oid
    }

    /// The subject public key, ready to verify signatures (parsed once, then cached); `None`
    /// when its algorithm or curve is not supported or it is malformed.
    pub fn verifying_key(&self) -> Option<&VerifyingKey> {
        self.key
            .get_or_init(|| {
                let spki = self.public_key_info_der().ok()?;
                VerifyingKey::from_spki_der(&spki)
            })
            .as_ref()
    }

    /// Size of the public key in bits (RSA modulus length), if it is an RSA key.
    pub fn public_key_bits(&self) -> Option<usize> {
        match self.verifying_key()? {
            key @ VerifyingKey::Rsa(_) => Some(key.bits()),
            _ => None,
        }
    }

    /// The DER of the `SubjectPublicKeyInfo`.
    pub fn public_key_info_der(&self) -> Result<Vec<u8>, der::Error> {
        self.parsed
            .tbs_certificate()
            .subject_public_key_info()
            .to_der()
    }

    /// Whether `issuer`'s subject is this certificate's issuer and its key verifies this
    /// certificate's signature. Pairs that verified are remembered for the process
    /// (`verify::memo`), so chains to the same CAs are verified once.
    pub fn is_signed_by(&self, issuer: &Certificate) -> bool {
        if self.issuer() != issuer.subject() {
            return false;
        }
        let Ok(issuer_key) = issuer.public_key_info_der() else {
            return false;
        };
        let memo = crate::verify::memo::key(&issuer_key, &self.der);
        if crate::verify::memo::verified_before(&memo) {
            return true;
        }
        let verified = self.verify_signature_by(issuer);
        if verified {
            crate::verify::memo::remember(memo);
        }
        verified
    }

    /// The arithmetic of [`is_signed_by`](Self::is_signed_by).
    fn verify_signature_by(&self, issuer: &Certificate) -> bool {
        let Ok(tbs) = self.tbs_der() else {
            return false;
        };
        let alg = self.parsed.signature_algorithm();
        let id = crate::algorithm::AlgorithmId {
            oid: alg.oid,
            parameters: alg
                .parameters
                .as_ref()
                .and_then(|p| der::Encode::to_der(p).ok()),
        };
        let Some(signature_algorithm) = crate::SignatureAlgorithm::from_algorithm_id(&id, None)
        else {
            return false;
        };
        let Some(sig) = self.parsed.signature().as_bytes() else {
            return false;
        };
        crate::verify::verify_signature(issuer, signature_algorithm, tbs, sig).is_ok()
    }

    /// Whether the certificate is self-issued: subject and issuer name the same entity
    /// (RFC 5280 §3.3, compared as §7.1 says: a key rollover may encode them differently).
    pub fn is_self_issued(&self) -> bool {
        self.subject() == self.issuer()
            || matches!(
                (self.subject_der(), self.issuer_der()),
                (Ok(s), Ok(i)) if crate::name_match::same_name(&s, &i)
            )
    }
}

/// A copy of a certificate's DER whose serial number INTEGER is re-encoded minimally, when it
/// was not (`None` when it already is, or the structure cannot be walked).
fn with_minimal_serial(der_bytes: &[u8]) -> Option<Vec<u8>> {
    let top = Reader::single(der_bytes).ok()?;
    let mut outer = top.children().ok()?;
    let tbs = outer.read_tag(ber::SEQUENCE).ok()?;
    let rest_of_certificate = &top.content()[tbs.raw().len()..];
    let mut fields = tbs.children().ok()?;
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut first = fields.next_element().ok()??;
    if first.tag() == 0xA0 {
        parts.push(first.raw().to_vec());
        first = fields.next_element().ok()??;
    }
    let serial = first.expect_tag(ber::INTEGER).ok()?;
    let minimal = crate::name_match::minimal_integer(serial.content());
    if minimal.len() == serial.content().len() {
        return None;
    }
    parts.push(ber::tlv(ber::INTEGER, minimal));
    while let Some(field) = fields.next_element().ok()? {
        parts.push(field.raw().to_vec());
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let tbs = ber::constructed(ber::SEQUENCE, &refs);
    Some(ber::constructed(
        ber::SEQUENCE,
        &[&tbs, rest_of_certificate],
    ))
}

/// Smallest RSA modulus read from a certificate (smaller keys cannot be verified at all;
/// policies judge key sizes above it).
pub const MIN_RSA_BITS: usize = 512;

/// Largest RSA modulus accepted from a certificate.
pub const MAX_RSA_BITS: usize = 16384;

/// The first value of an attribute in a name, as text.
pub fn name_attribute(name: &Name, attribute: ObjectIdentifier) -> Option<String> {
    name.iter()
        .find(|atv| atv.oid == attribute)
        .and_then(|atv| strings::any_to_string(&atv.value))
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Certificate")
            .field("subject", &self.subject_text())
            .field("issuer", &self.issuer_text())
            .field("serial", &self.serial_hex())
            .finish()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}

impl Eq for Certificate {}

/// What makes a certificate unusable for signing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateProblem {
    /// The signing time is after the end of the validity period.
    #[error("expired on {0}")]
    Expired(String),
    /// The signing time is before the start of the validity period.
    #[error("not valid before {0}")]
    NotYetValid(String),
    /// Key usage has neither digitalSignature nor nonRepudiation.
    #[error("key usage allows neither digitalSignature nor nonRepudiation")]
    NoSigningKeyUsage,
    /// Key usage lacks nonRepudiation (contentCommitment), which signatures of documents need.
    #[error("key usage lacks nonRepudiation (contentCommitment)")]
    NoNonRepudiation,
}

/// Whether `cert` can make a signature at `at` (policy §3.6.2 c): inside its validity
/// period, and with a key usage for signing documents (nonRepudiation when key usage is
/// present).
pub fn check_signing_certificate(
    cert: &Certificate,
    at: OffsetDateTime,
) -> Result<(), CertificateProblem> {
    if at > cert.not_after() {
        Err(CertificateProblem::Expired(crate::datetime::rfc3339(
            cert.not_after(),
        )))
    } else if at < cert.not_before() {
        Err(CertificateProblem::NotYetValid(crate::datetime::rfc3339(
            cert.not_before(),
        )))
    } else if !cert.allows_digital_signature() {
        Err(CertificateProblem::NoSigningKeyUsage)
    } else if cert.key_usage().is_some() && !cert.has_non_repudiation() {
        Err(CertificateProblem::NoNonRepudiation)
    } else {
        Ok(())
    }
}
