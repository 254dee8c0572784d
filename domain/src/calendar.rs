//! Weeks (`2026-W48`) and their bounds on the business's clock. A business
//! week may start on any day; it is named after the ISO week that holds its
//! Thursday (the majority of its days), the rule ISO 8601 itself uses, so a
//! Sunday-to-Saturday week is named after the ISO week of its Monday.

use std::{fmt, str::FromStr};

use chrono::{DateTime, Datelike, Duration, IsoWeek, NaiveDate, TimeZone, Utc, Weekday};

use crate::{DomainError, Result};

/// The business's calendar: its time zone and the day its weeks start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    pub tz: chrono_tz::Tz,
    pub week_starts: Weekday,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar { tz: chrono_tz::UTC, week_starts: Weekday::Mon }
    }
}

impl Calendar {
    /// The clock times are shown on, in pages and emails.
    pub fn clock(self) -> crate::clock::Clock {
        crate::clock::of(self.tz, Utc::now())
    }
}

/// Days from `from` forward to `to` (0..=6).
fn days_until(from: Weekday, to: Weekday) -> i64 {
    (to.num_days_from_monday() as i64 - from.num_days_from_monday() as i64).rem_euclid(7)
}

/// A week, named like an ISO week.
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

    /// The week that holds `date` when weeks start on `starts`.
    pub fn holding(date: NaiveDate, starts: Weekday) -> Week {
        let first = date - Duration::days(days_until(starts, date.weekday()));
        Week::of(first + Duration::days(days_until(starts, Weekday::Thu)))
    }

    /// Its first day when weeks start on `starts`.
    pub fn first_day(self, starts: Weekday) -> NaiveDate {
        let thursday = self.monday() + Duration::days(3);
        thursday - Duration::days(days_until(starts, Weekday::Thu))
    }

    /// The week that contains `at` on the business's clock.
    pub fn containing(at: DateTime<Utc>, cal: Calendar) -> Week {
        Week::holding(at.with_timezone(&cal.tz).date_naive(), cal.week_starts)
    }

    /// [first day 00:00, next first day 00:00) on the business's clock, in UTC.
    pub fn bounds(self, cal: Calendar) -> (DateTime<Utc>, DateTime<Utc>) {
        let tz = cal.tz;
        let at_midnight = |d: NaiveDate| {
            let local = d.and_hms_opt(0, 0, 0).expect("midnight");
            tz.from_local_datetime(&local)
                .earliest()
                .unwrap_or_else(|| tz.from_utc_datetime(&local))
                .with_timezone(&Utc)
        };
        let first = self.first_day(cal.week_starts);
        (at_midnight(first), at_midnight(first + Duration::days(7)))
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
        let london = Calendar { tz: chrono_tz::Europe::London, week_starts: Weekday::Mon };
        let (start, end) = w.bounds(london);
        assert_eq!(
            (start.to_rfc3339(), end.to_rfc3339()),
            ("2026-11-23T00:00:00+00:00".into(), "2026-11-30T00:00:00+00:00".into())
        );
        let (start, _) = w.bounds(Calendar { tz: chrono_tz::America::New_York, week_starts: Weekday::Mon });
        assert_eq!(start.to_rfc3339(), "2026-11-23T05:00:00+00:00");
        assert_eq!(w.previous().to_string(), "2026-W47");
        assert_eq!("2027-W01".parse::<Week>().unwrap().previous().to_string(), "2026-W53");
        for bad in ["2026-48", "2026-W54", "W48", "2026-Wx"] {
            assert!(bad.parse::<Week>().is_err(), "{bad}");
        }
    }

    #[test]
    fn weeks_may_start_on_any_day() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let w48: Week = "2026-W48".parse().unwrap();
        // Sunday 22 November to Saturday 28 November is mostly ISO week 48.
        assert_eq!(w48.first_day(Weekday::Sun), day(22));
        assert_eq!(Week::holding(day(22), Weekday::Sun), w48);
        assert_eq!(Week::holding(day(28), Weekday::Sun), w48);
        assert_eq!(Week::holding(day(29), Weekday::Sun).to_string(), "2026-W49");
        // Friday 20 to Thursday 26 November holds the Thursday of week 48.
        assert_eq!(w48.first_day(Weekday::Fri), day(20));
        assert_eq!(Week::holding(day(19), Weekday::Fri).to_string(), "2026-W47");
        // Every start day: each date lies within the bounds of its own week.
        for starts in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
        {
            for d in 1..=30 {
                let w = Week::holding(day(d), starts);
                let first = w.first_day(starts);
                assert!(first <= day(d) && day(d) < first + Duration::days(7), "{starts:?} {d}");
                assert_eq!(first.weekday(), starts);
            }
        }
        let cal = Calendar { tz: chrono_tz::UTC, week_starts: Weekday::Sun };
        assert_eq!(w48.bounds(cal).0.to_rfc3339(), "2026-11-22T00:00:00+00:00");
    }
}
