//! Fuzzes the ETSI TS 119 612 trusted-list reader: any input is read or refused (DTDs and
//! custom entities refused, nesting and service counts bounded), never with a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(list) = ades_trust::tsl::UnverifiedTrustedList::parse(data) {
        let _ = list.content().anchors_at(ades_core::datetime::now(), &[ades_trust::tsl::SERVICE_CA_QC]);
    }
});
