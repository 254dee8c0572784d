//! The fact checks: each one a pure function of the business's facts and
//! one output (with its input and booking), returning findings that name
//! the check, the exact span and why. Compiled once per set of facts
//! (`Checker::new`), then cheap enough to run on every output at ingest.

mod contact;
mod hours;
mod language;
mod money;
mod price;
mod private;
mod promise;
pub mod text;

use chrono::{DateTime, Utc};
pub use model::facts::{Check, Facts, Finding};
use model::{outputs::Booking, touchpoint::Kind};

/// One output to check.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// What led to it (the customer's message), if known.
    pub input: Option<&'a str>,
    pub output: &'a str,
    /// For a scheduling tool: the booking it made.
    pub booking: Option<&'a Booking>,
    pub produced_at: DateTime<Utc>,
}

/// The facts, prepared for checking.
pub struct Checker {
    price: price::Prices,
    hours: hours::Hours,
    contact: contact::Contacts,
    promise: promise::Promises,
}

impl Checker {
    /// `region` is the ISO country whose phone formats apply ("GB");
    /// `tz` the business's clock, for opening hours and bookings.
    pub fn new(facts: &Facts, region: &str, tz: chrono_tz::Tz) -> Checker {
        Checker {
            price: price::Prices::new(facts),
            hours: hours::Hours::new(facts, tz),
            contact: contact::Contacts::new(facts, region),
            promise: promise::Promises::new(facts),
        }
    }

    /// Every finding of the `enabled` checks, in text order.
    pub fn check(&self, enabled: &[Check], s: &Subject) -> Vec<Finding> {
        let mut out = Vec::new();
        // Folded once (lower case, no accents) for the checks that read words.
        let folded = text::Folded::new(s.output);
        for check in enabled {
            match check {
                Check::Price => out.extend(self.price.check_folded(&folded)),
                Check::Hours => out.extend(self.hours.check(s, &folded)),
                Check::Contact => out.extend(self.contact.check(s)),
                Check::PrivateData => out.extend(private::check(s.output)),
                Check::Promise => out.extend(self.promise.check_folded(s.output, &folded)),
                Check::Language => out.extend(language::check(s)),
            }
        }
        out.sort_by_key(|f| (f.start, f.end));
        out
    }
}

/// The checks a touchpoint of `kind` gets unless its owner chooses: a
/// booking tool gets hours, not prices; finance gets no hours.
pub fn defaults_for(kind: Kind) -> Vec<Check> {
    use Check::*;
    match kind {
        Kind::Scheduling => vec![Hours, Contact, PrivateData, Promise, Language],
        Kind::Finance => vec![Price, Contact, PrivateData, Promise],
        Kind::Social | Kind::Marketing => vec![Price, Hours, Contact, PrivateData, Promise],
        Kind::Email | Kind::Chatbot | Kind::Other => Check::ALL.to_vec(),
    }
}

/// The phone region for a business: from its time zone where that names a
/// country's zone, else from its currency.
pub fn region_for(timezone: &str, currency: &str) -> &'static str {
    const ZONES: &[(&str, &str)] = &[
        ("Europe/London", "GB"),
        ("Europe/Dublin", "IE"),
        ("Europe/Berlin", "DE"),
        ("Europe/Vienna", "AT"),
        ("Europe/Zurich", "CH"),
        ("Europe/Paris", "FR"),
        ("Europe/Madrid", "ES"),
        ("Europe/Rome", "IT"),
        ("Europe/Amsterdam", "NL"),
        ("Europe/Brussels", "BE"),
        ("Australia/", "AU"),
        ("America/Toronto", "CA"),
        ("America/Vancouver", "CA"),
        ("America/", "US"),
        ("Pacific/Auckland", "NZ"),
    ];
    if let Some((_, r)) = ZONES.iter().find(|(z, _)| timezone.starts_with(z)) {
        return r;
    }
    match currency {
        "GBP" => "GB",
        "EUR" => "DE",
        "AUD" => "AU",
        "CAD" => "CA",
        _ => "US",
    }
}

fn finding(check: Check, (start, end): (usize, usize), message: String) -> Finding {
    Finding { check, start, end, message }
}
