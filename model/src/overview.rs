//! The dashboard's one line per touchpoint.

use serde::{Deserialize, Serialize};

use crate::{sampling::Inspection, touchpoint::Stage};

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
    /// The last 12 weeks, oldest first.
    pub weeks: Vec<WeekTally>,
}

/// One week of a dashboard line as the random sample counted it: what its
/// sparkline draws. The pass rate and its band are worked out where it is
/// drawn, so fifty touchpoints' twelve weeks weigh about 35 KB in the page
/// instead of 216 KB of whole week rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekTally {
    /// e.g. 2026-W48
    pub week: String,
    pub sampled: i64,
    pub reviewed: i64,
    /// Reviewed outputs that failed or needed a fix.
    pub failures: i64,
}

impl Line {
    /// Paused by the owner or by the checks (its tool may still be running).
    pub fn paused(&self) -> bool {
        self.stage == Stage::Paused || self.inspection == Inspection::Paused
    }
}
