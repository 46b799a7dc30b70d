//! Signature policies, as types and as data.
//!
//! *Compile time*: a policy is a type `P: Policy`. The marker traits below are implemented
//! for exactly the algorithms, packagings and attributes the policy permits, so a builder
//! bounded by them does not compile with anything else.
//!
//! *Run time*: a policy also supplies a table of [`Rule`]s. Each rule inspects the
//! format-neutral [`SignatureFacts`] of a parsed signature (ours or a foreign one) and
//! returns a [`RuleOutcome`]; validators turn outcomes into report checks. Both paths share
//! the same policy identity and rules.

use const_oid::ObjectIdentifier;
use time::OffsetDateTime;

use crate::algorithm::{DigestAlgorithm, DigestType, SignatureAlgorithm, SignatureType};
use crate::check_id::{CheckId, RuleRef};
use crate::format::Format;
use crate::report::{CheckList, SubIndication};

mod bridge;

pub use bridge::{
    Refusal, RuntimePolicy, WithCoSignature, WithCounterSignature, WithDigest, WithPackaging,
    source_name,
};

/// How a signature policy document is identified and pinned (`SigPolicyId` + `SigPolicyHash`
/// + `SPuri`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyIdentity {
    /// Human name (`Madrid city council v1.0`).
    pub name: &'static str,
    /// Policy OID (CAdES and PAdES need one; XAdES writes it as `urn:oid:`).
    pub oid: Option<ObjectIdentifier>,
    /// Policy identified by URL instead of OID (Facturae), as written in `SigPolicyId`.
    pub url_identifier: Option<&'static str>,
    /// Where the policy document is published (SPuri qualifier).
    pub spuri: Option<String>,
    /// Digest of the policy document written into new signatures.
    pub hash: PolicyHash,
    /// Other digests that identify the same policy (another algorithm, another rendering
    /// of the document), accepted when validating.
    pub alternative_hashes: Vec<PolicyHash>,
}

impl PolicyIdentity {
    /// Whether a policy reference found in a signature names this policy (by OID, by
    /// `urn:oid:` URN, or by URL).
    pub fn is_named_by(&self, reference: &PolicyReference) -> bool {
        let PolicyReference::Explicit {
            oid, identifier, ..
        } = reference
        else {
            return false;
        };
        if let (Some(ours), Some(theirs)) = (self.oid, oid) {
            return ours == *theirs;
        }
        let identifier = identifier.trim();
        self.url_identifier.is_some_and(|url| url == identifier)
            || self
                .oid
                .is_some_and(|o| identifier.strip_prefix("urn:oid:") == Some(&o.to_string()))
    }

    /// Whether a digest found in a signature is one of this policy's document digests.
    pub fn accepts_hash(&self, algorithm: DigestAlgorithm, value: &[u8]) -> bool {
        std::iter::once(&self.hash)
            .chain(&self.alternative_hashes)
            .any(|h| h.algorithm == algorithm && h.value == value)
    }
}

/// The digest of a policy document (`OtherHashAlgAndValue`, XAdES `SigPolicyHash`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyHash {
    /// Digest algorithm.
    pub algorithm: DigestAlgorithm,
    /// Digest value.
    pub value: Vec<u8>,
}

impl PolicyHash {
    /// The hash of a policy document, recomputed from its bytes.
    pub fn of_document(algorithm: DigestAlgorithm, document: &[u8]) -> Self {
        PolicyHash {
            algorithm,
            value: crate::digest::digest(algorithm, document),
        }
    }

    /// A hash given as base64 text (as policies publish them).
    pub fn from_base64(algorithm: DigestAlgorithm, b64: &str) -> Result<Self, base64::DecodeError> {
        use base64::Engine;
        let value = base64::engine::general_purpose::STANDARD.decode(b64.trim())?;
        Ok(PolicyHash { algorithm, value })
    }

    /// The value as base64 text.
    pub fn value_base64(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(&self.value)
    }
}

/// A signature policy: its identity and the rules that judge a signature against it.
pub trait Policy: Clone + Send + Sync + 'static {
    /// How the policy is identified inside signatures; `None` for rules without a policy
    /// document (plain AdES), whose signatures carry no policy identifier.
    fn identity(&self) -> Option<&PolicyIdentity>;

    /// The run-time rule table.
    fn rules(&self) -> &'static [Rule];

    /// The sections of the policy behind checks that generic code makes (chain, revocation,
    /// time-stamps): validators cite them in reports.
    fn citations(&self) -> &'static [Citation] {
        &[]
    }
}

