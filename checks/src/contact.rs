//! Contacts: every phone number, email address and link in an output is
//! the business's own, or the customer's own from the input. A made-up
//! number or a link to an unknown site is named.

use std::{collections::HashSet, sync::LazyLock};

use regex::Regex;

use crate::{finding, Check, Facts, Finding, Subject};

pub struct Contacts {
    region: phonenumber::country::Id,
    phones: HashSet<String>,
    emails: HashSet<String>,
    domains: Vec<String>,
}

static PHONE: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"\+?\(?\d[\d\s().-]{5,}\d"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"(?i)\b[a-z0-9._%+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\b"));
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?i)\bhttps?://([a-z0-9.-]+)[^\s<>()]*|\bwww\.([a-z0-9-]+(?:\.[a-z0-9-]+)+)\b[^\s<>()]*|\b((?:[a-z0-9-]+\.)+(?:com|net|org|co\.uk|org\.uk|uk|de|ie|eu|io|us|info|biz|shop|online|site|app|co))\b(?:/[^\s<>()]*)?",
    )
});
/// Numbers that look like phone numbers but are dates, times or money.
static NOT_PHONE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"^\d{4}-\d{2}-\d{2}|^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$|^\d{3}-\d{2}-\d{4}$|^20[2-3]\d(?:[-./]|\d{4})",
    )
});
/// Words that say the number after them is a reference, not a phone number.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?i)(?:#|\b(?:reference|ref|order|invoice|booking|claim|ticket|account|card|policy|iban|nummer|buchungsnummer|rechnung)\b[^.\d]{0,16})$|[A-Za-z]-$",
    )
});
static IBAN_LIKE: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{2,4}){3,8}\b"));

impl Contacts {
    pub fn new(facts: &Facts, region: &str) -> Contacts {
        let region = region.parse().unwrap_or(phonenumber::country::Id::US);
        let phones = facts.phones.iter().filter_map(|p| national(p, region)).collect();
        let emails = facts.emails.iter().map(|e| e.trim().to_lowercase()).collect();
        let domains = facts.domains.iter().map(|d| bare_domain(d)).filter(|d| !d.is_empty()).collect();
        Contacts { region, phones, emails, domains }
    }

    /// One of the business's web domains, or a subdomain of one.
    fn is_ours(&self, host: &str) -> bool {
        self.domains.iter().any(|d| host == d || host.ends_with(&format!(".{d}")))
    }

    /// Emails, links and phone numbers that are not the business's own (nor
    /// the customer's, from the input). Each kind is checked only when the
    /// facts list some of the business's own: an address at one of its
    /// domains is its own.
    pub fn check(&self, s: &Subject) -> Vec<Finding> {
        let input = s.input.unwrap_or_default();
        let theirs_phones: HashSet<String> =
            PHONE.find_iter(input).filter_map(|m| national(m.as_str(), self.region)).collect();
        let theirs_emails: HashSet<String> = EMAIL.find_iter(input).map(|m| m.as_str().to_lowercase()).collect();
        let mut out = Vec::new();
        let mut taken: Vec<(usize, usize)> = IBAN_LIKE.find_iter(s.output).map(|m| (m.start(), m.end())).collect();
        for m in EMAIL.find_iter(s.output) {
            taken.push((m.start(), m.end()));
            let email = m.as_str().to_lowercase();
            if self.emails.is_empty() && self.domains.is_empty() {
                continue;
            }
            let at_ours = email.rsplit('@').next().is_some_and(|host| self.is_ours(host));
            if !self.emails.contains(&email) && !at_ours && !theirs_emails.contains(&email) {
                out.push(finding(
                    Check::Contact,
                    (m.start(), m.end()),
                    format!("{}: not one of the business's email addresses", m.as_str()),
                ));
            }
        }
        for c in LINK.captures_iter(s.output) {
            let (Some(m), Some(host)) = (c.get(0), c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3))) else {
                continue;
            };
            if taken.iter().any(|(a, b)| m.start() < *b && *a < m.end()) {
                continue;
            }
            taken.push((m.start(), m.end()));
            let host = bare_domain(host.as_str());
            if !self.domains.is_empty() && !self.is_ours(&host) && !input.to_lowercase().contains(&host) {
                let end =
                    m.end() - m.as_str().len() + m.as_str().trim_end_matches(['.', ',', '!', '?', ';', ':']).len();
                out.push(finding(
                    Check::Contact,
                    (m.start(), end),
                    format!("a link to {host}, which is not the business's website"),
                ));
            }
        }
        // With no numbers of its own written down, the check cannot tell
        // the business's number from a made-up one: it says nothing.
        for m in PHONE.find_iter(s.output).filter(|_| !self.phones.is_empty()) {
            let text = m.as_str().trim_end_matches(['.', '-', ' ']);
            let digits = text.chars().filter(char::is_ascii_digit).count();
            if !(7..=15).contains(&digits)
                || NOT_PHONE.is_match(text.trim())
                || taken.iter().any(|(a, b)| m.start() < *b && *a < m.end())
            {
                continue;
            }
            let before = &s.output[s.output[..m.start()].char_indices().rev().nth(30).map_or(0, |(i, _)| i)..m.start()];
            if REFERENCE.is_match(before) {
                continue;
            }
            if is_money(s.output, m.start()) || (13..=19).contains(&digits) && looks_like_card(text) {
                continue;
            }
            // Most numbers in a reply are the business's own: compare the
            // digits first, and parse (slow) only numbers that differ.
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            if self.phones.iter().any(|own| digits.ends_with(own.as_str()) && digits.len() - own.len() <= 3) {
                continue;
            }
            let Some(number) = national(text, self.region) else { continue };
            if !self.phones.contains(&number) && !theirs_phones.contains(&number) {
                out.push(finding(
                    Check::Contact,
                    (m.start(), m.start() + text.len()),
                    format!("{}: not one of the business's phone numbers", text.trim()),
                ));
            }
        }
        out
    }
}

