//! Fuzzes the CMS `SignedData` reader: any input either fails to parse or parses into a
//! structure whose DER encoding parses again and re-encodes to the same bytes.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::cms_parse(data));
