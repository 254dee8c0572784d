//! What is true about the business (prices, hours, contacts, services,
//! phrases never to use) and what the fact checks found in an output.

use serde::{Deserialize, Serialize};

use crate::text_enum;

text_enum!(
    /// One fact check.
    Check, "checks", "a fact check", {
        Price => "price", Hours => "hours", Contact => "contact", PrivateData => "private_data",
        Promise => "promise", Language => "language",
    }
);

impl Check {
    pub fn label(self) -> &'static str {
        match self {
            Check::Price => "Prices",
            Check::Hours => "Opening hours and bookings",
            Check::Contact => "Phone numbers, emails and links",
            Check::PrivateData => "Private data (cards, bank accounts, ID numbers)",
            Check::Promise => "Promises and services",
            Check::Language => "Language of the reply",
        }
    }
}

/// The weekday names facts are written with, Monday first.
pub const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Everything the checks compare an output with. Every part is optional:
/// a check with nothing to compare says nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Facts {
    /// ISO 4217 code of the prices, e.g. "GBP".
    pub currency: String,
    pub prices: Vec<PriceItem>,
    /// Opening hours: one entry per open stretch of a weekday (two for a
    /// split day); a weekday without an entry is closed.
    pub hours: Vec<OpeningHours>,
    /// Days closed although the weekday is normally open.
    pub closures: Vec<Closure>,
    /// The longest booking a scheduling tool may make, in minutes.
    pub max_booking_minutes: Option<u32>,
    /// The business's own phone numbers, as written anywhere.
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    /// The business's own web domains, e.g. "cornerbakery.co.uk".
    pub domains: Vec<String>,
    /// Services offered, in plain words ("wedding cakes").
    pub offered: Vec<String>,
    /// Services not offered ("delivery", "gluten-free").
    pub not_offered: Vec<String>,
    /// Phrases never to use or promise ("refund", "guarantee", a competitor).
    pub forbidden: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriceItem {
    pub item: String,
    /// In the currency's main unit, e.g. 5.2 for £5.20.
    pub price: f64,
    /// "per loaf", "per hour" (optional).
    pub unit: String,
    /// Other names for the same item.
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpeningHours {
    /// monday … sunday
    pub day: String,
    /// "09:00"
    pub opens: String,
    /// "17:30"
    pub closes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Closure {
    /// "2026-12-25"
    pub date: String,
    pub note: String,
}

/// What one check found: the check, the span of the output (byte offsets,
/// start inclusive, end exclusive) and why, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    pub check: Check,
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// The facts as the settings page's form types them: one text field per
/// part, lists one entry per line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FactsInput {
    pub currency: String,
    /// One item per line: `item, price[, unit][, alias; alias]` (CSV).
    pub prices: String,
    /// Monday first: "09:00-17:30", "09:00-12:00, 13:00-17:00", or empty (closed).
    pub hours: Vec<String>,
    /// One per line: `2026-12-25 Christmas`.
    pub closures: String,
    pub max_booking_minutes: String,
    pub phones: String,
    pub emails: String,
    pub domains: String,
    pub offered: String,
    pub not_offered: String,
    pub forbidden: String,
}

/// A finding as it was kept for a stored output: its id (to mark it "not a
/// problem") and, once marked, by whom and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptFinding {
    pub id: i64,
    #[serde(flatten)]
    pub finding: Finding,
    pub dismissed: Option<Dismissal>,
}

/// A reviewer's "not a problem" on a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dismissal {
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub note: String,
}

/// One check's week on one touchpoint: outputs it flagged, how many of those
/// reviewers confirmed (failed, needs a fix, rejected or edited before
/// approval) and how many they marked "not a problem".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CheckCount {
    pub check: Check,
    pub flagged: i64,
    pub confirmed: i64,
    pub dismissed: i64,
}

/// A touchpoint's week of fact checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckWeek {
    /// e.g. 2026-W48
    pub week: String,
    pub outputs: i64,
    pub counts: Vec<CheckCount>,
}

/// A re-check of recent outputs against the facts as they are now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Recheck {
    pub id: i64,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub finished_at: Option<chrono::DateTime<chrono::Utc>>,
    pub total: i64,
    pub done: i64,
    /// Outputs that have a finding now that they did not have before.
    pub newly_flagged: i64,
    /// Findings that no longer apply and were removed.
    pub cleared: i64,
    pub error: Option<String>,
}
