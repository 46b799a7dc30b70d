//! The bridge from run-time choices (a digest, a format and packaging, a counter-signature
//! asked for in a request or a configuration file) to the types the builders check at compile
//! time.
//!
//! A policy implements [`RuntimePolicy`] with [`runtime_policy!`](crate::runtime_policy), which
//! lists what it permits and the section that says so. The generated code calls a visitor's
//! typed method only for what the policy's marker traits permit, so the run-time path can never
//! allow what the compile-time path refuses; everything else is a [`Refusal`] naming the
//! section.

use crate::check_id::RuleRef;
use crate::format::{Format, Packaging};
use crate::policy::format::{Cades, Pades, Xades};
use crate::policy::packaging::{Attached, Detached, Enveloped, Enveloping, InternallyDetached};
use crate::policy::{AllowedDigest, AllowedSignature, PermitsCounterSignature, PermitsPackaging};
use crate::{DigestAlgorithm, Policy, RsaPkcs1v15};

/// A choice a policy does not permit, with the rule that says so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} is not permitted by {rule}")]
pub struct Refusal {
    /// What was asked for (`SHA-384`, `a PAdES counter-signature`, …).
    pub what: String,
    /// The policy section that refuses it.
    pub rule: RuleRef,
}

impl Refusal {
    /// `what` refused by `rule`.
    pub fn new(what: impl Into<String>, rule: RuleRef) -> Self {
        Refusal {
            what: what.into(),
            rule,
        }
    }
}

/// Code to run with a digest algorithm as a type, once the policy has allowed it.
pub trait WithDigest<P: Policy> {
    /// What the code returns.
    type Output;

    /// Runs with digest `D`.
    fn run<D>(self) -> Self::Output
    where
        D: AllowedDigest<P>,
        RsaPkcs1v15: AllowedSignature<P, D>;
}

/// Code to run for a format and packaging, once the policy has permitted it: one method per
/// combination any policy may permit.
pub trait WithPackaging<P: Policy> {
    /// What the code returns.
    type Output;

    /// CAdES, content inside.
    fn cades_attached(self) -> Self::Output
    where
        P: PermitsPackaging<Cades, Attached>;

    /// CAdES, content outside.
    fn cades_detached(self) -> Self::Output
    where
        P: PermitsPackaging<Cades, Detached>;

