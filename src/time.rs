//! Durations (`30d`, `1h`, `90m`) and points in time (`2027-01-31`,
//! `2027-01-31T12:00:00Z`), as users type them. Times are kept as Unix seconds.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};

/// The earliest time coffer accepts: 0000-01-01T00:00:00Z.
pub const MIN_TIME: i64 = -62_167_219_200;
/// The latest time coffer accepts: 9999-12-31T23:59:59Z. Every time in
/// between prints as RFC 3339 with a four-digit year.
pub const MAX_TIME: i64 = 253_402_300_799;

/// Now, in Unix seconds.
pub fn now() -> i64 {
    Utc::now().timestamp()
}

/// A duration such as `30d`, `12h`, `2w`, `1h30m` or `500ms`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s.trim())
        .map_err(|_| "expected a duration such as 30d, 12h, 2w, 1h30m or 90s".to_string())?;
    Ok(d)
}

/// A duration as whole seconds, refusing zero.
pub fn parse_positive_secs(s: &str) -> Result<i64, String> {
    let d = parse_duration(s)?;
    if d.as_secs() == 0 {
        return Err("the duration must be at least one second".into());
    }
    i64::try_from(d.as_secs()).map_err(|_| "the duration is too long".to_string())
}

/// A point in time: RFC 3339 (`2027-01-31T12:00:00Z`, `...+02:00`), a date
/// (`2027-01-31`, midnight UTC) or a date and time in UTC (`2027-01-31 12:00`),
/// within the years 0000 to 9999 (UTC).
pub fn parse_time(s: &str) -> Result<i64, String> {
    let t = parse_any_time(s)?;
    if !(MIN_TIME..=MAX_TIME).contains(&t) {
        return Err("the time must fall within the years 0000 to 9999 (UTC)".into());
    }
    Ok(t)
}

fn parse_any_time(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.timestamp());
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(Utc.from_utc_datetime(&t).timestamp());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Utc
            .from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight exists"))
            .timestamp());
    }
    Err(
        "expected a time such as 2027-01-31, '2027-01-31 12:00' (UTC) or 2027-01-31T12:00:00Z"
            .into(),
    )
}

/// RFC 3339 in UTC, to the second.
pub fn format(ts: i64) -> String {
    match Utc.timestamp_opt(ts, 0).single() {
        Some(t) => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        None => ts.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_positive_secs("90d").unwrap(), 90 * 86400);
        assert_eq!(parse_positive_secs("1h").unwrap(), 3600);
        assert_eq!(parse_positive_secs("1h30m").unwrap(), 5400);
        assert_eq!(parse_positive_secs("2w").unwrap(), 14 * 86400);
        for bad in ["", "abc", "30", "-5d", "1x", "0s"] {
            assert!(parse_positive_secs(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-02").unwrap(), 86400);
        assert_eq!(parse_time("1970-01-01T01:00:00Z").unwrap(), 3600);
        assert_eq!(parse_time("1970-01-01T02:00:00+01:00").unwrap(), 3600);
        assert_eq!(parse_time("1970-01-01 00:01").unwrap(), 60);
        for bad in ["tomorrow", "2027-13-01", "2027-02-30", "12:00", ""] {
            assert!(parse_time(bad).is_err(), "{bad:?} parsed");
        }
        assert_eq!(format(86400), "1970-01-02T00:00:00Z");
    }

    #[test]
    fn times_stay_within_four_digit_years() {
        assert_eq!(format(MAX_TIME), "9999-12-31T23:59:59Z");
        assert_eq!(format(MIN_TIME), "0000-01-01T00:00:00Z");
        assert_eq!(parse_time("9999-12-31T23:59:59Z").unwrap(), MAX_TIME);
        for bad in ["+10000-01-01", "9999-12-31T23:59:59-01:00", "-0001-01-01"] {
            assert!(parse_time(bad).is_err(), "{bad:?} parsed");
        }
    }
}
