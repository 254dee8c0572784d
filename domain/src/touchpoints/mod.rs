//! Touchpoints: the places where AI output reaches customers or runs part of
//! the business, with how each is reviewed.

mod input;
pub mod risk;
mod store;
pub mod templates;

pub use input::{defaults_for, Settings, TouchpointInput, Validate};
pub use store::*;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use model::touchpoint::{Audience, Kind, Policy, SamplingMode, Stage, StageChange, Stakes, Summary};

/// How big the weekly spot check is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sampling {
    pub mode: SamplingMode,
    pub failure_rate: f64,
    pub confidence: f64,
    pub fixed_per_week: u32,
    pub percent_per_week: f64,
}

impl Default for Sampling {
    /// A new sampled touchpoint starts on the statistical plan: catch a 5%
    /// failure rate with 90% confidence (45 checks a week).
    fn default() -> Self {
        Sampling {
            mode: SamplingMode::Statistical,
            failure_rate: 0.05,
            confidence: 0.90,
            fixed_per_week: 20,
            percent_per_week: 10.0,
        }
    }
}

impl Sampling {
    pub fn plan(&self) -> stats::sampling::Plan {
        use stats::sampling::Plan;
        match self.mode {
            SamplingMode::Statistical => Plan::Statistical { p: self.failure_rate, c: self.confidence },
            SamplingMode::Fixed => Plan::Fixed(self.fixed_per_week),
            SamplingMode::Percent => Plan::Percent(self.percent_per_week),
        }
    }

    /// The plan at `stage`: a pilot on the statistical plan is checked at
    /// 95% confidence at least (59 checks for a 5% failure rate), since
    /// "start narrow" means looking hardest while a tool is new.
    pub fn plan_at(&self, stage: Stage) -> stats::sampling::Plan {
        match (self.plan(), stage) {
            (stats::sampling::Plan::Statistical { p, c }, Stage::Pilot) => {
                stats::sampling::Plan::Statistical { p, c: c.max(PILOT_CONFIDENCE) }
            }
            (plan, _) => plan,
        }
    }
}

/// The least confidence a pilot touchpoint's statistical plan is drawn at.
pub const PILOT_CONFIDENCE: f64 = 0.95;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Touchpoint {
    pub id: i64,
    pub settings: Settings,
    pub stage: Stage,
    /// The fact checks it runs: its owner's choice, else the defaults for its kind.
    pub checks: Vec<model::facts::Check>,
    /// False while `checks` are the defaults for its kind.
    pub checks_chosen: bool,
    pub retired_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Touchpoint {
    /// A retired touchpoint takes no more outputs. The ingest path checks
    /// this for every output; an upload checks it early too, to say so at once.
    pub fn takes_outputs(&self) -> crate::Result<()> {
        match self.retired_at {
            Some(_) => {
                Err(crate::DomainError::Conflict("This touchpoint is retired and takes no more outputs.".into()))
            }
            None => Ok(()),
        }
    }

    /// The touchpoint as lists show it.
    pub fn summary(&self) -> Summary {
        let s = &self.settings;
        Summary {
            id: self.id,
            name: s.name.clone(),
            kind: s.kind,
            vendor: s.vendor.clone(),
            audience: s.audience,
            stakes: s.stakes,
            policy: s.policy,
            stage: self.stage,
            retired: self.retired_at.is_some(),
        }
    }
}

/// A new touchpoint and its ingest token (shown this once).
#[derive(Debug, Clone)]
pub struct Created {
    pub touchpoint: Touchpoint,
    pub token: String,
}
