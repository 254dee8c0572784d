//! Private data that must never be in an output: payment card numbers
//! (Luhn-valid), IBANs (valid check digits) and US social security numbers.

use std::sync::LazyLock;

use regex::Regex;

use crate::{finding, Check, Finding};

static CARD: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"\b\d(?:[ -]?\d){12,18}\b"));
static IBAN: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){3,8}\b"));
static SSN: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"\b(\d{3})-(\d{2})-(\d{4})\b"));

pub fn check(output: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let ibans: Vec<(usize, usize)> = IBAN.find_iter(output).map(|m| (m.start(), m.end())).collect();
    for m in CARD.find_iter(output) {
        if ibans.iter().any(|(s, e)| m.start() < *e && *s < m.end()) {
            continue;
        }
        let digits: Vec<u32> = m.as_str().chars().filter_map(|c| c.to_digit(10)).collect();
        if (13..=19).contains(&digits.len()) && luhn(&digits) {
            let last4: String = m
                .as_str()
                .chars()
                .filter(char::is_ascii_digit)
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            out.push(finding(
                Check::PrivateData,
                (m.start(), m.end()),
                format!("a payment card number (ending {last4})"),
            ));
        }
    }
    for m in IBAN.find_iter(output) {
        if m.as_str().parse::<iban::Iban>().is_ok() {
            out.push(finding(
                Check::PrivateData,
                (m.start(), m.end()),
                format!("a bank account number (IBAN {}…)", &m.as_str()[..4]),
            ));
        }
    }
    for c in SSN.captures_iter(output) {
        let (Some(m), Some(area), Some(group), Some(serial)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let area = area.as_str();
        if area != "000"
            && area != "666"
            && !area.starts_with('9')
            && group.as_str() != "00"
            && serial.as_str() != "0000"
        {
            out.push(finding(Check::PrivateData, (m.start(), m.end()), "a US social security number".into()));
        }
    }
    out
}

/// The Luhn check digit holds (card numbers).
pub(crate) fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                *d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_ibans_and_ssns_are_found_only_when_valid() {
        assert_eq!(check("Card 4111 1111 1111 1111 on file").len(), 1);
        assert!(check("Order 4111 1111 1111 1112").is_empty(), "fails Luhn");
        assert_eq!(check("Pay to GB82 WEST 1234 5698 7654 32 please").len(), 1);
        assert!(check("Pay to GB82 WEST 1234 5698 7654 33").is_empty(), "wrong check digits");
        assert_eq!(check("SSN 123-45-6789").len(), 1);
        assert!(check("Ref 900-12-3456 and 000-12-3456").is_empty());
    }
}
