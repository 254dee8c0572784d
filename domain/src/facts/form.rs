//! The facts to and from the settings page's text fields. Every problem
//! names its field and, for lists, the line.

use super::{Closure, Facts, OpeningHours, WEEKDAYS};
use crate::{DomainError, Result};
pub use model::facts::FactsInput;

/// Reads the form; the caller stores the result with `facts::set`.
pub fn from_input(input: &FactsInput) -> Result<Facts> {
    let prices = super::parse_price_csv(input.prices.as_bytes()).map_err(|errors| {
        let lines: Vec<String> = errors.iter().take(5).map(|e| e.to_string()).collect();
        DomainError::invalid("prices", lines.join("; "))
    })?;
    let mut hours = Vec::new();
    for (i, day) in WEEKDAYS.iter().enumerate() {
        let text = input.hours.get(i).map(|s| s.trim()).unwrap_or_default();
        for stretch in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some((opens, closes)) = stretch.split_once(['-', '–']) else {
                return Err(DomainError::invalid("hours", format!("{}: write the hours as 09:00-17:30.", title(day))));
            };
            hours.push(OpeningHours { day: day.to_string(), opens: opens.trim().into(), closes: closes.trim().into() });
        }
    }
    let closures = lines(&input.closures)
        .map(|l| {
            let (date, note) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            Closure { date: date.trim().into(), note: note.trim().into() }
        })
        .collect();
    let max_booking_minutes = match input.max_booking_minutes.trim() {
        "" => None,
        t => Some(t.parse::<u32>().map_err(|_| {
            DomainError::invalid("max_booking_minutes", format!("'{t}' is not a number of minutes such as 90."))
        })?),
    };
    let list = |s: &str| lines(s).map(String::from).collect::<Vec<_>>();
    Ok(Facts {
        currency: input.currency.clone(),
        prices,
        hours,
        closures,
        max_booking_minutes,
        phones: list(&input.phones),
        emails: list(&input.emails),
        domains: list(&input.domains),
        offered: list(&input.offered),
        not_offered: list(&input.not_offered),
        forbidden: list(&input.forbidden),
    })
}

/// The form filled in with `facts`.
pub fn to_input(f: &Facts) -> FactsInput {
    let prices = f
        .prices
        .iter()
        .map(|p| {
            let mut cells = vec![csv_cell(&p.item), format!("{:.2}", p.price)];
            if !p.unit.is_empty() || !p.aliases.is_empty() {
                cells.push(csv_cell(&p.unit));
            }
            if !p.aliases.is_empty() {
                cells.push(csv_cell(&p.aliases.join("; ")));
            }
            cells.join(", ")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let hours = WEEKDAYS
        .iter()
        .map(|d| {
            f.hours
                .iter()
                .filter(|h| h.day == *d)
                .map(|h| format!("{}-{}", h.opens, h.closes))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    let closures =
        f.closures.iter().map(|c| format!("{} {}", c.date, c.note).trim().to_string()).collect::<Vec<_>>().join("\n");
    FactsInput {
        currency: f.currency.clone(),
        prices,
        hours,
        closures,
        max_booking_minutes: f.max_booking_minutes.map(|m| m.to_string()).unwrap_or_default(),
        phones: f.phones.join("\n"),
        emails: f.emails.join("\n"),
        domains: f.domains.join("\n"),
        offered: f.offered.join("\n"),
        not_offered: f.not_offered.join("\n"),
        forbidden: f.forbidden.join("\n"),
    }
}

fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty())
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn title(day: &str) -> String {
    let mut c = day.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_round_trips() {
        let input = FactsInput {
            currency: "GBP".into(),
            prices: "Sourdough loaf, 5.20, per loaf, large sourdough; sourdough\nBaguette, 2.50".into(),
            hours: vec!["08:00-17:00".into(), "".into(), "".into(), "".into(), "08:00-12:00, 13:00-17:00".into()],
            closures: "2026-12-25 Christmas".into(),
            max_booking_minutes: "90".into(),
            phones: "020 7946 0123".into(),
            ..Default::default()
        };
        let facts = super::super::checked(from_input(&input).unwrap()).unwrap();
        assert_eq!(facts.prices[0].aliases, ["large sourdough", "sourdough"]);
        assert_eq!(facts.hours.len(), 3);
        let again = super::super::checked(from_input(&to_input(&facts)).unwrap()).unwrap();
        assert_eq!(again, facts);
    }

    #[test]
    fn bad_rows_name_their_line() {
        let input = FactsInput { prices: "Loaf, 5.20\nRoll, cheap".into(), ..Default::default() };
        match from_input(&input) {
            Err(DomainError::Invalid { field, message }) => {
                assert_eq!(field, "prices");
                assert!(message.contains("Line 2"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
