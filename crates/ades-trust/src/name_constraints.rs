//! Name constraints (RFC 5280 §4.2.1.10, §6.1.3 (b) and (c)): the permitted and excluded
//! subtrees of a CA bind the names of every certificate below it, whether the extension is
//! marked critical or not.
//!
//! Forms checked: directoryName (the subject, by RDN prefix, compared as RFC 5280 §7.1 compares
//! names), rfc822Name (also the subject's emailAddress attributes), dNSName, the host of a
//! uniformResourceIdentifier, and iPAddress. A constraint on another form (otherName,
//! x400Address, ediPartyName, registeredID) refuses a certificate that has a name of that form:
//! it cannot be shown to comply.

use ades_core::const_oid::ObjectIdentifier;
use ades_core::name_match::is_within;
use ades_core::x509_cert::ext::pkix::SubjectAltName;
use ades_core::x509_cert::ext::pkix::constraints::name::{GeneralSubtree, NameConstraints};
use ades_core::x509_cert::ext::pkix::name::GeneralName;
use ades_core::{Certificate, strings};

/// PKCS #9 emailAddress, a legacy subject attribute holding an rfc822Name.
const EMAIL_ADDRESS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.1");

/// Why `subject` breaks the name constraints of `ca`, if it does; `None` when `ca` has none.
pub(crate) fn violation(ca: &Certificate, subject: &Certificate) -> Option<String> {
    let constraints = match ca
        .inner()
        .tbs_certificate()
        .get_extension::<NameConstraints>()
    {
        Ok(None) => return None,
        Ok(Some((_, constraints))) => constraints,
        Err(_) => return Some("its nameConstraints cannot be read".to_owned()),
    };
    let permitted = constraints.permitted_subtrees.unwrap_or_default();
    let excluded = constraints.excluded_subtrees.unwrap_or_default();
    let constrains_mail = permitted
        .iter()
        .chain(&excluded)
        .any(|s| matches!(s.base, GeneralName::Rfc822Name(_)));
    let names = match names_of(subject, constrains_mail) {
        Ok(names) => names,
        Err(why) => return Some(why),
    };
    for name in &names {
        let form_of_name = form(name);
        let of_form: Vec<&GeneralSubtree> = permitted
            .iter()
            .filter(|s| form(&s.base) == form_of_name)
            .collect();
        if !of_form.is_empty() && !of_form.iter().any(|s| within(name, &s.base) == Some(true)) {
            return Some(format!(
                "{} is outside the permitted subtrees",
                describe(name)
            ));
        }
        if let Some(s) = excluded
            .iter()
            .find(|s| form(&s.base) == form_of_name && within(name, &s.base) != Some(false))
        {
            return Some(format!(
                "{} is within the excluded subtree {}",
                describe(name),
                describe(&s.base)
            ));
        }
    }
    None
}

/// The names a certificate carries: its subject (when not empty), the emailAddress attributes
/// of the subject (read when `with_mail`: some constraint is on e-mail addresses), and its
/// subjectAltName entries.
fn names_of(cert: &Certificate, with_mail: bool) -> Result<Vec<GeneralName>, String> {
    let mut names = Vec::new();
    let subject = cert.subject();
    if !subject.is_empty() {
        names.push(GeneralName::DirectoryName(subject.clone()));
    }
    for atv in subject
        .iter()
        .filter(|a| with_mail && a.oid == EMAIL_ADDRESS)
    {
        let address = strings::any_to_string(&atv.value)
            .and_then(|text| ades_core::der::asn1::Ia5String::new(&text).ok())
            .ok_or("its subject has an emailAddress that is not IA5 text")?;
        names.push(GeneralName::Rfc822Name(address));
    }
    match cert
        .inner()
        .tbs_certificate()
        .get_extension::<SubjectAltName>()
    {
        Ok(Some((_, alt))) => names.extend(alt.0),
        Ok(None) => {}
        Err(_) => return Err("its subjectAltName cannot be read".to_owned()),
    }
    Ok(names)
}

/// The name form, as the GeneralName CHOICE tag.
fn form(name: &GeneralName) -> u8 {
    match name {
        GeneralName::OtherName(_) => 0,
        GeneralName::Rfc822Name(_) => 1,
        GeneralName::DnsName(_) => 2,
        GeneralName::DirectoryName(_) => 4,
        GeneralName::EdiPartyName(_) => 5,
        GeneralName::UniformResourceIdentifier(_) => 6,
        GeneralName::IpAddress(_) => 7,
        GeneralName::RegisteredId(_) => 8,
    }
}

/// Whether `name` is within the subtree `base`, both of one form; `None` for a form this
/// validator does not process (neither permitted nor outside an excluded subtree).
fn within(name: &GeneralName, base: &GeneralName) -> Option<bool> {
    Some(match (name, base) {
        (GeneralName::DirectoryName(n), GeneralName::DirectoryName(b)) => is_within(b, n),
        (GeneralName::DnsName(n), GeneralName::DnsName(b)) => dns_within(n.as_str(), b.as_str()),
        (GeneralName::Rfc822Name(n), GeneralName::Rfc822Name(b)) => {
            mailbox_within(n.as_str(), b.as_str())
        }
        // A URI without a domain name for its host (none, or an IP address) cannot be judged
        // against a URI constraint: RFC 5280 §4.2.1.10 has it refused.
        (GeneralName::UniformResourceIdentifier(n), GeneralName::UniformResourceIdentifier(b)) => {
            host_within(
                uri_host(n.as_str()).filter(|h| is_domain_name(h))?,
                b.as_str(),
            )
        }
        (GeneralName::IpAddress(n), GeneralName::IpAddress(b)) => {
            address_within(n.as_bytes(), b.as_bytes())
        }
        _ => return None,
    })
}

