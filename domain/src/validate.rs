//! Small input checks shared by every edge, each naming the field it checks.

use crate::{DomainError, Result};

/// Trims `value` and checks it is between 1 and `max` characters.
pub fn required_text(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(DomainError::invalid(field, format!("{label} is required.")));
    }
    if v.chars().count() > max {
        return Err(DomainError::invalid(field, format!("{label} must be at most {max} characters.")));
    }
    Ok(v.to_string())
}

/// Trims `value` and checks it is at most `max` characters (may be empty).
pub fn optional_text(field: &'static str, label: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(DomainError::invalid(field, format!("{label} must be at most {max} characters.")));
    }
    Ok(v.to_string())
}

/// A plausible email address, trimmed and lower-cased.
pub fn email(value: &str) -> Result<String> {
    let v = required_text("email", "Email", value, 254)?.to_lowercase();
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        }
        None => false,
    };
    if !ok || v.chars().any(char::is_whitespace) {
        return Err(DomainError::invalid("email", format!("'{v}' is not an email address.")));
    }
    Ok(v)
}

/// An IANA time zone name such as `Europe/London`.
pub fn timezone(value: &str) -> Result<String> {
    let v = value.trim();
    v.parse::<chrono_tz::Tz>().map(|tz| tz.name().to_string()).map_err(|_| {
        DomainError::invalid("timezone", format!("'{v}' is not a time zone; use a name such as Europe/London."))
    })
}

/// The day weeks start on, as a lower-case English day name.
pub fn week_start(value: &str) -> Result<chrono::Weekday> {
    let v = value.trim().to_lowercase();
    WEEKDAYS.iter().find(|(name, _)| *name == v).map(|(_, d)| *d).ok_or_else(|| {
        DomainError::invalid("week_start", format!("'{v}' is not a day of the week; use a name such as monday."))
    })
}

/// The days of the week, Monday first, with their stored names.
pub const WEEKDAYS: [(&str, chrono::Weekday); 7] = [
    ("monday", chrono::Weekday::Mon),
    ("tuesday", chrono::Weekday::Tue),
    ("wednesday", chrono::Weekday::Wed),
    ("thursday", chrono::Weekday::Thu),
    ("friday", chrono::Weekday::Fri),
    ("saturday", chrono::Weekday::Sat),
    ("sunday", chrono::Weekday::Sun),
];

/// Every time zone name, for pickers.
pub fn timezone_names() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).filter(|n| n.contains('/') && !n.starts_with("Etc/")).collect()
}

/// Field limits: generous for real AI output, small enough to keep one row cheap.
pub struct Limits {
    pub text: usize,
    pub external_id: usize,
    pub model: usize,
    pub metadata_bytes: usize,
    pub short: usize,
}

pub const LIMITS: Limits =
    Limits { text: 100_000, external_id: 200, model: 200, metadata_bytes: 16 * 1024, short: 200 };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(email("  Ann@Example.COM ").unwrap(), "ann@example.com");
        for bad in ["", "ann", "ann@", "@x.com", "ann@localhost", "a nn@x.com", "ann@x."] {
            assert!(email(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn timezone_accepts_iana_names_only() {
        assert_eq!(timezone("Europe/London").unwrap(), "Europe/London");
        assert!(timezone("Mars/Olympus").is_err());
        assert_eq!(week_start(" Sunday ").unwrap(), chrono::Weekday::Sun);
        assert!(week_start("someday").is_err());
        assert!(timezone_names().contains(&"America/New_York"));
    }

    #[test]
    fn required_text_limits_length() {
        assert_eq!(required_text("name", "Name", " Bo ", 5).unwrap(), "Bo");
        assert!(required_text("name", "Name", "   ", 5).is_err());
        assert!(required_text("name", "Name", "abcdef", 5).is_err());
    }
}
