//! CSV and JSON Lines imports: `read_table` then `to_outputs`, as an upload
//! does. Every table read is rectangular with rows in file order; every
//! line-numbered problem points inside the file; and the rows become outputs
//! all together, or every bad row is listed by its own line.
#![no_main]

use chrono::Utc;
use domain::{
    imports::{read_table, times::DateOrder, to_outputs, Clock, Format, Mapping, Table},
    outputs::Source,
};
use libfuzzer_sys::fuzz_target;
use secondlook_fuzz::{check_validated, KINDS};

fn check_table(table: &Table, format: Format, data: &[u8]) {
    assert!(!table.rows.is_empty(), "a table with no rows was accepted");
    for row in &table.rows {
        assert_eq!(row.values.len(), table.columns.len(), "row at line {} is not as wide as the header", row.line);
    }
    assert!(table.rows.windows(2).all(|w| w[0].line <= w[1].line), "rows out of file order");
    // The csv crate ends a record at a lone `\r` but counts lines by `\n`
    // only, so rows of a file with old Mac line endings share a line number.
    if format == Format::JsonLines || !data.contains(&b'\r') {
        assert!(table.rows.windows(2).all(|w| w[0].line < w[1].line), "two rows on one line");
        assert!(table.rows[0].line > usize::from(format == Format::Csv), "a row before the header");
    }
    if format == Format::JsonLines {
        let mut names = table.columns.clone();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), table.columns.len(), "a column named twice");
    }
}

fn check_import(table: &Table, mapping: &Mapping) {
    let now = Utc::now();
    for kind in KINDS {
        match to_outputs(table, mapping, kind, Clock { tz: chrono_tz::Europe::London, order: DateOrder::DayFirst }, now) {
            Ok(outputs) => {
                assert_eq!(outputs.len(), table.rows.len(), "a row was dropped without a word");
                outputs.iter().for_each(|o| check_validated(o, kind, Source::Upload, now));
            }
            Err(problems) => {
                assert!(!problems.is_empty());
                let lines: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
                for p in &problems {
                    assert!(p.line == 0 || lines.contains(&p.line), "problem at line {} names no row", p.line);
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The csv crate also ends lines at a lone `\r` (old Mac files).
    let lines = data.iter().filter(|b| matches!(b, b'\n' | b'\r')).count() + 1;
    for format in [Format::Csv, Format::JsonLines] {
        let table = match read_table(format, data) {
            Ok(t) => t,
            Err(e) => {
                assert!(e.line <= lines, "problem at line {} of a {lines}-line file", e.line);
                continue;
            }
        };
        check_table(&table, format, data);
        // The guessed mapping, as the upload page proposes; and the first
        // column as the output, so files with odd names still reach `validate`.
        check_import(&table, &Mapping::guess(&table.columns));
        // (A JSON Lines file of `{}` objects has rows but no columns.)
        if let Some(first) = table.columns.first() {
            check_import(&table, &Mapping { output: first.clone(), ..Mapping::guess(&table.columns) });
        }
    }
});
