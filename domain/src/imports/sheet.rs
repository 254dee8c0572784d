//! Spreadsheets (.xlsx, .xlsm, .xls, .ods) as tables, through calamine: the
//! first row names the columns; a date cell (a number the sheet formats as
//! a date) becomes `YYYY-MM-DD HH:MM:SS`, which the time reader takes on
//! the business's clock; whole numbers lose their `.0`.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::{table::Row, LineError, Table};

/// Whether a file name is a spreadsheet this import reads.
pub fn is_sheet(file_name: &str) -> bool {
    let name = file_name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|ext| name.ends_with(ext))
}

fn unreadable(e: impl std::fmt::Display) -> LineError {
    LineError::new(0, format!("This spreadsheet cannot be read ({e}). Save it again, or export the sheet as CSV."))
}

/// The names of the workbook's sheets, in order.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, LineError> {
    let book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    Ok(book.sheet_names())
}

/// The sheet called `name` (the first when empty) as a table.
pub fn read_sheet(bytes: &[u8], name: &str) -> Result<Table, LineError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let names = book.sheet_names();
    let name = if name.is_empty() { names.first().cloned().unwrap_or_default() } else { name.to_string() };
    if !names.contains(&name) {
        return Err(LineError::new(0, format!("The workbook has no sheet called \"{name}\".")));
    }
    let range = book.worksheet_range(&name).map_err(unreadable)?;
    let mut rows = range.rows().enumerate().map(|(i, cells)| (i + 1, cells.iter().map(cell).collect::<Vec<_>>()));
    let (_, columns) = rows.next().ok_or_else(|| LineError::new(0, format!("The sheet \"{name}\" is empty.")))?;
    let columns: Vec<String> = columns.into_iter().map(|c| c.trim().to_string()).collect();
    if columns.iter().all(|c| c.is_empty()) {
        return Err(LineError::new(1, "the first row must name the columns."));
    }
    let rows: Vec<Row> = rows
        .filter(|(_, values)| values.iter().any(|v| !v.trim().is_empty()))
        .map(|(line, values)| Row { line, values })
        .collect();
    if rows.is_empty() {
        return Err(LineError::new(0, "The file has no rows to import."));
    }
    Ok(Table { columns, rows })
}

fn cell(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => {
            d.as_datetime().map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_else(|| d.to_string())
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}
