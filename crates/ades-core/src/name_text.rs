//! Distinguished names as RFC 4514 text, as reports and errors show them.
//!
//! The same text as `x509-cert`'s `Display` (attribute short names from `const-oid`'s
//! database, upper-cased; RDNs last to first; RFC 4514 §2.4 escaping; `oid=#hex` for values
//! that are not strings), without its cost: the database is searched linearly for every
//! attribute, which made name formatting a third of a CAdES validation. Names found are
//! remembered (a bounded table).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{OnceLock, RwLock};

use const_oid::ObjectIdentifier;
use const_oid::db::DB;
use der::{Encode, Tag, Tagged};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

/// Most attribute types remembered (names with more distinct types are still formatted).
const REMEMBERED: usize = 256;

/// The upper-cased short name of an attribute type, if the database knows one.
fn short_name(oid: &ObjectIdentifier) -> Option<String> {
    static NAMES: OnceLock<RwLock<HashMap<ObjectIdentifier, Option<String>>>> = OnceLock::new();
    let table = NAMES.get_or_init(RwLock::default);
    if let Some(known) = table.read().ok().and_then(|t| t.get(oid).cloned()) {
        return known;
    }
    // The shortest of the database's names (the first on a tie).
    let name = DB
        .find_names_for_oid(*oid)
        .reduce(|best, n| if n.len() < best.len() { n } else { best })
        .map(str::to_ascii_uppercase);
    if let Ok(mut t) = table.write()
        && t.len() < REMEMBERED
    {
        t.insert(*oid, name.clone());
    }
    name
}

/// `name` as RFC 4514 text.
pub fn rfc4514(name: &Name) -> String {
    let mut out = String::new();
    let rdns: &RdnSequence = name.as_ref();
    let rdns: &Vec<RelativeDistinguishedName> = rdns.as_ref();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for (j, atv) in rdn.iter().enumerate() {
            if j > 0 {
                out.push('+');
            }
            write_atv(&mut out, atv);
        }
    }
    out
}

fn write_atv(out: &mut String, atv: &AttributeTypeAndValue) {
    let text = match atv.value.tag() {
        Tag::PrintableString | Tag::Utf8String | Tag::Ia5String | Tag::TeletexString => {
            crate::strings::any_to_string(&atv.value)
        }
        _ => None,
    };
    match (short_name(&atv.oid), text) {
        (Some(key), Some(text)) => {
            out.push_str(&key);
            out.push('=');
            escape_into(out, &text);
        }
        _ => {
            let _ = write!(out, "{}=#", atv.oid);
            for byte in atv.value.to_der().unwrap_or_default() {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
}

/// RFC 4514 §2.4: a leading `#` or space, a trailing space, the specials, and controls.
fn escape_into(out: &mut String, value: &str) {
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\x00'..='\x1f' | '\x7f' => {
                let _ = write!(out, "\\{:02x}", c as u8);
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[test]
    fn same_text_as_x509_cert() {
        for text in [
            "CN=ESPAÑOL ESPAÑOL JUAN - 12345678Z,SERIALNUMBER=IDCES-12345678Z,C=ES",
            "CN=a\\,b+O=x,C=ES",
            "CN=\\ lead and trail\\ ,O=\\#hash",
        ] {
            let name = Name::from_str(text).unwrap();
            assert_eq!(rfc4514(&name), name.to_string(), "{text}");
        }
    }
}
