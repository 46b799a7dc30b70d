//! The command line's closed vocabularies as clap value enums, each turned into the library's
//! type: the command line never spells a format, level, policy or digest itself.

use ades::{DigestAlgorithm, Format, Level, Packaging, SigningPolicy};
use clap::ValueEnum;

/// `--format` of `sign`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// CAdES (`.csig`).
    Cades,
    /// XAdES (`.xsig`).
    Xades,
    /// PAdES (a signed copy of the PDF).
    Pades,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Cades => Format::Cades,
            FormatArg::Xades => Format::Xades,
            FormatArg::Pades => Format::Pades,
        }
    }
}

/// `--packaging`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PackagingArg {
    /// Content inside the signature (CAdES implicit; the default for CAdES).
    Attached,
    /// Content outside the signature (CAdES explicit, XAdES detached; for large files).
    Detached,
    /// XAdES inside the signed XML document (Facturae).
    Enveloped,
    /// XAdES with the content inside the signature.
    Enveloping,
    /// XAdES `<documento>` structure (policy §3.2.1; the default for XAdES).
    InternallyDetached,
}

impl From<PackagingArg> for Packaging {
    fn from(p: PackagingArg) -> Self {
        match p {
            PackagingArg::Attached => Packaging::Attached,
            PackagingArg::Detached => Packaging::Detached,
            PackagingArg::Enveloped => Packaging::Enveloped,
            PackagingArg::Enveloping => Packaging::Enveloping,
            PackagingArg::InternallyDetached => Packaging::InternallyDetached,
        }
    }
}

/// `--policy` of the signing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PolicyArg {
    /// The Madrid city council policy (EPES).
    Madrid,
    /// The Facturae 3.1 policy (enveloped XAdES over invoices).
    Facturae,
    /// No policy (BES).
    None,
}

impl PolicyArg {
    /// The policy, with `madrid` configured by the policy-hash options.
    pub(crate) fn policy(self, madrid: ades::MadridPolicy) -> SigningPolicy {
        match self {
            PolicyArg::Madrid => SigningPolicy::Madrid(madrid),
            PolicyArg::Facturae => SigningPolicy::Facturae(ades::FacturaePolicy::default()),
            PolicyArg::None => SigningPolicy::None(ades::GenericAdes),
        }
    }
}

/// `--digest`: every digest the library knows; the policy refuses what it does not allow,
/// citing its section (SHA-384 under the Madrid policy, §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DigestArg {
    /// SHA-1 (allowed by the Madrid policy but deprecated).
    Sha1,
    /// SHA-256 (the default).
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512 (recommended for archiving).
    Sha512,
}

impl From<DigestArg> for DigestAlgorithm {
    fn from(d: DigestArg) -> Self {
        match d {
            DigestArg::Sha1 => DigestAlgorithm::Sha1,
            DigestArg::Sha256 => DigestAlgorithm::Sha256,
            DigestArg::Sha384 => DigestAlgorithm::Sha384,
            DigestArg::Sha512 => DigestAlgorithm::Sha512,
        }
    }
}

/// `--level` and `--to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LevelArg {
    /// Baseline B: EPES under a policy, BES without.
    #[value(alias = "b-b")]
    B,
    /// BES (no policy identifier).
    Bes,
    /// EPES (the policy identifier signed).
    Epes,
    /// With a signature time-stamp.
    #[value(alias = "b-t")]
    T,
    /// Baseline LT: validation data embedded.
    #[value(alias = "b-lt")]
    Lt,
    /// Baseline LTA: LT and an archive time-stamp.
    #[value(alias = "b-lta")]
    Lta,
    /// -C: complete validation data references.
    C,
    /// -X: time-stamped references.
    X,
    /// -X-L: the validation data values.
    #[value(alias = "x-l")]
    Xl,
    /// -A: an archive time-stamp.
    A,
}

impl From<LevelArg> for Level {
    fn from(l: LevelArg) -> Self {
        match l {
            LevelArg::B => Level::B,
            LevelArg::Bes => Level::Bes,
            LevelArg::Epes => Level::Epes,
            LevelArg::T => Level::T,
            LevelArg::Lt => Level::Lt,
            LevelArg::Lta => Level::Lta,
            LevelArg::C => Level::C,
            LevelArg::X => Level::X,
            LevelArg::Xl => Level::Xl,
            LevelArg::A => Level::A,
        }
    }
}

/// `--x-type`: what the -X time-stamp of the levels X, XL and A covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum XTypeArg {
    /// Type 1: the signature, its time-stamps and the references.
    #[value(name = "1")]
    One,
    /// Type 2: the references alone.
    #[value(name = "2")]
    Two,
}

impl From<XTypeArg> for ades::XTimestamp {
    fn from(x: XTypeArg) -> Self {
        match x {
            XTypeArg::One => ades::XTimestamp::SignatureAndReferences,
            XTypeArg::Two => ades::XTimestamp::ReferencesOnly,
        }
    }
}

/// `--policy` of `verify`: a policy to demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DemandedPolicyArg {
    /// The Madrid city council policy.
    Madrid,
    /// The AGE framework policy v1.9.
    #[value(alias = "age-1.9")]
    Age,
    /// The AGE framework policy v1.8.
    #[value(name = "age-1.8")]
    Age18,
    /// The Facturae 3.1 policy.
    Facturae,
}

impl DemandedPolicyArg {
    /// The known policy, with `madrid` configured by the policy-hash options.
    pub(crate) fn known(self, madrid: &ades::MadridPolicy) -> Option<ades::policy::KnownPolicy> {
        use ades::policy::known;
        match self {
            DemandedPolicyArg::Madrid => Some(known::madrid(madrid)),
            DemandedPolicyArg::Age => known::age_1_9(),
            DemandedPolicyArg::Age18 => known::age_1_8(),
            DemandedPolicyArg::Facturae => known::facturae_3_1(),
        }
    }
}

/// `--commitment`.
pub(crate) fn parse_commitment(name: &str) -> Result<ades::CommitmentType, String> {
    ades::CommitmentType::ALL
        .into_iter()
        .find(|c| c.name() == name)
        .ok_or_else(|| {
            let names: Vec<&str> = ades::CommitmentType::ALL.iter().map(|c| c.name()).collect();
            format!("unknown commitment (expected one of: {})", names.join(", "))
        })
}
