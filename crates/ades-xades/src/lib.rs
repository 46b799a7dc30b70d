//! XAdES (ETSI TS 101 903 v1.3.2 / EN 319 132) for the `ades` workspace — **not built yet**.
//!
//! This crate will hold: XML canonicalization (C14N 1.0, exclusive C14N, C14N 1.1), the
//! XML-DSig core, XAdES-EPES/T creation in the packagings of the Madrid policy (internally
//! detached `<documento>`, enveloped for Facturae), counter-signatures, validation, and the
//! signature verifier of ETSI TS 119 612 trusted lists. Until then it exports nothing:
//! `ades sign --format xades` and `ades verify` on XML files say so and exit with code 3.