/// The number without country code or trunk prefix, for comparing
/// "+44 20 7946 0123" with "020 7946 0123".
fn national(text: &str, region: phonenumber::country::Id) -> Option<String> {
    match phonenumber::parse(Some(region), text) {
        Ok(n) => Some(n.national().value().to_string()),
        Err(_) => {
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            (digits.len() >= 7).then(|| digits.trim_start_matches('0').to_string())
        }
    }
}

fn bare_domain(d: &str) -> String {
    let d = d.trim().to_lowercase();
    let d = d.trim_start_matches("https://").trim_start_matches("http://");
    let d = d.split('/').next().unwrap_or_default();
    d.trim_start_matches("www.").trim_end_matches('.').to_string()
}

fn is_money(text: &str, at: usize) -> bool {
    text[..at].trim_end().ends_with(['£', '$', '€'])
}

fn looks_like_card(text: &str) -> bool {
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
    crate::private::luhn(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn contacts() -> Contacts {
        Contacts::new(
            &Facts {
                phones: vec!["020 7946 0123".into()],
                emails: vec!["hello@cornerbakery.co.uk".into()],
                domains: vec!["cornerbakery.co.uk".into()],
                ..Default::default()
            },
            "GB",
        )
    }

    fn found(input: Option<&str>, output: &str) -> Vec<Finding> {
        contacts().check(&Subject { input, output, booking: None, produced_at: Utc::now() })
    }

    #[test]
    fn the_business_own_contacts_are_fine_in_any_format() {
        let ok =
            "Call us on +44 20 7946 0123, email HELLO@cornerbakery.co.uk or see https://www.cornerbakery.co.uk/menu.";
        assert!(found(None, ok).is_empty(), "{:?}", found(None, ok));
        assert!(found(
            Some("I'm ann@example.com, 07700 900123"),
            "We'll write to ann@example.com or ring 07700 900123."
        )
        .is_empty());
    }

    #[test]
    fn made_up_contacts_are_named() {
        let f = found(None, "Call 020 7946 0999 or mail orders@bakery-shop.com, see bakeryoffers.com.");
        assert_eq!(f.len(), 3, "{f:?}");
    }

    #[test]
    fn with_nothing_of_its_own_written_down_nothing_is_flagged() {
        let bare = Contacts::new(&Facts::default(), "GB");
        let s = Subject {
            input: None,
            output: "Call 020 7946 0999, mail orders@bakery-shop.com or see bakeryoffers.com.",
            booking: None,
            produced_at: Utc::now(),
        };
        assert!(bare.check(&s).is_empty());
    }

    #[test]
    fn dates_and_prices_are_not_phone_numbers() {
        assert!(found(None, "Collect on 2026-12-03 for £1 200.").is_empty());
    }
}
