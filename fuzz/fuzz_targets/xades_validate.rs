//! Fuzzes the XAdES validator: any input gives a report — never a panic, and never
//! TOTAL-PASSED without trust anchors — and the signature reader, transforms and XPath subset
//! behind it stay bounded (references, transforms, nesting).

#![no_main]

use ades_core::Indication;
use ades_policy::MadridPolicy;
use ades_xades::XadesValidator;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let policy = MadridPolicy::default();
    let content = b"detached".to_vec();
    if let Ok(report) = XadesValidator::new(&policy)
        .detached_content(&content)
        .validate(data, "fuzz")
    {
        assert!(report
            .signatures
            .iter()
            .all(|s| s.indication != Indication::TotalPassed));
    }
});
