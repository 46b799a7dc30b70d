//! Identifying the signing certificate (EN 319 102-1 §5.2.3): the certificate the signed
//! `SigningCertificate(V2)` property designates by digest, found in `KeyInfo` or in the
//! `CertificateValues` of an extended signature.

use ades_core::CheckId;
use ades_core::policy::SignatureFacts;
use ades_core::report::CheckList;
use ades_core::{Certificate, DigestAlgorithm, SubIndication};

use crate::dsig::SignatureElement;
use crate::markup::decode_base64;
use crate::properties::read::SignedPropertiesFacts;
use crate::properties::write::decimal;
use crate::unsigned::qualifying_properties;
use ades_xml::{Document, NodeId};

/// The certificates a signature carries: `KeyInfo`, then `CertificateValues`.
pub(crate) fn pool(doc: &Document, signature: &SignatureElement) -> Vec<Certificate> {
    let mut pool = signature.key_info_certificates.clone();
    if let Some(qp) = qualifying_properties(doc, signature.node) {
        let values = doc
            .descendants(qp)
            .filter(|&n| doc.local_name(n) == Some("CertificateValues"))
            .collect::<Vec<NodeId>>();
        for v in values {
            for c in doc.child_elements(v) {
                if doc.local_name(c) == Some("EncapsulatedX509Certificate")
                    && let Ok(der) = decode_base64(&doc.text_content(c))
                    && let Ok(cert) = Certificate::from_der(&der)
                    && !pool.iter().any(|p| p.der() == cert.der())
                {
                    pool.push(cert);
                }
            }
        }
    }
    pool
}

/// The signing certificate, with a check recording how it was identified.
pub(crate) fn identify(
    signature: &SignatureElement,
    props: &SignedPropertiesFacts,
    pool: &[Certificate],
    checks: &mut CheckList,
    facts: &mut SignatureFacts,
) -> Option<Certificate> {
    let Some(refs) = &props.signing_certificate else {
        return match signature.key_info_certificates.first() {
            Some(c) => {
                checks.info(
                    CheckId::SigningCertificate,
                    format!(
                        "no SigningCertificate property: the first KeyInfo certificate ({}) is taken as the signer's",
                        c.subject_text()
                    ),
                );
                Some(c.clone())
            }
            None => {
                checks.fail(
                    CheckId::SigningCertificate,
                    SubIndication::NoSigningCertificateFound,
                    "no signing-certificate property and no KeyInfo certificate: the signer is not identified",
                );
                None
            }
        };
    };
    let Some(first) = refs.first() else {
        checks.fail(
            CheckId::SigningCertificate,
            SubIndication::FormatFailure,
            "SigningCertificate without a readable Cert",
        );
        return None;
    };
    let Some(algorithm) = DigestAlgorithm::from_xmldsig_uri(&first.digest_method) else {
        checks.fail(
            CheckId::SigningCertificate,
            SubIndication::CryptoConstraintsFailure,
            format!(
                "CertDigest algorithm {} is not supported",
                first.digest_method
            ),
        );
        return None;
    };
    facts.data_digests.push(Ok(algorithm));
    let Some(cert) = pool
        .iter()
        .find(|c| c.fingerprint(algorithm) == first.digest_value)
    else {
        checks.fail(
            CheckId::SigningCertificate,
            SubIndication::NoSigningCertificateFound,
            "the certificate SigningCertificate designates is not in the signature (KeyInfo, CertificateValues)",
        );
        return None;
    };
    match &first.serial {
        Some(serial) if serial.trim() != decimal(cert.serial_number()) => {
            checks.warn(
                CheckId::SigningCertificate,
                format!(
                    "IssuerSerial names serial {serial}, the certificate's is {}",
                    decimal(cert.serial_number())
                ),
            );
        }
        _ => {}
    }
    checks.pass(
        CheckId::SigningCertificate,
        format!(
            "SigningCertificate designates {} ({algorithm} digest)",
            cert.subject_text()
        ),
    );
    Some(cert.clone())
}
