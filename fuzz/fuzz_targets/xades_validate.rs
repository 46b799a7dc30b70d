//! Fuzzes the XAdES validator: any input gives a report — never a panic, and never
//! TOTAL-PASSED without trust anchors — and the signature reader, transforms and XPath subset
//! behind it stay bounded (references, transforms, nesting).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::xades_validate(data));
