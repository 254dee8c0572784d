//! The business's clock: times as people read them ("Mon 7 Sep, 10:00"),
//! on the business's own zone, in pages and emails alike.
//!
//! The browser build carries no time zone data (it would weigh more than
//! the rest of the page), so the server sends the zone as the list of its
//! UTC-offset changes and both sides format with a fixed offset from it.

use chrono::{DateTime, Datelike, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// One change of the zone's offset from UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// From this instant (seconds since 1970, UTC) ...
    pub from: i64,
    /// ... local time is UTC plus this many seconds ...
    pub offset: i32,
    /// ... and is called this ("EDT", "GMT", "+03").
    pub abbr: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// The IANA name, "America/New_York".
    pub zone: String,
    /// The year it is now on this clock: times in it are shown without one.
    pub this_year: i32,
    /// Sorted by `from`; the first one also holds for earlier times.
    pub changes: Vec<Change>,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { zone: "UTC".into(), this_year: 0, changes: Vec::new() }
    }
}

impl Clock {
    fn change_at(&self, t: DateTime<Utc>) -> Option<&Change> {
        let secs = t.timestamp();
        let after = self.changes.partition_point(|c| c.from <= secs);
        self.changes.get(after.saturating_sub(1))
    }

    /// `t` on this clock.
    pub fn local(&self, t: DateTime<Utc>) -> DateTime<FixedOffset> {
        let offset = self.change_at(t).map_or(0, |c| c.offset);
        t.with_timezone(&FixedOffset::east_opt(offset).unwrap_or(FixedOffset::east_opt(0).expect("zero offset")))
    }

    /// "Mon 7 Sep, 10:00", with the year when it is not this one
    /// ("Fri 7 Mar 2025, 10:00").
    pub fn when(&self, t: DateTime<Utc>) -> String {
        let l = self.local(t);
        if l.year() == self.this_year {
            l.format("%a %-d %b, %H:%M").to_string()
        } else {
            l.format("%a %-d %b %Y, %H:%M").to_string()
        }
    }

    /// [`Clock::when`] with the zone named, for text read away from the
    /// app (emails) where the reader's own clock may differ:
    /// "Mon 7 Sep, 10:00 (New York time, EDT)".
    pub fn when_named(&self, t: DateTime<Utc>) -> String {
        let abbr = self.change_at(t).map_or("UTC", |c| c.abbr.as_str());
        let place = self.place();
        if place == abbr || abbr.starts_with(['+', '-']) {
            format!("{} ({place} time)", self.when(t))
        } else {
            format!("{} ({place} time, {abbr})", self.when(t))
        }
    }

    /// "7 September 2026": a day, for dates where the hour does not matter.
    pub fn day(&self, t: DateTime<Utc>) -> String {
        self.local(t).format("%-d %B %Y").to_string()
    }

    /// The zone as a place: "New York", "UTC".
    pub fn place(&self) -> String {
        self.zone.rsplit('/').next().unwrap_or(&self.zone).replace('_', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// New York's clock around the 2026 autumn change (first Sunday of
    /// November, 06:00 UTC: 02:00 EDT becomes 01:00 EST).
    fn new_york() -> Clock {
        let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap().timestamp();
        Clock {
            zone: "America/New_York".into(),
            this_year: 2026,
            changes: vec![
                Change { from: at(2025, 11, 2, 6), offset: -5 * 3600, abbr: "EST".into() },
                Change { from: at(2026, 3, 8, 7), offset: -4 * 3600, abbr: "EDT".into() },
                Change { from: at(2026, 11, 1, 6), offset: -5 * 3600, abbr: "EST".into() },
            ],
        }
    }

    #[test]
    fn times_follow_the_clock_across_a_daylight_saving_change() {
        let ny = new_york();
        let t = |m, d, h, min| Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap();
        assert_eq!(ny.when(t(9, 7, 14, 0)), "Mon 7 Sep, 10:00");
        // The last minute of summer time, then the first of winter time: the
        // hour from 01:00 to 02:00 is read twice, named apart in emails.
        assert_eq!(ny.when_named(t(11, 1, 5, 59)), "Sun 1 Nov, 01:59 (New York time, EDT)");
        assert_eq!(ny.when_named(t(11, 1, 6, 0)), "Sun 1 Nov, 01:00 (New York time, EST)");
        assert_eq!(ny.when(t(11, 2, 14, 0)), "Mon 2 Nov, 09:00");
        // An earlier year is named; a time before the first known change
        // keeps the first offset.
        assert_eq!(ny.when(Utc.with_ymd_and_hms(2025, 12, 31, 23, 30, 0).unwrap()), "Wed 31 Dec 2025, 18:30");
        assert_eq!(ny.when(Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap()), "Wed 1 Jan 2025, 07:00");
        // A late evening is on the local day, not the UTC one.
        assert_eq!(ny.day(t(11, 3, 2, 0)), "2 November 2026");
    }

    #[test]
    fn an_unknown_clock_is_utc_and_names_every_year() {
        let utc = Clock::default();
        let t = Utc.with_ymd_and_hms(2026, 9, 7, 14, 0, 0).unwrap();
        assert_eq!(utc.when(t), "Mon 7 Sep 2026, 14:00");
        assert_eq!(utc.when_named(t), "Mon 7 Sep 2026, 14:00 (UTC time)");
    }
}