/// A policy section behind a check generic code makes (the policy supplies it, the X.509 or
/// time-stamp code never names a policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    /// The check.
    pub check: CheckId,
    /// The section that asks for it (`§3.7.2`).
    pub section: &'static str,
}

/// Implemented for the digest algorithms policy `P` allows for new signatures.
pub trait AllowedDigest<P: Policy>: DigestType {}

/// Implemented for the signature schemes policy `P` allows with digest `D`.
pub trait AllowedSignature<P: Policy, D: DigestType>: SignatureType {}

/// Signature formats as types, for the permission traits below.
pub mod format {
    /// CAdES (ETSI TS 101 733 / EN 319 122).
    #[derive(Debug, Clone, Copy)]
    pub enum Cades {}
    /// XAdES (ETSI TS 101 903 / EN 319 132).
    #[derive(Debug, Clone, Copy)]
    pub enum Xades {}
    /// PAdES (ETSI TS 102 778 / EN 319 142).
    #[derive(Debug, Clone, Copy)]
    pub enum Pades {}
}

/// Packagings as types.
pub mod packaging {
    /// Content inside the signature (CAdES implicit).
    #[derive(Debug, Clone, Copy)]
    pub enum Attached {}
    /// Content outside the signature (CAdES explicit, XAdES detached).
    #[derive(Debug, Clone, Copy)]
    pub enum Detached {}
    /// Signature inside the XML document it signs.
    #[derive(Debug, Clone, Copy)]
    pub enum Enveloped {}
    /// Signed content inside the signature's `ds:Object`.
    #[derive(Debug, Clone, Copy)]
    pub enum Enveloping {}
    /// The policy's `<documento>` structure: content and signature side by side.
    #[derive(Debug, Clone, Copy)]
    pub enum InternallyDetached {}
}

/// Implemented when policy `P` permits packaging `K` for format `F`.
pub trait PermitsPackaging<F, K>: Policy {}

/// Implemented when policy `P` permits counter-signatures in format `F`.
pub trait PermitsCounterSignature<F>: Policy {}

/// Implemented when policy `P` permits (and then requires) the data-format attribute
/// (content-hints, DataObjectFormat) in format `F`.
pub trait PermitsDataFormat<F>: Policy {}

/// Which signing-certificate reference a signature carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningCertificateRef {
    /// ESS signing-certificate (SHA-1 `ESSCertID`).
    EssV1,
    /// ESS signing-certificate-v2.
    EssV2,
    /// XAdES `SigningCertificate` / `SigningCertificateV2`.
    Xades,
}

/// The signature policy a signature names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyReference {
    /// `signaturePolicyImplied` / `SignaturePolicyImplied`.
    Implied,
    /// An explicit policy.
    Explicit {
        /// Policy OID (from `urn:oid:` in XAdES); `None` if the identifier is a URL.
        oid: Option<ObjectIdentifier>,
        /// The identifier as written (dotted OID, URN or URL).
        identifier: String,
        /// Hash algorithm, when it is one we compute.
        hash_algorithm: Option<DigestAlgorithm>,
        /// Hash algorithm identifier as written (OID or URI), for reports.
        hash_algorithm_id: String,
        /// Hash value.
        hash_value: Vec<u8>,
        /// SPuri qualifier.
        uri: Option<String>,
    },
}

/// A format-neutral description of one parsed signature: what policy rules look at.
#[derive(Debug, Clone)]
pub struct SignatureFacts {
    /// Format.
    pub format: Format,
    /// Whether this is a counter-signature (signs another signature's value).
    pub is_counter_signature: bool,
    /// The signature algorithm, if recognised.
    pub signature_algorithm: Option<SignatureAlgorithm>,
    /// Text of the algorithm identifier as found (for reports on unknown algorithms).
    pub signature_algorithm_id: String,
    /// Digest algorithms used for data (message digest, reference digests), recognised or not.
    pub data_digests: Vec<Result<DigestAlgorithm, String>>,
    /// The claimed signing time.
    pub signing_time: Option<OffsetDateTime>,
    /// The signing-certificate reference.
    pub signing_certificate: Option<SigningCertificateRef>,
    /// The policy named by the signature.
    pub policy: Option<PolicyReference>,
    /// Whether the data-format attribute is present (content-hints, DataObjectFormat).
    pub has_data_format: bool,
    /// Number of counter-signatures on this signature.
    pub counter_signatures: usize,
    /// Signer key size in bits, if known.
    pub signer_key_bits: Option<usize>,
    /// Claimed roles (signer-attributes / ClaimedRoles).
    pub claimed_roles: Vec<String>,
    /// PAdES: the signature dictionary's `/SubFilter` (`ETSI.CAdES.detached`,
    /// `adbe.pkcs7.detached`, …); `None` outside PDF.
    pub sub_filter: Option<String>,
}

