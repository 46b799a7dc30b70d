//! `ades inspect`: the structure of a signature, without judging it.

use std::fmt::Write;
use std::path::PathBuf;

use ades::cades::attributes::{self, Attribute};
use ades::cades::{SignedData, SignerId, SignerInfo};
use ades::core::{datetime, oid, strings};

use crate::error::CliError;
use crate::output::{print, read_file};

/// Options of `ades inspect`.
#[derive(Debug, clap::Args)]
pub(crate) struct InspectArgs {
    /// The signature file.
    pub(crate) signature: PathBuf,
}

/// Runs `ades inspect`.
pub(crate) fn run(args: &InspectArgs) -> Result<u8, CliError> {
    let bytes = read_file(&args.signature)?;
    if ades::sniff(&bytes) == Some(ades::Format::Xades) {
        print(&crate::cmd::inspect_xades::describe(&bytes)?)?;
        return Ok(0);
    }
    let sd = SignedData::from_bytes(&bytes)?;
    print(&describe(&sd))?;
    Ok(0)
}

/// The description of a `SignedData`.
pub(crate) fn describe(sd: &SignedData) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "CMS SignedData, content type {}", sd.content_type());
    match sd.content() {
        Some(c) => {
            let _ = writeln!(out, "content: attached (implicit), {} bytes", c.len());
        }
        None => {
            let _ = writeln!(out, "content: detached (explicit)");
        }
    }
    let _ = writeln!(out, "certificates: {}", sd.certificates().len());
    for c in sd.certificates() {
        let _ = writeln!(
            out,
            "  - {} (serial {}, valid {} .. {})",
            c.subject_text(),
            c.serial_hex(),
            datetime::rfc3339(c.not_before()),
            datetime::rfc3339(c.not_after())
        );
    }
    if !sd.crls().is_empty() {
        let _ = writeln!(out, "revocation values: {}", sd.crls().len());
    }
    for (i, si) in sd.signer_infos().iter().enumerate() {
        describe_signer(&mut out, si, &format!("signer {}", i + 1), 0);
    }
    out
}

fn describe_signer(out: &mut String, si: &SignerInfo, label: &str, depth: usize) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(out, "{pad}{label}:");
    let sid = match si.signer_id() {
        SignerId::IssuerAndSerial { serial, .. } => {
            format!(
                "issuer and serial {}",
                serial
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect::<String>()
            )
        }
        SignerId::SubjectKeyId(id) => format!(
            "subject key id {}",
            id.iter().map(|b| format!("{b:02x}")).collect::<String>()
        ),
    };
    let _ = writeln!(out, "{pad}  sid: {sid}");
    let _ = writeln!(out, "{pad}  digest: {}", si.digest_algorithm().oid);
    let _ = writeln!(
        out,
        "{pad}  signature algorithm: {}",
        si.signature_algorithm().oid
    );
    let _ = writeln!(out, "{pad}  signed attributes:");
    for a in si.signed_attributes() {
        let _ = writeln!(out, "{pad}    {}", attribute_line(a));
    }
    if !si.unsigned_attributes().is_empty() {
        let _ = writeln!(out, "{pad}  unsigned attributes:");
        for a in si.unsigned_attributes() {
            let _ = writeln!(
                out,
                "{pad}    {} ({} value(s))",
                attribute_name(a),
                a.values.len()
            );
        }
    }
    for (i, c) in si.counter_signatures().iter().enumerate() {
        describe_signer(out, c, &format!("counter-signature {}", i + 1), depth + 2);
    }
}

fn attribute_name(a: &Attribute) -> String {
    let name = match a.oid {
        o if o == oid::ATTR_CONTENT_TYPE => "content-type",
        o if o == oid::ATTR_MESSAGE_DIGEST => "message-digest",
        o if o == oid::ATTR_SIGNING_TIME => "signing-time",
        o if o == oid::ATTR_COUNTER_SIGNATURE => "countersignature",
        o if o == oid::ATTR_CONTENT_HINTS => "content-hints",
        o if o == oid::ATTR_SIGNING_CERTIFICATE => "signing-certificate",
        o if o == oid::ATTR_SIGNING_CERTIFICATE_V2 => "signing-certificate-v2",
        o if o == oid::ATTR_SIGNATURE_POLICY => "signature-policy-identifier",
        o if o == oid::ATTR_SIGNER_LOCATION => "signer-location",
        o if o == oid::ATTR_SIGNER_ATTRIBUTES => "signer-attributes",
        o if o == oid::ATTR_SIGNER_ATTRIBUTES_V2 => "signer-attributes-v2",
        o if o == oid::ATTR_COMMITMENT_TYPE => "commitment-type-indication",
        o if o == oid::ATTR_CONTENT_REFERENCE => "content-reference",
        o if o == oid::ATTR_CONTENT_IDENTIFIER => "content-identifier",
        o if o == oid::ATTR_CONTENT_TIMESTAMP => "content-time-stamp",
        o if o == oid::ATTR_SIGNATURE_TIMESTAMP => "signature-time-stamp",
        o if o == oid::ATTR_CERTIFICATE_REFS => "complete-certificate-references",
        o if o == oid::ATTR_REVOCATION_REFS => "complete-revocation-references",
        o if o == oid::ATTR_CERT_VALUES => "certificate-values",
        o if o == oid::ATTR_REVOCATION_VALUES => "revocation-values",
        o if o == oid::ATTR_ARCHIVE_TIMESTAMP_V2 => "archive-time-stamp-v2",
        o if o == oid::ATTR_CMS_ALGORITHM_PROTECTION => "cms-algorithm-protection",
        _ => return a.oid.to_string(),
    };
    name.to_owned()
}

fn attribute_line(a: &Attribute) -> String {
    let name = attribute_name(a);
    let Ok(value) = a.single_value() else {
        return format!("{name} ({} values)", a.values.len());
    };
    let detail = match a.oid {
        o if o == oid::ATTR_SIGNING_TIME => {
            datetime::decode_time(value).ok().map(datetime::rfc3339)
        }
        o if o == oid::ATTR_CONTENT_TYPE => attributes::parse_oid_value(value)
            .ok()
            .map(|o| o.to_string()),
        o if o == oid::ATTR_MESSAGE_DIGEST => {
            attributes::parse_octet_string(value).ok().map(|d| hex(&d))
        }
        o if o == oid::ATTR_CONTENT_HINTS => attributes::parse_content_hints(value)
            .ok()
            .map(|(d, t)| format!("{} ({t})", d.unwrap_or_default())),
        o if o == oid::ATTR_SIGNATURE_POLICY => attributes::parse_signature_policy(value)
            .ok()
            .map(|p| format!("{p:?}")),
        o if o == oid::ATTR_SIGNER_LOCATION => attributes::parse_signer_location(value)
            .ok()
            .map(|l| format!("{l:?}")),
        o if o == oid::ATTR_SIGNER_ATTRIBUTES || o == oid::ATTR_SIGNER_ATTRIBUTES_V2 => {
            attributes::parse_claimed_roles(value)
                .ok()
                .map(|r| r.join(", "))
        }
        o if o == oid::ATTR_COMMITMENT_TYPE => attributes::parse_commitment_type(value)
            .ok()
            .map(|o| o.to_string()),
        o if o == oid::ATTR_CONTENT_IDENTIFIER => attributes::parse_octet_string(value)
            .ok()
            .map(|d| strings::decode_string(strings::UTF8_STRING, &d).unwrap_or_else(|| hex(&d))),
        _ => None,
    };
    match detail {
        Some(d) => format!("{name}: {d}"),
        None => name,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
