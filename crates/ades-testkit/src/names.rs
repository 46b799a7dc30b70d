//! Distinguished names shaped like those of Spanish certificates.

use ades_core::algorithm::encode_oid;
use ades_core::ber::{self, constructed, tlv};
use ades_core::const_oid::ObjectIdentifier;
use ades_core::{oid, strings};

/// An encoded X.501 `Name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistinguishedName(Vec<u8>);

fn rdn(attribute: ObjectIdentifier, value: &str, printable: bool) -> Vec<u8> {
    let tag = if printable {
        strings::PRINTABLE_STRING
    } else {
        strings::UTF8_STRING
    };
    let atv = constructed(
        ber::SEQUENCE,
        &[&encode_oid(&attribute), &tlv(tag, value.as_bytes())],
    );
    tlv(ber::SET, &atv)
}

impl DistinguishedName {
    fn from_rdns(rdns: &[Vec<u8>]) -> Self {
        let parts: Vec<&[u8]> = rdns.iter().map(Vec::as_slice).collect();
        DistinguishedName(constructed(ber::SEQUENCE, &parts))
    }

    /// Wraps an encoded name.
    pub fn from_der(der: Vec<u8>) -> Self {
        DistinguishedName(der)
    }

    /// The encoding.
    pub fn der(&self) -> &[u8] {
        &self.0
    }

    /// A CA name: `C=ES, O=<org>, OU=CERES-TEST, CN=<cn>`.
    pub fn ca(common_name: &str, organization: &str) -> Self {
        Self::from_rdns(&[
            rdn(oid::AT_COUNTRY, "ES", true),
            rdn(oid::AT_ORGANIZATION, organization, false),
            rdn(oid::AT_ORGANIZATIONAL_UNIT, "CERES-TEST", false),
            rdn(oid::AT_COMMON_NAME, common_name, false),
        ])
    }

    /// `C=<code>`: as a directoryName subtree, every name of that country.
    pub fn country(code: &str) -> Self {
        Self::from_rdns(&[rdn(oid::AT_COUNTRY, code, true)])
    }

    /// A service name (TSA, OCSP responder).
    pub fn service(common_name: &str, organization: &str) -> Self {
        Self::ca(common_name, organization)
    }

    /// A natural person as FNMT names them: `C=ES, serialNumber=IDCES-<NIF>, GN, SN,
    /// CN=<SURNAMES> <GIVEN> - <NIF>`.
    pub fn natural_person(given_name: &str, surnames: &str, nif: &str) -> Self {
        Self::from_rdns(&[
            rdn(oid::AT_COUNTRY, "ES", true),
            rdn(oid::AT_SERIAL_NUMBER, &format!("IDCES-{nif}"), true),
            rdn(oid::AT_GIVEN_NAME, given_name, false),
            rdn(oid::AT_SURNAME, surnames, false),
            rdn(
                oid::AT_COMMON_NAME,
                &format!("{surnames} {given_name} - {nif}"),
                false,
            ),
        ])
    }
}
