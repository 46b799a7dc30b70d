//! Fuzzes the ETSI TS 119 612 trusted-list reader: any input is read or refused (DTDs and
//! custom entities refused, nesting and service counts bounded), never with a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::tsl_parse(data));
