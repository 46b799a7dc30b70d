//! Signature levels: the baseline levels of ETSI EN 319 122/132/142 (B, T, LT, LTA) and the
//! forms of TS 101 733 / TS 101 903 that the Madrid policy names (BES, EPES, T, C, X, X-L, A;
//! policy §2.7, §4.3).

use serde::Serialize;

use crate::format::{Format, UnknownName};

/// A signature level, asked for when signing or extending, or reached by a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Level {
    /// Baseline B: basic, with a policy identifier when the policy has one (EPES) and without
    /// otherwise (BES). Asked for when signing; reports say BES or EPES.
    B,
    /// Basic electronic signature, no policy identifier.
    Bes,
    /// Explicit policy-based signature: the policy identifier is signed.
    Epes,
    /// With a signature time-stamp (baseline T too).
    T,
    /// Complete validation data references (certificate and revocation references).
    C,
    /// With a time-stamp over the references (type 1: over the signature and references;
    /// type 2: over the references).
    X,
    /// X-Long: the certificate and revocation values themselves.
    Xl,
    /// Archival: an archive time-stamp over the whole signature and its validation data.
    A,
    /// Baseline LT: the validation data embedded (certificates, OCSP responses, CRLs).
    Lt,
    /// Baseline LTA: LT plus an archive (or PDF document) time-stamp over it.
    Lta,
}

impl Level {
    /// The name used on the command line and in reports (`EPES`, `X-L`, `LTA`, …).
    pub fn name(self) -> &'static str {
        match self {
            Level::B => "B",
            Level::Bes => "BES",
            Level::Epes => "EPES",
            Level::T => "T",
            Level::C => "C",
            Level::X => "X",
            Level::Xl => "X-L",
            Level::A => "A",
            Level::Lt => "LT",
            Level::Lta => "LTA",
        }
    }

    /// Whether this is a basic level (B, BES or EPES: no unsigned evidence).
    pub fn is_basic(self) -> bool {
        matches!(self, Level::B | Level::Bes | Level::Epes)
    }

    /// Whether the level has a signature time-stamp (T and every level above it).
    pub fn has_timestamp(self) -> bool {
        !self.is_basic()
    }

    /// Whether the level embeds or references long-term validation data (C and above, LT,
    /// LTA).
    pub fn is_long_term(self) -> bool {
        !self.is_basic() && self != Level::T
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Level {
    type Err = UnknownName;

    /// The level names, any case; `B-B`, `B-T`, `B-LT`, `B-LTA` for the baseline ones and
    /// `XL` / `X-L` / `X-Long` for X-L.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase().replace('_', "-");
        let bare = upper.strip_prefix("B-").unwrap_or(&upper);
        Ok(match bare {
            "B" => Level::B,
            "BES" => Level::Bes,
            "EPES" => Level::Epes,
            "T" => Level::T,
            "C" => Level::C,
            "X" => Level::X,
            "XL" | "X-L" | "X-LONG" => Level::Xl,
            "A" => Level::A,
            "LT" => Level::Lt,
            "LTA" => Level::Lta,
            _ => {
                return Err(UnknownName::new(
                    "level",
                    s,
                    "B, BES, EPES, T, LT, LTA, C, X, XL, A",
                ));
            }
        })
    }
}

/// What the -X time-stamp of the policy's extended forms covers (§4.3: "-X type 1/2"; TS 101
/// 733 §6.3.5–6.3.6, TS 101 903 §7.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum XTimestamp {
    /// Type 1: the signature value, its time-stamps and the references (CAdES-C-time-stamp,
    /// XAdES `SigAndRefsTimeStamp`). The default.
    #[default]
    SignatureAndReferences,
    /// Type 2: the references alone (CAdES time-stamped-certs-crls-references, XAdES
    /// `RefsOnlyTimeStamp`).
    ReferencesOnly,
}

/// What a report says a signature is: a signature of a format at a level, a PDF document
/// time-stamp, a bare time-stamp token, or something that could not be read.
///
/// Serialized (and displayed) as `CAdES-EPES`, `XAdES-X-L`, `PAdES-LTA`, `PAdES document
/// time-stamp`, `time-stamp token`, `XML-DSig` or `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LevelReached {
    /// A signature of `format` at `level`.
    Signature {
        /// Its format.
        format: Format,
        /// The level its structure reaches.
        level: Level,
    },
    /// A PDF document time-stamp (`/DocTimeStamp`, EN 319 142-1 §5.4).
    DocumentTimestamp,
    /// An RFC 3161 time-stamp token over a file.
    TimestampToken,
    /// A plain XML-DSig signature: no XAdES properties, so no AdES level.
    XmlDsig,
    /// Not readable as a signature.
    Unknown,
}

impl LevelReached {
    /// A signature of `format` at `level`.
    pub fn signature(format: Format, level: Level) -> Self {
        LevelReached::Signature { format, level }
    }

    /// The level, for a signature.
    pub fn level(self) -> Option<Level> {
        match self {
            LevelReached::Signature { level, .. } => Some(level),
            _ => None,
        }
    }
}

impl std::fmt::Display for LevelReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LevelReached::Signature { format, level } => write!(f, "{format}-{level}"),
            LevelReached::DocumentTimestamp => f.write_str("PAdES document time-stamp"),
            LevelReached::TimestampToken => f.write_str("time-stamp token"),
            LevelReached::XmlDsig => f.write_str("XML-DSig"),
            LevelReached::Unknown => f.write_str("unknown"),
        }
    }
}

impl Serialize for LevelReached {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling() {
        assert_eq!(
            LevelReached::signature(Format::Cades, Level::Epes).to_string(),
            "CAdES-EPES"
        );
        assert_eq!(
            LevelReached::signature(Format::Xades, Level::Xl).to_string(),
            "XAdES-X-L"
        );
        assert_eq!("b-lta".parse::<Level>(), Ok(Level::Lta));
        assert_eq!("XL".parse::<Level>(), Ok(Level::Xl));
        assert_eq!("B-B".parse::<Level>(), Ok(Level::B));
        assert!("Z".parse::<Level>().is_err());
        assert_eq!(
            serde_json::to_string(&LevelReached::DocumentTimestamp).ok(),
            Some("\"PAdES document time-stamp\"".to_owned())
        );
    }
}
