//! The business's [`Clock`] made from its time zone: the zone's offset
//! changes from 2000 to ten years ahead, found by stepping a day at a time
//! and narrowing each change down to the second. Computed once per zone.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock},
};

use chrono::{DateTime, Datelike, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};
pub use model::clock::{Change, Clock};

const FIRST_YEAR: i32 = 2000;
const YEARS_AHEAD: i32 = 10;
const DAY: i64 = 86_400;

/// `tz`'s clock, with `now` deciding which year needs no naming.
pub fn of(tz: Tz, now: DateTime<Utc>) -> Clock {
    let this_year = now.with_timezone(&tz).year();
    Clock { zone: tz.name().to_string(), this_year, changes: changes(tz, this_year).to_vec() }
}

/// Each zone's changes, by the year they were computed in.
type Cache = Mutex<HashMap<(Tz, i32), Arc<Vec<Change>>>>;

fn changes(tz: Tz, this_year: i32) -> Arc<Vec<Change>> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&(tz, this_year)) {
        return found.clone();
    }
    let made = Arc::new(compute(tz, this_year + YEARS_AHEAD));
    cache.lock().unwrap_or_else(|e| e.into_inner()).insert((tz, this_year), made.clone());
    made
}

fn at(tz: Tz, secs: i64) -> Change {
    let off = tz.offset_from_utc_datetime(&DateTime::from_timestamp(secs, 0).unwrap_or_default().naive_utc());
    Change { from: secs, offset: off.fix().local_minus_utc(), abbr: off.abbreviation().unwrap_or("").to_string() }
}

fn compute(tz: Tz, last_year: i32) -> Vec<Change> {
    let start = Utc.with_ymd_and_hms(FIRST_YEAR, 1, 1, 0, 0, 0).unwrap().timestamp();
    let end = Utc.with_ymd_and_hms(last_year + 1, 1, 1, 0, 0, 0).unwrap().timestamp();
    let mut out = vec![at(tz, start)];
    let mut day = start;
    while day < end {
        let next = day + DAY;
        let here = at(tz, next);
        let last = out.last().expect("never empty");
        if here.offset != last.offset || here.abbr != last.abbr {
            // The change lies in (day, next]: narrow it to the second.
            let (mut lo, mut hi) = (day, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let m = at(tz, mid);
                if m.offset == last.offset && m.abbr == last.abbr {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(at(tz, hi));
        }
        day = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_changes_at_the_real_instants() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        let ny = of(chrono_tz::America::New_York, now);
        assert_eq!(ny.this_year, 2026);
        // 2026: 8 March 07:00 UTC and 1 November 06:00 UTC.
        let spring = Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap().timestamp();
        let autumn = Utc.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).unwrap().timestamp();
        assert!(ny.changes.contains(&Change { from: spring, offset: -4 * 3600, abbr: "EDT".into() }));
        assert!(ny.changes.contains(&Change { from: autumn, offset: -5 * 3600, abbr: "EST".into() }));
        // Two a year, 2000 to 2036.
        assert_eq!(ny.changes.len(), 1 + 2 * 37);
        let t = |m, d, h| Utc.with_ymd_and_hms(2026, m, d, h, 0, 0).unwrap();
        assert_eq!(ny.when(t(9, 7, 14)), "Mon 7 Sep, 10:00");
        assert_eq!(ny.when_named(t(11, 1, 5)), "Sun 1 Nov, 01:00 (New York time, EDT)");
        assert_eq!(ny.when_named(t(11, 1, 6)), "Sun 1 Nov, 01:00 (New York time, EST)");
    }

    #[test]
    fn a_zone_without_changes_has_one_entry() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 12, 0, 0).unwrap();
        let utc = of(chrono_tz::UTC, now);
        assert_eq!(utc.changes.len(), 1);
        assert_eq!(utc.when_named(now), "Thu 3 Dec, 12:00 (UTC time)");
        let kolkata = of(chrono_tz::Asia::Kolkata, now);
        assert_eq!(kolkata.when(now), "Thu 3 Dec, 17:30");
    }
}
