//! Times as people write them in exports: RFC 3339, ISO with a space and no
//! zone, day-first and month-first numeric dates (`01.12.2026 14:30`,
//! `12/01/2026 3:05 PM`), 12-hour times, dates without a time. A time
//! without a zone is on the business's clock. Whether `01/02/2026` is the
//! 1st of February or the 2nd of January is settled for the whole column:
//! by a value that can only be one (a day over 12), else by the owner's
//! choice, else by the business's time zone (month first in the Americas'
//! US zones, day first elsewhere).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    DayFirst,
    MonthFirst,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
        }
    }

    pub fn from_name(name: &str) -> Option<DateOrder> {
        match name {
            "day-first" => Some(DateOrder::DayFirst),
            "month-first" => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }

    /// What the business's clock suggests: month first in US zones.
    pub fn default_for(tz: chrono_tz::Tz) -> DateOrder {
        let name = tz.name();
        let us = [
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
            "America/Phoenix",
            "America/Anchorage",
            "Pacific/Honolulu",
            "America/Detroit",
            "America/Boise",
            "America/Indiana/Indianapolis",
        ];
        if us.contains(&name) || name.starts_with("US/") {
            DateOrder::MonthFirst
        } else {
            DateOrder::DayFirst
        }
    }
}

/// `(first, second, year, rest)` of a numeric date like `01.12.2026 14:30`.
fn numeric_date(text: &str) -> Option<(u32, u32, i32, &str)> {
    let (date, rest) = text.split_once([' ', 'T']).map_or((text, ""), |(d, r)| (d, r.trim()));
    let sep = date.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = date.trim_end_matches('.').split(sep).collect();
    let [a, b, y] = parts.as_slice() else { return None };
    if a.len() > 2 || b.len() > 2 {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let year = if y.len() == 2 {
        2000 + year
    } else if y.len() == 4 {
        year
    } else {
        return None;
    };
    Some((a.parse().ok()?, b.parse().ok()?, year, rest))
}

/// The order the values themselves settle (a first number over 12 is a
/// day; a second over 12 makes the first the month), if any do.
pub fn settled_order<'a>(values: impl Iterator<Item = &'a str>) -> Option<DateOrder> {
    for v in values {
        if let Some((a, b, ..)) = numeric_date(v.trim()) {
            if a > 12 && b <= 12 {
                return Some(DateOrder::DayFirst);
            }
            if b > 12 && a <= 12 {
                return Some(DateOrder::MonthFirst);
            }
        }
    }
    None
}

/// Whether any value is a numeric date whose order matters (both numbers ≤ 12).
pub fn has_ambiguous<'a>(mut values: impl Iterator<Item = &'a str>) -> bool {
    values.any(|v| numeric_date(v.trim()).is_some_and(|(a, b, ..)| a <= 12 && b <= 12 && a != b))
}

fn clock(text: &str) -> Option<NaiveTime> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return NaiveTime::from_hms_opt(0, 0, 0);
    }
    let (t, pm) = match t.strip_suffix("pm").or_else(|| t.strip_suffix("p.m.")) {
        Some(rest) => (rest.trim().to_string(), Some(true)),
        None => match t.strip_suffix("am").or_else(|| t.strip_suffix("a.m.")) {
            Some(rest) => (rest.trim().to_string(), Some(false)),
            None => (t, None),
        },
    };
    let nums: Vec<u32> = t.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let (h, m, s) = match nums.as_slice() {
        [h] if pm.is_some() => (*h, 0, 0),
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let h = match pm {
        Some(true) if (1..=11).contains(&h) => h + 12,
        Some(false) if h == 12 => 0,
        Some(_) if !(1..=12).contains(&h) => return None,
        _ => h,
    };
    NaiveTime::from_hms_opt(h, m, s)
}

/// One cell as a time, or why not (in words for the line's error).
pub fn parse(text: &str, tz: chrono_tz::Tz, order: DateOrder) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "\"{text}\" is not a date and time this import can read (for example 2026-12-01 14:30 or 01.12.2026 14:30)"
        )
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let local = if let Some((a, b, year, rest)) = numeric_date(text) {
        let (day, month) = match order {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
        };
        NaiveDate::from_ymd_opt(year, month, day).zip(clock(rest)).map(|(d, t)| d.and_time(t))
    } else {
        let (date, rest) = text.split_once([' ', 'T']).map_or((text, ""), |(d, r)| (d, r));
        NaiveDate::parse_from_str(date, "%Y-%m-%d").ok().zip(clock(rest)).map(|(d, t)| d.and_time(t))
    };
    let local: NaiveDateTime = local.ok_or_else(bad)?;
    // A time the clocks skipped (spring forward) is read an hour on.
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(local + chrono::Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn times_as_people_write_them() {
        let london = chrono_tz::Europe::London;
        let ny = chrono_tz::America::New_York;
        let day = DateOrder::DayFirst;
        for (text, tz, order, want) in [
            ("2026-12-01T14:30:00Z", london, day, "2026-12-01T14:30:00Z"),
            ("2026-12-01 14:30:00", london, day, "2026-12-01T14:30:00Z"),
            ("2026-07-01 14:30", london, day, "2026-07-01T13:30:00Z"),
            ("01.12.2026 14:30", london, day, "2026-12-01T14:30:00Z"),
            ("12/01/2026 3:05 PM", ny, DateOrder::MonthFirst, "2026-12-01T20:05:00Z"),
            ("12/01/2026 12:05 am", ny, DateOrder::MonthFirst, "2026-12-01T05:05:00Z"),
            ("01/02/2026", london, day, "2026-02-01T00:00:00Z"),
            ("01/02/2026", london, DateOrder::MonthFirst, "2026-01-02T00:00:00Z"),
            ("2026-12-01", ny, day, "2026-12-01T05:00:00Z"),
            ("1-12-26 9:00", london, day, "2026-12-01T09:00:00Z"),
        ] {
            assert_eq!(parse(text, tz, order), Ok(utc(want)), "{text}");
        }
        for bad in ["yesterday", "32.01.2026", "13/13/2026", "2026-12-01 25:00", "12/01/2026 13 PM"] {
            assert!(parse(bad, london, day).is_err(), "{bad}");
        }
        // Across the spring change in London: 01:30 did not happen; 00:30 and 02:30 did.
        assert_eq!(parse("29.03.2026 00:30", london, day), Ok(utc("2026-03-29T00:30:00Z")));
        assert_eq!(parse("29.03.2026 01:30", london, day), Ok(utc("2026-03-29T01:30:00Z")));
        assert_eq!(parse("29.03.2026 02:30", london, day), Ok(utc("2026-03-29T01:30:00Z")));
    }

    #[test]
    fn a_column_settles_its_order() {
        assert_eq!(settled_order(["01/02/2026", "25/02/2026"].into_iter()), Some(DateOrder::DayFirst));
        assert_eq!(settled_order(["01/02/2026", "02/25/2026"].into_iter()), Some(DateOrder::MonthFirst));
        assert_eq!(settled_order(["01/02/2026", "2026-12-01"].into_iter()), None);
        assert!(has_ambiguous(["01/02/2026"].into_iter()));
        assert!(!has_ambiguous(["2026-12-01 10:00", "25/02/2026"].into_iter()));
        assert_eq!(DateOrder::default_for(chrono_tz::America::New_York), DateOrder::MonthFirst);
        assert_eq!(DateOrder::default_for(chrono_tz::Europe::Berlin), DateOrder::DayFirst);
    }
}
