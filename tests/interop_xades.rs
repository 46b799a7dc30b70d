//! Interoperability of our XAdES signatures with peers we did not write: xmlsec1 (libxmlsec,
//! trust anchor the test root, key only from the X509 data) and signxml's XAdESVerifier
//! (references, chain, SigningCertificate, policy identifier and hash). Installed by
//! scripts/test.sh; a missing peer fails the test.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failure is a panic

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use ades::core::content::ContentSource;
use ades::xades::{CounterSignatureBuilder, XadesBuilder, XadesOptions};
use ades::{DataFormat, MadridPolicy, Sha256, Sha512};
use ades_testkit::TestPki;
use common::{MADRID_HASH_B64, MADRID_OID, Workspace, peer_python, run};

const ACTA: &[u8] = b"Acta de la Junta de Gobierno\n";
const INVOICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Factura xmlns="urn:example:factura"><Emisor>Ayuntamiento de Madrid</Emisor><Importe moneda="EUR">1210.00</Importe></Factura>
"#;

/// xmlsec1 on every top-level signature of `file`, with every `Id` attribute registered.
fn xmlsec1(ws: &Workspace, file: &Path, ids: &[(&str, &str)]) {
    let count = {
        let text = std::fs::read_to_string(file).unwrap();
        let doc =
            ades::xades::Document::parse(text.as_bytes(), &ades::xades::Limits::default()).unwrap();
        doc.elements_by_name(Some(ades::xades::names::DS), "Signature")
            .filter(|&s| {
                !doc.ancestors(s)
                    .any(|a| doc.has_name(a, Some(ades::xades::names::DS), "Signature"))
            })
            .count()
    };
    assert!(count >= 1);
    for i in 1..=count {
        let xpath = format!(
            "(//*[local-name()='Signature' and namespace-uri()='http://www.w3.org/2000/09/xmldsig#'][not(ancestor::*[local-name()='Signature'])])[{i}]"
        );
        let mut cmd = Command::new("xmlsec1");
        cmd.args(["--verify", "--enabled-key-data", "x509", "--trusted-pem"])
            .arg(ws.path("root.pem"))
            .arg("--untrusted-pem")
            .arg(ws.path("ape.pem"));
        for (attr, node) in ids {
            cmd.arg(format!("--id-attr:{attr}")).arg(node);
        }
        // xmlsec1 resolves relative reference URIs against its working directory.
        cmd.arg("--node-xpath")
            .arg(&xpath)
            .arg(file)
            .current_dir(file.parent().unwrap());
        let out = run(&mut cmd);
        assert!(
            out.status.success(),
            "xmlsec1 refused signature {i} of {}:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// signxml's XAdESVerifier with the Madrid policy expectations.
fn signxml(ws: &Workspace, file: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/xades_peer.py");
    let out = run(Command::new(peer_python())
        .arg(script)
        .arg(file)
        .arg(ws.path("root.pem"))
        .args([
            "--policy-oid",
            MADRID_OID,
            "--policy-hash-b64",
            MADRID_HASH_B64,
        ]));
    assert!(
        out.status.success(),
        "signxml refused {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

const XADES_IDS: [(&str, &str); 4] = [
    ("Id", "http://www.w3.org/2000/09/xmldsig#:Signature"),
    ("Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties"),
    ("Id", "http://www.w3.org/2000/09/xmldsig#:SignatureValue"),
    ("Id", "http://www.w3.org/2000/09/xmldsig#:Object"),
];

fn write(ws: &Workspace, name: &str, bytes: &[u8]) -> PathBuf {
    ws.write(name, bytes)
}

fn builder() -> XadesBuilder<MadridPolicy, ades::xades::SigningCertificate, DataFormat> {
    let pki = TestPki::shared();
    XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer1.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
}

#[test]
fn internally_detached_is_accepted_by_xmlsec1_and_signxml() {
    let ws = Workspace::new();
    let sig = builder()
        .internally_detached("acta.txt", ACTA)
        .sign::<Sha256>(&TestPki::shared().signer1.key, ades::core::datetime::now())
        .unwrap();
    let file = write(&ws, "acta.xsig", sig.as_bytes());
    let mut ids = XADES_IDS.to_vec();
    ids.push(("Id", "documentoOriginal"));
    xmlsec1(&ws, &file, &ids);
    signxml(&ws, &file);
}

#[test]
fn enveloped_with_a_default_namespace_is_accepted() {
    let ws = Workspace::new();
    let sig = builder()
        .data_format(DataFormat::mime("text/xml"))
        .enveloped(INVOICE)
        .options(XadesOptions {
            claimed_roles: vec!["emisor".into()],
            ..XadesOptions::default()
        })
        .sign::<Sha512>(&TestPki::shared().signer1.key, ades::core::datetime::now())
        .unwrap();
    let file = write(&ws, "factura.xsig", sig.as_bytes());
    xmlsec1(&ws, &file, &XADES_IDS);
    signxml(&ws, &file);
}

#[test]
fn enveloping_is_accepted() {
    let ws = Workspace::new();
    let sig = builder()
        .enveloping(ACTA)
        .sign::<Sha256>(&TestPki::shared().signer1.key, ades::core::datetime::now())
        .unwrap();
    let file = write(&ws, "env.xsig", sig.as_bytes());
    xmlsec1(&ws, &file, &XADES_IDS);
    signxml(&ws, &file);
}

#[test]
fn counter_signed_and_co_signed_documents_stay_valid_for_xmlsec1() {
    let ws = Workspace::new();
    let pki = TestPki::shared();
    let master = builder()
        .internally_detached("acta.txt", ACTA)
        .sign::<Sha256>(&pki.signer1.key, ades::core::datetime::now())
        .unwrap();
    let cs = CounterSignatureBuilder::new(MadridPolicy::default(), master.into_bytes(), vec![0])
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .sign::<Sha256>(&pki.signer2.key, ades::core::datetime::now())
        .unwrap();
    let co = XadesBuilder::new(MadridPolicy::default())
        .signer_certificate(pki.signer2.certificate.clone(), pki.chain())
        .data_format(DataFormat::mime("text/plain"))
        .cosign(cs.into_bytes())
        .sign::<Sha256>(&pki.signer2.key, ades::core::datetime::now())
        .unwrap();
    let file = write(&ws, "both.xsig", co.as_bytes());
    let mut ids = XADES_IDS.to_vec();
    ids.push(("Id", "documentoOriginal"));
    // Both top-level signatures (the first carrying the counter-signature).
    xmlsec1(&ws, &file, &ids);
}

#[test]
fn detached_is_accepted_by_xmlsec1_with_the_file_beside_it() {
    let ws = Workspace::new();
    let content = write(&ws, "acta.txt", ACTA);
    let sig = builder()
        .detached("acta.txt", ContentSource::Bytes(ACTA.to_vec()))
        .sign::<Sha256>(&TestPki::shared().signer1.key, ades::core::datetime::now())
        .unwrap();
    let file = write(&ws, "acta.txt.xsig", sig.as_bytes());
    assert!(content.exists());
    xmlsec1(&ws, &file, &XADES_IDS);
}

/// A plain XML-DSig signature made by xmlsec1 (enveloped, `RSAKeyValue` only, no XAdES
/// properties, no certificate): read as XML-DSig, its reference and signature value verified
/// with the bare key, the signer not identified; a changed byte of the signed text fails.
#[test]
fn plain_xml_dsig_from_xmlsec1_is_judged_for_what_it_is() {
    let ws = Workspace::new();
    let template = r#"<?xml version="1.0" encoding="UTF-8"?>
<Acta xmlns="urn:example:acta"><Texto>Sesion ordinaria</Texto><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms><DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><KeyValue/></KeyInfo></Signature></Acta>
"#;
    let input = write(&ws, "template.xml", template.as_bytes());
    let output = ws.path("signed.xml");
    let out = run(Command::new("xmlsec1")
        .arg("--sign")
        .arg("--privkey-pem")
        .arg(ws.path("signer1.key.pem"))
        .arg("--output")
        .arg(&output)
        .arg(&input));
    assert!(
        out.status.success(),
        "xmlsec1: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let signed = std::fs::read(&output).unwrap();
    assert!(String::from_utf8_lossy(&signed).contains("<Modulus>"));
    let policy = ades::policy::known::madrid(&MadridPolicy::default());
    let validate = |bytes: &[u8]| {
        ades::xades::XadesValidator::new(&policy)
            .validate(bytes, "signed.xml")
            .unwrap()
            .signatures
            .remove(0)
    };
    let report = validate(&signed);
    assert_eq!(report.level, ades::core::LevelReached::XmlDsig);
    let outcome = |name: ades::core::CheckId| {
        report
            .checks
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.outcome)
    };
    assert_eq!(
        outcome(ades::core::CheckId::ReferenceDigest),
        Some(ades::core::Outcome::Passed)
    );
    assert_eq!(
        outcome(ades::core::CheckId::SignatureValue),
        Some(ades::core::Outcome::Passed)
    );
    assert_eq!(report.indication, ades::core::Indication::Indeterminate);
    let changed =
        String::from_utf8_lossy(&signed).replace("Sesion ordinaria", "Sesion extraordinaria");
    let report = validate(changed.as_bytes());
    assert_eq!(report.indication, ades::core::Indication::TotalFailed);
}