/// dNSName: the same name, or a name below it ("example.com" holds "www.example.com", not
/// "badexample.com"); a leading "." (a common variant) holds names below only.
fn dns_within(name: &str, base: &str) -> bool {
    let (name, base) = (name.to_ascii_lowercase(), base.to_ascii_lowercase());
    let name = name.trim_end_matches('.');
    let base = base.trim_end_matches('.');
    if base.is_empty() {
        return true;
    }
    match base.strip_prefix('.') {
        Some(domain) => name.ends_with(&format!(".{domain}")),
        None => name == base || name.ends_with(&format!(".{base}")),
    }
}

/// rfc822Name: a whole mailbox ("a@example.com"), every mailbox of a host ("example.com"),
/// or of the hosts below a domain (".example.com").
fn mailbox_within(name: &str, base: &str) -> bool {
    if base.contains('@') {
        return match (name.rsplit_once('@'), base.rsplit_once('@')) {
            (Some((nl, nh)), Some((bl, bh))) => nl == bl && nh.eq_ignore_ascii_case(bh),
            _ => false,
        };
    }
    let Some((_, host)) = name.rsplit_once('@') else {
        return false;
    };
    host_within(host, base)
}

/// Whether a URI's host is a domain name (not an IPv4 or bracketed IPv6 address).
fn is_domain_name(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_err() && !host.contains(':')
}

/// A host against a host or ".domain" constraint of rfc822Name and URI (a trailing dot, the
/// DNS root, ignored on both).
fn host_within(host: &str, base: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let base = base.trim_end_matches('.').to_ascii_lowercase();
    match base.strip_prefix('.') {
        Some(_) => host.ends_with(&base),
        None => host == base,
    }
}

/// The host of a URI with an authority (`scheme://[user@]host[:port]/…`); `None` for URIs
/// without one (RFC 5280: such a name cannot be within a URI constraint).
fn uri_host(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

/// iPAddress: the constraint is an address and a mask of twice the address length. An
/// IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is the IPv4 address it maps.
fn address_within(address: &[u8], base: &[u8]) -> bool {
    const MAPPED: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF];
    let address = match address.split_at_checked(12) {
        Some((prefix, v4)) if base.len() == 8 && address.len() == 16 && prefix == MAPPED => v4,
        _ => address,
    };
    let (net, mask) = base.split_at(base.len() / 2);
    base.len() == 2 * address.len()
        && address
            .iter()
            .zip(net)
            .zip(mask)
            .all(|((a, n), m)| a & m == n & m)
}

/// A name for a message.
fn describe(name: &GeneralName) -> String {
    match name {
        GeneralName::DirectoryName(n) => format!("directoryName \"{n}\""),
        GeneralName::DnsName(n) => format!("dNSName {}", n.as_str()),
        GeneralName::Rfc822Name(n) => format!("rfc822Name {}", n.as_str()),
        GeneralName::UniformResourceIdentifier(n) => format!("URI {}", n.as_str()),
        GeneralName::IpAddress(n) => format!("iPAddress {:02x?}", n.as_bytes()),
        other => format!(
            "a name of form [{}], which this validator does not process",
            form(other)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names_are_within_their_domain_only() {
        assert!(dns_within("example.com", "example.com"));
        assert!(dns_within("www.Example.com", "example.COM"));
        assert!(!dns_within("badexample.com", "example.com"));
        assert!(!dns_within("example.com", ".example.com"));
        assert!(dns_within("a.example.com", ".example.com"));
        assert!(dns_within("anything.org", ""));
    }

    #[test]
    fn mailboxes_hosts_and_domains() {
        assert!(mailbox_within("ana@madrid.es", "madrid.es"));
        assert!(!mailbox_within("ana@sede.madrid.es", "madrid.es"));
        assert!(mailbox_within("ana@sede.madrid.es", ".madrid.es"));
        assert!(mailbox_within("ana@MADRID.es", "ana@madrid.es"));
        assert!(!mailbox_within("eva@madrid.es", "ana@madrid.es"));
        assert!(!mailbox_within("no-at-sign", "madrid.es"));
    }

    #[test]
    fn uris_without_a_domain_name_cannot_be_judged() {
        let uri = |s: &str| {
            GeneralName::UniformResourceIdentifier(ades_core::der::asn1::Ia5String::new(s).unwrap())
        };
        let base = uri(".evil.com");
        assert_eq!(within(&uri("http://x.evil.com/"), &base), Some(true));
        // A trailing dot names the same host.
        assert_eq!(within(&uri("http://x.evil.com./"), &base), Some(true));
        assert_eq!(within(&uri("http://good.org/"), &base), Some(false));
        // No host, or an address for a host: refused under any URI constraint.
        assert_eq!(within(&uri("urn:oid:1.2.3"), &base), None);
        assert_eq!(within(&uri("http://10.0.0.1/"), &base), None);
        assert_eq!(within(&uri("http://[::1]/"), &base), None);
    }

    #[test]
    fn uri_hosts() {
        assert_eq!(
            uri_host("https://user@sede.madrid.es:443/x?y"),
            Some("sede.madrid.es")
        );
        assert_eq!(uri_host("http://[::1]:80/"), Some("::1"));
        assert_eq!(uri_host("urn:oid:1.2.3"), None);
    }

    #[test]
    fn addresses_within_their_network() {
        let net = [10, 1, 0, 0, 255, 255, 0, 0];
        assert!(address_within(&[10, 1, 2, 3], &net));
        assert!(!address_within(&[10, 2, 2, 3], &net));
        assert!(!address_within(&[0u8; 16], &net));
        let mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 1, 2, 3];
        assert!(address_within(&mapped, &net));
    }
}
