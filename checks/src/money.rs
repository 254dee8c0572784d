//! Amounts of money as people write them: £4.50, $1,200, 45 EUR, 12 euros,
//! 5,20 €, GBP 5.20.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Written without decimals ("£5").
    pub whole: bool,
}

const NUM: &str = r"\d{1,3}(?:[,.\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?";

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    let before = r"[£$€¥]|\b(?:GBP|USD|EUR|AUD|CAD)\b";
    let after = r"[£$€]|\b(?:GBP|USD|EUR|AUD|CAD|pounds?|dollars?|euros?|bucks|quid|cents)\b";
    crate::text::regex(&format!(r"(?i)(?:(?:{before})\s?(?P<a>{NUM})|(?P<b>{NUM})\s?(?:{after}))"))
});

/// Every amount of money in `text`, in order.
pub fn amounts(text: &str) -> Vec<Amount> {
    AMOUNT
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let num = c.name("a").or_else(|| c.name("b"))?;
            let cents = all.as_str().to_lowercase().contains("cent");
            let (value, whole) = parse(num.as_str())?;
            let value = if cents { value / 100.0 } else { value };
            Some(Amount { start: all.start(), end: all.end(), value, whole: whole && !cents })
        })
        .collect()
}

/// "1,200.50" → 1200.5; "12,50" → 12.5; "1.200" → 1200; "5" → 5 (whole).
fn parse(num: &str) -> Option<(f64, bool)> {
    let s: String = num.chars().filter(|c| !c.is_whitespace()).collect();
    let last_sep = s.rfind([',', '.']);
    let (int, frac) = match last_sep {
        Some(i) if s.len() - i - 1 <= 2 => (&s[..i], Some(&s[i + 1..])),
        _ => (s.as_str(), None),
    };
    let int: String = int.chars().filter(char::is_ascii_digit).collect();
    let value: f64 = match frac {
        Some(f) => format!("{int}.{f}").parse().ok()?,
        None => int.parse().ok()?,
    };
    Some((value, frac.is_none()))
}

/// How the amount reads in a message: "£5.20".
pub fn show(symbol: &str, value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{symbol}{value:.0}")
    } else {
        format!("{symbol}{value:.2}")
    }
}

pub fn symbol(currency: &str) -> &'static str {
    match currency {
        "GBP" => "£",
        "EUR" => "€",
        "JPY" => "¥",
        _ => "$",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_many_spellings() {
        let found: Vec<f64> =
            amounts("£4.50, $1,200, 45 EUR, 12 euros, 5,20 €, GBP 5.20, 99 cents").iter().map(|a| a.value).collect();
        assert_eq!(found, vec![4.5, 1200.0, 45.0, 12.0, 5.2, 5.2, 0.99]);
        assert!(amounts("at 5 pm, order 1234").is_empty());
        assert!(amounts("£5").first().is_some_and(|a| a.whole));
    }
}