    /// XAdES, the policy's `<documento>` structure.
    fn xades_internally_detached(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, InternallyDetached>;

    /// XAdES inside the signed XML document.
    fn xades_enveloped(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, Enveloped>;

    /// XAdES with the content in a `ds:Object`.
    fn xades_enveloping(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, Enveloping>;

    /// XAdES over an external file.
    fn xades_detached(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, Detached>;

    /// PAdES: a detached CMS in the PDF.
    fn pades(self) -> Self::Output
    where
        P: PermitsPackaging<Pades, Detached>;
}

/// Code to run to counter-sign, once the policy has permitted counter-signatures in the
/// format.
pub trait WithCounterSignature<P: Policy> {
    /// What the code returns.
    type Output;

    /// A CAdES counter-signature.
    fn cades(self) -> Self::Output
    where
        P: PermitsCounterSignature<Cades>;

    /// A XAdES counter-signature.
    fn xades(self) -> Self::Output
    where
        P: PermitsCounterSignature<Xades>;
}

/// Code to run to co-sign (add a parallel signature, policy §3.6.7), once the policy has
/// permitted it in the format. A CAdES co-signature keeps the packaging of the signature it
/// joins, so it needs both packagings permitted; a XAdES one is made over the policy's
/// `<documento>` structure.
pub trait WithCoSignature<P: Policy> {
    /// What the code returns.
    type Output;

    /// A CAdES co-signature.
    fn cades(self) -> Self::Output
    where
        P: PermitsPackaging<Cades, Attached> + PermitsPackaging<Cades, Detached>;

    /// A XAdES co-signature.
    fn xades(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, InternallyDetached>;
}

/// A policy whose permissions can be asked for at run time. Implemented with
/// [`runtime_policy!`](crate::runtime_policy).
pub trait RuntimePolicy: Policy {
    /// Runs `visitor` with `digest` as a type, if the policy allows it for new signatures.
    fn with_digest<V: WithDigest<Self>>(
        &self,
        digest: DigestAlgorithm,
        visitor: V,
    ) -> Result<V::Output, Refusal>;

    /// Runs `visitor` for `format` and `packaging`, if the policy permits them.
    fn with_packaging<V: WithPackaging<Self>>(
        &self,
        format: Format,
        packaging: Packaging,
        visitor: V,
    ) -> Result<V::Output, Refusal>;

    /// Runs `visitor` to counter-sign in `format`, if the policy permits it.
    fn with_counter_signature<V: WithCounterSignature<Self>>(
        &self,
        format: Format,
        visitor: V,
    ) -> Result<V::Output, Refusal>;

    /// Runs `visitor` to co-sign in `format`, if the policy permits it.
    fn with_co_signature<V: WithCoSignature<Self>>(
        &self,
        format: Format,
        visitor: V,
    ) -> Result<V::Output, Refusal>;

    /// The packaging a new signature in `format` gets when none is asked for.
    fn default_packaging(&self, format: Format) -> Packaging {
        match format {
            Format::Xades => Packaging::InternallyDetached,
            Format::Pades => Packaging::Detached,
            _ => Packaging::Attached,
        }
    }
}

/// The name a policy's sections are cited under (`AdES` for the generic rules).
pub fn source_name<P: Policy>(policy: &P) -> &'static str {
    policy.identity().map_or("AdES", |i| i.name)
}

/// Implements [`RuntimePolicy`] for a policy type from the list of what it permits, each list
/// with the section that permits it. Each permitted item must also be permitted by the
/// policy's marker traits, or the generated code does not compile.
///
/// ```ignore
/// ades_core::runtime_policy! {
///     MadridPolicy {
///         digests "§3.5": [Sha1, Sha256, Sha512],
///         packagings "§3.2": [cades_attached, cades_detached, xades_internally_detached, pades],
///         counter_signatures "Annex I": [cades, xades],
///         co_signatures "§3.6.7": [cades, xades],
///     }
/// }
/// ```
#[macro_export]
macro_rules! runtime_policy {
    (
        $policy:ty {
            digests $digest_section:literal : [$($digest:ident),* $(,)?],
            packagings $packaging_section:literal : [$($packaging:ident),* $(,)?],
            counter_signatures $counter_section:literal : [$($counter:ident),* $(,)?],
            co_signatures $co_section:literal : [$($co:ident),* $(,)?] $(,)?
        }
    ) => {
        impl $crate::policy::RuntimePolicy for $policy {
            #[allow(deprecated)]
            fn with_digest<V: $crate::policy::WithDigest<Self>>(
                &self,
                digest: $crate::DigestAlgorithm,
                visitor: V,
            ) -> ::core::result::Result<V::Output, $crate::policy::Refusal> {
                match digest {
                    $( $crate::DigestAlgorithm::$digest => Ok(visitor.run::<$crate::$digest>()), )*
                    other => Err($crate::policy::Refusal::new(
                        other.to_string(),
                        $crate::RuleRef::new($crate::policy::source_name(self), $digest_section),
                    )),
                }
            }

            fn with_packaging<V: $crate::policy::WithPackaging<Self>>(
                &self,
                format: $crate::Format,
                packaging: $crate::Packaging,
                visitor: V,
            ) -> ::core::result::Result<V::Output, $crate::policy::Refusal> {
                $(
                    if $crate::runtime_policy!(@packaging $packaging) == (format, packaging) {
                        return Ok(visitor.$packaging());
                    }
                )*
                Err($crate::policy::Refusal::new(
                    format!("{format} {packaging}"),
                    $crate::RuleRef::new($crate::policy::source_name(self), $packaging_section),
                ))
            }

            #[allow(unused_variables)]
            fn with_counter_signature<V: $crate::policy::WithCounterSignature<Self>>(
                &self,
                format: $crate::Format,
                visitor: V,
            ) -> ::core::result::Result<V::Output, $crate::policy::Refusal> {
                $(
                    if $crate::runtime_policy!(@counter $counter) == format {
                        return Ok(visitor.$counter());
                    }
                )*
                Err($crate::policy::Refusal::new(
                    format!("a {format} counter-signature"),
                    $crate::RuleRef::new($crate::policy::source_name(self), $counter_section),
                ))
            }

            #[allow(unused_variables)]
            fn with_co_signature<V: $crate::policy::WithCoSignature<Self>>(
                &self,
                format: $crate::Format,
                visitor: V,
            ) -> ::core::result::Result<V::Output, $crate::policy::Refusal> {
                $(
                    if $crate::runtime_policy!(@counter $co) == format {
                        return Ok(visitor.$co());
                    }
                )*
                Err($crate::policy::Refusal::new(
                    format!("a {format} co-signature"),
                    $crate::RuleRef::new($crate::policy::source_name(self), $co_section),
                ))
            }
        }
    };
    (@packaging cades_attached) => { ($crate::Format::Cades, $crate::Packaging::Attached) };
    (@packaging cades_detached) => { ($crate::Format::Cades, $crate::Packaging::Detached) };
    (@packaging xades_internally_detached) => {
        ($crate::Format::Xades, $crate::Packaging::InternallyDetached)
    };
    (@packaging xades_enveloped) => { ($crate::Format::Xades, $crate::Packaging::Enveloped) };
    (@packaging xades_enveloping) => { ($crate::Format::Xades, $crate::Packaging::Enveloping) };
    (@packaging xades_detached) => { ($crate::Format::Xades, $crate::Packaging::Detached) };
    (@packaging pades) => { ($crate::Format::Pades, $crate::Packaging::Detached) };
    (@counter cades) => { $crate::Format::Cades };
    (@counter xades) => { $crate::Format::Xades };
}
