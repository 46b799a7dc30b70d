//! The validation report of `ades` in the forms people and machines read:
//!
//! - [`etsi_xml()`]: the ETSI TS 119 102-2 (v1.4.1) XML validation report, the format EU
//!   DSS, pyHanko and the ETSI plugtests compare;
//! - [`html()`]: one self-contained page (no network, no scripts) with the verdict at the top;
//! - [`json()`]: the JSON report, versioned by [`JSON_SCHEMA_ID`] and described by
//!   [`JSON_SCHEMA`] (JSON Schema 2020-12);
//! - the short text report is the report's `Display`.
//!
//! `docs/reports.md` says what each contains and how the vocabularies map.

mod escape;
mod etsi_xml;
mod html;
mod json;
mod verdict;
mod xml_writer;

pub use etsi_xml::etsi_xml;
pub use html::html;
pub use json::{JSON_SCHEMA, JSON_SCHEMA_ID, json};
