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

/// The separators a CSV file may use, in the order a tie is settled.
pub const DELIMITERS: [(u8, &str); 4] = [(b',', "comma"), (b';', "semicolon"), (b'\t', "tab"), (b'|', "pipe")];

/// How a file was read, for the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub encoding: &'static str,
    /// The CSV separator (None for JSON Lines).
    pub delimiter: Option<u8>,
}

pub fn read_table(format: Format, bytes: &[u8]) -> Result<Table, LineError> {
    read_table_as(format, bytes, None).map(|(t, _)| t)
}

/// Reads the file; `delimiter` is the owner's choice, else it is detected.
pub fn read_table_as(format: Format, bytes: &[u8], delimiter: Option<u8>) -> Result<(Table, Reading), LineError> {
    let decoded = super::text::decode(bytes)?;
    let text = decoded.text.as_ref();
    let (table, delimiter) = match format {
        Format::Csv => {
            let d = delimiter.unwrap_or_else(|| detect_delimiter(text));
            (csv_table(text, d)?, Some(d))
        }
        Format::JsonLines => (jsonl_table(text)?, None),
    };
    if table.rows.is_empty() {
        return Err(LineError::new(0, "The file has no rows to import."));
    }
    Ok((table, Reading { encoding: decoded.encoding, delimiter }))
}

/// The separator that splits the first rows into the same number of
/// columns, the most columns winning; a comma when none does.
pub fn detect_delimiter(text: &str) -> u8 {
    let mut best = (b',', 1usize);
    for (d, _) in DELIMITERS {
        let mut reader =
            csv::ReaderBuilder::new().delimiter(d).flexible(true).has_headers(false).from_reader(text.as_bytes());
        let widths: Vec<usize> = reader.records().take(20).map_while(Result::ok).map(|r| r.len()).collect();
        let Some(&first) = widths.first() else { continue };
        if first > best.1 && widths.iter().all(|w| *w == first) {
            best = (d, first);
        }
    }
    best.0
}

fn csv_table(text: &str, delimiter: u8) -> Result<Table, LineError> {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(text.as_bytes());
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
