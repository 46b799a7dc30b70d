//! The validation data of a XAdES signature (EN 319 132-1 §5.4.2, §5.4.3, §5.5.1):
//! `xades:CertificateValues` (`EncapsulatedX509Certificate`), `xades:RevocationValues`
//! (`CRLValues/EncapsulatedCRLValue`, `OCSPValues/EncapsulatedOCSPValue`: DER
//! `OCSPResponse`s), and their containers for time-stamps, `xadesv141:TimeStampValidationData`
//! and `xadesv141:AnyValidationData`.

use ades_core::{Certificate, ValidationData};
use ades_xml::{Document, NodeId};

use crate::markup::{Markup, base64_lines, decode_base64};
use crate::names::{DS, XADES_141};
use crate::unsigned::qualifying_properties;

/// Every certificate, CRL and OCSP response in the unsigned signature properties of
/// `signature`: CertificateValues, RevocationValues, TimeStampValidationData and
/// AnyValidationData, at any depth.
pub(crate) fn read(doc: &Document, signature: NodeId) -> ValidationData {
    let mut data = ValidationData::new();
    let Some(qp) = qualifying_properties(doc, signature) else {
        return data;
    };
    let unsigned = doc
        .child_elements(qp)
        .filter(|&c| doc.local_name(c) == Some("UnsignedProperties"));
    for node in unsigned.flat_map(|u| doc.descendants(u).collect::<Vec<_>>()) {
        let decoded = || decode_base64(&doc.text_content(node)).ok();
        match doc.local_name(node) {
            Some("EncapsulatedX509Certificate") => {
                if let Some(c) = decoded().and_then(|der| Certificate::from_der(&der).ok()) {
                    data.add_certificate(c);
                }
            }
            Some("EncapsulatedCRLValue") => {
                if let Some(der) = decoded() {
                    data.add_crl(der);
                }
            }
            Some("EncapsulatedOCSPValue") => {
                if let Some(der) = decoded() {
                    data.add_ocsp_response(der);
                }
            }
            _ => {}
        }
    }
    data
}

/// `xades:CertificateValues` and `xades:RevocationValues` holding `data`, in the signature's
/// XAdES namespace `namespace` (each declares its own prefixes, so it fits anywhere). Empty
/// when `data` is.
pub(crate) fn signature_values(namespace: &str, id: &str, data: &ValidationData) -> String {
    let mut m = Markup::new();
    let ns = [("xmlns:xades", namespace), ("xmlns:ds", DS)];
    if !data.certificates.is_empty() {
        let id = format!("{id}-CertificateValues");
        m.open("xades:CertificateValues", &with_id(&ns, &id));
        certificates(&mut m, data);
        m.close("xades:CertificateValues");
    }
    if !data.ocsp_responses.is_empty() || !data.crls.is_empty() {
        let id = format!("{id}-RevocationValues");
        m.open("xades:RevocationValues", &with_id(&ns, &id));
        revocation(&mut m, data);
        m.close("xades:RevocationValues");
    }
    m.into_string()
}

/// `xadesv141:TimeStampValidationData` holding `data` (the validation data of the time-stamp
/// it follows, EN 319 132-1 §5.5.1.2). Empty when `data` is.
pub(crate) fn timestamp_validation_data(
    namespace: &str,
    id: &str,
    data: &ValidationData,
) -> String {
    if data.is_empty() {
        return String::new();
    }
    let mut m = Markup::new();
    let id = format!("{id}-TimeStampValidationData");
    m.open(
        "xadesv141:TimeStampValidationData",
        &[
            ("xmlns:xadesv141", XADES_141),
            ("xmlns:xades", namespace),
            ("Id", &id),
        ],
    );
    if !data.certificates.is_empty() {
        m.open("xades:CertificateValues", &[]);
        certificates(&mut m, data);
        m.close("xades:CertificateValues");
    }
    if !data.ocsp_responses.is_empty() || !data.crls.is_empty() {
        m.open("xades:RevocationValues", &[]);
        revocation(&mut m, data);
        m.close("xades:RevocationValues");
    }
    m.close("xadesv141:TimeStampValidationData");
    m.into_string()
}

fn with_id<'a>(ns: &[(&'a str, &'a str)], id: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut attributes = ns.to_vec();
    attributes.push(("Id", id));
    attributes
}

fn certificates(m: &mut Markup, data: &ValidationData) {
    for c in &data.certificates {
        m.leaf(
            "xades:EncapsulatedX509Certificate",
            &[],
            &base64_lines(c.der()),
        );
    }
}

fn revocation(m: &mut Markup, data: &ValidationData) {
    if !data.crls.is_empty() {
        m.open("xades:CRLValues", &[]);
        for crl in &data.crls {
            m.leaf("xades:EncapsulatedCRLValue", &[], &base64_lines(crl));
        }
        m.close("xades:CRLValues");
    }
    if !data.ocsp_responses.is_empty() {
        m.open("xades:OCSPValues", &[]);
        for ocsp in &data.ocsp_responses {
            m.leaf("xades:EncapsulatedOCSPValue", &[], &base64_lines(ocsp));
        }
        m.close("xades:OCSPValues");
    }
}
