//! Spreadsheets from real programs' file formats (fixtures/sheets/, made by
//! openpyxl, xlwt and odfpy): every format reads to the same rows, dates
//! stored as spreadsheet numbers become times on the business's clock, a
//! workbook's sheets are listed and the chosen one is read, and a file that
//! is not a spreadsheet says so in one line.

use chrono::Utc;
use domain::imports::{read_sheet, sheet_names, to_outputs, Clock, Mapping};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/sheets/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn xlsx_xls_and_ods_read_alike_with_their_dates_as_times() {
    let xlsx = fixture("replies.xlsx");
    assert_eq!(sheet_names(&xlsx).unwrap(), ["Notes", "Replies"]);
    let first = read_sheet(&xlsx, "").unwrap_err();
    assert!(first.message.contains("no rows"), "the first sheet (a header only) unless one is chosen: {first}");
    for (file, sheet) in [("replies.xlsx", "Replies"), ("replies.xls", ""), ("replies.ods", "")] {
        let table = read_sheet(&fixture(file), sheet).unwrap();
        assert_eq!(table.columns, ["Ticket ID", "Sent", "AI Reply"], "{file}");
        assert_eq!(table.rows.len(), 2, "{file}");
        assert_eq!(table.rows[0].values[0], "101", "{file}: whole numbers lose their .0");
        let m = Mapping::guess(&table.columns);
        assert_eq!(
            (m.output.as_str(), m.produced_at.as_str(), m.external_id.as_str()),
            ("AI Reply", "Sent", "Ticket ID")
        );
        let berlin = chrono_tz::Europe::Berlin;
        let clock = Clock::for_column(&table, "Sent", berlin, None);
        let outputs = to_outputs(&table, &m, domain::touchpoints::Kind::Email, clock, Utc::now()).unwrap();
        assert_eq!(outputs[0].produced_at.to_rfc3339(), "2026-12-01T13:30:00+00:00", "{file}: 14:30 in Berlin");
        assert_eq!(outputs[1].output, "We open at 9.");
    }
    assert!(read_sheet(&xlsx, "Nope").unwrap_err().message.contains("no sheet called \"Nope\""));
    assert!(read_sheet(b"id,reply\n1,hi\n", "").unwrap_err().message.contains("cannot be read"));
}
