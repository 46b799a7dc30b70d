//! Fuzzes the PKCS#12 reader with the test PKI's password: any input is read or refused with
//! a typed error, within the size and iteration limits, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::pkcs12_read(data));
