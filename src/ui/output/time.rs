//! Timestamps as PostgreSQL stores them, printed whatever their value.
//!
//! A `timestamptz` is a count of microseconds from 2000-01-01 UTC, from 4714-11-24 BC to 294276 AD, plus
//! `infinity` and `-infinity` (the largest and smallest 64-bit values). Tenants' rows can hold any of
//! them (an agent with a wrong clock, a hand-made `last_used_at = 'infinity'`), and a listing must show
//! them rather than stop: humantime's RFC 3339 formatter, used before, panics before 1970 and fails after
//! 9999, and the date crates stop short of PostgreSQL's range (chrono at ±262,143 years) and have no
//! infinities. So the calendar arithmetic is ours: days to a proleptic Gregorian date (Howard Hinnant's
//! `civil_from_days`, exact for any 64-bit day count), checked against the server's own text in
//! tests/it/hostile/times.rs.
//!
//! Within years 0000–9999 the text is RFC 3339 in UTC with the six digits of PostgreSQL's precision
//! (`2026-12-01T20:22:27.453763Z`); outside, ISO 8601's expanded years with a sign (`+294276-…`,
//! `-4713-…` for 4714 BC: astronomical numbering, where 1 BC is year 0); the infinities as PostgreSQL
//! writes them.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Microseconds from 2000-01-01T00:00:00Z, PostgreSQL's binary form of `timestamp[tz]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(i64);

/// Microseconds from the Unix epoch to PostgreSQL's (2000-01-01).
const PG_EPOCH_UNIX_MICROS: i128 = 946_684_800_000_000;
/// Days from 1970-01-01 to 2000-01-01.
const PG_EPOCH_UNIX_DAYS: i64 = 10_957;

impl Timestamp {
    /// PostgreSQL's `infinity`.
    pub const INFINITY: Timestamp = Timestamp(i64::MAX);
    /// PostgreSQL's `-infinity`.
    pub const NEG_INFINITY: Timestamp = Timestamp(i64::MIN);

    /// From the server's binary value (microseconds from 2000-01-01 UTC).
    pub const fn from_pg_micros(micros: i64) -> Timestamp {
        Timestamp(micros)
    }
}

impl From<SystemTime> for Timestamp {
    /// A clock reading (the audit log's times): finite, and clamped short of the infinities.
    fn from(t: SystemTime) -> Timestamp {
        let unix: i128 = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_micros() as i128,
            Err(e) => -(e.duration().as_micros() as i128),
        };
        let pg = (unix - PG_EPOCH_UNIX_MICROS).clamp(i64::MIN as i128 + 1, i64::MAX as i128 - 1);
        Timestamp(pg as i64)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Timestamp::INFINITY => return f.write_str("infinity"),
            Timestamp::NEG_INFINITY => return f.write_str("-infinity"),
            _ => {}
        }
        let secs = self.0.div_euclid(1_000_000);
        let micros = self.0.rem_euclid(1_000_000);
        let (year, month, day) = civil_from_days(secs.div_euclid(86_400) + PG_EPOCH_UNIX_DAYS);
        let s = secs.rem_euclid(86_400);
        if (0..=9999).contains(&year) {
            // The usual case, written digit by digit into one buffer: a listing formats one per row
            // and column, and `write!` with seven padded integers cost ~1,500 instructions each.
            let mut b = *b"0000-00-00T00:00:00.000000Z";
            for (at, len, v) in [
                (0, 4, year as u64),
                (5, 2, u64::from(month)),
                (8, 2, u64::from(day)),
                (11, 2, (s / 3600) as u64),
                (14, 2, (s / 60 % 60) as u64),
                (17, 2, (s % 60) as u64),
                (20, 6, micros as u64),
            ] {
                let mut v = v;
                for d in b[at..at + len].iter_mut().rev() {
                    *d = b'0' + (v % 10) as u8;
                    v /= 10;
                }
            }
            return f.write_str(std::str::from_utf8(&b).map_err(|_| fmt::Error)?);
        }
        match year {
            0..=9999 => write!(f, "{year:04}")?,
            10_000.. => write!(f, "+{year}")?,
            _ => write!(f, "-{:04}", year.unsigned_abs())?,
        }
        write!(
            f,
            "-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}Z",
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    }
}

/// The proleptic Gregorian (year, month, day) of a count of days from 1970-01-01 (Hinnant,
/// "chrono-Compatible Low-Level Date Algorithms": 400-year eras of 146,097 days, years from March).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March first
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(micros: i64) -> String {
        Timestamp::from_pg_micros(micros).to_string()
    }

    #[test]
    fn the_usual_range_is_rfc3339_with_microseconds() {
        assert_eq!(at(0), "2000-01-01T00:00:00.000000Z");
        assert_eq!(at(-1), "1999-12-31T23:59:59.999999Z");
        // 2024-02-29T12:34:56.789012Z: a leap day.
        assert_eq!(at(762_525_296_789_012), "2024-02-29T12:34:56.789012Z");
        assert_eq!(at(-PG_EPOCH_UNIX_MICROS as i64), "1970-01-01T00:00:00.000000Z");
        assert_eq!(
            at(-PG_EPOCH_UNIX_MICROS as i64 - 500_000),
            "1969-12-31T23:59:59.500000Z"
        );
    }

    #[test]
    fn what_humantime_formatted_formats_the_same() {
        for secs in [
            0u64,
            1,
            86_399,
            951_782_400,
            1_796_156_559,
            4_102_444_800,
            253_402_300_799,
        ] {
            let t = UNIX_EPOCH + Duration::new(secs, 123_456_000);
            assert_eq!(
                Timestamp::from(t).to_string(),
                humantime::format_rfc3339_micros(t).to_string(),
                "{secs}"
            );
        }
    }

    #[test]
    fn postgresqls_whole_range_and_its_infinities_print() {
        assert_eq!(Timestamp::INFINITY.to_string(), "infinity");
        assert_eq!(Timestamp::NEG_INFINITY.to_string(), "-infinity");
        // PostgreSQL's limits: 4714-11-24 BC (year -4713) and 294276-12-31 23:59:59.999999.
        assert_eq!(at(-211_813_488_000_000_000), "-4713-11-24T00:00:00.000000Z");
        assert_eq!(at(9_223_371_331_199_999_999), "+294276-12-31T23:59:59.999999Z");
        assert_eq!(at(252_455_616_000_000_000), "+10000-01-01T00:00:00.000000Z");
        // 1 BC is year 0; 2 BC is -0001.
        assert_eq!(at(-63_113_904_000_000_000), "0000-01-01T00:00:00.000000Z");
        assert_eq!(at(-63_113_904_000_000_001), "-0001-12-31T23:59:59.999999Z");
        // Any other 64-bit value formats too (none can panic).
        for v in [i64::MIN + 1, i64::MAX - 1, i64::MIN / 2, i64::MAX / 3] {
            assert!(!at(v).is_empty());
        }
    }

    #[test]
    fn clock_readings_stay_finite() {
        let far = UNIX_EPOCH + Duration::from_secs(u64::MAX / 2);
        assert_ne!(Timestamp::from(far), Timestamp::INFINITY);
        let before = UNIX_EPOCH - Duration::from_secs(86_400);
        assert_eq!(Timestamp::from(before).to_string(), "1969-12-31T00:00:00.000000Z");
    }
}
