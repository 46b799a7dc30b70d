//! What a report check is about ([`CheckId`]) and which rule asked for it ([`RuleRef`]).
//!
//! Check identifiers are stable: the JSON report and the text report spell them in kebab case
//! (`message-digest`, `certificate-chain`), and programs match on the enum.

use serde::Serialize;

macro_rules! check_ids {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, )*) => {
        /// What one check of a validation report is about.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum CheckId {
            $( $(#[$doc])* $variant, )*
        }

        impl CheckId {
            /// Every identifier, in declaration order.
            pub const ALL: &'static [CheckId] = &[ $( CheckId::$variant, )* ];

            /// The stable name (`message-digest`, …).
            pub fn name(self) -> &'static str {
                match self {
                    $( CheckId::$variant => $name, )*
                }
            }
        }
    };
}

check_ids! {
    // --- the structure of the signature
    /// The file or signature can be read as the format it claims.
    Format => "format",
    /// CMS: the content-type attribute.
    ContentType => "content-type",
    /// CMS: the number of SignerInfos (a PDF signature has one).
    SignerInfos => "signer-infos",
    /// CMS: the signed attributes are readable.
    SignedAttributes => "signed-attributes",
    /// CMS: the signed attributes are in DER order.
    SignedAttributesOrder => "signed-attributes-order",
    /// CMS: attributes that must appear once with one value.
    AttributeMultiplicity => "attribute-multiplicity",
    /// XAdES: the QualifyingProperties element.
    QualifyingProperties => "qualifying-properties",
    /// XAdES: the SignedProperties are referenced and signed.
    SignedProperties => "signed-properties",
    /// PDF: a signature dictionary without a field that shows it.
    Declared => "declared",
    /// PDF: the CMS of a PDF signature is detached.
    Detached => "detached",
    // --- integrity
    /// CMS: the message-digest attribute matches the content.
    MessageDigest => "message-digest",
    /// XML-DSig: a reference's digest matches what it points at.
    ReferenceDigest => "reference-digest",
    /// XML-DSig: the references of a `ds:Manifest`.
    Manifest => "manifest",
    /// A counter-signature signs the signature value it counter-signs.
    CountersignedValue => "countersigned-value",
    /// What the signature signs: found, and named (XAdES: the data objects its verified
    /// references cover).
    SignedData => "signed-data",
    /// PDF: the `/ByteRange` is well formed.
    ByteRange => "byte-range",
    /// PDF: what the byte ranges leave out is only the signature's `/Contents`.
    Coverage => "coverage",
    /// PDF: what later incremental updates changed.
    Modifications => "modifications",
    /// The signature value verifies with the signer's public key.
    SignatureValue => "signature-value",
    /// The CMS algorithm-protection attribute (RFC 6211) names the algorithms the
    /// `SignerInfo` uses.
    AlgorithmProtection => "algorithm-protection",
    // --- the signer
    /// The signing certificate is identified and bound to the signature.
    SigningCertificate => "signing-certificate",
    /// The claimed signing time.
    SigningTime => "signing-time",
    // --- time-stamps
    /// A signature time-stamp over the signature value.
    SignatureTimestamp => "signature-timestamp",
    /// A content time-stamp over the signed data.
    ContentTimestamp => "content-timestamp",
    /// A PDF document time-stamp.
    DocumentTimestamp => "document-timestamp",
    /// A bare time-stamp token.
    Timestamp => "timestamp",
    /// The data a bare time-stamp token stamps was supplied.
    TimeStampedData => "time-stamped-data",
    /// Content time-stamps precede signature time-stamps.
    TimestampOrder => "timestamp-order",
    /// An archive time-stamp over the signature and its validation data.
    ArchiveTimestamp => "archive-timestamp",
    /// A time-stamp over the signature and its validation data references (-X).
    ReferencesTimestamp => "references-timestamp",
    /// The validation data (certificates, OCSP responses, CRLs) the signature carries.
    ValidationData => "validation-data",
    /// The references to validation data (-C) match the values present.
    ValidationDataReferences => "validation-data-references",
    /// An evidence record (RFC 4998) covers the data object: its hash leads, through each
    /// reduced hash tree and renewal, to the time-stamped values.
    EvidenceRecord => "evidence-record",
    // --- X.509 validation
    /// A chain to a trust anchor.
    CertificateChain => "certificate-chain",
    /// Every certificate of the chain is valid at the validation time.
    CertificateValidity => "certificate-validity",
    /// The certificate policies of the signer certificate.
    CertificatePolicy => "certificate-policy",
    /// The revocation status of each certificate of the chain.
    Revocation => "revocation",
    /// The signer certificate may sign documents (key usage).
    KeyUsage => "key-usage",
    // --- signature policy rules
    /// The signature names the policy demanded (or a known one).
    SignaturePolicy => "signature-policy",
    /// The policy hash matches the policy document.
    PolicyHash => "policy-hash",
    /// The signature algorithm is one the policy allows.
    AllowedSignatureAlgorithm => "allowed-signature-algorithm",
    /// The digest algorithms are ones the policy allows.
    AllowedDigestAlgorithms => "allowed-digest-algorithms",
    /// The signature algorithm is one this library knows.
    KnownSignatureAlgorithm => "known-signature-algorithm",
    /// The digest algorithms are ones this library knows.
    KnownDigestAlgorithms => "known-digest-algorithms",
    /// The signer's key is large enough.
    KeySize => "key-size",
    /// The format of the signed data is declared (content-hints, DataObjectFormat).
    DataFormat => "data-format",
    /// Counter-signatures are permitted in this format.
    CounterSignature => "counter-signature",
    /// The claimed role is one the policy names.
    ClaimedRole => "claimed-role",
    /// PAdES: the `/SubFilter` is one the policy permits.
    PadesSubFilter => "pades-sub-filter",
    // --- beside the signature
    /// The secure verification code (CSV, policy §4.1.2) asked for was issued for this
    /// document and signer.
    Csv => "csv",
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl std::str::FromStr for CheckId {
    type Err = crate::format::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CheckId::ALL
            .iter()
            .copied()
            .find(|c| c.name() == s)
            .ok_or_else(|| crate::format::UnknownName::new("check", s, "see CheckId"))
    }
}

/// A reference to the rule behind a check: a policy (or standard) and a section of it.
///
/// Displayed and serialized as `"<policy> <section>"`, e.g. `Ayuntamiento de Madrid v1.0 §3.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleRef {
    /// The policy or standard (`Ayuntamiento de Madrid v1.0`, `EN 319 142-1`).
    pub source: &'static str,
    /// The section (`§3.5`, `Annex I`).
    pub section: &'static str,
}

impl RuleRef {
    /// Section `section` of `source`.
    pub const fn new(source: &'static str, section: &'static str) -> Self {
        RuleRef { source, section }
    }
}

impl std::fmt::Display for RuleRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.source, self.section)
    }
}

impl Serialize for RuleRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut names: Vec<&str> = CheckId::ALL.iter().map(|c| c.name()).collect();
        for c in CheckId::ALL {
            assert_eq!(c.name().parse::<CheckId>(), Ok(*c));
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CheckId::ALL.len());
        assert_eq!(
            serde_json::to_string(&CheckId::MessageDigest).ok(),
            Some("\"message-digest\"".to_owned())
        );
        assert_eq!(
            RuleRef::new("Ayuntamiento de Madrid v1.0", "§3.5").to_string(),
            "Ayuntamiento de Madrid v1.0 §3.5"
        );
    }
}
