//! A touchpoint's weeks in numbers: outputs, sampled, reviewed, failures
//! (of the random sample only), the failure rate with its Wilson 95%
//! interval, the quality watch's baseline and value (`stats::watch`), the
//! inspection state, model changes, and the flagged items reviewed beside
//! the sample. Read with indexed queries over small tables (review items,
//! verdicts, daily aggregates), never a scan of the outputs.

pub use model::quality::{Series, WeekRow};

use std::collections::BTreeMap;

use stats::{
    quality::{p_chart_limits, wilson, Z95},
    watch,
};

use crate::{calendar::Week, Db, Result};

/// Weeks with reviews that set the baseline (Phase I of the control chart).
pub const BASELINE_WEEKS: usize = 8;
/// Fewer baseline weeks than this and there are no limits yet.
pub const MIN_BASELINE_WEEKS: usize = 4;

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
    // The random sample's counts (the only ones the figures use) and the
    // flagged items reviewed beside it, as the triggers keep them.
    let counts: Vec<(String, i64, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT week, sampled, reviewed, failures, flagged, flagged_reviewed, flagged_failures FROM review_weeks WHERE touchpoint_id = ?",
    )
    .bind(tp)
    .fetch_all(db)
    .await?;
    for (w, sampled, reviewed, failures, flagged, flagged_reviewed, flagged_failures) in counts {
        let row = at(&mut weeks, &w);
        (row.sampled, row.reviewed, row.failures) = (sampled, reviewed, failures);
        (row.flagged, row.flagged_reviewed, row.flagged_failures) = (flagged, flagged_reviewed, flagged_failures);
    }
    let draws: Vec<(String, String)> =
        sqlx::query_as("SELECT week, inspection FROM sample_draws WHERE touchpoint_id = ?")
            .bind(tp)
            .fetch_all(db)
            .await?;
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
    let mut weeks: Vec<WeekRow> = weeks.into_values().collect();
    let mut series = Series::default();
    apply_statistics(&mut weeks, &mut series);
    series.weeks = weeks;
    Ok(series)
}

/// The weeks the rules judge, from (week, sampled, reviewed, failures) in
/// week order: a week counts once every random pick has its verdict, or
/// once two later weeks have picks (what was reviewed by then is all there
/// will be). A week still being reviewed is judged by nothing, so an early
/// run of failures cannot tighten, pause or alert before the week is done.
pub(crate) fn judged(rows: &[(String, i64, i64, i64)]) -> Vec<(String, u64, u64)> {
    rows.iter()
        .enumerate()
        .map(|(i, (week, sampled, reviewed, failures))| {
            let complete = *sampled > 0 && reviewed >= sampled;
            let stale = rows[i + 1..].iter().filter(|r| r.1 > 0).count() >= 2;
            let counts = if complete || stale { (*reviewed as u64, *failures as u64) } else { (0, 0) };
            (week.clone(), counts.0, counts.1)
        })
        .collect()
}

async fn judged_weeks(
    conn: &mut sqlx::SqliteConnection,
    tp: i64,
    before: Option<Week>,
) -> Result<Vec<(String, u64, u64)>> {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT week, sampled, reviewed, failures FROM review_weeks WHERE touchpoint_id = ?1 AND (?2 IS NULL OR week < ?2) ORDER BY week",
    )
    .bind(tp)
    .bind(before.map(|w| w.to_string()))
    .fetch_all(conn)
    .await?;
    Ok(judged(&rows))
}

/// The judged weeks of `tp` before `before` (all when `None`), with reviews.
pub(crate) async fn judged_reviewed_weeks(
    conn: &mut sqlx::SqliteConnection,
    tp: i64,
    before: Option<Week>,
) -> Result<Vec<(String, u64, u64)>> {
    Ok(judged_weeks(conn, tp, before).await?.into_iter().filter(|w| w.1 > 0).collect())
}

/// True when the quality watch found the last reviewed week before `week`
/// suspicious (its chart above 0 without a signal): `week` is drawn doubled.
pub(crate) async fn suspicious_before(conn: &mut sqlx::SqliteConnection, tp: i64, week: Week) -> Result<bool> {
    let counts: Vec<(u64, u64)> =
        judged_weeks(conn, tp, Some(week)).await?.into_iter().map(|(_, n, x)| (n, x)).collect();
    Ok(watch::run(&counts).last().is_some_and(|s| s.suspicious()))
}

/// Failure rates with their Wilson ranges, and the quality watch (see
/// `stats::watch`): its baseline, its value and signals per week, and the
/// p-chart limit around the baseline for the chart's reference line.
fn apply_statistics(weeks: &mut [WeekRow], series: &mut Series) {
    for w in weeks.iter_mut().filter(|w| w.reviewed > 0) {
        w.failure_rate = Some(w.failures as f64 / w.reviewed as f64);
        if let Some((lo, hi)) = wilson(w.failures as u64, w.reviewed as u64, Z95) {
            (w.wilson_low, w.wilson_high) = (Some(lo), Some(hi));
        }
    }
    for i in weeks
        .iter()
        .enumerate()
        .filter(|(_, w)| w.reviewed > 0)
        .map(|(i, _)| i)
        .take(watch::BASELINE_WEEKS)
        .collect::<Vec<_>>()
    {
        weeks[i].baseline = true;
    }
    let rows: Vec<(String, i64, i64, i64)> =
        weeks.iter().map(|w| (w.week.clone(), w.sampled, w.reviewed, w.failures)).collect();
    let counts: Vec<(u64, u64)> = judged(&rows).into_iter().map(|(_, n, x)| (n, x)).collect();
    let steps = watch::run(&counts);
    let Some(last) = steps.last() else { return };
    series.baseline_rate = Some(last.p0);
    series.cusum_h = Some(watch::THRESHOLD);
    series.cusum_p1 = Some(watch::SHIFT_RATIO * last.p0);
    let first = steps[0].week;
    let mut value = 0.0;
    for (i, w) in weeks.iter_mut().enumerate().skip(first) {
        if let Some(step) = steps.iter().find(|s| s.week == i) {
            value = step.value;
            w.cusum_signal = step.signal;
            w.ucl = p_chart_limits(step.p0, w.reviewed as u64).map(|(_, hi)| hi);
        }
        w.cusum = Some(value);
    }
}

#[cfg(test)]
mod tests {
    use super::judged;

    #[test]
    fn a_week_is_judged_once_reviewed_or_two_weeks_later() {
        let row = |w: &str, s, r, f| (w.to_string(), s, r, f);
        let rows = [row("W1", 45, 45, 2), row("W2", 45, 10, 3), row("W3", 45, 44, 1), row("W4", 45, 0, 0)];
        let j = judged(&rows);
        assert_eq!(j[0], ("W1".into(), 45, 2), "complete");
        assert_eq!(j[1], ("W2".into(), 10, 3), "two later weeks have picks: judged as it stands");
        assert_eq!(j[2], ("W3".into(), 0, 0), "still being reviewed");
        assert_eq!(j[3], ("W4".into(), 0, 0));
    }
}
