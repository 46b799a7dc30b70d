//! Fuzzes OCSP response parsing and verification for a certificate of the test PKI: any input
//! is accepted only if it is a response the CA authorised, never with a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::ocsp_response(data));
