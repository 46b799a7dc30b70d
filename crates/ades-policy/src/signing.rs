//! The policy to sign under, chosen at run time (a request, a configuration file, a command
//! line): one of the policies this crate provides as types.

use ades_core::UnknownName;
use ades_core::policy::RuntimePolicy;

use crate::{FacturaePolicy, GenericAdes, MadridPolicy};

/// A policy new signatures are made under.
#[derive(Debug, Clone)]
pub enum SigningPolicy {
    /// The Madrid city council policy (EPES; the default).
    Madrid(MadridPolicy),
    /// The Facturae 3.1 policy (enveloped XAdES over invoices).
    Facturae(FacturaePolicy),
    /// No policy: BES signatures under the generic AdES rules.
    None(GenericAdes),
}

impl SigningPolicy {
    /// The names [`SigningPolicy::from_str`](std::str::FromStr) accepts.
    pub const NAMES: &'static str = "madrid, facturae, none";

    /// The command-line name (`madrid`, `facturae`, `none`).
    pub fn name(&self) -> &'static str {
        match self {
            SigningPolicy::Madrid(_) => "madrid",
            SigningPolicy::Facturae(_) => "facturae",
            SigningPolicy::None(_) => "none",
        }
    }

    /// Whether signatures carry a policy identifier (EPES) or not (BES).
    pub fn has_identifier(&self) -> bool {
        !matches!(self, SigningPolicy::None(_))
    }

    /// Runs `visitor` with the policy as its type: the one place a run-time policy choice
    /// becomes a type.
    pub fn visit<V: PolicyVisitor>(&self, visitor: V) -> V::Output {
        match self {
            SigningPolicy::Madrid(p) => visitor.visit(p.clone()),
            SigningPolicy::Facturae(p) => visitor.visit(p.clone()),
            SigningPolicy::None(p) => visitor.visit(*p),
        }
    }
}

/// Code to run with a [`SigningPolicy`] as a type.
pub trait PolicyVisitor {
    /// What the code returns.
    type Output;

    /// Runs with `policy`.
    fn visit<P: RuntimePolicy>(self, policy: P) -> Self::Output;
}

impl Default for SigningPolicy {
    fn default() -> Self {
        SigningPolicy::Madrid(MadridPolicy::default())
    }
}

impl From<MadridPolicy> for SigningPolicy {
    fn from(p: MadridPolicy) -> Self {
        SigningPolicy::Madrid(p)
    }
}

impl From<FacturaePolicy> for SigningPolicy {
    fn from(p: FacturaePolicy) -> Self {
        SigningPolicy::Facturae(p)
    }
}

impl From<GenericAdes> for SigningPolicy {
    fn from(p: GenericAdes) -> Self {
        SigningPolicy::None(p)
    }
}

impl std::str::FromStr for SigningPolicy {
    type Err = UnknownName;

    /// `madrid` (with the default policy hash), `facturae`, `none`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "madrid" => Ok(SigningPolicy::Madrid(MadridPolicy::default())),
            "facturae" | "facturae-3.1" => Ok(SigningPolicy::Facturae(FacturaePolicy::default())),
            "none" | "generic" => Ok(SigningPolicy::None(GenericAdes)),
            _ => Err(UnknownName::new("policy", s, Self::NAMES)),
        }
    }
}
