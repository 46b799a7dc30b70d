//! The CMS algorithm-protection attribute (RFC 6211): the signer signs which digest and
//! signature algorithms it used, so an attacker cannot swap the unsigned `digestAlgorithm` or
//! `signatureAlgorithm` fields of the `SignerInfo` for weaker ones. OpenSSL 3 writes it on
//! every signature.

use ades_core::algorithm::AlgorithmId;
use ades_core::ber::{self, Reader};
use ades_core::cms::SignerInfo;
use ades_core::report::CheckList;
use ades_core::{CheckId, SubIndication, oid};

/// Checks the attribute when the signer included it; reports nothing otherwise.
pub(crate) fn check(si: &SignerInfo, checks: &mut CheckList) {
    let Some(attribute) = si.signed_attribute(oid::ATTR_CMS_ALGORITHM_PROTECTION) else {
        return;
    };
    let protected = attribute.single_value().ok().and_then(read);
    let Some((digest, signature, mac)) = protected else {
        checks.fail(
            CheckId::AlgorithmProtection,
            SubIndication::FormatFailure,
            "the CMS algorithm-protection attribute cannot be read (RFC 6211)",
        );
        return;
    };
    let problem = if mac {
        Some("it names a MAC algorithm, which a signature has none of".to_owned())
    } else if !same(&digest, si.digest_algorithm()) {
        Some(format!(
            "it names digest {} but the SignerInfo says {}",
            digest.oid,
            si.digest_algorithm().oid
        ))
    } else {
        match signature {
            None => Some("it names no signature algorithm".to_owned()),
            Some(s) if !same(&s, si.signature_algorithm()) => Some(format!(
                "it names signature algorithm {} but the SignerInfo says {}",
                s.oid,
                si.signature_algorithm().oid
            )),
            Some(_) => None,
        }
    };
    match problem {
        None => {
            checks.pass(
                CheckId::AlgorithmProtection,
                "the signed CMS algorithm-protection attribute names the SignerInfo's algorithms (RFC 6211)",
            );
        }
        Some(why) => {
            checks.fail(
                CheckId::AlgorithmProtection,
                SubIndication::SigCryptoFailure,
                format!("algorithm substitution (RFC 6211 §3): {why}"),
            );
        }
    }
}

/// `CMSAlgorithmProtection ::= SEQUENCE { digestAlgorithm, signatureAlgorithm [1] IMPLICIT
/// OPTIONAL, macAlgorithm [2] IMPLICIT OPTIONAL }`: the two algorithms and whether a MAC
/// algorithm is named.
fn read(value: &[u8]) -> Option<(AlgorithmId, Option<AlgorithmId>, bool)> {
    let top = Reader::single(value).ok()?;
    let mut fields = top.expect_tag(ber::SEQUENCE).ok()?.children().ok()?;
    let digest = AlgorithmId::parse(&fields.read_tag(ber::SEQUENCE).ok()?).ok()?;
    let (mut signature, mut mac) = (None, false);
    while let Some(field) = fields.next_element().ok()? {
        let as_sequence = ber::tlv(ber::SEQUENCE, field.content());
        match field.tag() {
            0xA1 => signature = Some(AlgorithmId::from_der(&as_sequence).ok()?),
            0xA2 => mac = true,
            _ => return None,
        }
    }
    Some((digest, signature, mac))
}

/// The same algorithm: the same OID, and parameters equal, absent and NULL being the same.
fn same(a: &AlgorithmId, b: &AlgorithmId) -> bool {
    let null_or_absent = |p: &Option<Vec<u8>>| p.as_deref().is_none_or(|p| p == [0x05, 0x00]);
    a.oid == b.oid
        && (a.parameters == b.parameters
            || (null_or_absent(&a.parameters) && null_or_absent(&b.parameters)))
}
