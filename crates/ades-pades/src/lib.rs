//! PAdES (ETSI TS 102 778-3 / EN 319 142) for the `ades` workspace — **not built yet**.
//!
//! This crate will hold: the PDF incremental-update writer (signature field, signature
//! dictionary with `/SubFilter /ETSI.CAdES.detached`, `/ByteRange` and `/Contents`), PAdES-BES
//! and -EPES on top of `ades-cades` (no content-hints, no counter-signatures: policy Annex I),
//! dynamic-content detection before signing (§3.1.1), and a validator that detects the known
//! PDF signature attacks. Until then it exports nothing: `ades sign --format pades` and
//! `ades verify` on PDF files say so and exit with code 3.
