//! What to make, as values: the format, packaging, level, policy, digest and optional signed
//! attributes of a new signature.

use ades_core::{
    CommitmentType, DataFormat, DigestAlgorithm, Format, Level, Packaging, XTimestamp,
};
use ades_pades::Appearance;
use ades_policy::SigningPolicy;
use time::OffsetDateTime;

/// The options of a new signature. `SigningOptions::default()` is what the Madrid policy
/// proposes: CAdES attached, level B (EPES), SHA-256.
#[derive(Debug, Clone)]
pub struct SigningOptions {
    /// The format (CAdES by default).
    pub format: Format,
    /// The packaging; `None` for the format's default (CAdES attached, XAdES internally
    /// detached, PAdES inside the PDF).
    pub packaging: Option<Packaging>,
    /// The level: B (BES or EPES, as the policy has an identifier or not), T with a
    /// time-stamp authority.
    pub level: Level,
    /// The policy (Madrid by default).
    pub policy: SigningPolicy,
    /// The digest algorithm (SHA-256 by default); the policy must allow it.
    pub digest: DigestAlgorithm,
    /// The optional signed attributes.
    pub attributes: SignedAttributes,
    /// Time-stamp the content before signing (content time-stamp; needs a TSA).
    pub content_timestamp: bool,
    /// The signature dictionary and appearance of a PAdES signature.
    pub pdf: PdfOptions,
    /// The signing time; `None` for now.
    pub signing_time: Option<OffsetDateTime>,
    /// The type of the -X time-stamp at the levels X, XL and A (type 1 by default).
    pub x_timestamp: XTimestamp,
}

impl Default for SigningOptions {
    fn default() -> Self {
        SigningOptions {
            format: Format::Cades,
            packaging: None,
            level: Level::B,
            policy: SigningPolicy::default(),
            digest: DigestAlgorithm::Sha256,
            attributes: SignedAttributes::default(),
            content_timestamp: false,
            pdf: PdfOptions::default(),
            signing_time: None,
            x_timestamp: XTimestamp::default(),
        }
    }
}

impl SigningOptions {
    /// The defaults for `format`.
    pub fn new(format: Format) -> Self {
        SigningOptions {
            format,
            ..SigningOptions::default()
        }
    }

    /// With `packaging`.
    pub fn packaging(mut self, packaging: Packaging) -> Self {
        self.packaging = Some(packaging);
        self
    }

    /// At `level`.
    pub fn level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// With a -X time-stamp of type `x` (levels X, XL and A).
    pub fn x_timestamp(mut self, x: XTimestamp) -> Self {
        self.x_timestamp = x;
        self
    }

    /// Under `policy`.
    pub fn policy(mut self, policy: impl Into<SigningPolicy>) -> Self {
        self.policy = policy.into();
        self
    }

    /// With `digest`.
    pub fn digest(mut self, digest: DigestAlgorithm) -> Self {
        self.digest = digest;
        self
    }

    /// Claims `role` (`emisor`, `receptor`, `tercero`).
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.attributes.roles.push(role.into());
        self
    }

    /// Declares the format of the signed data (MIME type; detected when not given).
    pub fn data_format(mut self, format: DataFormat) -> Self {
        self.attributes.data_format = Some(format);
        self
    }
}

/// The optional signed attributes of policy §3.6.4 (Annex I).
#[derive(Debug, Clone, Default)]
pub struct SignedAttributes {
    /// The format of the signed data (content-hints, DataObjectFormat); detected from the
    /// content and its name when `None`. Not in PAdES (Annex I).
    pub data_format: Option<DataFormat>,
    /// Claimed roles (signer-attributes, ClaimedRoles).
    pub roles: Vec<String>,
    /// Where the signature is made (signer-location, SignatureProductionPlace, PDF `/Location`).
    pub place: Option<Place>,
    /// The signer's commitment (commitment-type-indication).
    pub commitment: Option<CommitmentType>,
}

/// Where a signature is made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The city.
    pub city: Option<String>,
    /// The country code (`ES`); not in PAdES, whose `/Location` is one text.
    pub country: Option<String>,
}

/// What only a PAdES signature has: its signature dictionary and appearance.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// `/Reason`.
    pub reason: Option<String>,
    /// `/ContactInfo`.
    pub contact_info: Option<String>,
    /// `/Name` (default: the certificate's common name).
    pub name: Option<String>,
    /// The signature field's name (default: the first free `SignatureN`).
    pub field_name: Option<String>,
    /// Invisible (the default) or visible on a page.
    pub appearance: Appearance,
    /// Sign even if the PDF has dynamic content, which the policy forbids (§3.1.1): only when
    /// the signer accepts it.
    pub allow_dynamic_content: bool,
    /// Bytes reserved for the CMS in `/Contents` (default: estimated).
    pub contents_size: Option<usize>,
}
