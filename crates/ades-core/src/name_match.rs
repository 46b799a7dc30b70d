//! Matching issuer names and serial numbers as RFC 5280 says, not byte for byte: signers
//! re-encode the issuer of an ESS `IssuerSerial` or a `SignerInfo` (a PrintableString
//! written back as UTF8String, other case or spacing), and serial numbers are integers, not
//! octet strings (a redundant leading zero byte does not make another certificate).

use der::Decode;
use x509_cert::name::Name;

/// Whether two DER `Name`s name the same entity (RFC 5280 §7.1): the same RDNs in the same
/// order, each with the same attribute types, string values compared after dropping the string
/// type, case folding and whitespace folding (RFC 4518, simplified), other values byte for byte.
pub fn same_name(a_der: &[u8], b_der: &[u8]) -> bool {
    if a_der == b_der {
        return true;
    }
    let (Ok(a), Ok(b)) = (Name::from_der(a_der), Name::from_der(b_der)) else {
        return false;
    };
    let a: Vec<_> = a.iter_rdn().collect();
    let b: Vec<_> = b.iter_rdn().collect();
    a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| same_rdn(x, y))
}

/// Whether the RDNs of `prefix` begin `name`, compared as [`same_name`] compares them: `name`
/// is within the directoryName subtree `prefix` (RFC 5280 §4.2.1.10). An empty `prefix` holds
/// every name.
pub fn is_within(prefix: &Name, name: &Name) -> bool {
    let prefix: Vec<_> = prefix.iter_rdn().collect();
    let name: Vec<_> = name.iter_rdn().collect();
    prefix.len() <= name.len() && prefix.iter().zip(&name).all(|(x, y)| same_rdn(x, y))
}

fn same_rdn(
    x: &x509_cert::name::RelativeDistinguishedName,
    y: &x509_cert::name::RelativeDistinguishedName,
) -> bool {
    let x: Vec<_> = x.iter().collect();
    let y: Vec<_> = y.iter().collect();
    x.len() == y.len()
        && x.iter().all(|atv| {
            y.iter()
                .any(|other| atv.oid == other.oid && same_value(&atv.value, &other.value))
        })
}

fn same_value(a: &der::Any, b: &der::Any) -> bool {
    match (
        crate::strings::any_to_string(a),
        crate::strings::any_to_string(b),
    ) {
        (Some(x), Some(y)) => fold(&x) == fold(&y),
        _ => a == b,
    }
}

/// Case folded, leading and trailing spaces removed, inner runs of spaces made one.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether two INTEGER contents are the same number (redundant leading `00` or `FF` bytes,
/// which BER tolerates and some encoders write, do not count).
pub fn same_serial(a: &[u8], b: &[u8]) -> bool {
    minimal_integer(a) == minimal_integer(b)
}

/// The contents of an INTEGER without redundant leading `00` / `FF` bytes (the DER form).
pub fn minimal_integer(mut bytes: &[u8]) -> &[u8] {
    while let [first, second, ..] = bytes {
        let redundant = (*first == 0x00 && *second < 0x80) || (*first == 0xFF && *second >= 0x80);
        if !redundant {
            break;
        }
        bytes = &bytes[1..];
    }
    bytes
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use der::Encode;

    use super::*;

    fn der(text: &str) -> Vec<u8> {
        Name::from_str(text).unwrap().to_der().unwrap()
    }

    #[test]
    fn names_match_across_string_types_case_and_spacing() {
        let utf8 = der("CN=LevelBCAOK,O=ETSI,C=FR");
        // The same name with its values as PrintableString.
        let mut printable = utf8.clone();
        for i in 0..printable.len() - 1 {
            if printable[i] == 0x0c && printable[i + 1] < 0x20 {
                printable[i] = 0x13;
            }
        }
        assert_ne!(utf8, printable);
        assert!(same_name(&utf8, &printable));
        assert!(same_name(
            &der("CN=Level  BCAOK,O=etsi,C=FR"),
            &der("CN=level bcaok,O=ETSI,C=FR")
        ));
        assert!(!same_name(
            &der("CN=LevelBCAOK,O=ETSI,C=FR"),
            &der("CN=LevelBCAOK,O=ETSI,C=ES")
        ));
        assert!(
            !same_name(&der("CN=A,O=B"), &der("O=B,CN=A")),
            "RDN order matters"
        );
        assert!(!same_name(b"\x30\x03garbage", &utf8));
    }

    #[test]
    fn serials_are_integers() {
        assert!(same_serial(&[0x00, 0x50, 0x51], &[0x50, 0x51]));
        assert!(same_serial(&[0x00, 0x80], &[0x00, 0x80]));
        assert!(!same_serial(&[0x00, 0x80], &[0x80]), "+128 is not -128");
        assert!(same_serial(&[0xFF, 0x80], &[0x80]));
        assert!(!same_serial(&[0x01], &[0x02]));
    }
}
