//! Fuzzes RFC 3161 parsing: a `TimeStampResp` or a bare token is read or refused, and a
//! token that parses is verified against a fixed imprint without a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::timestamp_response(data));
