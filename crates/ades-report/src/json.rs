//! The JSON report and its schema.

use ades_core::ValidationReport;
use serde::Serialize;

/// The identifier of the JSON report's schema version (the `$id` of [`JSON_SCHEMA`]).
pub const JSON_SCHEMA_ID: &str = "https://ades.invalid/schemas/validation-report/1.json";

/// The JSON Schema (2020-12) every JSON report validates against.
pub const JSON_SCHEMA: &str = include_str!("../schema/validation-report.schema.json");

/// The report as a JSON value, with `$schema` naming [`JSON_SCHEMA_ID`].
pub fn json(report: &ValidationReport) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            "$schema".to_owned(),
            serde_json::Value::String(JSON_SCHEMA_ID.to_owned()),
        );
    }
    value
}

/// How the JSON report spells a unit value (`passed`, `validation-time`, `TOTAL-FAILED`), so
/// that the other reports use the same words.
pub(crate) fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}
