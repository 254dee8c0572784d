//! Opening hours: what an output says about them ("open on Sunday", "open
//! until 8pm", "we open at 7am", "closed on Mondays", "open on 25
//! December") against the hours, and a booking against the hours, the
//! closures, the clock and the longest booking allowed.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveTime};
use regex::Regex;

mod booking;
mod read;

use read::{clock, is_range_start, near, range_times, time_of, title, weekday_index};

use crate::{
    finding,
    text::{self, Folded},
    Check, Facts, Finding, Subject,
};

pub struct Hours {
    /// Open stretches per weekday (Monday first); empty: closed that day.
    days: [Vec<(NaiveTime, NaiveTime)>; 7],
    closures: Vec<(NaiveDate, String)>,
    max_minutes: Option<u32>,
    tz: chrono_tz::Tz,
    known: bool,
}

use model::facts::WEEKDAYS as DAYS;
const DAYS_DE: [&str; 7] = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"];
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

static DAY: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"\b(mon|tues|tue|wednes|wed|thurs|thu|fri|satur|sat|sun)(?:day)?s?\b|\b(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)s?\b",
    )
});
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|uhr)?\b|\b(noon|midday|midnight)\b")
});
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"\b(?:until|till|til|to|close at|closes at|closing at|shut at|shuts at|bis)\s+$")
});
/// "9 to 5", "from 12 to 3pm", "von 9 bis 18 Uhr", "8am-5pm".
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*(?:-|–|to|until|till|bis)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|uhr)?\b",
    )
});
static RANGE_END: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"(?:-|–|to|until|till)\s*$"));
/// Days and dates people name instead of writing them.
const HOLIDAYS: &[(&str, u32, u32)] = &[
    ("christmas eve", 12, 24),
    ("heiligabend", 12, 24),
    ("christmas day", 12, 25),
    ("boxing day", 12, 26),
    ("st stephen's day", 12, 26),
    ("st stephens day", 12, 26),
    ("new year's day", 1, 1),
    ("new year's eve", 12, 31),
    ("silvester", 12, 31),
];
static OPENING: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"\b(?:open at|opens at|opening at|open from|opens from|doors open at|ab)\s+$")
});
static OPEN: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"\b(?:open|opened|opening|geoffnet|offen|work|serve|served|serving|fur sie da)\b")
});
static CLOSED: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"\b(?:closed|geschlossen|shut)\b"));
static WEEKDAYS_WORD: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"\b(?:weekday|weekdays|werktags)\b"));
static WEEKEND_WORD: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"\b(?:weekend|weekends|wochenende)\b"));
static EVERY_DAY: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"\b(?:7|seven) days a week\b|\bevery day\b|\bdaily\b"));
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2})(?:st|nd|rd|th)?\b",
    )
});

impl Hours {
    pub fn new(facts: &Facts, tz: chrono_tz::Tz) -> Hours {
        let mut days: [Vec<(NaiveTime, NaiveTime)>; 7] = Default::default();
        for h in &facts.hours {
            let day = DAYS.iter().position(|d| *d == h.day.trim().to_lowercase());
            let opens = NaiveTime::parse_from_str(h.opens.trim(), "%H:%M");
            let closes = NaiveTime::parse_from_str(h.closes.trim(), "%H:%M");
            if let (Some(d), Ok(o), Ok(c)) = (day, opens, closes) {
                days[d].push((o, c));
            }
        }
        let closures = facts
            .closures
            .iter()
            .filter_map(|c| NaiveDate::parse_from_str(c.date.trim(), "%Y-%m-%d").ok().map(|d| (d, c.note.clone())))
            .collect();
        let known = !facts.hours.is_empty();
        Hours { days, closures, max_minutes: facts.max_booking_minutes, tz, known }
    }

    /// The findings in an output (given folded once for all checks) and its booking.
    pub fn check(&self, s: &Subject, folded: &Folded) -> Vec<Finding> {
        let mut out = self.statements(folded);
        if let Some(b) = s.booking {
            out.extend(self.booking(s, b));
        }
        out
    }

    fn open_on(&self, day: usize) -> bool {
        !self.days[day].is_empty()
    }

