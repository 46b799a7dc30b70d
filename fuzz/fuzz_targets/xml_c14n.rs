//! Fuzzes the XML reader and canonicalization: any input is read or refused with a typed
//! error (DTDs and custom entities refused, depth, sizes and node count bounded), and what
//! is read canonicalizes under every method — whole document, enveloped (minus the first
//! `ds:Signature`), and the subtree of every element with an Id — without a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::xml_c14n(data));
