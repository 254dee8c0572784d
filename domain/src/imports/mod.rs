//! File imports: a CSV or JSON Lines export from a vendor (with a column
//! mapping), or an `.ics` calendar for a scheduling touchpoint. Every problem
//! is reported with its line; nothing is stored unless every line is valid.

pub use model::imports::{LineError, Mapping};

pub mod calendar;
pub mod eml;
pub mod jobs;
mod table;

pub use calendar::read_ics;
pub use table::{read_table, utf8, Format, Table};

use chrono::{DateTime, Utc};

use crate::{
    outputs::{NewOutput, RawOutput, Source},
    touchpoints::Kind,
};

/// Applies the mapping to every row and checks it like an API call. Either
/// every row becomes an output, or every bad row is listed by line.
pub fn to_outputs(
    table: &Table,
    mapping: &Mapping,
    kind: Kind,
    now: DateTime<Utc>,
) -> Result<Vec<NewOutput>, Vec<LineError>> {
    if mapping.output.is_empty() {
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
    let cols =
        [&mapping.output, &mapping.input, &mapping.external_id, &mapping.produced_at, &mapping.model].map(|c| index(c));
    if let Some(Err(e)) = cols.iter().find(|c| c.is_err()) {
        return Err(vec![e.clone()]);
    }
    let [output, input, external_id, produced_at, model] = cols.map(|c| c.ok().flatten());
    let mut good = Vec::with_capacity(table.rows.len());
    let mut bad = Vec::new();
    for row in &table.rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.values.get(i)).filter(|v| !v.trim().is_empty()).cloned();
        let raw = RawOutput {
            output: cell(output),
            input: cell(input),
            external_id: cell(external_id),
            produced_at: cell(produced_at),
            model: cell(model),
            ..Default::default()
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
