//! The extended forms of TS 101 733 the Madrid policy names (§4.3): -C (complete certificate
//! and revocation references), -X type 1 (a CAdES-C-time-stamp over the signature, its
//! time-stamps and the references) or type 2 (time-stamped-certs-crls-references over the
//! references), -X Long (the certificate and revocation values), and -A (an archive time-stamp
//! over all of it).
//!
//! ```text
//! CompleteCertificateRefs ::= SEQUENCE OF OtherCertID     -- the CA certificates
//! OtherCertID ::= SEQUENCE { otherCertHash OtherHash, issuerSerial IssuerSerial OPTIONAL }
//! CompleteRevocationRefs ::= SEQUENCE OF CrlOcspRef      -- signer first, then each CA
//! CrlOcspRef ::= SEQUENCE { crlids [0] CRLListID OPTIONAL, ocspids [1] OcspListID OPTIONAL }
//! CRLListID ::= SEQUENCE { crls SEQUENCE OF CrlValidatedID { crlHash OtherHash } }
//! OcspListID ::= SEQUENCE { ocspResponses SEQUENCE OF OcspResponsesID {
//!                  ocspIdentifier { ocspResponderID, producedAt }, ocspRepHash OtherHash } }
//! RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF CertificateList OPTIONAL,
//!                                 ocspVals [1] SEQUENCE OF BasicOCSPResponse OPTIONAL }
//! ESC time-stamp imprint = H(signature || each signature-time-stamp attribute's type and
//!                            values || certificateRefs' || revocationRefs')
//! ```
//! (The module is EXPLICIT TAGS: `[0]`/`[1]` wrap a whole inner element.)

use ades_core::ber::{self, Reader, constructed, tlv};
use ades_core::cms::{Attribute, SignedData, SignerInfo};
use ades_core::revocation_info::{OcspResponseInfo, crl_issuer};
use ades_core::{Certificate, DigestAlgorithm, Level, ValidationData, XTimestamp, digest, oid};
use ades_tsp::LongTermServices;

use crate::error::{CadesError, Result};
use crate::long_term::{Extension, embedded, extend_to_lt, extend_to_lta};

/// Extends every top-level signer to -A: -X Long (of type `x`) and an archive-time-stamp-v3. The
/// validation data also goes into the `SignedData` (as for B-LT) so that every time-stamp
/// validates offline.
pub fn extend_to_a(
    sd: &mut SignedData,
    services: &LongTermServices<'_>,
    x: XTimestamp,
) -> Result<Extension> {
    let mut candidate = sd.clone();
    let mut extension = extend_to_form(&mut candidate, services, Level::Xl, x)?;
    let archive = extend_to_lta(&mut candidate, services)?;
    extension.validation_data.extend(&archive.validation_data);
    extension.archive_timestamps = archive.archive_timestamps;
    *sd = candidate;
    Ok(extension)
}

/// Extends every top-level signer to `form`: -C (the references), -X (and, by `x`, a
/// CAdES-C-time-stamp over the signature and references, type 1, or a
/// time-stamped-certs-crls-references over the references, type 2) or -X Long (and the
/// certificate-values and revocation-values of the signer's chain). A signer that already has
/// references is left as it is.
pub fn extend_to_form(
    sd: &mut SignedData,
    services: &LongTermServices<'_>,
    form: Level,
    x: XTimestamp,
) -> Result<Extension> {
    if !matches!(form, Level::C | Level::X | Level::Xl) {
        return Err(CadesError::Content(
            "the extended forms are -C, -X and -X-L",
        ));
    }
    let mut candidate = sd.clone();
    let extension = extend_to_lt(&mut candidate, services)?;
    let alg = services.digest;
    for i in 0..candidate.signer_infos().len() {
        let si = &candidate.signer_infos()[i];
        if si.unsigned_attribute(oid::ATTR_CERTIFICATE_REFS).is_some() {
            continue;
        }
        let chain = signer_chain(&candidate, si, services)?;
        let (certificate_refs, revocation_refs) = references(&chain, alg)?;
        let si = &mut candidate.signer_infos_mut()[i];
        si.add_unsigned_attribute(certificate_refs);
        si.add_unsigned_attribute(revocation_refs);
        if form == Level::C {
            continue;
        }
        let (kind, input) = match x {
            XTimestamp::SignatureAndReferences => (
                oid::ATTR_ESC_TIMESTAMP,
                esc_input(si, ReferencesEncoding::TypeAndValues),
            ),
            XTimestamp::ReferencesOnly => (
                oid::ATTR_CERT_CRL_TIMESTAMP,
                refs_input(si, ReferencesEncoding::TypeAndValues),
            ),
        };
        let token = services.tsa.timestamp(alg, digest::digest(alg, &input))?;
        si.add_unsigned_attribute(Attribute::new(kind, vec![token.der().to_vec()]));
        if form == Level::X {
            continue;
        }
        si.add_unsigned_attribute(certificate_values(&chain.data));
        si.add_unsigned_attribute(revocation_values(&chain.data));
    }
    *sd = candidate;
    Ok(extension)
}

