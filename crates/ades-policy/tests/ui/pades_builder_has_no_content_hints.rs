// Policy Annex I: the format of the signed object (content-hints) is "no permitido" in PAdES,
// and PAdES has no counter-signatures: the PAdES CMS builder has neither method.
use ades_pades::PdfCmsBuilder;
use ades_core::DataFormat;
use ades_policy::MadridPolicy;

fn main() {
    let builder = PdfCmsBuilder::new(MadridPolicy::default());
    let _ = builder.data_format(DataFormat::mime("application/pdf"));
    let _ = PdfCmsBuilder::new(MadridPolicy::default()).counter_sign();
}
