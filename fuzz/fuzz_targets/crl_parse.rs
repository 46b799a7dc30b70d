//! Fuzzes CRL parsing; a CRL that parses is checked against the test PKI's intermediate and
//! looked up for a certificate, never with a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(crl) = ades_trust::Crl::from_bytes(data) {
        let pki = ades_testkit::TestPki::shared();
        let _ = crl.is_signed_by(&pki.ape.certificate);
        let _ = crl.entry(&pki.revoked.certificate);
        let _ = crl.covers(&pki.signer1.certificate);
    }
});
