//! Fuzzes the PAdES side of `ades-pades` on any input: the signature-dictionary reader
//! (`find_signatures`, `/ByteRange`, `/Contents` and its exact span, `/M`), the validator
//! (`PadesValidator`, coverage, CMS, document time-stamps, the analysis of later
//! revisions), the dynamic-content scan, and the preparation of a new signature (the revision
//! is written and hashed; no RSA). Never a panic: a malformed file is a report with
//! TOTAL-FAILED / FORMAT_FAILURE or a clear error.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| ades_fuzz_entries::pades_validate(data));
