//! A touchpoint's weeks in numbers: outputs, sampled, reviewed, failures,
//! the failure rate with its Wilson 95% interval, the p-chart upper limit
//! from the baseline weeks, the Bernoulli CUSUM, the inspection state and
//! model changes. Read with indexed queries over small tables (review items,
//! verdicts, daily aggregates), never a scan of the outputs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use stats::quality::{p_chart_limits, wilson, Cusum, Z95};

use crate::{sampling::Week, Db, Result};

/// Weeks with reviews that set the baseline (Phase I of the control chart).
pub const BASELINE_WEEKS: usize = 8;
/// Fewer baseline weeks than this and there are no limits yet.
pub const MIN_BASELINE_WEEKS: usize = 4;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
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
    pub fn above_limit(&self) -> impl Iterator<Item = &WeekRow> {
        self.weeks.iter().filter(|w| matches!((w.failure_rate, w.ucl), (Some(r), Some(u)) if !w.baseline && r > u))
    }
}

/// Every week of touchpoint `tp` with outputs or reviews, oldest first.
pub async fn series(db: &Db, tp: i64) -> Result<Series> {
    let mut weeks: BTreeMap<String, WeekRow> = BTreeMap::new();
    fn at<'a>(weeks: &'a mut BTreeMap<String, WeekRow>, w: &str) -> &'a mut WeekRow {
        weeks.entry(w.to_string()).or_insert_with(|| WeekRow { week: w.to_string(), ..Default::default() })
    }
    let cal = crate::business::calendar(db).await?;
    for (day, d) in super::days::days(db, tp, chrono::NaiveDate::MIN).await? {
        at(&mut weeks, &Week::holding(day, cal.week_starts).to_string()).outputs += d.outputs;
    }
    let sampled: Vec<(String, i64)> = sqlx::query_as("SELECT week, COUNT(*) FROM review_items WHERE touchpoint_id = ? GROUP BY week")
        .bind(tp)
        .fetch_all(db)
        .await?;
    for (w, n) in sampled {
        at(&mut weeks, &w).sampled = n;
    }
    let draws: Vec<(String, String)> = sqlx::query_as("SELECT week, inspection FROM sample_draws WHERE touchpoint_id = ?").bind(tp).fetch_all(db).await?;
    for (w, state) in draws {
        at(&mut weeks, &w).inspection = Some(state);
    }
    let changes: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT week, from_model, to_model FROM inspection_events WHERE touchpoint_id = ? AND kind = 'model_changed' ORDER BY id")
            .bind(tp)
            .fetch_all(db)
            .await?;
    for (w, from, to) in changes {
        at(&mut weeks, &w).model_change = Some(match (from, to) {
            (Some(f), Some(t)) => format!("{f} → {t}"),
            _ => "vendor update announced".into(),
        });
    }
    // Reviews in the order the outputs were produced, for the CUSUM.
    let reviews: Vec<(String, bool)> = sqlx::query_as(
        "SELECT r.week, v.verdict != 'pass' FROM review_items r
         JOIN verdicts v ON v.output_id = r.output_id JOIN outputs o ON o.id = r.output_id
         WHERE r.touchpoint_id = ? ORDER BY r.week, o.produced_at, o.id",
    )
    .bind(tp)
    .fetch_all(db)
    .await?;
    for (w, failed) in &reviews {
        let row = at(&mut weeks, w);
        row.reviewed += 1;
        row.failures += *failed as i64;
    }
    let mut weeks: Vec<WeekRow> = weeks.into_values().collect();
    let mut series = Series::default();
    apply_statistics(&mut weeks, &reviews, &mut series);
    series.weeks = weeks;
    Ok(series)
}

fn apply_statistics(weeks: &mut [WeekRow], reviews: &[(String, bool)], series: &mut Series) {
    for w in weeks.iter_mut().filter(|w| w.reviewed > 0) {
        w.failure_rate = Some(w.failures as f64 / w.reviewed as f64);
        if let Some((lo, hi)) = wilson(w.failures as u64, w.reviewed as u64, Z95) {
            (w.wilson_low, w.wilson_high) = (Some(lo), Some(hi));
        }
    }
    let reviewed_weeks: Vec<usize> = weeks.iter().enumerate().filter(|(_, w)| w.reviewed > 0).map(|(i, _)| i).take(BASELINE_WEEKS).collect();
    if reviewed_weeks.len() < MIN_BASELINE_WEEKS {
        return;
    }
    let (n, x) = reviewed_weeks.iter().fold((0i64, 0i64), |(n, x), i| (n + weeks[*i].reviewed, x + weeks[*i].failures));
    let p_bar = x as f64 / n as f64;
    series.baseline_rate = Some(p_bar);
    let last_baseline = *reviewed_weeks.last().expect("at least the minimum");
    for (i, w) in weeks.iter_mut().enumerate() {
        w.baseline = reviewed_weeks.contains(&i);
        w.ucl = p_chart_limits(p_bar, w.reviewed as u64).map(|(_, hi)| hi);
    }
    // The CUSUM watches for a doubling of the baseline rate after the
    // baseline, with about one false alarm a year at this review volume.
    // With no failures in the baseline, half a failure stands in for p̄.
    let p0 = if x == 0 { 0.5 / n as f64 } else { p_bar }.clamp(0.001, 0.45);
    let per_year = 52.0 * n as f64 / reviewed_weeks.len() as f64;
    let Some(chart) = Cusum::design(p0, per_year.max(100.0)) else { return };
    series.cusum_h = Some(chart.h());
    series.cusum_p1 = Some(2.0 * p0);
    let after = weeks[last_baseline].week.clone();
    let mut c = 0u32;
    let mut by_week: BTreeMap<&str, (u32, bool)> = BTreeMap::new();
    for (w, failed) in reviews.iter().filter(|(w, _)| *w > after) {
        c = chart.step(c, *failed);
        let entry = by_week.entry(w.as_str()).or_default();
        if c >= chart.threshold {
            entry.1 = true;
            entry.0 = c;
            c = 0;
        } else if !entry.1 {
            entry.0 = c;
        }
    }
    let mut running = 0.0;
    for w in weeks.iter_mut().filter(|w| w.week > after) {
        if let Some((value, signal)) = by_week.get(w.week.as_str()) {
            running = *value as f64 / chart.m as f64;
            w.cusum_signal = *signal;
        }
        w.cusum = Some(running);
    }
}