/// A signer's chain (signer first) and the revocation information that goes with it.
struct Chain {
    certificates: Vec<Certificate>,
    data: ValidationData,
}

fn signer_chain(
    sd: &SignedData,
    si: &SignerInfo,
    services: &LongTermServices<'_>,
) -> Result<Chain> {
    let known = embedded(sd);
    let signer = known
        .certificates
        .iter()
        .find(|c| si.signer_id().matches(c))
        .ok_or(CadesError::Content(
            "the signer certificate is not in the signature",
        ))?;
    let data = services
        .source
        .collect(signer, &known, services.now, None)
        .map_err(CadesError::ValidationData)?;
    // The source lists the chain in path order, signer first (ValidationDataSource).
    let mut certificates = data.certificates.clone();
    if certificates.first() != Some(signer) {
        certificates.retain(|c| c != signer);
        certificates.insert(0, signer.clone());
    }
    Ok(Chain { certificates, data })
}

/// complete-certificate-references and complete-revocation-references for `chain`.
fn references(chain: &Chain, alg: DigestAlgorithm) -> Result<(Attribute, Attribute)> {
    let mut cert_ids = Vec::new();
    for c in chain.certificates.iter().skip(1) {
        let issuer_serial = ades_core::cms::ess::issuer_serial(c)?;
        cert_ids.push(constructed(
            ber::SEQUENCE,
            &[&other_hash(alg, c.der()), &issuer_serial],
        ));
    }
    let mut crl_ocsp_refs = Vec::new();
    for c in &chain.certificates {
        crl_ocsp_refs.push(crl_ocsp_ref(c, &chain.data, alg));
    }
    Ok((
        Attribute::new(oid::ATTR_CERTIFICATE_REFS, vec![sequence_of(cert_ids)]),
        Attribute::new(oid::ATTR_REVOCATION_REFS, vec![sequence_of(crl_ocsp_refs)]),
    ))
}

/// The `CrlOcspRef` of `certificate`: its CRLs and OCSP responses among `data` (empty for a
/// trust anchor, which has none).
fn crl_ocsp_ref(certificate: &Certificate, data: &ValidationData, alg: DigestAlgorithm) -> Vec<u8> {
    let issuer = certificate.issuer_der().unwrap_or_default();
    let crls: Vec<Vec<u8>> = data
        .crls
        .iter()
        .filter(|crl| crl_issuer(crl).as_deref() == Some(issuer.as_slice()))
        .map(|crl| tlv(ber::SEQUENCE, &other_hash(alg, crl)))
        .collect();
    let ocsps: Vec<Vec<u8>> = data
        .ocsp_responses
        .iter()
        .filter_map(|der| {
            let info = OcspResponseInfo::read(der).filter(|i| i.is_about(certificate))?;
            let identifier = constructed(ber::SEQUENCE, &[&info.responder_id, &info.produced_at]);
            Some(constructed(
                ber::SEQUENCE,
                &[&identifier, &other_hash(alg, der)],
            ))
        })
        .collect();
    let mut parts = Vec::new();
    if !crls.is_empty() {
        parts.push(tlv(
            ber::context_constructed(0),
            &tlv(ber::SEQUENCE, &sequence_of(crls)),
        ));
    }
    if !ocsps.is_empty() {
        parts.push(tlv(
            ber::context_constructed(1),
            &tlv(ber::SEQUENCE, &sequence_of(ocsps)),
        ));
    }
    sequence_of(parts)
}