    /// What the output says about the hours, sentence by sentence.
    fn statements(&self, folded: &Folded) -> Vec<Finding> {
        if !self.known {
            return vec![];
        }
        let mut out = Vec::new();
        for (s, e) in text::sentences(&folded.text) {
            let sentence = &folded.text[s..e];
            let open = OPEN.find(sentence);
            // "we shut at 3pm" is a closing time, not a closed day.
            let closed = CLOSED.find(sentence).filter(|c| !sentence[c.end()..].trim_start().starts_with("at "));
            if open.is_none() && closed.is_none() {
                continue;
            }
            let days: Vec<(usize, usize, usize)> = DAY
                .find_iter(sentence)
                .filter_map(|m| Some((m.start(), m.end(), weekday_index(m.as_str())?)))
                .collect();
            let mut groups = days.clone();
            for (re, range) in [(&*WEEKDAYS_WORD, 0..5), (&*WEEKEND_WORD, 5..7)] {
                if let Some(m) = re.find(sentence) {
                    groups.extend(range.map(|d| (m.start(), m.end(), d)));
                }
            }
            // "open on Sunday" / "closed on Mondays"
            for &(ds, de, d) in &days {
                let says_open = open.is_some_and(|o| !text::negated(sentence, 0, o.start()))
                    && closed.is_none_or(|c| c.start() > de || c.end() < ds.saturating_sub(40));
                let says_closed = closed.is_some_and(|c| !text::negated(sentence, 0, c.start()))
                    && open.is_none_or(|o| text::negated(sentence, 0, o.start()));
                if says_open && !self.open_on(d) && near(open.map(|o| o.start()), ds) {
                    let msg = format!("says it is open on {}; the hours say closed", title(DAYS[d]));
                    out.push(finding(Check::Hours, folded.span(s + ds, s + de), msg));
                } else if says_closed && self.open_on(d) && near(closed.map(|c| c.start()), ds) {
                    let (o, c) = self.days[d][0];
                    let msg =
                        format!("says it is closed on {}; the hours say {}–{}", title(DAYS[d]), clock(o), clock(c));
                    out.push(finding(Check::Hours, folded.span(s + ds, s + de), msg));
                }
            }
            if let Some(o) = open.filter(|o| !text::negated(sentence, 0, o.start())) {
                if let Some(m) = EVERY_DAY.find(sentence) {
                    if let Some(d) = (0..7).find(|d| !self.open_on(*d)) {
                        let msg = format!("says it is open every day; it is closed on {}", title(DAYS[d]));
                        out.push(finding(Check::Hours, folded.span(s + m.start(), s + m.end()), msg));
                    }
                }
                out.extend(self.times(folded, s, sentence, &groups, o.start()));
                out.extend(self.dates(folded, s, sentence));
            }
        }
        out
    }

    /// Opening and closing times claimed in one sentence.
    fn times(
        &self,
        folded: &Folded,
        s: usize,
        sentence: &str,
        days: &[(usize, usize, usize)],
        open_at: usize,
    ) -> Vec<Finding> {
        let mut out = Vec::new();
        let said: Vec<usize> = days.iter().map(|d| d.2).filter(|d| self.open_on(*d)).collect();
        let candidates: Vec<usize> = if said.is_empty() { (0..7).filter(|d| self.open_on(*d)).collect() } else { said };
        if candidates.is_empty() {
            return out;
        }
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for c in RANGE.captures_iter(sentence) {
            let Some(m) = c.get(0) else { continue };
            let Some((o, cl)) = range_times(&c, &sentence[..m.start()]) else { continue };
            if m.start() < open_at.saturating_sub(40) {
                continue;
            }
            ranges.push((m.start(), m.end()));
            let opens = candidates.iter().any(|d| self.days[*d].iter().any(|(x, _)| *x == o));
            let closes = candidates.iter().any(|d| self.days[*d].iter().any(|(_, x)| *x == cl));
            if !(opens && closes) {
                let actual: std::collections::BTreeSet<String> = candidates
                    .iter()
                    .flat_map(|d| self.days[*d].iter().map(|(a, b)| format!("{}–{}", clock(*a), clock(*b))))
                    .collect();
                let msg = format!(
                    "says it is open {}–{}; the hours say {}",
                    clock(o),
                    clock(cl),
                    actual.into_iter().collect::<Vec<_>>().join(" or ")
                );
                out.push(finding(Check::Hours, folded.span(s + m.start(), s + m.end()), msg));
            }
        }
        for c in TIME.captures_iter(sentence) {
            let (Some(m), Some(t)) = (c.get(0), time_of(&c)) else { continue };
            if m.start() < open_at.saturating_sub(30) || ranges.iter().any(|(a, b)| m.start() < *b && *a < m.end()) {
                continue;
            }
            let before = &sentence[..m.start()];
            let range_close = RANGE_END.is_match(before) && TIME.find_iter(before).count() > 0;
            let (kind, ok) = if CLOSING.is_match(before) || range_close {
                ("closes", candidates.iter().any(|d| self.days[*d].iter().any(|(_, c)| *c == t)))
            } else if OPENING.is_match(before) || is_range_start(sentence, m.end()) {
                ("opens", candidates.iter().any(|d| self.days[*d].iter().any(|(o, _)| *o == t)))
            } else {
                continue;
            };
            if !ok {
                let actual: Vec<String> = candidates
                    .iter()
                    .flat_map(|d| {
                        self.days[*d].iter().map(|(o, c)| if kind == "closes" { clock(*c) } else { clock(*o) })
                    })
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let msg = format!("says it {kind} at {}; the hours say {}", clock(t), actual.join(" or "));
                out.push(finding(Check::Hours, folded.span(s + m.start(), s + m.end()), msg));
            }
        }
        out
    }

