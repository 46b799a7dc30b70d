//! RFC 3161 / RFC 5816 time-stamping for the `ades` workspace — **not built yet**.
//!
//! This crate will hold: time-stamp requests (hash algorithm, nonce, certReq, policy), an HTTP
//! transport behind a trait and a default-on feature, response and token parsing, and full
//! token verification (message imprint, nonce, signature, ESSCertID/ESSCertIDv2, critical
//! timeStamping EKU, TSA chain at genTime, accuracy). Until then it exports nothing: CAdES
//! validation reports signature time-stamps as present but unchecked.
