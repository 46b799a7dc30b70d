//! Conversions between the ASN.1 time types and [`time::OffsetDateTime`], the one time type
//! of the public API.

use der::asn1::{GeneralizedTime, UtcTime};
use der::{DateTime, Decode};
use time::OffsetDateTime;

/// An X.509 `Time` (or any DER time) as an [`OffsetDateTime`] in UTC.
pub fn from_x509(t: &x509_cert::time::Time) -> OffsetDateTime {
    from_unix_duration(t.to_unix_duration())
}

fn from_unix_duration(d: std::time::Duration) -> OffsetDateTime {
    let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Decodes a `UTCTime` or `GeneralizedTime` element (as in the CMS `signing-time` attribute).
pub fn decode_time(der_bytes: &[u8]) -> Result<OffsetDateTime, der::Error> {
    let tag = der_bytes.first().copied().unwrap_or(0);
    if tag == 0x17 {
        Ok(from_unix_duration(
            UtcTime::from_der(der_bytes)?.to_unix_duration(),
        ))
    } else {
        Ok(from_unix_duration(
            GeneralizedTime::from_der(der_bytes)?.to_unix_duration(),
        ))
    }
}

/// Converts to a DER date-time (whole seconds, UTC).
pub fn to_der_date_time(t: OffsetDateTime) -> Result<DateTime, der::Error> {
    let secs = u64::try_from(t.unix_timestamp()).map_err(|_| der::ErrorKind::DateTime)?;
    DateTime::from_unix_duration(std::time::Duration::from_secs(secs))
}

/// An X.509 / CMS `Time`: `UTCTime` through 2049, `GeneralizedTime` after (RFC 5280 §4.1.2.5,
/// RFC 5652 §11.3).
pub fn to_x509_time(t: OffsetDateTime) -> Result<x509_cert::time::Time, der::Error> {
    let dt = to_der_date_time(t)?;
    if dt.year() < 2050 {
        Ok(x509_cert::time::Time::UtcTime(UtcTime::from_date_time(dt)?))
    } else {
        Ok(x509_cert::time::Time::GeneralTime(
            GeneralizedTime::from_date_time(dt),
        ))
    }
}

/// Parses `YYYYMMDDHHMMSS[.fff…]Z` (RFC 3161 allows fractions of seconds; RFC 5280's DER
/// profile does not, which is why the `der` crate's type is not used here).
pub fn parse_generalized_time(text: &[u8]) -> Option<OffsetDateTime> {
    let text = std::str::from_utf8(text).ok()?.strip_suffix('Z')?;
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    if whole.len() != 14 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| whole[r].parse::<u32>().ok();
    let month = time::Month::try_from(u8::try_from(n(4..6)?).ok()?).ok()?;
    let date = time::Date::from_calendar_date(
        i32::try_from(n(0..4)?).ok()?,
        month,
        u8::try_from(n(6..8)?).ok()?,
    )
    .ok()?;
    let time = time::Time::from_hms(
        u8::try_from(n(8..10)?).ok()?,
        u8::try_from(n(10..12)?).ok()?,
        u8::try_from(n(12..14)?).ok()?,
    )
    .ok()?;
    let mut t = date.with_time(time).assume_utc();
    if let Some(f) = fraction {
        if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let nanos: i64 = format!("{f:0<9}").parse().ok()?;
        t += time::Duration::nanoseconds(nanos);
    }
    Some(t)
}

/// Decodes a `UTCTime` or `GeneralizedTime` element leniently: fractions of seconds are
/// accepted (RFC 3161, OCSP responders), as is any non-DER trailing precision.
pub fn decode_time_lenient(element: &[u8]) -> Option<OffsetDateTime> {
    let tlv = crate::ber::Reader::single(element).ok()?;
    match tlv.tag() {
        0x18 => parse_generalized_time(tlv.content()),
        0x17 => {
            let text = tlv.content();
            let year: i32 = std::str::from_utf8(text.get(0..2)?).ok()?.parse().ok()?;
            let century = if year >= 50 { b"19" } else { b"20" };
            let mut full = century.to_vec();
            full.extend_from_slice(text);
            parse_generalized_time(&full)
        }
        _ => None,
    }
}

/// RFC 3339 text of a time (`2026-11-22T10:00:00Z`).
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Parses RFC 3339 text.
pub fn parse_rfc3339(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
}

/// The current time, truncated to whole seconds (what DER times can carry).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Encode;

    #[test]
    fn utc_until_2049_then_generalized() {
        let t = parse_rfc3339("2049-12-31T23:59:59Z").unwrap();
        assert!(matches!(
            to_x509_time(t).unwrap(),
            x509_cert::time::Time::UtcTime(_)
        ));
        let t = parse_rfc3339("2050-01-01T00:00:00Z").unwrap();
        let x = to_x509_time(t).unwrap();
        assert!(matches!(x, x509_cert::time::Time::GeneralTime(_)));
        assert_eq!(from_x509(&x), t);
        let der_bytes = x.to_der().unwrap();
        assert_eq!(decode_time(&der_bytes).unwrap(), t);
        assert_eq!(decode_time_lenient(&der_bytes), Some(t));
    }

    #[test]
    fn generalized_time_with_fractions() {
        let t = parse_generalized_time(b"20261122120000.25Z").unwrap();
        assert_eq!(
            rfc3339(t.replace_nanosecond(0).unwrap()),
            "2026-11-22T12:00:00Z"
        );
        assert_eq!(t.millisecond(), 250);
        assert!(parse_generalized_time(b"20261122120000").is_none());
        assert!(parse_generalized_time(b"2026112212000Z").is_none());
        assert!(parse_generalized_time(b"20261322120000Z").is_none());
        let utc = [
            0x17, 0x0D, b'4', b'9', b'1', b'2', b'3', b'1', b'2', b'3', b'5', b'9', b'5', b'9',
            b'Z',
        ];
        assert_eq!(
            rfc3339(decode_time_lenient(&utc).unwrap()),
            "2049-12-31T23:59:59Z"
        );
    }
}
