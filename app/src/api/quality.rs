//! A touchpoint's quality over time, shaped for its page: the weekly chart's
//! numbers, the top findings, the latest failures, before/after a model change.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekPoint {
    pub week: String,
    pub outputs: i64,
    pub sampled: i64,
    pub reviewed: i64,
    pub failures: i64,
    pub rate: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub ucl: Option<f64>,
    pub cusum: Option<f64>,
    pub cusum_signal: bool,
    pub inspection: Option<String>,
    pub model_change: Option<String>,
    pub baseline: bool,
    /// Reviewed outside the random sample (rules, double bookings).
    pub flagged: i64,
    pub flagged_failures: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailureRow {
    pub item_id: i64,
    pub week: String,
    pub verdict: String,
    pub note: String,
    pub excerpt: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub change: String,
    pub date: String,
    pub before: (i64, i64),
    pub after: (i64, i64),
    /// Reviews still needed after the change before the comparison means much.
    pub more_needed: i64,
    /// Wilson 95% intervals of the failure rate before and after.
    pub before_band: Option<(f64, f64)>,
    pub after_band: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QualityView {
    pub weeks: Vec<WeekPoint>,
    pub baseline_rate: Option<f64>,
    pub cusum_h: Option<f64>,
    pub cusum_now: Option<f64>,
    pub categories: Vec<(String, i64)>,
    pub failures: Vec<FailureRow>,
    pub comparison: Option<Comparison>,
}

#[cfg(feature = "ssr")]
impl From<domain::drift::weeks::WeekRow> for WeekPoint {
    fn from(w: domain::drift::weeks::WeekRow) -> Self {
        WeekPoint {
            week: w.week,
            outputs: w.outputs,
            sampled: w.sampled,
            reviewed: w.reviewed,
            failures: w.failures,
            rate: w.failure_rate,
            low: w.wilson_low,
            high: w.wilson_high,
            ucl: w.ucl,
            cusum: w.cusum,
            cusum_signal: w.cusum_signal,
            inspection: w.inspection,
            model_change: w.model_change,
            baseline: w.baseline,
            flagged: w.flagged,
            flagged_failures: w.flagged_failures,
        }
    }
}

#[cfg(feature = "ssr")]
pub(crate) async fn quality_view(db: &domain::Db, tp: i64) -> Result<QualityView, crate::error::AppError> {
    use domain::drift::{findings, weeks};
    use stats::quality::{wilson, Z95};
    let series = weeks::series(db, tp).await?;
    let cusum_now = series.weeks.last().and_then(|w| w.cusum);
    let band = |(n, x): (i64, i64)| wilson(x as u64, n as u64, Z95);
    let comparison = findings::before_after(db, tp).await?.map(|c| Comparison {
        change: c.change,
        date: c.at.format("%-d %B %Y").to_string(),
        more_needed: (findings::ENOUGH_AFTER - c.after.0).max(0),
        before_band: band(c.before),
        after_band: band(c.after),
        before: c.before,
        after: c.after,
    });
    Ok(QualityView {
        baseline_rate: series.baseline_rate,
        cusum_h: series.cusum_h,
        cusum_now,
        weeks: series.weeks.into_iter().map(WeekPoint::from).collect(),
        categories: findings::top_categories(db, tp, 5).await?,
        failures: findings::latest_failures(db, tp, 5)
            .await?
            .into_iter()
            .map(|f| FailureRow { item_id: f.item_id, week: f.week, verdict: f.verdict, note: f.note, excerpt: f.excerpt })
            .collect(),
        comparison,
    })
}
