//! The monthly review's decisions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    alert::Alert,
    quality::{Failure, WeekRow},
    sampling::Inspection,
    text_enum,
    touchpoint::Stage,
};

text_enum!(
    /// What the owner decides for a touchpoint this month.
    Decision, "decision", "a decision", { Keep => "keep", Expand => "expand", Narrow => "narrow", Pause => "pause" }
);

impl Decision {
    /// The choice as the monthly review offers it.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Keep => "Keep as it is",
            Decision::Expand => "Expand: move to the next stage",
            Decision::Narrow => "Narrow: move back a stage",
            Decision::Pause => "Pause: stop relying on it",
        }
    }

    /// The decision inside a sentence ("We suggest: keep as it is.").
    pub fn in_words(self) -> &'static str {
        match self {
            Decision::Keep => "keep as it is",
            Decision::Expand => "expand",
            Decision::Narrow => "narrow",
            Decision::Pause => "pause",
        }
    }

    /// The stage a touchpoint moves to.
    pub fn stage_after(self, now: Stage) -> Stage {
        match (self, now) {
            (Decision::Keep, s) => s,
            (Decision::Pause, _) => Stage::Paused,
            (Decision::Expand, Stage::Paused) => Stage::Pilot,
            (Decision::Expand, Stage::Pilot) => Stage::Expanding,
            (Decision::Expand, _) => Stage::Trusted,
            (Decision::Narrow, Stage::Trusted) => Stage::Expanding,
            (Decision::Narrow, Stage::Paused) => Stage::Paused,
            (Decision::Narrow, _) => Stage::Pilot,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    pub decision: Decision,
    pub why: String,
}

/// One touchpoint's line in the monthly reminder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthLine {
    pub name: String,
    /// "92% (likely 85–96%) of 60 reviewed" or "no reviews"
    pub this_month: String,
    pub last_month: String,
    /// "flagged by rules: 12, 3 failed": reviews outside the random sample.
    pub flagged: Option<String>,
    /// The fact checks' month, one line per check that flagged anything:
    /// "Prices: 12 flagged, 9 confirmed, 2 not a problem".
    #[serde(default)]
    pub findings: Vec<String>,
    pub model_changes: Vec<String>,
    pub open_alerts: i64,
    pub overdue: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Monthly {
    /// The month reviewed, 2026-11.
    pub month: String,
    pub month_label: String,
    pub touchpoints: Vec<MonthLine>,
    /// An earlier month whose review was not finished.
    pub unfinished: Option<String>,
    /// Absolute once rendered; stored as a path.
    pub link: String,
    /// When the calendar event starts.
    pub event_at: DateTime<Utc>,
}

/// One touchpoint's month in the guided review and the printed report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthTouchpoint {
    pub id: i64,
    pub name: String,
    pub stage: Stage,
    pub inspection: Inspection,
    /// "93% passed (likely 84–97%) of 45 reviewed"
    pub numbers: String,
    pub weeks: Vec<WeekRow>,
    pub alerts: Vec<Alert>,
    pub failures: Vec<Failure>,
    /// (decision, note, who)
    pub decision: Option<(Decision, String, String)>,
    /// What the evidence suggests, and why.
    pub advice: Advice,
    /// "flagged by rules: 12, 3 failed", reviewed outside the random sample.
    pub flagged: Option<String>,
    /// The fact checks' month: "Prices: 12 flagged, 9 confirmed, 2 not a problem".
    pub findings: Vec<String>,
    /// The month's failure notes and corrections, grouped by category.
    #[serde(default)]
    pub lessons: Vec<crate::lessons::Lesson>,
}

/// The guided monthly review: every live touchpoint's month, and the sign-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthReview {
    pub month: String,
    pub label: String,
    /// Who signed it off, and when.
    pub completed: Option<(String, DateTime<Utc>)>,
    pub touchpoints: Vec<MonthTouchpoint>,
}
