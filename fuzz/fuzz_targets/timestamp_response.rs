//! Fuzzes RFC 3161 parsing: a `TimeStampResp` or a bare token is read or refused, and a
//! token that parses is verified against a fixed imprint without a panic.

#![no_main]

use ades_core::report::CheckList;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let token = ades_tsp::TimeStampToken::from_der(data)
        .ok()
        .or_else(|| ades_tsp::TimeStampResponse::from_der(data).ok()?.into_token().ok());
    if let Some(token) = token {
        let mut checks = CheckList::new();
        let digest_of = |alg| Some(ades_core::digest::digest(alg, b"fuzz"));
        let _ = token.verify("timestamp", &digest_of, None, &[], ades_core::datetime::now(), &mut checks);
    }
});
