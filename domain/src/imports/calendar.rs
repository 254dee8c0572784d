//! `.ics` calendars: each event becomes a booking output of a scheduling
//! touchpoint (summary as the text, location as the resource, UID as the
//! external id).

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::LineError;
use crate::outputs::{Booking, NewOutput, Source};

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// An iCalendar time: UTC (`…Z`), local to a `TZID`, local to the business
/// (floating), or a whole day.
fn time(p: &ical::property::Property, business_tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
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

/// Every event of the calendar as a booking, or the problems found.
pub fn read_ics(bytes: &[u8], business_tz: chrono_tz::Tz) -> Result<Vec<NewOutput>, Vec<LineError>> {
    let text = super::table::utf8(bytes).map_err(|e| vec![e])?;
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for calendar in ical::IcalParser::new(text.as_bytes()) {
        let calendar =
            calendar.map_err(|e| vec![LineError::new(0, format!("This is not a valid calendar file ({e})."))])?;
        for (n, event) in calendar.events.iter().enumerate() {
            let props = &event.properties;
            let summary = prop(props, "SUMMARY").and_then(|p| p.value.clone()).unwrap_or_default();
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
            let resource = prop(props, "LOCATION")
                .and_then(|p| p.value.clone())
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| "calendar".into());
            let created = prop(props, "DTSTAMP").or_else(|| prop(props, "CREATED")).and_then(|p| time(p, business_tz));
            outputs.push(NewOutput {
                output: if summary.is_empty() { format!("Booking of {resource}") } else { summary },
                input: prop(props, "DESCRIPTION").and_then(|p| p.value.clone()),
                external_id: prop(props, "UID").and_then(|p| p.value.clone()).map(|u| u.chars().take(200).collect()),
                produced_at: created.unwrap_or_else(Utc::now).min(Utc::now()),
                model: None,
                metadata: None,
                booking: Some(Booking {
                    resource: resource.chars().take(200).collect(),
                    starts_at,
                    ends_at,
                    customer: None,
                }),
                source: Source::Calendar,
                submitted_by: None,
            });
        }
    }
    if outputs.is_empty() && errors.is_empty() {
        errors.push(LineError::new(0, "The calendar has no events."));
    }
    if errors.is_empty() {
        Ok(outputs)
    } else {
        Err(errors)
    }
}
