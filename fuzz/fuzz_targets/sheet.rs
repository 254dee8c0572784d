//! Spreadsheets (`read_sheet`, calamine underneath): never a panic,
//! whatever the bytes (broken zip, broken XML, truncated OLE); a sheet read
//! has named columns and rows as wide as the file gave them, each with a
//! line inside the sheet; a refusal says why.
#![no_main]

use domain::imports::{read_sheet, sheet_names};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match read_sheet(data, "") {
        Ok(table) => {
            assert!(!table.columns.is_empty() && !table.rows.is_empty());
            assert!(table.rows.iter().all(|r| r.line >= 2), "a row before the header row");
            assert!(!sheet_names(data).unwrap().is_empty(), "a read workbook has a sheet");
        }
        Err(e) => assert!(!e.message.is_empty(), "a workbook was refused without a reason"),
    }
});
