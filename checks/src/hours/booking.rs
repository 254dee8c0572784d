//! A booking against the hours, the closures, the clock and the longest
//! booking allowed.

use chrono::Datelike;
use chrono::Timelike;

use super::{
    read::{clock, title},
    Hours, DAYS,
};
use crate::{finding, Check, Finding, Subject};

impl Hours {
    pub(super) fn booking(&self, s: &Subject, b: &model::outputs::Booking) -> Vec<Finding> {
        let whole = (0, s.output.len());
        let mut out = Vec::new();
        if b.starts_at < s.produced_at {
            out.push(finding(
                Check::Hours,
                whole,
                format!("the booking starts in the past ({})", b.starts_at.format("%Y-%m-%d %H:%M UTC")),
            ));
        }
        let minutes = (b.ends_at - b.starts_at).num_minutes();
        if let Some(max) = self.max_minutes.filter(|m| minutes > i64::from(*m)) {
            out.push(finding(
                Check::Hours,
                whole,
                format!("the booking lasts {minutes} minutes; the longest allowed is {max}"),
            ));
        }
        if !self.known {
            return out;
        }
        let (start, end) = (b.starts_at.with_timezone(&self.tz), b.ends_at.with_timezone(&self.tz));
        let date = start.date_naive();
        let day = start.weekday().num_days_from_monday() as usize;
        if let Some((_, note)) = self.closures.iter().find(|(d, _)| *d == date) {
            let why = if note.is_empty() { String::new() } else { format!(" ({note})") };
            out.push(finding(
                Check::Hours,
                whole,
                format!("the booking is on {}, a closure{why}", date.format("%-d %B")),
            ));
        } else if !self.open_on(day) {
            out.push(finding(
                Check::Hours,
                whole,
                format!("the booking is on a {}, when it is closed", title(DAYS[day])),
            ));
        } else {
            let (st, et) = (start.time().with_second(0).unwrap_or(start.time()), end.time());
            let same_day = end.date_naive() == date;
            let inside = self.days[day].iter().any(|(o, c)| *o <= st && same_day && et <= *c);
            if !inside {
                let hours: Vec<String> =
                    self.days[day].iter().map(|(o, c)| format!("{}–{}", clock(*o), clock(*c))).collect();
                let msg = format!(
                    "the booking runs {}–{} on {}; the hours are {}",
                    clock(st),
                    clock(et),
                    title(DAYS[day]),
                    hours.join(" and ")
                );
                out.push(finding(Check::Hours, whole, msg));
            }
        }
        out
    }
}
