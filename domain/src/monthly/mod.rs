//! The monthly drift review: the month as a value, when its reminder is
//! due, the reminder's numbers, and the guided review itself.

mod advice;
mod month_review;
pub mod report;
mod review;
mod summary;

pub use advice::{evidence, recommend, Advice, Evidence};
pub use month_review::{month_review, MonthReview, MonthTouchpoint};
pub use review::{decide, sign_off, status, Decision, MonthStatus};
pub use summary::{
    findings_line, flagged_line, month_reviews, month_reviews_of, pass_line, summary, MonthLine, Monthly,
};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

use crate::{DomainError, Result};

/// A month as `2026-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a month")
    }
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }
    pub fn label(self) -> String {
        self.first_day().format("%B %Y").to_string()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Month {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Month> {
        let bad = || DomainError::invalid("month", format!("'{s}' is not a month; write it like 2026-11."));
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        let (year, month) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        Ok(Month { year, month })
    }
}

/// When the reminder to review `reviewed` goes out: in the following month,
/// on the first Monday (`first-monday`) or on day 1–28, at `hour`, local time.
pub fn reminder_at(reviewed: Month, day: &str, hour: u32, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let month = reviewed.next().first_day();
    let date = match day.parse::<u32>() {
        Ok(d) if (1..=28).contains(&d) => month.with_day(d).unwrap_or(month),
        _ => (0..7).map(|i| month + Duration::days(i)).find(|d| d.weekday() == Weekday::Mon).unwrap_or(month),
    };
    let local = date.and_hms_opt(hour.min(23), 0, 0).expect("an hour");
    tz.from_local_datetime(&local).earliest().unwrap_or_else(|| tz.from_utc_datetime(&local)).with_timezone(&Utc)
}

/// The month's bounds on the business's clock, in UTC.
pub fn bounds(m: Month, tz: chrono_tz::Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let at = |d: NaiveDate| {
        let local = d.and_hms_opt(0, 0, 0).expect("midnight");
        tz.from_local_datetime(&local).earliest().unwrap_or_else(|| tz.from_utc_datetime(&local)).with_timezone(&Utc)
    };
    (at(m.first_day()), at(m.next().first_day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_go_out_on_the_first_monday_or_a_set_day() {
        let nov: Month = "2026-11".parse().unwrap();
        assert_eq!(reminder_at(nov, "first-monday", 9, chrono_tz::UTC).to_rfc3339(), "2026-12-07T09:00:00+00:00");
        assert_eq!(reminder_at(nov, "1", 9, chrono_tz::Europe::London).to_rfc3339(), "2026-12-01T09:00:00+00:00");
        assert_eq!(
            reminder_at("2026-05".parse().unwrap(), "first-monday", 9, chrono_tz::Europe::London).to_rfc3339(),
            "2026-06-01T08:00:00+00:00"
        );
        assert_eq!(nov.next().to_string(), "2026-12");
        assert_eq!("2027-01".parse::<Month>().unwrap().previous().to_string(), "2026-12");
        assert!("2026-13".parse::<Month>().is_err());
        assert_eq!(nov.label(), "November 2026");
    }
}
