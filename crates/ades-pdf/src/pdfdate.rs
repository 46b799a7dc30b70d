//! PDF dates (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`, the format of a signature
//! dictionary's `/M`, which is the signing time of a PAdES signature (policy Annex I).

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Writes `t` as a PDF date in UTC: `D:20260131120000Z`.
pub fn format_pdf_date(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Reads a PDF date. Everything after the year is optional (§7.9.4); the `D:` prefix, the
/// apostrophes of the offset and a trailing apostrophe are tolerated as readers do. `None`
/// for anything else.
pub fn parse_pdf_date(text: &[u8]) -> Option<OffsetDateTime> {
    let text = text.strip_prefix(b"D:").unwrap_or(text);
    let mut pos = 0;
    let mut field = |digits: usize, default: u32| -> Option<u32> {
        match text.get(pos..pos + digits) {
            Some(d) if d.iter().all(u8::is_ascii_digit) => {
                pos += digits;
                Some(d.iter().fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0')))
            }
            _ if text.get(pos).is_none_or(|b| !b.is_ascii_digit()) => Some(default),
            _ => None,
        }
    };
    let year = field(4, 0)?;
    let month = field(2, 1)?;
    let day = field(2, 1)?;
    let hour = field(2, 0)?;
    let minute = field(2, 0)?;
    let second = field(2, 0)?;
    if pos < 4 {
        return None;
    }
    let offset = match text.get(pos) {
        None | Some(b'Z' | b'z') => UtcOffset::UTC,
        Some(sign @ (b'+' | b'-')) => {
            let rest: Vec<u8> = text
                .get(pos + 1..)
                .unwrap_or_default()
                .iter()
                .copied()
                .filter(u8::is_ascii_digit)
                .collect();
            let num = |r: std::ops::Range<usize>| -> Option<i8> {
                let d = rest.get(r)?;
                Some((d.first()? - b'0') as i8 * 10 + (d.get(1)? - b'0') as i8)
            };
            let hours = num(0..2)?;
            let minutes = num(2..4).unwrap_or(0);
            let (h, m) = if *sign == b'-' {
                (-hours, -minutes)
            } else {
                (hours, minutes)
            };
            UtcOffset::from_hms(h, m, 0).ok()?
        }
        Some(_) => return None,
    };
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let time = Time::from_hms(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn utc(y: i32, m: Month, d: u8, h: u8, min: u8, sec: u8) -> OffsetDateTime {
        Date::from_calendar_date(y, m, d)
            .unwrap()
            .with_hms(h, min, sec)
            .unwrap()
            .assume_utc()
    }

    #[test]
    fn round_trip_and_variants() {
        let t = utc(2026, Month::January, 31, 12, 34, 56);
        assert_eq!(format_pdf_date(t), "D:20260131123456Z");
        assert_eq!(parse_pdf_date(b"D:20260131123456Z"), Some(t));
        assert_eq!(parse_pdf_date(b"D:20260131133456+01'00'"), Some(t));
        assert_eq!(parse_pdf_date(b"D:20260131133456+01'00"), Some(t));
        assert_eq!(parse_pdf_date(b"20260131113456-01'00'"), Some(t));
        assert_eq!(
            parse_pdf_date(b"D:2026"),
            Some(utc(2026, Month::January, 1, 0, 0, 0))
        );
        for bad in [
            &b""[..],
            b"D:",
            b"D:20261",
            b"D:20261399",
            b"D:2026013112345X",
            b"\xff",
        ] {
            assert_eq!(parse_pdf_date(bad), None, "{bad:?}");
        }
    }
}