impl SignatureFacts {
    /// Facts with nothing known but the format.
    pub fn new(format: Format) -> Self {
        SignatureFacts {
            format,
            is_counter_signature: false,
            signature_algorithm: None,
            signature_algorithm_id: String::new(),
            data_digests: Vec::new(),
            signing_time: None,
            signing_certificate: None,
            policy: None,
            has_data_format: false,
            counter_signatures: 0,
            signer_key_bits: None,
            claimed_roles: Vec::new(),
            sub_filter: None,
        }
    }
}

/// What a rule found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleOutcome {
    /// The rule is met.
    Pass(String),
    /// The rule is met with a reservation.
    Warn(String),
    /// The rule is not met.
    Fail {
        /// What is wrong.
        detail: String,
        /// The EN 319 102-1 sub-indication the failure implies.
        sub_indication: SubIndication,
    },
    /// The rule does not apply to this signature.
    NotApplicable,
}

impl RuleOutcome {
    /// A failure with `SIG_CONSTRAINTS_FAILURE` (a policy constraint not met).
    pub fn constraint(detail: impl Into<String>) -> Self {
        RuleOutcome::Fail {
            detail: detail.into(),
            sub_indication: SubIndication::SigConstraintsFailure,
        }
    }
}

/// One checkable rule of a policy.
#[derive(Clone, Copy)]
pub struct Rule {
    /// What the rule checks (its report check).
    pub id: CheckId,
    /// The section of the policy it comes from (`§3.5`).
    pub section: &'static str,
    /// What the rule demands.
    pub text: &'static str,
    /// The check.
    pub check: fn(&SignatureFacts, Option<&PolicyIdentity>) -> RuleOutcome,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("section", &self.section)
            .finish()
    }
}

/// The rules a validator applies to one signature: a policy identity (if any) and its table.
#[derive(Debug, Clone)]
pub struct AppliedPolicy {
    /// The policy demanded or recognised; `None` for plain AdES rules.
    pub identity: Option<PolicyIdentity>,
    /// Its rule table.
    pub rules: &'static [Rule],
    /// The sections it cites for checks generic code makes.
    pub citations: &'static [Citation],
    /// `Demanded` when the caller required this policy; `Recognised` when the signature named it.
    pub how: PolicySelection,
}

/// How the applied policy was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicySelection {
    /// The caller required it (`ades verify --policy madrid`).
    Demanded,
    /// The signature names it and it is one we know.
    Recognised,
    /// No known policy: generic AdES rules.
    Generic,
}

/// Chooses the rules for a signature from the policy it names.
pub trait PolicySelector {
    /// The rules to apply to a signature naming `reference` (or none).
    fn select(&self, reference: Option<&PolicyReference>) -> AppliedPolicy;
}

/// A policy type demands itself, whatever the signature names.
impl<P: Policy> PolicySelector for P {
    fn select(&self, _reference: Option<&PolicyReference>) -> AppliedPolicy {
        AppliedPolicy {
            identity: self.identity().cloned(),
            rules: self.rules(),
            citations: self.citations(),
            how: PolicySelection::Demanded,
        }
    }
}

impl AppliedPolicy {
    /// The name the policy's sections are cited under (`AdES` for the generic rules).
    pub fn source(&self) -> &'static str {
        self.identity.as_ref().map_or("AdES", |i| i.name)
    }

    /// Runs every rule on `facts` and records the outcomes as checks named after the rules,
    /// citing the policy section.
    pub fn check(&self, facts: &SignatureFacts, checks: &mut CheckList) {
        for rule in self.rules {
            let cite = RuleRef::new(self.source(), rule.section);
            let check = match (rule.check)(facts, self.identity.as_ref()) {
                RuleOutcome::Pass(detail) => checks.pass(rule.id, detail),
                RuleOutcome::Warn(detail) => checks.warn(rule.id, detail),
                RuleOutcome::Fail {
                    detail,
                    sub_indication,
                } => checks.fail(rule.id, sub_indication, detail),
                RuleOutcome::NotApplicable => continue,
            };
            check.rule(cite);
        }
    }

    /// Cites the policy's sections on the checks generic code recorded without a rule.
    pub fn cite(&self, checks: &mut CheckList) {
        checks.cite_with(|id| {
            self.citations
                .iter()
                .find(|c| c.check == id)
                .map(|c| RuleRef::new(self.source(), c.section))
        });
    }
}
