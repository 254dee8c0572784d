//! A touchpoint's enumerations, the settings form as a person types it, and
//! the lines its pages list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text_enum;

text_enum!(
    /// What kind of AI output this is.
    Kind, "kind", "a kind", {
        Email => "email", Chatbot => "chatbot", Scheduling => "scheduling", Social => "social",
        Marketing => "marketing", Finance => "finance", Other => "other",
    }
);
text_enum!(Audience, "audience", "an audience", { Customers => "customers", Staff => "staff" });
text_enum!(Stakes, "stakes", "a stakes level", { High => "high", Low => "low" });
text_enum!(
    /// gate: every output held until approved; sample: weekly spot check; both.
    Policy, "policy", "a review policy", { Gate => "gate", Sample => "sample", Both => "both" }
);
text_enum!(
    /// "Start narrow, expand slowly".
    Stage, "stage", "a stage", { Pilot => "pilot", Expanding => "expanding", Trusted => "trusted", Paused => "paused" }
);
text_enum!(
    SamplingMode, "sampling_mode", "a sampling plan", { Statistical => "statistical", Fixed => "fixed", Percent => "percent" }
);

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Email => "Email replies",
            Kind::Chatbot => "Chatbot or assistant",
            Kind::Scheduling => "Booking and scheduling",
            Kind::Social => "Social media",
            Kind::Marketing => "Marketing copy",
            Kind::Finance => "Finance",
            Kind::Other => "Other",
        }
    }
}

impl Audience {
    pub fn label(self) -> &'static str {
        match self {
            Audience::Customers => "Customers see it",
            Audience::Staff => "Only staff see it",
        }
    }
}

impl Stakes {
    pub fn label(self) -> &'static str {
        match self {
            Stakes::High => "High — customer-facing or financial",
            Stakes::Low => "Low — mistakes are cheap to fix",
        }
    }
}

impl Policy {
    pub fn gates(self) -> bool {
        matches!(self, Policy::Gate | Policy::Both)
    }

    pub fn samples(self) -> bool {
        matches!(self, Policy::Sample | Policy::Both)
    }

    pub fn label(self) -> &'static str {
        match self {
            Policy::Gate => "Hold each output until a person approves it",
            Policy::Sample => "Spot-check a sample every week",
            Policy::Both => "Hold each output, and spot-check weekly too",
        }
    }
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Pilot => "Pilot — trying it on one narrow job",
            Stage::Expanding => "Expanding — widening its use carefully",
            Stage::Trusted => "Trusted — it has earned it",
            Stage::Paused => "Paused — not relying on it for now",
        }
    }

    /// The short name, e.g. "Pilot".
    pub fn name(self) -> &'static str {
        match self {
            Stage::Pilot => "Pilot",
            Stage::Expanding => "Expanding",
            Stage::Trusted => "Trusted",
            Stage::Paused => "Paused",
        }
    }
}

/// A touchpoint's settings as typed by a person (text fields); the server
/// validates them into its own settings, naming the field to fix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TouchpointInput {
    pub name: String,
    pub kind: String,
    pub vendor: String,
    pub description: String,
    /// Empty: customers for customer-facing kinds, staff otherwise.
    pub audience: String,
    /// Empty: high when it reaches customers or is financial.
    pub stakes: String,
    /// Empty: gate for high stakes, sample for low.
    pub policy: String,
    pub sampling_mode: String,
    /// Percent, e.g. "5".
    pub failure_rate_percent: String,
    /// Percent, e.g. "90".
    pub confidence_percent: String,
    pub fixed_per_week: String,
    pub percent_per_week: String,
    /// One rule per line; `/…/` for a pattern.
    pub risk_rules: String,
    /// Ticked ready-made rules (keys of the built-in rule list).
    pub risk_builtins: Vec<String>,
    pub guidelines: String,
    /// One checklist item per line, in order.
    pub checklist: String,
}

/// A touchpoint in a list: what it is and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub id: i64,
    pub name: String,
    pub kind: Kind,
    pub vendor: String,
    pub audience: Audience,
    pub stakes: Stakes,
    pub policy: Policy,
    pub stage: Stage,
    pub retired: bool,
}

/// One move between stages, for the stage history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct StageChange {
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub note: String,
}

/// A ready-made touchpoint on the onboarding checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemplateLine {
    pub key: String,
    pub name: String,
    pub explain: String,
    pub stakes: Stakes,
    pub policy: Policy,
}
/// Ready-made patterns a non-technical owner can tick.
pub const BUILTINS: &[(&str, &str, &str)] = &[
    ("prices", "Prices and amounts of money", r"[$€£¥]\s?\d|\d\s?(?:€|£|\$|usd|eur|gbp|dollars?|euros?|pounds?)\b"),
    (
        "dates",
        "Dates and times",
        r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\b\d{1,2}(?::\d{2})?\s?(?:am|pm)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b",
    ),
    (
        "promises",
        "Promises, guarantees and refunds",
        r"\b(?:guarantee[ds]?|promise[ds]?|refund(?:s|ed)?|free of charge|100%)\b",
    ),
    ("contact", "Phone numbers and email addresses", r"\+?\d[\d\s().-]{7,}\d|[\w.+-]+@[\w-]+\.[\w.]+"),
];
