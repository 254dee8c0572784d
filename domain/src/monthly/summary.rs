//! The numbers in the monthly reminder: per touchpoint the month's pass rate
//! against the month before (with its likely range), model changes, open
//! alerts and overdue approvals.

use chrono::{DateTime, Utc};
use stats::quality::{wilson, Z95};

use super::{bounds, Month};
use crate::{touchpoints, Db, Result};

pub use model::monthly::{MonthLine, Monthly};

/// (reviewed, failed) of the random sample's outputs a touchpoint produced
/// between `from` and `to` (`random` true), or of those reviewed outside it
/// because a rule or a double booking flagged them (`random` false).
pub async fn month_reviews_of(
    db: &Db,
    tp: i64,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    random: bool,
) -> Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(v.verdict != 'pass'), 0) FROM review_items r
         JOIN verdicts v ON v.output_id = r.output_id JOIN outputs o ON o.id = r.output_id
         WHERE r.touchpoint_id = ? AND r.random = ? AND o.produced_at >= ? AND o.produced_at < ?",
    )
    .bind(tp)
    .bind(random)
    .bind(from)
    .bind(to)
    .fetch_one(db)
    .await?)
}

/// The random sample's (reviewed, failed) for the month: what its pass rate is built from.
pub async fn month_reviews(db: &Db, tp: i64, bounds: (DateTime<Utc>, DateTime<Utc>)) -> Result<(i64, i64)> {
    month_reviews_of(db, tp, bounds, true).await
}

/// "flagged by rules: 12, 3 failed", or nothing when none were.
pub fn flagged_line((n, failures): (i64, i64)) -> Option<String> {
    (n > 0).then(|| format!("flagged by rules: {n}, {failures} failed"))
}

/// "93% passed (likely 84–97%) of 45 reviewed", or "no reviews".
pub fn pass_line((n, failures): (i64, i64)) -> String {
    match wilson(failures as u64, n as u64, Z95) {
        None => "no reviews".into(),
        Some((lo, hi)) => {
            let pct = |x: f64| format!("{:.0}%", 100.0 * x);
            format!(
                "{} passed (likely {}–{}) of {n} reviewed",
                pct(1.0 - failures as f64 / n as f64),
                pct(1.0 - hi),
                pct(1.0 - lo)
            )
        }
    }
}

/// "Prices: 12 flagged, 9 confirmed, 2 not a problem".
pub fn findings_line(c: &model::facts::CheckCount) -> String {
    format!("{}: {} flagged, {} confirmed, {} not a problem", c.check.label(), c.flagged, c.confirmed, c.dismissed)
}

pub async fn summary(db: &Db, month: Month, event_at: DateTime<Utc>) -> Result<Monthly> {
    let tz = crate::business::calendar(db).await?.tz;
    let (this, last) = (bounds(month, tz), bounds(month.previous(), tz));
    let open_alerts = crate::alerts::open_by_touchpoint(db).await?;
    let overdue = crate::alerts::overdue_by_touchpoint(db).await?;
    let findings = crate::facts::figures::month(db, this.0, this.1).await?;
    let mut lines = Vec::new();
    for tp in touchpoints::list(db, false).await? {
        let changes: Vec<(Option<String>, Option<String>, DateTime<Utc>)> = sqlx::query_as(
            "SELECT from_model, to_model, happened_at FROM inspection_events
             WHERE touchpoint_id = ? AND kind = 'model_changed' AND happened_at >= ? AND happened_at < ? ORDER BY happened_at",
        )
        .bind(tp.id)
        .bind(this.0)
        .bind(this.1)
        .fetch_all(db)
        .await?;
        lines.push(MonthLine {
            name: tp.settings.name.clone(),
            this_month: pass_line(month_reviews(db, tp.id, this).await?),
            last_month: pass_line(month_reviews(db, tp.id, last).await?),
            flagged: flagged_line(month_reviews_of(db, tp.id, this, false).await?),
            findings: findings.iter().filter(|(t, _)| *t == tp.id).map(|(_, c)| findings_line(c)).collect(),
            model_changes: changes
                .into_iter()
                .map(|(from, to, at)| match (from, to) {
                    (Some(f), Some(t)) => format!("{f} → {t} on {}", at.with_timezone(&tz).format("%-d %B")),
                    _ => format!("vendor update announced on {}", at.with_timezone(&tz).format("%-d %B")),
                })
                .collect(),
            open_alerts: open_alerts.get(&tp.id).copied().unwrap_or(0),
            overdue: overdue.get(&tp.id).copied().unwrap_or(0),
        });
    }
    let previous = month.previous().to_string();
    let unfinished: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM job_runs WHERE job = 'monthly' AND slot = ?1)
            AND NOT EXISTS (SELECT 1 FROM monthly_reviews WHERE month = ?1)",
    )
    .bind(&previous)
    .fetch_one(db)
    .await?;
    Ok(Monthly {
        month: month.to_string(),
        month_label: month.label(),
        touchpoints: lines,
        unfinished: unfinished.then(|| month.previous().label()),
        link: format!("/monthly/{month}"),
        event_at,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn pass_lines_read_naturally() {
        assert_eq!(super::pass_line((0, 0)), "no reviews");
        assert_eq!(super::pass_line((40, 2)), "95% passed (likely 83%–99%) of 40 reviewed");
    }
}
