//! A price list from a CSV file (item, price, unit, aliases): every bad row
//! is listed by line, and nothing is used until the file is clean.

use super::PriceItem;
use model::imports::LineError;

/// Reads `item,price[,unit][,aliases]` rows (a header row is recognised by
/// its words; aliases are separated by `;` or `|`).
pub fn parse_price_csv(bytes: &[u8]) -> Result<Vec<PriceItem>, Vec<LineError>> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| vec![LineError::new(0, "The file is not UTF-8 text; save it as CSV (UTF-8).")])?;
    // A semicolon-separated file (where the decimal comma is usual) has no
    // comma in its first line; aliases are separated by `;` inside a cell.
    let delimiter = if text.lines().next().is_some_and(|l| l.contains(';') && !l.contains(',')) { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let (mut items, mut errors) = (Vec::new(), Vec::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(LineError::new(line, format!("this row cannot be read: {e}")));
                continue;
            }
        };
        let cell = |n: usize| record.get(n).unwrap_or_default().trim().to_string();
        if line == 1 && cell(0).to_lowercase().contains("item") && cell(1).to_lowercase().contains("price") {
            continue;
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let item = cell(0);
        if item.is_empty() {
            errors.push(LineError::new(line, "the item is empty"));
            continue;
        }
        let price_text = cell(1);
        let cleaned: String = price_text.chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',').collect();
        let cleaned = if cleaned.contains(',') && !cleaned.contains('.') {
            cleaned.replace(',', ".")
        } else {
            cleaned.replace(',', "")
        };
        match cleaned.parse::<f64>() {
            Ok(price) if !price_text.is_empty() => items.push(PriceItem {
                item,
                price,
                unit: cell(2),
                aliases: cell(3).split([';', '|']).map(str::trim).filter(|a| !a.is_empty()).map(String::from).collect(),
            }),
            _ => errors.push(LineError::new(line, format!("'{price_text}' is not a price such as 5.20"))),
        }
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_list_is_read_and_bad_rows_are_listed() {
        let items = parse_price_csv(
            b"item,price,unit,aliases\nSourdough loaf,\xC2\xA35.20,per loaf,large sourdough;sourdough\nBaguette,2.50\n",
        )
        .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].price, 5.2);
        assert_eq!(items[0].aliases, ["large sourdough", "sourdough"]);
        let errors = parse_price_csv(b"Loaf,five\n,2\nRoll,0.60\n").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [1, 2]);
    }
}
