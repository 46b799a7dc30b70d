//! Archive-time-stamp-v2 (TS 101 733 §6.4.1, RFC 5126), read only: written by older CAdES-A
//! signers (AutoFirma, earlier EU DSS). Its imprint covers, each as encoded:
//!
//! ```text
//! encapContentInfo || external content (when detached) || certificates [0] || crls [1] ||
//! version || sid || digestAlgorithm || signedAttrs || signatureAlgorithm || signature ||
//! unsignedAttrs [1]  -- every unsigned attribute but this time-stamp and later ones
//! ```
//!
//! The `SignedData` is re-encoded for this (definite lengths; the sets in the order read, then
//! sorted as DER would), so a file whose encoding cannot be reproduced, or whose
//! time-stamped attributes were merged into later, cannot be confirmed: the time-stamp is then
//! no proof of existence (INDETERMINATE), never a pass.

use std::io::{self, Write};

use ades_core::algorithm::encode_oid;
use ades_core::ber::{self, constructed, tlv};
use ades_core::cms::{Attribute, SignedData, SignerInfo};
use ades_core::digest::Digester;
use ades_core::time::OffsetDateTime;
use ades_core::validation::DetachedContent;
use ades_core::{DigestAlgorithm, oid};

/// The digests of the readings of the input of an archive-time-stamp-v2 of `si` made at
/// `stamped`; `Err` when the content is detached and not given.
pub(crate) fn imprints(
    sd: &SignedData,
    si: &SignerInfo,
    stamped: OffsetDateTime,
    content: Option<&dyn DetachedContent>,
    alg: DigestAlgorithm,
) -> io::Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for sorted in [false, true] {
        let mut d = Digester::new(alg);
        write_input(sd, si, stamped, content, sorted, &mut d)?;
        out.push(d.finish());
    }
    Ok(out)
}

fn write_input(
    sd: &SignedData,
    si: &SignerInfo,
    stamped: OffsetDateTime,
    content: Option<&dyn DetachedContent>,
    sorted: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let content_type = encode_oid(&sd.content_type());
    match sd.content() {
        Some(c) => out.write_all(&constructed(
            ber::SEQUENCE,
            &[
                &content_type,
                &tlv(ber::context_constructed(0), &tlv(ber::OCTET_STRING, c)),
            ],
        ))?,
        None => {
            out.write_all(&tlv(ber::SEQUENCE, &content_type))?;
            let content = content.ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::NotFound,
                    "the detached content is needed to verify an archive-time-stamp-v2",
                )
            })?;
            content.write_to(out)?;
        }
    }
    let set = |tag: u8, mut items: Vec<Vec<u8>>| {
        if sorted {
            items.sort();
        }
        tlv(tag, &items.concat())
    };
    let mut certificates: Vec<Vec<u8>> =
        sd.certificates().iter().map(|c| c.der().to_vec()).collect();
    certificates.extend(sd.other_certificates().iter().cloned());
    if !certificates.is_empty() {
        out.write_all(&set(ber::context_constructed(0), certificates))?;
    }
    if !sd.crls().is_empty() {
        out.write_all(&set(ber::context_constructed(1), sd.crls().to_vec()))?;
    }
    out.write_all(&si.archive_fields())?;
    let covered: Vec<Vec<u8>> = si
        .unsigned_attributes()
        .iter()
        .filter(|a| !is_archive_timestamp_since(a, stamped))
        .map(|a| a.raw.clone())
        .collect();
    out.write_all(&set(ber::context_constructed(1), covered))
}

/// Whether `a` is an archive time-stamp made at or after `stamped` (the one being verified
/// and those that cover it).
fn is_archive_timestamp_since(a: &Attribute, stamped: OffsetDateTime) -> bool {
    let archive = [
        oid::ATTR_ARCHIVE_TIMESTAMP,
        oid::ATTR_ARCHIVE_TIMESTAMP_V2,
        oid::ATTR_ARCHIVE_TIMESTAMP_V3,
    ];
    archive.contains(&a.oid)
        && a.values.iter().any(|v| {
            ades_tsp::TimeStampToken::from_der(v).map_or(true, |t| t.gen_time() >= stamped)
        })
}
