//! What the owner chose in an upload's preview (the CSV separator, whether
//! dates are day or month first, the sheet of a workbook), and reading the
//! uploaded table with those choices, the same way for the preview and the
//! import itself.

use chrono_tz::Tz;

use super::{
    read_sheet, read_table_as, sheet_names,
    times::{self, DateOrder},
    Clock, Format, LineError, Table, DELIMITERS,
};
use crate::{Db, DomainError, Result};

pub use model::imports::ImportStatus;

/// The owner's choices for one upload (None / empty: detect).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    pub delimiter: Option<u8>,
    pub date_order: Option<DateOrder>,
    pub sheet: String,
}

pub async fn load(db: &Db, id: i64) -> Result<Choices> {
    let row: Option<(Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT delimiter, date_order, sheet FROM imports WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    let (delimiter, order, sheet) = row.unwrap_or_default();
    Ok(Choices {
        delimiter: delimiter.and_then(|n| DELIMITERS.iter().find(|(_, name)| *name == n).map(|(b, _)| *b)),
        date_order: order.as_deref().and_then(DateOrder::from_name),
        sheet: sheet.unwrap_or_default(),
    })
}

/// Reads the file again with the separator (`""`: detect it), date order
/// (`""`: from the file or the business's clock) and sheet (`""`: the
/// first) the owner chose.
pub async fn choose(db: &Db, id: i64, delimiter: &str, date_order: &str, sheet: &str) -> Result<()> {
    if !delimiter.is_empty() && !DELIMITERS.iter().any(|(_, n)| *n == delimiter) {
        return Err(DomainError::invalid("delimiter", "Choose comma, semicolon, tab or pipe."));
    }
    if !date_order.is_empty() && DateOrder::from_name(date_order).is_none() {
        return Err(DomainError::invalid("date_order", "Choose day first or month first."));
    }
    let done = sqlx::query(
        "UPDATE imports SET delimiter = NULLIF(?, ''), date_order = NULLIF(?, ''), sheet = NULLIF(?, '')
         WHERE id = ? AND status = 'uploaded'",
    )
    .bind(delimiter)
    .bind(date_order)
    .bind(sheet)
    .bind(id)
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::Conflict("This import has already been started.".into()));
    }
    Ok(())
}

fn delimiter_name(d: u8) -> &'static str {
    DELIMITERS.iter().find(|(b, _)| *b == d).map_or("comma", |(_, name)| name)
}

/// The uploaded table (CSV, JSON Lines or a spreadsheet's sheet), read with
/// the choices; `preview` (if given) learns how it was read.
pub fn read(
    format: &str,
    bytes: &[u8],
    choices: &Choices,
    preview: Option<&mut ImportStatus>,
) -> std::result::Result<Table, LineError> {
    let (table, encoding, delimiter) = match format {
        "sheet" => {
            let sheets = sheet_names(bytes)?;
            // Unless the owner chose one: the first sheet that has rows.
            let (sheet, table) = match choices.sheet.as_str() {
                "" => {
                    let first = read_sheet(bytes, "");
                    let found = sheets.iter().find_map(|name| read_sheet(bytes, name).ok().map(|t| (name.clone(), t)));
                    found.map(Ok).unwrap_or_else(|| first.map(|t| (String::new(), t)))?
                }
                chosen => (chosen.to_string(), read_sheet(bytes, chosen)?),
            };
            if let Some(s) = preview {
                (s.sheet, s.sheets) = (sheet, sheets);
            }
            return Ok(table);
        }
        f => {
            let format = if f == "csv" { Format::Csv } else { Format::JsonLines };
            let (table, reading) = read_table_as(format, bytes, choices.delimiter)?;
            let delimiter = reading.delimiter.map(delimiter_name).unwrap_or_default().to_string();
            (table, reading.encoding.to_string(), delimiter)
        }
    };
    if let Some(s) = preview {
        (s.encoding, s.delimiter) = (encoding, delimiter);
    }
    Ok(table)
}

/// How the time column reads, for the preview: the order used, whether the
/// owner should confirm it, and the first row's time on the business's clock.
pub fn describe_times(s: &mut ImportStatus, table: &Table, column: &str, tz: Tz, chosen: Option<DateOrder>) {
    let Some(i) = table.columns.iter().position(|c| c == column) else { return };
    let values = || table.rows.iter().filter_map(|r| r.values.get(i)).map(String::as_str);
    let clock = Clock::for_column(table, column, tz, chosen);
    s.date_order = clock.order.name().to_string();
    s.dates_ambiguous = times::settled_order(values()).is_none() && times::has_ambiguous(values());
    if let Some(first) = values().find(|v| !v.trim().is_empty()) {
        s.time_example = match times::parse(first, tz, clock.order) {
            Ok(t) => {
                format!("\"{first}\" reads as {} ({})", t.with_timezone(&tz).format("%a %-d %b %Y, %H:%M"), tz.name())
            }
            Err(why) => why,
        };
    }
}

/// A time field mapped to a column where no value reads as a time: a
/// mapping mistake, answered beside that field (the upload stays ready to
/// map again) rather than as a bad line on every row.
pub fn time_mistake(
    table: &Table,
    mapping: &model::imports::Mapping,
    tz: Tz,
    chosen: Option<DateOrder>,
) -> Option<DomainError> {
    let fields =
        [("produced_at", &mapping.produced_at), ("starts_at", &mapping.starts_at), ("ends_at", &mapping.ends_at)];
    fields.into_iter().filter(|(_, column)| !column.is_empty()).find_map(|(field, column)| {
        let i = table.columns.iter().position(|c| c == column)?;
        let clock = Clock::for_column(table, column, tz, chosen);
        let mut values = table.rows.iter().filter_map(|r| r.values.get(i)).filter(|v| !v.trim().is_empty()).peekable();
        let first = values.peek().map(|v| v.to_string())?;
        if values.any(|v| times::parse(v, clock.tz, clock.order).is_ok()) {
            return None;
        }
        Some(DomainError::invalid(
            field,
            format!(
                "No value in \"{column}\" reads as a time (the first is \"{first}\"): choose the column that holds it."
            ),
        ))
    })
}
