//! Time formats on the wire and RFC 3339 in results. WeChat and Fubei report Beijing time
//! (UTC+08:00, no daylight saving), so results carry an explicit `+08:00` offset.

/// Converts `yyyyMMddHHmmss` (Beijing time) to `yyyy-MM-ddTHH:mm:ss+08:00`.
/// Returns `None` when the text is not a valid date and time.
pub fn beijing_compact_to_rfc3339(text: &str) -> Option<String> {
    let b = text.as_bytes();
    if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> { text.get(from..to)?.parse().ok() };
    let (y, mo, d) = (num(0, 4)?, num(4, 6)?, num(6, 8)?);
    let (h, mi, s) = (num(8, 10)?, num(10, 12)?, num(12, 14)?);
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 59
    {
        return None;
    }
    Some(format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+08:00"))
}

/// Converts Unix seconds to RFC 3339 in Beijing time (`+08:00`). `None` for negative or
/// absurdly large values (beyond year 9999).
pub fn unix_to_beijing_rfc3339(secs: i64) -> Option<String> {
    const MAX: i64 = 253_402_300_799 - 8 * 3600; // 9999-12-31T23:59:59+08:00
    if !(0..=MAX).contains(&secs) {
        return None;
    }
    let local = secs + 8 * 3600;
    let days = local.div_euclid(86_400);
    let rem = local.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}+08:00",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    ))
}

fn is_leap(y: u32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month 1-12, day) to days since 1970-01-01; Howard Hinnant's `days_from_civil`.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to (year, month, day); Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_beijing_time() {
        assert_eq!(
            beijing_compact_to_rfc3339("20141030133525").as_deref(),
            Some("2014-10-30T13:35:25+08:00")
        );
        assert_eq!(
            beijing_compact_to_rfc3339("20240229235959").as_deref(),
            Some("2024-02-29T23:59:59+08:00")
        );
        for bad in [
            "20230229000000",
            "20241301000000",
            "2024010100000",
            "2024010100000a",
            "20240101240000",
            "",
        ] {
            assert_eq!(beijing_compact_to_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_from_civil_inverts_civil_from_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2024, 3, 1), 19_783);
        for days in [-1000, 0, 59, 365, 19_783, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn unix_seconds_in_beijing_time() {
        assert_eq!(
            unix_to_beijing_rfc3339(0).as_deref(),
            Some("1970-01-01T08:00:00+08:00")
        );
        // 2024-02-29T16:00:00Z
        assert_eq!(
            unix_to_beijing_rfc3339(1_709_222_400).as_deref(),
            Some("2024-03-01T00:00:00+08:00")
        );
        assert_eq!(unix_to_beijing_rfc3339(-1), None);
    }
}