/// `OtherHash`: a bare SHA-1 value, or the algorithm and the value.
fn other_hash(alg: DigestAlgorithm, bytes: &[u8]) -> Vec<u8> {
    let value = tlv(ber::OCTET_STRING, &digest::digest(alg, bytes));
    if alg == DigestAlgorithm::Sha1 {
        value
    } else {
        constructed(ber::SEQUENCE, &[&alg.algorithm_identifier(), &value])
    }
}

fn sequence_of(items: Vec<Vec<u8>>) -> Vec<u8> {
    let refs: Vec<&[u8]> = items.iter().map(Vec::as_slice).collect();
    constructed(ber::SEQUENCE, &refs)
}

/// certificate-values: the chain's certificates.
fn certificate_values(data: &ValidationData) -> Attribute {
    let certs = data.certificates.iter().map(|c| c.der().to_vec()).collect();
    Attribute::new(oid::ATTR_CERT_VALUES, vec![sequence_of(certs)])
}

/// revocation-values: the CRLs and the basic OCSP responses.
fn revocation_values(data: &ValidationData) -> Attribute {
    let mut parts = Vec::new();
    if !data.crls.is_empty() {
        parts.push(tlv(
            ber::context_constructed(0),
            &sequence_of(data.crls.clone()),
        ));
    }
    let basics: Vec<Vec<u8>> = data
        .ocsp_responses
        .iter()
        .filter_map(|o| OcspResponseInfo::read(o).map(|i| i.basic))
        .collect();
    if !basics.is_empty() {
        parts.push(tlv(ber::context_constructed(1), &sequence_of(basics)));
    }
    Attribute::new(oid::ATTR_REVOCATION_VALUES, vec![sequence_of(parts)])
}

/// How the attributes enter the input of a -X time-stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReferencesEncoding {
    /// Each attribute's type and values as encoded, without the outer SEQUENCE: EN 319 122-1
    /// §5.5.2 note 2, what EU DSS writes and what we write.
    TypeAndValues,
    /// Each attribute's value alone: what older BouncyCastle-based signers (AutoFirma's
    /// CAdES-A among them) wrote. Read only, as a second reading of the same data.
    ValuesOnly,
}

impl ReferencesEncoding {
    fn append(self, a: &Attribute, out: &mut Vec<u8>) {
        match self {
            Self::TypeAndValues => {
                if let Ok(t) = Reader::single(&a.raw) {
                    out.extend_from_slice(t.content());
                }
            }
            Self::ValuesOnly => a.values.iter().for_each(|v| out.extend_from_slice(v)),
        }
    }
}

/// The input of a CAdES-C-time-stamp (TS 101 733 §6.3.5): the signature value octets, then
/// each signature time-stamp attribute, the certificate references and the revocation
/// references, encoded as `encoding` says.
pub(crate) fn esc_input(si: &SignerInfo, encoding: ReferencesEncoding) -> Vec<u8> {
    let mut out = si.signature().to_vec();
    for a in si
        .unsigned_attributes()
        .iter()
        .filter(|a| a.oid == oid::ATTR_SIGNATURE_TIMESTAMP)
    {
        encoding.append(a, &mut out);
    }
    out.extend(refs_input(si, encoding));
    out
}

/// The input of a time-stamped-certs-crls-references (-X type 2): the certificate references
/// and the revocation references, encoded as `encoding` says.
pub(crate) fn refs_input(si: &SignerInfo, encoding: ReferencesEncoding) -> Vec<u8> {
    let mut out = Vec::new();
    for o in [oid::ATTR_CERTIFICATE_REFS, oid::ATTR_REVOCATION_REFS] {
        if let Some(a) = si.unsigned_attribute(o) {
            encoding.append(a, &mut out);
        }
    }
    out
}
