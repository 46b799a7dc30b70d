//! A new signature once the policy has permitted its format and packaging: each packaging
//! gives the builder its content.

use ades_core::policy::format::{Cades, Pades, Xades};
use ades_core::policy::packaging::{Attached, Detached, Enveloped, Enveloping, InternallyDetached};
use ades_core::policy::{PermitsPackaging, RuntimePolicy, WithPackaging};

use crate::error::Error;
use crate::sign::{Packaged, Pending, cades, pades, xades};

impl<P: RuntimePolicy> WithPackaging<P> for Packaged<'_, P> {
    type Output = Result<Box<dyn Pending>, Error>;

    fn cades_attached(self) -> Self::Output
    where
        P: PermitsPackaging<Cades, Attached>,
    {
        let format = self.document.format.clone();
        let bytes = self.document.into_bytes()?;
        let options = cades::attributes(&self.job, cades::attached_digest(&self.job, &bytes))?;
        let builder = cades::builder(&self.policy, &self.job, format, options).attached(bytes);
        cades::prepare(&self.policy, &self.job, builder)
    }

    fn cades_detached(self) -> Self::Output
    where
        P: PermitsPackaging<Cades, Detached>,
    {
        let format = self.document.format.clone();
        let (source, content_digest) =
            cades::detached_source(&self.job, self.document.into_source()?)?;
        let options = cades::attributes(&self.job, content_digest)?;
        let builder = cades::builder(&self.policy, &self.job, format, options).detached(source);
        cades::prepare(&self.policy, &self.job, builder)
    }

    fn xades_internally_detached(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, InternallyDetached>,
    {
        let (name, format) = (self.document.name.clone(), self.document.format.clone());
        let bytes = self.document.into_bytes()?;
        let builder =
            xades::builder(&self.policy, &self.job, format).internally_detached(name, bytes);
        xades::prepare(&self.policy, &self.job, builder)
    }

    fn xades_enveloped(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, Enveloped>,
    {
        let format = self.document.format.clone();
        let bytes = self.document.into_bytes()?;
        let builder = xades::builder(&self.policy, &self.job, format).enveloped(bytes);
        xades::prepare(&self.policy, &self.job, builder)
    }

    fn xades_enveloping(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, Enveloping>,
    {
        let format = self.document.format.clone();
        let bytes = self.document.into_bytes()?;
        let builder = xades::builder(&self.policy, &self.job, format).enveloping(bytes);
        xades::prepare(&self.policy, &self.job, builder)
    }

    fn xades_detached(self) -> Self::Output
    where
        P: PermitsPackaging<Xades, Detached>,
    {
        let (name, format) = (self.document.name.clone(), self.document.format.clone());
        let source = self.document.into_source()?;
        let builder = xades::builder(&self.policy, &self.job, format).detached(&name, source);
        xades::prepare(&self.policy, &self.job, builder)
    }

    fn pades(self) -> Self::Output
    where
        P: PermitsPackaging<Pades, Detached>,
    {
        let source = self.document.into_pdf()?;
        pades::prepare(&self.policy, &self.job, source)
    }
}
