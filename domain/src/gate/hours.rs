//! Working hours: Monday to Friday, 09:00 to 17:00 on the business's clock.
//! An escalation limit of "4 working hours" counts only these.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc, Weekday};

const OPEN: (u32, u32) = (9, 17);

/// Working hours between `start` and `end` (0 when `end` is earlier).
pub fn working_hours_between(start: DateTime<Utc>, end: DateTime<Utc>, tz: chrono_tz::Tz) -> f64 {
    if end <= start {
        return 0.0;
    }
    let mut total = Duration::zero();
    let mut day = start.with_timezone(&tz).date_naive();
    let last = end.with_timezone(&tz).date_naive();
    // A held output older than a year has long been escalated; stop counting.
    let mut days = 0;
    while day <= last && days < 400 {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            let at = |h: u32| {
                let local = day.and_time(NaiveTime::from_hms_opt(h, 0, 0).expect("an hour"));
                tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
            };
            if let (Some(open), Some(close)) = (at(OPEN.0), at(OPEN.1)) {
                let from = open.max(start);
                let to = close.min(end);
                if to > from {
                    total += to - from;
                }
            }
        }
        day = day.succ_opt().unwrap_or(day);
        days += 1;
    }
    total.num_seconds() as f64 / 3600.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
    }

    #[test]
    fn only_weekday_office_hours_count() {
        let utc = chrono_tz::UTC;
        // Tuesday 24 November 2026, 10:00 → 14:30: 4.5 hours.
        assert_eq!(working_hours_between(at(24, 10, 0), at(24, 14, 30), utc), 4.5);
        // Tuesday 16:00 → Wednesday 11:00: 1 + 2 hours.
        assert_eq!(working_hours_between(at(24, 16, 0), at(25, 11, 0), utc), 3.0);
        // Friday 27th 15:00 → Monday 30th 10:00: 2 + 1 hours, the weekend does not count.
        assert_eq!(working_hours_between(at(27, 15, 0), at(30, 10, 0), utc), 3.0);
        // Overnight and before opening: nothing.
        assert_eq!(working_hours_between(at(24, 18, 0), at(25, 8, 59), utc), 0.0);
        assert_eq!(working_hours_between(at(25, 12, 0), at(24, 12, 0), utc), 0.0);
        // The business's clock: 09:00 in New York is 14:00 UTC.
        assert_eq!(working_hours_between(at(24, 13, 0), at(24, 15, 0), chrono_tz::America::New_York), 1.0);
    }
}
