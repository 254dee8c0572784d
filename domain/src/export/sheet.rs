//! CSV as a spreadsheet opens it: UTF-8 with a byte-order mark (so Excel
//! reads the accents), one header row, and no cell that a spreadsheet
//! would run as a formula.

/// Makes a cell that would start a formula (`=`, `+`, `-`, `@`, or a tab or
/// carriage return before one) plain text, with the usual leading `'`.
pub fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Starts the file in `out`: the byte-order mark and the header row.
pub fn start(out: &mut Vec<u8>, header: &[&str]) -> std::io::Result<()> {
    out.extend_from_slice("\u{feff}".as_bytes());
    row(out, header.iter().copied())
}

/// Appends one record to `out`, every cell guarded.
pub fn row<'a>(out: &mut Vec<u8>, cells: impl IntoIterator<Item = &'a str>) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().has_headers(false).buffer_capacity(4096).from_writer(out);
    w.write_record(cells.into_iter().map(|c| guard(c).into_owned()))?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn formulas_become_text() {
        for f in ["=1+1", "+44 20", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert!(guard(f).starts_with('\''), "{f}");
        }
        for plain in ["Hello", "1+1", "", "'already"] {
            assert_eq!(guard(plain), plain);
        }
    }
}
