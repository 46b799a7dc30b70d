//! Certificates the test PKI does not issue on its own, for tests of the rules about them: a
//! delegated OCSP responder without id-pkix-ocsp-nocheck, a signer certificate that carries
//! id-pkix-ocsp-nocheck though it is no responder, a CA with name constraints, and a second
//! TSA (to revoke in a CRL). They reuse existing keys.

use ades_core::Certificate;

use crate::extensions::{self, Extension};
use crate::{DistinguishedName, Identity, Profile, TestPki, TestkitError, issue};

impl TestPki {
    /// A delegated OCSP responder of the intermediate (id-kp-OCSPSigning) whose certificate
    /// lacks id-pkix-ocsp-nocheck: a client must check its status (RFC 6960 §4.2.2.2.1).
    /// It signs with [`TestPki::signer2`]'s key.
    pub fn responder_without_nocheck(&self) -> Result<Identity, TestkitError> {
        let extensions = extensions::ocsp_responder()
            .into_iter()
            .filter(|e| !matches!(e, Extension::OcspNoCheck))
            .collect();
        let profile = Profile {
            label: "ocsp-checked",
            subject: DistinguishedName::service("OCSP CHECKED AC APE TEST", "TEST-RCM"),
            not_before: "2024-01-01T00:00:00Z",
            not_after: "2040-12-31T23:59:59Z",
            extensions,
        };
        issue(self.signer2.key.clone(), profile, &self.ape, 0x2003)
    }

    /// A natural person's certificate of the intermediate that carries id-pkix-ocsp-nocheck:
    /// the extension waives nothing on a certificate that is not an OCSP responder's.
    pub fn signer_claiming_nocheck(&self) -> Result<Certificate, TestkitError> {
        let mut extensions = extensions::natural_person(extensions::KU_SIGN);
        extensions.push(Extension::OcspNoCheck);
        let profile = Profile {
            label: "nocheck-signer",
            subject: DistinguishedName::natural_person("EVA", "SINCONTROL RUIZ", "66666666Q"),
            not_before: "2024-01-01T00:00:00Z",
            not_after: "2034-12-31T23:59:59Z",
            extensions,
        };
        issue(self.signer2.key.clone(), profile, &self.ape, 0x1006).map(|id| id.certificate)
    }
}

impl TestPki {
    /// A CA under the root whose nameConstraints (critical or not) permit only the directory
    /// names of country `permitted`, and a Spanish (`C=ES`) natural person it issued:
    /// `(leaf, ca)`.
    pub fn name_constrained(
        &self,
        permitted: &str,
        critical: bool,
    ) -> Result<(Certificate, Certificate), TestkitError> {
        let mut ca_extensions = extensions::ca(None);
        ca_extensions.push(Extension::PermittedNames {
            name: DistinguishedName::country(permitted).der().to_vec(),
            critical,
        });
        let ca = issue(
            self.signer2.key.clone(),
            Profile {
                label: "constrained-ca",
                subject: DistinguishedName::ca("AC CONSTRAINED TEST", "TEST-RCM"),
                not_before: "2020-01-01T00:00:00Z",
                not_after: "2040-12-31T23:59:59Z",
                extensions: ca_extensions,
            },
            &self.root,
            0x3001,
        )?;
        let leaf = issue(
            self.signer1.key.clone(),
            Profile {
                label: "constrained-leaf",
                subject: DistinguishedName::natural_person("ROSA", "LIMITE GIL", "77777777B"),
                not_before: "2024-01-01T00:00:00Z",
                not_after: "2034-12-31T23:59:59Z",
                extensions: extensions::natural_person(extensions::KU_SIGN),
            },
            &ca,
            0x3002,
        )?;
        Ok((leaf.certificate, ca.certificate))
    }
}

impl TestPki {
    /// A second time-stamping unit of the intermediate, signing with [`TestPki::tsa`]'s key,
    /// for tests that revoke it ([`TestPki::crl_also_revoking`]).
    pub fn second_tsa(&self) -> Result<Identity, TestkitError> {
        self.extra_tsa("tsa2", "TSA 2 TEST-RCM", "2040-12-31T23:59:59Z", 0x2004)
    }

    /// A time-stamping unit of the intermediate whose certificate expired at the end of 2025,
    /// signing with [`TestPki::tsa`]'s key.
    pub fn expired_tsa(&self) -> Result<Identity, TestkitError> {
        self.extra_tsa(
            "tsa-expired",
            "TSA CADUCADA TEST-RCM",
            "2025-12-31T23:59:59Z",
            0x2005,
        )
    }

    fn extra_tsa(
        &self,
        label: &'static str,
        name: &str,
        not_after: &'static str,
        serial: u32,
    ) -> Result<Identity, TestkitError> {
        issue(
            self.tsa.key.clone(),
            Profile {
                label,
                subject: DistinguishedName::service(name, "TEST-RCM"),
                not_before: "2020-01-01T00:00:00Z",
                not_after,
                extensions: extensions::tsa(),
            },
            &self.ape,
            serial,
        )
    }
}
