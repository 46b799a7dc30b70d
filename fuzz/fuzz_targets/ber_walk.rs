//! Fuzzes the BER walker: every element of the input is visited recursively (children of
//! constructed elements, the value of string types), never a panic and never deeper than
//! `ber::MAX_DEPTH`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::ber_walk(data));
