//! Reading CSV and JSON Lines files into rows of text, with line numbers.

use serde::{Deserialize, Serialize};

use super::LineError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// From the file name, or from the first character when the name says nothing.
    pub fn detect(file_name: &str, text: &str) -> Format {
        let name = file_name.to_lowercase();
        if name.ends_with(".jsonl")
            || name.ends_with(".ndjson")
            || (!name.ends_with(".csv") && text.trim_start().starts_with('{'))
        {
            Format::JsonLines
        } else {
            Format::Csv
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Where the row starts in the file (1-based).
    pub line: usize,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// The file as UTF-8 text (a byte-order mark is dropped), or the line where
/// it stops being UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, LineError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        LineError::new(line, "this is not UTF-8 text. Save or export the file as UTF-8 and try again.")
    })
}

pub fn read_table(format: Format, bytes: &[u8]) -> Result<Table, LineError> {
    let text = utf8(bytes)?;
    let table = match format {
        Format::Csv => csv_table(text)?,
        Format::JsonLines => jsonl_table(text)?,
    };
    if table.rows.is_empty() {
        return Err(LineError::new(0, "The file has no rows to import."));
    }
    Ok(table)
}

fn csv_table(text: &str) -> Result<Table, LineError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|e| LineError::new(1, format!("the header row cannot be read: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if columns.iter().all(|c| c.is_empty()) {
        return Err(LineError::new(1, "the first row must name the columns."));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            let why = match e.kind() {
                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                    format!("has {len} columns where the header has {expected_len}")
                }
                other => format!("cannot be read ({other:?})"),
            };
            LineError::new(line, format!("this row {why}."))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        rows.push(Row { line, values: record.iter().map(String::from).collect() });
    }
    Ok(Table { columns, rows })
}

fn jsonl_table(text: &str) -> Result<Table, LineError> {
    let mut columns: Vec<String> = Vec::new();
    let mut objects = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| LineError::new(i + 1, format!("this is not valid JSON ({e}).")))?;
        let serde_json::Value::Object(map) = value else {
            return Err(LineError::new(i + 1, "each line must be a JSON object."));
        };
        for key in map.keys() {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
        objects.push((i + 1, map));
    }
    let rows = objects
        .into_iter()
        .map(|(line, map)| Row {
            line,
            values: columns
                .iter()
                .map(|c| match map.get(c) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                })
                .collect(),
        })
        .collect();
    Ok(Table { columns, rows })
}
