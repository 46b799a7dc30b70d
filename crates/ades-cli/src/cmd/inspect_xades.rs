//! `ades inspect` on an XML file: each signature's references, transforms, signed properties
//! and counter-signatures, as written, without judging them.

use std::fmt::Write;

use ades::core::policy::PolicyReference;
use ades::xades::dsig::SignatureElement;
use ades::xades::{
    Document, Limits, NodeId, counter_signatures, read_signed_properties, top_level_signatures,
};

use crate::error::CliError;

/// The description of every signature of an XML document.
pub(crate) fn describe(bytes: &[u8]) -> Result<String, CliError> {
    let doc = Document::parse(bytes, &Limits::default()).map_err(ades::xades::Error::from)?;
    let root = doc.document_element();
    let mut out = String::new();
    let signatures = top_level_signatures(&doc);
    let _ = writeln!(
        out,
        "XML document, root <{}>, {} signature(s)",
        doc.name(root).unwrap_or("?"),
        signatures.len()
    );
    for (i, s) in signatures.into_iter().enumerate() {
        signature(&mut out, &doc, s, &format!("signature {}", i + 1), 0);
    }
    Ok(out)
}

fn signature(out: &mut String, doc: &Document, node: NodeId, label: &str, depth: usize) {
    let pad = "  ".repeat(depth);
    let sig = match SignatureElement::read(doc, node) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(out, "{pad}{label}: unreadable: {e}");
            return;
        }
    };
    let _ = writeln!(
        out,
        "{pad}{label}: Id {}, {}",
        sig.id.as_deref().unwrap_or("(none)"),
        sig.signature_method
    );
    let _ = writeln!(
        out,
        "{pad}  canonicalization: {}",
        sig.canonicalization.uri()
    );
    for (n, r) in sig.references.iter().enumerate() {
        let transforms = match &r.transforms {
            Ok(t) if t.is_empty() => "no transform".to_owned(),
            Ok(t) => format!("{} transform(s)", t.len()),
            Err(e) => format!("unusable transforms: {e}"),
        };
        let _ = writeln!(
            out,
            "{pad}  reference {}: URI {:?}{}, {transforms}, {}",
            n + 1,
            r.uri.as_deref().unwrap_or("(none)"),
            r.reference_type
                .as_deref()
                .map(|t| format!(" type {t}"))
                .unwrap_or_default(),
            r.digest_method
        );
    }
    for c in &sig.key_info_certificates {
        let _ = writeln!(out, "{pad}  KeyInfo certificate: {}", c.subject_text());
    }
    let sp = doc
        .descendants(node)
        .find(|&n| doc.local_name(n) == Some("SignedProperties"));
    if let Some(sp) = sp {
        let p = read_signed_properties(doc, sp);
        let _ = writeln!(
            out,
            "{pad}  XAdES namespace: {}",
            doc.namespace(sp).unwrap_or("?")
        );
        if let Some(Ok(t)) = &p.signing_time {
            let _ = writeln!(
                out,
                "{pad}  SigningTime: {}",
                ades::core::datetime::rfc3339(*t)
            );
        }
        match &p.policy {
            Some(Ok(PolicyReference::Explicit { identifier, .. })) => {
                let _ = writeln!(out, "{pad}  SignaturePolicyIdentifier: {identifier}");
            }
            Some(Ok(PolicyReference::Implied)) => {
                let _ = writeln!(out, "{pad}  SignaturePolicyIdentifier: implied");
            }
            Some(Err(e)) => {
                let _ = writeln!(out, "{pad}  SignaturePolicyIdentifier: unreadable ({e})");
            }
            None => {}
        }
        for f in &p.data_object_formats {
            let _ = writeln!(
                out,
                "{pad}  DataObjectFormat: {} for {}",
                f.mime_type.as_deref().unwrap_or("(no MimeType)"),
                f.object_reference
                    .as_deref()
                    .unwrap_or("(no ObjectReference)")
            );
        }
        if !p.claimed_roles.is_empty() {
            let _ = writeln!(out, "{pad}  ClaimedRoles: {}", p.claimed_roles.join(", "));
        }
    } else {
        let _ = writeln!(out, "{pad}  no xades:SignedProperties (plain XML-DSig)");
    }
    let unsigned: Vec<&str> = doc
        .descendants(node)
        .filter(|&n| {
            doc.parent(n)
                .is_some_and(|p| doc.local_name(p) == Some("UnsignedSignatureProperties"))
        })
        .filter(|&n| {
            // Only this signature's own properties, not those of nested counter-signatures.
            doc.ancestors(n)
                .find(|&a| doc.local_name(a) == Some("Signature"))
                == Some(node)
        })
        .filter_map(|n| doc.local_name(n))
        .collect();
    if !unsigned.is_empty() {
        let _ = writeln!(out, "{pad}  unsigned properties: {}", unsigned.join(", "));
    }
    for (i, c) in counter_signatures(doc, node).into_iter().enumerate() {
        signature(
            out,
            doc,
            c,
            &format!("counter-signature {}", i + 1),
            depth + 1,
        );
    }
}
