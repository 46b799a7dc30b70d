//! Fuzzes the CMS `SignedData` reader: any input either fails to parse or parses into a
//! structure whose DER encoding parses again and re-encodes to the same bytes.

#![no_main]

use ades_cades::SignedData;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(signed_data) = SignedData::from_bytes(data) {
        let der = signed_data.to_der();
        let again = SignedData::from_bytes(&der)
            .unwrap_or_else(|e| panic!("to_der() output does not parse again: {e}"));
        assert_eq!(
            again.to_der(),
            der,
            "to_der() is not stable across a re-parse"
        );
    }
});
