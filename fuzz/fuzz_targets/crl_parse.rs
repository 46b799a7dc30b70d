//! Fuzzes CRL parsing; a CRL that parses is checked against the test PKI's intermediate and
//! looked up for a certificate, never with a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::crl_parse(data));