    /// "open on 25 December" (or on Christmas Day, Thanksgiving) when that
    /// day is a closure.
    fn dates(&self, folded: &Folded, s: usize, sentence: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        if self.closures.is_empty() {
            return out;
        }
        for (name, month, day) in HOLIDAYS {
            let Some(at) = sentence.find(name) else { continue };
            let lead = &sentence[sentence[..at].char_indices().rev().nth(40).map_or(0, |(i, _)| i)..at];
            if CLOSED.is_match(lead) {
                continue;
            }
            if let Some((date, _)) = self.closures.iter().find(|(d, _)| d.month() == *month && d.day() == *day) {
                let msg = format!("says it is open on {name}; {} is a closure", date.format("%-d %B"));
                out.push(finding(Check::Hours, folded.span(s + at, s + at + name.len()), msg));
            }
        }
        if let Some(at) = sentence.find("thanksgiving") {
            let after = sentence[..at].ends_with("day after ");
            let thursday =
                |d: &NaiveDate| d.month() == 11 && d.weekday() == chrono::Weekday::Thu && (22..=28).contains(&d.day());
            let hit =
                self.closures
                    .iter()
                    .find(|(d, _)| if after { d.pred_opt().is_some_and(|p| thursday(&p)) } else { thursday(d) });
            if let Some((date, _)) = hit {
                let msg = format!("says it is open around Thanksgiving; {} is a closure", date.format("%-d %B"));
                out.push(finding(Check::Hours, folded.span(s + at, s + at + "thanksgiving".len()), msg));
            }
        }
        for c in DATE.captures_iter(sentence) {
            let Some(m) = c.get(0) else { continue };
            let (day, month) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(d), Some(mo), ..) => (d.as_str(), mo.as_str()),
                (_, _, Some(mo), Some(d)) => (d.as_str(), mo.as_str()),
                _ => continue,
            };
            let (Ok(day), Some(month)) = (day.parse::<u32>(), MONTHS.iter().position(|x| *x == month)) else {
                continue;
            };
            if let Some((date, note)) = self.closures.iter().find(|(d, _)| d.day() == day && d.month0() == month as u32)
            {
                let why = if note.is_empty() { String::new() } else { format!(" ({note})") };
                let msg = format!("says it is open on {}; that day is a closure{why}", date.format("%-d %B"));
                out.push(finding(Check::Hours, folded.span(s + m.start(), s + m.end()), msg));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use model::facts::{Closure, OpeningHours};

    fn hours() -> Hours {
        let h = |day: &str, opens: &str, closes: &str| OpeningHours {
            day: day.into(),
            opens: opens.into(),
            closes: closes.into(),
        };
        let facts = Facts {
            hours: ["monday", "tuesday", "wednesday", "thursday", "friday"]
                .iter()
                .map(|d| h(d, "08:00", "17:00"))
                .chain([h("saturday", "09:00", "13:00")])
                .collect(),
            closures: vec![Closure { date: "2026-12-25".into(), note: "Christmas".into() }],
            max_booking_minutes: Some(120),
            ..Default::default()
        };
        Hours::new(&facts, chrono_tz::Europe::London)
    }

    fn says(text: &str) -> Vec<Finding> {
        hours().statements(&Folded::new(text))
    }

    #[test]
    fn statements_that_contradict_the_hours_are_found() {
        assert_eq!(says("Yes, we're open on Sunday from 10.").len(), 1);
        assert_eq!(says("We are open until 8pm on weekdays.").len(), 1);
        assert_eq!(says("We open at 7am every weekday.").len(), 1);
        assert_eq!(says("Sorry, we are closed on Mondays.").len(), 1);
        assert_eq!(says("We are open on 25 December as usual.").len(), 1);
    }

    #[test]
    fn true_statements_are_not() {
        for ok in [
            "We are open Monday to Friday, 8am to 5pm.",
            "We're closed on Sundays.",
            "On Saturday we are open until 1pm.",
            "Your cake will be ready at 3pm on Friday.",
            "We are not open on Sunday.",
        ] {
            assert!(says(ok).is_empty(), "{ok}: {:?}", says(ok));
        }
    }

    #[test]
    fn bookings_are_checked_against_the_hours() {
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        let booking = |d, from, to| model::outputs::Booking {
            resource: "Chair".into(),
            starts_at: at(d, from),
            ends_at: at(d, to),
            customer: None,
        };
        let check = |b: &model::outputs::Booking| {
            hours().check(
                &Subject { input: None, output: "Booked.", booking: Some(b), produced_at: at(1, 8) },
                &Folded::new("Booked."),
            )
        };
        assert!(check(&booking(3, 10, 11)).is_empty(), "a Thursday morning");
        assert_eq!(check(&booking(6, 10, 11)).len(), 1, "a Sunday");
        assert_eq!(check(&booking(3, 16, 18)).len(), 1, "past closing");
        assert_eq!(check(&booking(25, 10, 11)).len(), 1, "Christmas");
        assert_eq!(check(&booking(3, 9, 12)).len(), 1, "longer than two hours");
        assert_eq!(check(&booking(1, 6, 7)).len(), 2, "in the past, and before opening");
    }
}
