//! File imports: a CSV or JSON Lines export from a vendor (with a column
//! mapping), or an `.ics` calendar for a scheduling touchpoint. Every problem
//! is reported with its line; nothing is stored unless every line is valid.

mod calendar;
pub mod jobs;
mod table;

pub use calendar::read_ics;
pub use table::{read_table, utf8, Format, Table};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    outputs::{NewOutput, RawOutput, Source},
    touchpoints::Kind,
};

/// A problem at one line of the file (1-based; 0 for the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        LineError { line, message: message.into() }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 { write!(f, "{}", self.message) } else { write!(f, "Line {}: {}", self.line, self.message) }
    }
}

/// Which column holds which field. `output` is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    pub output: String,
    pub input: String,
    pub external_id: String,
    pub produced_at: String,
    pub model: String,
}

impl Mapping {
    /// Columns whose names match the fields (ignoring case, spaces, `_` and `-`).
    pub fn guess(columns: &[String]) -> Mapping {
        let norm = |s: &str| s.to_lowercase().replace([' ', '_', '-'], "");
        let find = |names: &[&str]| {
            columns.iter().find(|c| names.contains(&norm(c).as_str())).cloned().unwrap_or_default()
        };
        Mapping {
            output: find(&["output", "response", "reply", "answer", "text", "message", "completion"]),
            input: find(&["input", "prompt", "question", "customermessage", "request"]),
            external_id: find(&["externalid", "id", "messageid", "uid"]),
            produced_at: find(&["producedat", "timestamp", "createdat", "date", "time", "sentat"]),
            model: find(&["model", "modelversion", "version"]),
        }
    }
}

/// Applies the mapping to every row and checks it like an API call. Either
/// every row becomes an output, or every bad row is listed by line.
pub fn to_outputs(table: &Table, mapping: &Mapping, kind: Kind, now: DateTime<Utc>) -> Result<Vec<NewOutput>, Vec<LineError>> {
    if mapping.output.is_empty() {
        return Err(vec![LineError::new(0, "Choose the column that holds the AI's output.")]);
    }
    let index = |name: &str| -> Result<Option<usize>, LineError> {
        if name.is_empty() {
            return Ok(None);
        }
        table.columns.iter().position(|c| c == name).map(Some).ok_or_else(|| LineError::new(0, format!("The file has no column \"{name}\".")))
    };
    let cols = [&mapping.output, &mapping.input, &mapping.external_id, &mapping.produced_at, &mapping.model]
        .map(|c| index(c));
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
    if bad.is_empty() { Ok(good) } else { Err(bad) }
}
