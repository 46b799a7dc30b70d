//! Fuzzes the PDF reader and the incremental-update writer: every input is parsed; when it
//! parses, every revision's objects (the first 200 of each), catalog and page tree are asked
//! for, streams are decoded, and an update (a new object, the catalog replaced by a copy that
//! references it) is appended and read back, which must give one more revision. Never a
//! panic; time and memory bounded by `ades_pdf::Limits`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::pdf_parse(data));
