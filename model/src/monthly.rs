//! The monthly review's decisions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{text_enum, touchpoint::Stage};

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
