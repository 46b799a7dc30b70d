//! `xs:dateTime` in UTC with `Z`, as the schema's time elements need.

use ades_core::time::{OffsetDateTime, UtcOffset};

/// `t` as `YYYY-MM-DDThh:mm:ss[.fff]Z`, or `None` when its year is outside 0001–9999 (XML
/// Schema 1.0 has no year 0, and a claimed time can be anything a signer wrote).
pub(crate) fn xs_date_time(t: OffsetDateTime) -> Option<String> {
    let utc = t.checked_to_offset(UtcOffset::UTC)?;
    if !(1..=9999).contains(&utc.year()) {
        return None;
    }
    let fraction = match utc.nanosecond() {
        0 => String::new(),
        n => format!(".{n:09}").trim_end_matches('0').to_owned(),
    };
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ades_core::datetime::parse_rfc3339;

    fn at(text: &str) -> Option<String> {
        parse_rfc3339(text).ok().and_then(xs_date_time)
    }

    #[test]
    fn utc_with_z() {
        assert_eq!(
            at("2026-01-31T13:00:00+01:00").as_deref(),
            Some("2026-01-31T12:00:00Z")
        );
        assert_eq!(
            at("2026-01-31T12:00:00.250Z").as_deref(),
            Some("2026-01-31T12:00:00.25Z")
        );
        assert_eq!(at("0000-01-01T00:00:00Z"), None);
    }
}
