//! File imports: a CSV or JSON Lines export from a vendor (with a column
//! mapping), or an `.ics` calendar for a scheduling touchpoint. Every problem
//! is reported with its line; nothing is stored unless every line is valid.

pub use model::imports::{LineError, Mapping};

pub mod calendar;
pub mod choices;
pub mod eml;
pub mod jobs;
mod sheet;
mod table;
mod text;
pub mod times;

pub use calendar::read_ics;
pub use sheet::{is_sheet, read_sheet, sheet_names};
pub use table::{detect_delimiter, read_table, read_table_as, Format, Reading, Table, DELIMITERS};
pub use text::{decode, Decoded};

use chrono::{DateTime, Utc};

use crate::{
    outputs::{NewOutput, RawBooking, RawOutput, Source},
    touchpoints::Kind,
};

/// How times without a zone are read: on the business's clock, with the
/// column's day/month order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    pub tz: chrono_tz::Tz,
    pub order: times::DateOrder,
}

impl Clock {
    /// The order the column settles by itself, else `chosen`, else the
    /// business's default.
    pub fn for_column(table: &Table, column: &str, tz: chrono_tz::Tz, chosen: Option<times::DateOrder>) -> Clock {
        let i = table.columns.iter().position(|c| c == column);
        let values = || table.rows.iter().filter_map(move |r| i.and_then(|i| r.values.get(i)).map(String::as_str));
        let order = times::settled_order(values()).or(chosen).unwrap_or_else(|| times::DateOrder::default_for(tz));
        Clock { tz, order }
    }
}

/// A row's booking, its times read like the time column.
fn booking_of(
    resource: Option<String>,
    starts: Option<String>,
    ends: Option<String>,
    customer: Option<String>,
    start_clock: Clock,
    end_clock: Clock,
) -> Result<RawBooking, String> {
    let read = |t: Option<String>, c: Clock, what: &str| match t {
        None => Err(format!("the booking's {what} is empty")),
        Some(t) => times::parse(&t, c.tz, c.order).map(|t| t.to_rfc3339()),
    };
    Ok(RawBooking {
        resource,
        starts_at: Some(read(starts, start_clock, "start")?),
        ends_at: Some(read(ends, end_clock, "end")?),
        customer,
    })
}

/// Applies the mapping to every row and checks it like an API call. Either
/// every row becomes an output, or every bad row is listed by line.
pub fn to_outputs(
    table: &Table,
    mapping: &Mapping,
    kind: Kind,
    clock: Clock,
    now: DateTime<Utc>,
) -> Result<Vec<NewOutput>, Vec<LineError>> {
    let bookings = kind == Kind::Scheduling && !mapping.resource.is_empty();
    if mapping.output.is_empty() && !bookings {
        return Err(vec![LineError::new(0, "Choose the column that holds the AI's output.")]);
    }
    let index = |name: &str| -> Result<Option<usize>, LineError> {
        if name.is_empty() {
            return Ok(None);
        }
        table
            .columns
            .iter()
            .position(|c| c == name)
            .map(Some)
            .ok_or_else(|| LineError::new(0, format!("The file has no column \"{name}\".")))
    };
    let cols = [
        &mapping.output,
        &mapping.input,
        &mapping.external_id,
        &mapping.produced_at,
        &mapping.model,
        &mapping.resource,
        &mapping.starts_at,
        &mapping.ends_at,
        &mapping.customer,
    ]
    .map(|c| index(c));
    if let Some(Err(e)) = cols.iter().find(|c| c.is_err()) {
        return Err(vec![e.clone()]);
    }
    let [output, input, external_id, produced_at, model, resource, starts_at, ends_at, customer] =
        cols.map(|c| c.ok().flatten());
    let clock_of = |name: &str| Clock::for_column(table, name, clock.tz, Some(clock.order));
    let (start_clock, end_clock) = (clock_of(&mapping.starts_at), clock_of(&mapping.ends_at));
    let mut good = Vec::with_capacity(table.rows.len());
    let mut bad = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.values.get(i)).filter(|v| !v.trim().is_empty()).cloned();
        let when = match cell(produced_at).map(|t| times::parse(&t, clock.tz, clock.order)) {
            None => None,
            Some(Ok(t)) => Some(t.to_rfc3339()),
            Some(Err(why)) => {
                bad.push(LineError::new(row.line, why));
                continue;
            }
        };
        let booking = if bookings {
            match booking_of(cell(resource), cell(starts_at), cell(ends_at), cell(customer), start_clock, end_clock) {
                Ok(b) => Some(b),
                Err(why) => {
                    bad.push(LineError::new(row.line, why));
                    continue;
                }
            }
        } else {
            None
        };
        let text = cell(output)
            .or_else(|| booking.as_ref().map(|b| format!("Booking of {}", b.resource.clone().unwrap_or_default())));
        let raw = RawOutput {
            output: text,
            input: cell(input),
            external_id: cell(external_id),
            produced_at: when,
            model: cell(model),
            metadata: None,
            booking,
        };
        match raw.validate(kind, Source::Upload, now) {
            Ok(o) => good.push(o),
            Err(e) => bad.push(LineError::new(row.line, e.message)),
        }
    }
    if bad.is_empty() {
        Ok(good)
    } else {
        Err(bad)
    }
}
