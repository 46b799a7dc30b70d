//! The Spanish certificate profiles the Madrid policy admits (§4.1), recognised by their
//! certificate policy OIDs and reported with the validation: DNIe, FNMT-RCM natural person
//! (class 2), FNMT-RCM representative, and the AGE profiles of public employee, electronic
//! office (sede) and organ seal (sello) that AC APE issues, with the ETSI qualified policies.

use ades_core::Certificate;
use ades_core::const_oid::ObjectIdentifier;

/// One recognised profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// The policy OID (or arc) that identifies it.
    pub oid: &'static str,
    /// Its name.
    pub name: &'static str,
}

/// Profiles by OID arc: a certificate policy equal to or below the arc matches.
pub const PROFILES: &[Profile] = &[
    Profile {
        oid: "2.16.724.1.2.2.2.3",
        name: "DNIe (signature)",
    },
    Profile {
        oid: "2.16.724.1.2.2.2.4",
        name: "DNIe (authentication)",
    },
    Profile {
        oid: "1.3.6.1.4.1.5734.3.10",
        name: "FNMT-RCM natural person (class 2)",
    },
    Profile {
        oid: "1.3.6.1.4.1.5734.3.5",
        name: "FNMT-RCM natural person (class 2, legacy)",
    },
    Profile {
        oid: "1.3.6.1.4.1.5734.3.11",
        name: "FNMT-RCM representative of a legal person",
    },
    Profile {
        oid: "2.16.724.1.3.5.8",
        name: "AGE representative of a legal person",
    },
    Profile {
        oid: "2.16.724.1.3.5.7.1",
        name: "AGE public employee (high level, AC APE)",
    },
    Profile {
        oid: "2.16.724.1.3.5.7.2",
        name: "AGE public employee (medium level, AC APE)",
    },
    Profile {
        oid: "2.16.724.1.3.5.3",
        name: "AGE public employee (legacy, AC APE)",
    },
    Profile {
        oid: "2.16.724.1.3.5.5",
        name: "AGE electronic office (sede electrónica, AC APE)",
    },
    Profile {
        oid: "2.16.724.1.3.5.1",
        name: "AGE electronic office (legacy, AC APE)",
    },
    Profile {
        oid: "2.16.724.1.3.5.6",
        name: "AGE organ seal (sello de órgano, AC APE)",
    },
    Profile {
        oid: "2.16.724.1.3.5.2",
        name: "AGE organ seal (legacy, AC APE)",
    },
    Profile {
        oid: "0.4.0.194112.1.0",
        name: "ETSI qualified, natural person (QCP-n)",
    },
    Profile {
        oid: "0.4.0.194112.1.2",
        name: "ETSI qualified, natural person on a QSCD (QCP-n-qscd)",
    },
    Profile {
        oid: "0.4.0.194112.1.1",
        name: "ETSI qualified, legal person (QCP-l)",
    },
    Profile {
        oid: "0.4.0.194112.1.3",
        name: "ETSI qualified, legal person on a QSCD (QCP-l-qscd)",
    },
];

fn below(oid: &ObjectIdentifier, arc: &str) -> bool {
    let text = oid.to_string();
    text == arc
        || text
            .strip_prefix(arc)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The recognised profiles of a certificate, with the policy OID that matched each.
pub fn recognise(cert: &Certificate) -> Vec<(Profile, ObjectIdentifier)> {
    let policies = cert.policies();
    PROFILES
        .iter()
        .flat_map(|p| {
            policies
                .iter()
                .filter(|o| below(o, p.oid))
                .map(move |o| (*p, *o))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arcs_match_whole_components() {
        let employee = ObjectIdentifier::new_unwrap("2.16.724.1.3.5.7.2.1");
        assert!(below(&employee, "2.16.724.1.3.5.7.2"));
        assert!(!below(&employee, "2.16.724.1.3.5.7.20"));
        assert!(!below(
            &ObjectIdentifier::new_unwrap("2.16.724.1.3.5.70"),
            "2.16.724.1.3.5.7"
        ));
    }
}
