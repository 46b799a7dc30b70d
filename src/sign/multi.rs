//! Co-signatures and counter-signatures once the policy has permitted them in the format.

use ades_core::DataFormat;
use ades_core::policy::format::{Cades, Xades};
use ades_core::policy::packaging::{Attached, Detached, InternallyDetached};
use ades_core::policy::{
    PermitsCounterSignature, PermitsPackaging, RuntimePolicy, WithCoSignature, WithCounterSignature,
};

use crate::error::Error;
use crate::input::Input;
use crate::sign::{Job, Pending, cades, xades};

/// A parallel signature beside the existing ones.
pub(crate) struct CoSign<'a, P> {
    pub(crate) policy: P,
    pub(crate) job: Job<'a>,
    pub(crate) existing: Vec<u8>,
    pub(crate) content: Option<Input>,
}

impl<P: RuntimePolicy> WithCoSignature<P> for CoSign<'_, P> {
    type Output = Result<Box<dyn Pending>, Error>;

    fn cades(self) -> Self::Output
    where
        P: PermitsPackaging<Cades, Attached> + PermitsPackaging<Cades, Detached>,
    {
        cades::cosign(&self.policy, &self.job, &self.existing, self.content)
    }

    fn xades(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, InternallyDetached>,
    {
        if self.content.is_some() {
            return Err(crate::error::OptionsError::NotApplicable {
                option: "detached content (a XAdES co-signature signs what is in the file)",
                format: ades_core::Format::Xades,
            }
            .into());
        }
        let format = self
            .job
            .options
            .attributes
            .data_format
            .clone()
            .unwrap_or_else(|| DataFormat::mime("application/octet-stream"));
        let builder = xades::builder(&self.policy, &self.job, format).cosign(self.existing);
        xades::prepare(&self.policy, &self.job, builder)
    }
}

/// A counter-signature on one signature.
pub(crate) struct CounterSign<'a, P> {
    pub(crate) policy: P,
    pub(crate) job: Job<'a>,
    pub(crate) existing: Vec<u8>,
    pub(crate) target: Vec<usize>,
}

impl<P: RuntimePolicy> WithCounterSignature<P> for CounterSign<'_, P> {
    type Output = Result<Box<dyn Pending>, Error>;

    fn cades(self) -> Self::Output
    where
        P: PermitsCounterSignature<Cades>,
    {
        cades::countersign(&self.policy, &self.job, &self.existing, self.target)
    }

    fn xades(self) -> Self::Output
    where
        P: PermitsCounterSignature<Xades>,
    {
        xades::countersign(&self.policy, &self.job, self.existing, self.target)
    }
}
