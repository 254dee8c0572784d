//! The dashboard's one line per touchpoint.

use serde::{Deserialize, Serialize};

use crate::{quality::WeekRow, sampling::Inspection, touchpoint::Stage};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub id: i64,
    pub name: String,
    pub stage: Stage,
    pub inspection: Inspection,
    /// The current queue's week and its progress for this touchpoint.
    pub queue_week: Option<String>,
    pub reviewed: i64,
    pub sampled: i64,
    pub awaiting: i64,
    pub overdue: i64,
    pub open_alerts: i64,
    /// Items of any week still waiting for a verdict.
    pub queue_left: i64,
    /// The last 12 weeks, oldest first, with reviews, failures and Wilson bands.
    pub weeks: Vec<WeekRow>,
}

impl Line {
    /// Paused by the owner or by the checks (its tool may still be running).
    pub fn paused(&self) -> bool {
        self.stage == Stage::Paused || self.inspection == Inspection::Paused
    }
}
