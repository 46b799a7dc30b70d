//! Fuzzes CAdES validation under the Madrid policy: any input gives a report (a malformed
//! file is one TOTAL-FAILED/FORMAT_FAILURE entry), never a panic.

#![no_main]

use ades_cades::CadesValidator;
use ades_policy::MadridPolicy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let policy = MadridPolicy::default();
    // `Err` is only for I/O errors on detached content, which is not given here.
    let _ = CadesValidator::new(&policy).validate(data, "fuzz");
});
