//! The monthly review's decisions.

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
