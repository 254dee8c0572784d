//! File imports: the column mapping, line problems and a job's progress.

use serde::{Deserialize, Serialize};

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
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "Line {}: {}", self.line, self.message)
        }
    }
}

/// Which column holds which field (column names; empty for none). `output`
/// is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    pub output: String,
    pub input: String,
    pub external_id: String,
    pub produced_at: String,
    pub model: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportStatus {
    pub id: i64,
    pub touchpoint_id: i64,
    pub file_name: String,
    pub format: String,
    pub status: String,
    pub total: i64,
    pub processed: i64,
    pub stored: i64,
    pub duplicates: i64,
    pub errors: Vec<LineError>,
    /// Column names and the first rows, while waiting for the mapping.
    pub columns: Vec<String>,
    pub sample: Vec<Vec<String>>,
    pub guess: Mapping,
    /// Events found in a calendar, while waiting to start.
    pub events: usize,
}

impl Mapping {
    /// Columns whose names match the fields (ignoring case, spaces, `_` and `-`).
    pub fn guess(columns: &[String]) -> Mapping {
        let norm = |s: &str| s.to_lowercase().replace([' ', '_', '-'], "");
        let find =
            |names: &[&str]| columns.iter().find(|c| names.contains(&norm(c).as_str())).cloned().unwrap_or_default();
        Mapping {
            output: find(&["output", "response", "reply", "answer", "text", "message", "completion"]),
            input: find(&["input", "prompt", "question", "customermessage", "request"]),
            external_id: find(&["externalid", "id", "messageid", "uid"]),
            produced_at: find(&["producedat", "timestamp", "createdat", "date", "time", "sentat"]),
            model: find(&["model", "modelversion", "version"]),
        }
    }
}
