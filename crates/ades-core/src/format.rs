//! What a signature is made as: its [`Format`] and its [`Packaging`], as run-time values.
//!
//! The type-state builders carry the same choices as types (`policy::format::Cades`,
//! `policy::packaging::Attached`, …) so that a policy can refuse them at compile time; these
//! enums are what a request, a configuration file or a report holds.

use serde::Serialize;

/// A signature format, or what a file to validate holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Format {
    /// CAdES: CMS `SignedData` (ETSI TS 101 733, EN 319 122).
    #[serde(rename = "CAdES")]
    Cades,
    /// XAdES: XML-DSig with qualifying properties (ETSI TS 101 903, EN 319 132).
    #[serde(rename = "XAdES")]
    Xades,
    /// PAdES: a CMS inside a PDF signature dictionary (ETSI EN 319 142).
    #[serde(rename = "PAdES")]
    Pades,
    /// A bare RFC 3161 time-stamp token or response (validation only).
    #[serde(rename = "RFC 3161")]
    TimeStampToken,
    /// Not known: a file that could not be read (reports only).
    #[serde(rename = "unknown")]
    Unknown,
}

impl Format {
    /// The name reports and levels use (`CAdES`, `XAdES`, `PAdES`, `RFC 3161`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Cades => "CAdES",
            Format::Xades => "XAdES",
            Format::Pades => "PAdES",
            Format::TimeStampToken => "RFC 3161",
            Format::Unknown => "unknown",
        }
    }

    /// The file suffix a new signature of this format gets (`.csig`, `.xsig`; PAdES writes a
    /// PDF, a token `.tst`).
    pub fn suffix(self) -> &'static str {
        match self {
            Format::Cades => ".csig",
            Format::Xades => ".xsig",
            Format::Pades => ".pdf",
            Format::TimeStampToken => ".tst",
            Format::Unknown => ".sig",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = UnknownName;

    /// `cades`, `xades`, `pades` (any case; also `CAdES`…).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "cades" => Ok(Format::Cades),
            "xades" => Ok(Format::Xades),
            "pades" => Ok(Format::Pades),
            _ => Err(UnknownName::new("format", s, "cades, xades, pades")),
        }
    }
}

/// Where the signed content is, relative to the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Packaging {
    /// The content inside the signature (CAdES implicit; the policy's default, §3.2.2).
    Attached,
    /// The content outside the signature (CAdES explicit, XAdES detached; for large data).
    Detached,
    /// The signature inside the XML document it signs (XAdES; Facturae).
    Enveloped,
    /// The signed content inside the signature's `ds:Object` (XAdES).
    Enveloping,
    /// The policy's `<documento>` structure: content and signature side by side (XAdES,
    /// policy §3.2.1).
    InternallyDetached,
}

impl Packaging {
    /// The name used on the command line and in reports (`internally-detached`, …).
    pub fn name(self) -> &'static str {
        match self {
            Packaging::Attached => "attached",
            Packaging::Detached => "detached",
            Packaging::Enveloped => "enveloped",
            Packaging::Enveloping => "enveloping",
            Packaging::InternallyDetached => "internally-detached",
        }
    }

    /// Every packaging.
    pub const ALL: [Packaging; 5] = [
        Packaging::Attached,
        Packaging::Detached,
        Packaging::Enveloped,
        Packaging::Enveloping,
        Packaging::InternallyDetached,
    ];
}

impl std::fmt::Display for Packaging {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Packaging {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.to_ascii_lowercase().replace('_', "-");
        Packaging::ALL
            .into_iter()
            .find(|p| p.name() == lower)
            .ok_or_else(|| {
                UnknownName::new(
                    "packaging",
                    s,
                    "attached, detached, enveloped, enveloping, internally-detached",
                )
            })
    }
}

/// A name that is not one of a vocabulary's (a format, packaging, level, digest, …).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{given}` (expected one of: {expected})")]
pub struct UnknownName {
    /// What was being named (`format`, `level`, …).
    pub what: &'static str,
    /// What was given.
    pub given: String,
    /// The names accepted.
    pub expected: &'static str,
}

impl UnknownName {
    /// A name `given` that is not a `what`.
    pub fn new(what: &'static str, given: &str, expected: &'static str) -> Self {
        UnknownName {
            what,
            given: given.to_owned(),
            expected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in Packaging::ALL {
            assert_eq!(p.name().parse::<Packaging>(), Ok(p));
        }
        for f in [Format::Cades, Format::Xades, Format::Pades] {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
        }
        assert!("zip".parse::<Format>().is_err());
        assert_eq!(
            serde_json::to_string(&Packaging::InternallyDetached).ok(),
            Some("\"internally-detached\"".to_owned())
        );
    }
}
