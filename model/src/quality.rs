//! A touchpoint's quality over time: the weekly figures (random sample
//! only), recent failures and the comparison around a model change.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekRow {
    /// e.g. 2026-W48
    pub week: String,
    pub outputs: i64,
    pub sampled: i64,
    pub reviewed: i64,
    /// Reviewed outputs that failed or needed a fix.
    pub failures: i64,
    pub failure_rate: Option<f64>,
    pub wilson_low: Option<f64>,
    pub wilson_high: Option<f64>,
    /// p-chart upper control limit for this week's number of reviews.
    pub ucl: Option<f64>,
    /// The CUSUM at the end of the week (in failures); absent during the baseline.
    pub cusum: Option<f64>,
    /// The CUSUM crossed its threshold this week (it restarts from 0 after).
    pub cusum_signal: bool,
    /// normal, tightened, reduced or paused when the week was drawn.
    pub inspection: Option<String>,
    /// "gpt-4o → gpt-5" when a model change happened this week.
    pub model_change: Option<String>,
    /// True for the weeks that set the baseline.
    pub baseline: bool,
    /// Reviewed outside the random sample (flagged by rules or double
    /// bookings): counted here, never in the figures above.
    pub flagged: i64,
    pub flagged_reviewed: i64,
    pub flagged_failures: i64,
}

/// A reviewed output that failed or needed a fix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "sqlx", derive(sqlx::FromRow))]
pub struct Failure {
    pub item_id: i64,
    pub week: String,
    pub verdict: crate::review::Verdict,
    pub note: String,
    pub excerpt: String,
    pub reviewed_at: DateTime<Utc>,
}

/// Reviewed and failed outputs produced before and after the latest model
/// change, with Wilson 95% ranges of the failure rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BeforeAfter {
    pub change: String,
    pub at: DateTime<Utc>,
    /// (reviewed, failed)
    pub before: (i64, i64),
    pub after: (i64, i64),
    pub before_band: Option<(f64, f64)>,
    pub after_band: Option<(f64, f64)>,
    /// Reviews still needed after the change before the comparison means much.
    pub more_needed: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub weeks: Vec<WeekRow>,
    /// p̄ of the baseline weeks.
    pub baseline_rate: Option<f64>,
    /// The CUSUM's signal threshold h (in failures) and what it watches for.
    pub cusum_h: Option<f64>,
    pub cusum_p1: Option<f64>,
}

impl Series {
    /// The CUSUM at the end of the latest week.
    pub fn cusum_now(&self) -> Option<f64> {
        self.weeks.last().and_then(|w| w.cusum)
    }
}
