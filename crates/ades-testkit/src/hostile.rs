//! Certificate sets built to stress chain building: a very long chain and a loop of CAs that
//! issued each other. They reuse one key, so they are quick to make.

use ades_core::{Certificate, Signer};

use crate::{DistinguishedName, Profile, TestPki, TestkitError, err, extensions, sign_certificate};

fn ca_profile(name: &DistinguishedName) -> Profile {
    Profile {
        label: "stress-ca",
        subject: name.clone(),
        not_before: "2020-01-01T00:00:00Z",
        not_after: "2040-12-31T23:59:59Z",
        extensions: extensions::ca(None),
    }
}

impl TestPki {
    /// `length` CAs under the root, each issuing the next, and a leaf under the last:
    /// `[leaf, ca_length, …, ca_1]` (ca_1 is issued by [`TestPki::root`]).
    pub fn long_chain(&self, length: usize) -> Result<Vec<Certificate>, TestkitError> {
        let key = &self.signer2.key;
        let spki = key.public_key_info_der().ok_or_else(|| err("key"))?;
        let root_spki = self
            .root
            .key
            .public_key_info_der()
            .ok_or_else(|| err("root key"))?;
        let mut issuer_name =
            DistinguishedName::from_der(self.root.certificate.subject_der().map_err(err)?);
        let mut chain = Vec::with_capacity(length + 1);
        for n in 1..=length {
            let name = DistinguishedName::ca(&format!("STRESS CA {n}"), "TEST-RCM");
            let (issuer_key, issuer_spki) = if n == 1 {
                (&self.root.key, &root_spki)
            } else {
                (key, &spki)
            };
            let der = sign_certificate(
                &ca_profile(&name),
                0x5000 + n as u32,
                &issuer_name,
                &spki,
                issuer_spki,
                issuer_key,
            )?;
            chain.push(Certificate::from_der(&der).map_err(err)?);
            issuer_name = name;
        }
        let leaf = DistinguishedName::natural_person("LARGA", "CADENA", "44444444A");
        let profile = Profile {
            label: "stress-leaf",
            subject: leaf,
            not_before: "2024-01-01T00:00:00Z",
            not_after: "2034-12-31T23:59:59Z",
            extensions: extensions::natural_person(extensions::KU_SIGN),
        };
        let der = sign_certificate(&profile, 0x6000, &issuer_name, &spki, &spki, key)?;
        chain.push(Certificate::from_der(&der).map_err(err)?);
        chain.reverse();
        Ok(chain)
    }

    /// Two CAs that issued each other and a leaf issued by the first: `(leaf, [ca_a, ca_b])`.
    /// Neither leads to a trust anchor.
    pub fn issuer_loop(&self) -> Result<(Certificate, Vec<Certificate>), TestkitError> {
        let key = &self.signer2.key;
        let spki = key.public_key_info_der().ok_or_else(|| err("key"))?;
        let a = DistinguishedName::ca("LOOP CA A", "TEST-RCM");
        let b = DistinguishedName::ca("LOOP CA B", "TEST-RCM");
        let ca_a = sign_certificate(&ca_profile(&a), 0x7001, &b, &spki, &spki, key)?;
        let ca_b = sign_certificate(&ca_profile(&b), 0x7002, &a, &spki, &spki, key)?;
        let profile = Profile {
            label: "loop-leaf",
            subject: DistinguishedName::natural_person("BUCLE", "INFINITO", "55555555K"),
            not_before: "2024-01-01T00:00:00Z",
            not_after: "2034-12-31T23:59:59Z",
            extensions: extensions::natural_person(extensions::KU_SIGN),
        };
        let leaf = sign_certificate(&profile, 0x7003, &a, &spki, &spki, key)?;
        Ok((
            Certificate::from_der(&leaf).map_err(err)?,
            vec![
                Certificate::from_der(&ca_a).map_err(err)?,
                Certificate::from_der(&ca_b).map_err(err)?,
            ],
        ))
    }
}
