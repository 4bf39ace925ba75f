//! The gateway's `timestamp`: `yyyy-MM-dd HH:mm:ss` in Beijing time
//! (Asia/Shanghai, UTC+8 all year, no daylight saving), from `now`.

use crate::prelude::*;

/// Beijing time's offset from UTC, in seconds.
const SHANGHAI_OFFSET: u64 = 8 * 3600;

/// `now` (seconds since the epoch) as the gateway's `timestamp`.
pub fn gateway_timestamp(now: u64) -> String {
    let local = now.saturating_add(SHANGHAI_OFFSET);
    let days = local / 86_400;
    let secs = local % 86_400;
    let (year, month, day) = civil_from_days(days);
    let mut out = String::with_capacity(19);
    push_padded(&mut out, year, 4);
    out.push('-');
    push_padded(&mut out, month, 2);
    out.push('-');
    push_padded(&mut out, day, 2);
    out.push(' ');
    push_padded(&mut out, secs / 3600, 2);
    out.push(':');
    push_padded(&mut out, secs % 3600 / 60, 2);
    out.push(':');
    push_padded(&mut out, secs % 60, 2);
    out
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

fn push_padded(out: &mut String, n: u64, width: usize) {
    let digits = crate::json::uint_text(n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_time_is_utc_plus_eight() {
        assert_eq!(gateway_timestamp(0), "1970-01-01 08:00:00");
        // 2026-12-06T16:30:05Z is 00:30:05 the next day in Beijing.
        assert_eq!(gateway_timestamp(1_796_574_605), "2026-12-07 00:30:05");
        // A leap day.
        assert_eq!(
            gateway_timestamp(951_782_400 - 8 * 3600),
            "2000-02-29 00:00:00"
        );
    }
}
