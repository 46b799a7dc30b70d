//! Fuzzes CAdES validation under the Madrid policy: any input gives a report (a malformed
//! file is one TOTAL-FAILED/FORMAT_FAILURE entry), never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::cades_validate(data));
