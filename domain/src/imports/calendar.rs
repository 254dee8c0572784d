//! `.ics` calendars: each event becomes a booking output of a scheduling
//! touchpoint (summary as the text, location as the resource, UID as the
//! external id). The same reader serves uploaded files and calendar feeds.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use ical::property::Property;

use super::LineError;
use crate::outputs::{Booking, NewOutput, Source};

/// One VEVENT as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: Option<String>,
    pub summary: String,
    pub description: Option<String>,
    pub resource: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// When the event was made (DTSTAMP or CREATED), if it says.
    pub created: Option<DateTime<Utc>>,
    pub cancelled: bool,
    /// SEQUENCE and LAST-MODIFIED, so that a later version sorts after.
    pub version: String,
    /// The recurrence lines (DTSTART, RRULE, RDATE, EXDATE) as text, for a
    /// recurring event.
    pub recurrence: Option<String>,
    /// For one changed occurrence of a recurring event: the start it replaces.
    pub recurrence_id: Option<DateTime<Utc>>,
}

impl Event {
    /// The booking output for this event starting at `starts_at` (its own
    /// start, or one occurrence's), `external_id` naming it.
    pub fn output(&self, external_id: Option<String>, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> NewOutput {
        let length = self.ends_at - self.starts_at;
        NewOutput {
            output: if self.summary.is_empty() {
                format!("Booking of {}", self.resource)
            } else {
                self.summary.clone()
            },
            input: self.description.clone(),
            external_id: external_id.map(|u| u.chars().take(200).collect()),
            produced_at: self.created.unwrap_or(now).min(now),
            model: None,
            metadata: None,
            booking: Some(Booking {
                resource: self.resource.clone(),
                starts_at,
                ends_at: starts_at + length,
                customer: None,
            }),
            source: Source::Calendar,
            submitted_by: None,
        }
    }
}

fn prop<'a>(props: &'a [Property], name: &str) -> Option<&'a Property> {
    props.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

fn text(props: &[Property], name: &str) -> Option<String> {
    prop(props, name).and_then(|p| p.value.clone()).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// An iCalendar time: UTC (`…Z`), local to a `TZID`, local to the business
/// (floating), or a whole day.
fn time(p: &Property, business_tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let value = p.value.as_deref()?.trim();
    let tz = p
        .params
        .as_ref()
        .and_then(|ps| ps.iter().find(|(k, _)| k.eq_ignore_ascii_case("TZID")))
        .and_then(|(_, v)| v.first())
        .and_then(|name| name.parse::<chrono_tz::Tz>().ok())
        .unwrap_or(business_tz);
    if let Some(utc) = value.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok().map(|t| t.and_utc());
    }
    let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(value, "%Y%m%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))?;
    tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
}

/// A property back as its content line, for the recurrence parser.
fn line(p: &Property) -> String {
    let params: String = p.params.iter().flatten().map(|(k, v)| format!(";{k}={}", v.join(","))).collect();
    format!("{}{params}:{}", p.name.to_ascii_uppercase(), p.value.as_deref().unwrap_or(""))
}

/// Every event of the calendar, and a line for each one that cannot be read.
pub fn read_events(bytes: &[u8], business_tz: chrono_tz::Tz) -> Result<(Vec<Event>, Vec<LineError>), LineError> {
    let decoded = super::text::decode(bytes)?;
    let text_of = decoded.text.as_ref();
    let mut events = Vec::new();
    let mut errors = Vec::new();
    for calendar in ical::IcalParser::new(text_of.as_bytes()) {
        let calendar = calendar.map_err(|e| LineError::new(0, format!("This is not a valid calendar file ({e}).")))?;
        for (n, event) in calendar.events.iter().enumerate() {
            let props = &event.properties;
            let summary = text(props, "SUMMARY").unwrap_or_default();
            let what = if summary.is_empty() {
                format!("Event {}", n + 1)
            } else {
                format!("Event {} (\"{summary}\")", n + 1)
            };
            let starts = prop(props, "DTSTART").and_then(|p| time(p, business_tz));
            let ends = prop(props, "DTEND").and_then(|p| time(p, business_tz));
            let (Some(starts_at), Some(ends_at)) = (starts, ends) else {
                errors.push(LineError::new(0, format!("{what} has no readable start or end time.")));
                continue;
            };
            if ends_at <= starts_at {
                errors.push(LineError::new(0, format!("{what} ends before it starts.")));
                continue;
            }
            let recurrence = prop(props, "RRULE").map(|_| {
                props
                    .iter()
                    .filter(|p| ["DTSTART", "RRULE", "RDATE", "EXDATE"].iter().any(|n| p.name.eq_ignore_ascii_case(n)))
                    .map(line)
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            let sequence: u32 = text(props, "SEQUENCE").and_then(|s| s.parse().ok()).unwrap_or(0);
            let modified = prop(props, "LAST-MODIFIED").and_then(|p| time(p, business_tz));
            events.push(Event {
                uid: text(props, "UID"),
                summary: summary.chars().take(2_000).collect(),
                description: text(props, "DESCRIPTION"),
                resource: text(props, "LOCATION").unwrap_or_else(|| "calendar".into()).chars().take(200).collect(),
                starts_at,
                ends_at,
                created: prop(props, "DTSTAMP").or_else(|| prop(props, "CREATED")).and_then(|p| time(p, business_tz)),
                cancelled: text(props, "STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED")),
                version: format!("{sequence:010}|{}", modified.map(|m| m.to_rfc3339()).unwrap_or_default()),
                recurrence,
                recurrence_id: prop(props, "RECURRENCE-ID").and_then(|p| time(p, business_tz)),
            });
        }
    }
    Ok((events, errors))
}

/// Every event of an uploaded calendar as a booking, or the problems found.
pub fn read_ics(bytes: &[u8], business_tz: chrono_tz::Tz) -> Result<Vec<NewOutput>, Vec<LineError>> {
    let (events, errors) = read_events(bytes, business_tz).map_err(|e| vec![e])?;
    if !errors.is_empty() {
        return Err(errors);
    }
    if events.is_empty() {
        return Err(vec![LineError::new(0, "The calendar has no events.")]);
    }
    let now = Utc::now();
    Ok(events.iter().map(|e| e.output(e.uid.clone(), e.starts_at, now)).collect())
}
