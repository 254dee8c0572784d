//! ISO weeks (`2026-W48`) and their bounds in the business's time zone.

use std::{fmt, str::FromStr};

use chrono::{DateTime, Datelike, Duration, IsoWeek, NaiveDate, TimeZone, Utc, Weekday};

use crate::{DomainError, Result};

/// A Monday-to-Sunday ISO week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    pub year: i32,
    pub number: u32,
}

impl Week {
    pub fn of(date: NaiveDate) -> Week {
        let w: IsoWeek = date.iso_week();
        Week { year: w.year(), number: w.week() }
    }

    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.number, Weekday::Mon).expect("a valid week")
    }

    pub fn previous(self) -> Week {
        Week::of(self.monday() - Duration::days(7))
    }

    /// The week that contains `at` on the business's clock.
    pub fn containing(at: DateTime<Utc>, tz: chrono_tz::Tz) -> Week {
        Week::of(at.with_timezone(&tz).date_naive())
    }

    /// [Monday 00:00, next Monday 00:00) on the business's clock, in UTC.
    pub fn bounds(self, tz: chrono_tz::Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let at_midnight = |d: NaiveDate| {
            let local = d.and_hms_opt(0, 0, 0).expect("midnight");
            tz.from_local_datetime(&local).earliest().unwrap_or_else(|| tz.from_utc_datetime(&local)).with_timezone(&Utc)
        };
        (at_midnight(self.monday()), at_midnight(self.monday() + Duration::days(7)))
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.number)
    }
}

impl FromStr for Week {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Week> {
        let bad = || DomainError::invalid("week", format!("'{s}' is not a week; write it like 2026-W48."));
        let (year, number) = s.trim().split_once("-W").ok_or_else(bad)?;
        let (year, number): (i32, u32) = (year.parse().map_err(|_| bad())?, number.parse().map_err(|_| bad())?);
        NaiveDate::from_isoywd_opt(year, number, Weekday::Mon).ok_or_else(bad)?;
        Ok(Week { year, number })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_parse_print_and_bound() {
        let w: Week = "2026-W48".parse().unwrap();
        assert_eq!(w.to_string(), "2026-W48");
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let (start, end) = w.bounds(chrono_tz::Europe::London);
        assert_eq!((start.to_rfc3339(), end.to_rfc3339()), ("2026-11-23T00:00:00+00:00".into(), "2026-11-30T00:00:00+00:00".into()));
        let (start, _) = w.bounds(chrono_tz::America::New_York);
        assert_eq!(start.to_rfc3339(), "2026-11-23T05:00:00+00:00");
        assert_eq!(w.previous().to_string(), "2026-W47");
        assert_eq!("2027-W01".parse::<Week>().unwrap().previous().to_string(), "2026-W53");
        for bad in ["2026-48", "2026-W54", "W48", "2026-Wx"] {
            assert!(bad.parse::<Week>().is_err(), "{bad}");
        }
    }
}
