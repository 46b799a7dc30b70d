//! Fuzzes OCSP response parsing and verification for a certificate of the test PKI: any input
//! is accepted only if it is a response the CA authorised, never with a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pki = ades_testkit::TestPki::shared();
    let _ = ades_trust::ocsp::verify_response(data, &pki.signer1.certificate, &pki.ape.certificate, Some(b"nonce"));
    let _ = ades_trust::ocsp::verify_response(data, &pki.signer1.certificate, &pki.ape.certificate, None);
});
