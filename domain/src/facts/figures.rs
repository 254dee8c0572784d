//! What the fact checks found, in numbers: per touchpoint and week, the
//! outputs each check flagged, how many reviewers confirmed and how many
//! they marked "not a problem"; and the signal when one check's share of
//! outputs jumps (an alert, one per incident).
//!
//! Confirmed: every finding of the check on that output still stands and a
//! person found the output wanting (failed or needs a fix in review,
//! rejected, or edited before approval). Not a problem: every finding of
//! the check on it was marked so.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use model::facts::{Check, CheckCount, CheckWeek};
use serde_json::json;
use stats::shift;

use crate::{alerts, business, calendar::Week, drift::weeks, Db, Result};

/// Flagged, confirmed and not-a-problem counts over `per` (one row per
/// output and check, with `all_dismissed`): the one definition of each.
const COUNTS: &str = "COUNT(*),
    SUM(NOT per.all_dismissed AND (v.verdict IN ('fail', 'needs_fix') OR o.status = 'rejected'
        OR EXISTS (SELECT 1 FROM approvals a WHERE a.output_id = per.output_id AND a.edited_text IS NOT NULL))),
    SUM(per.all_dismissed)
    FROM per JOIN outputs o ON o.id = per.output_id LEFT JOIN verdicts v ON v.output_id = per.output_id";

/// The last `count` weeks of touchpoint `tp` (the current week last), with
/// the checks that flagged anything in each.
pub async fn weekly(db: &Db, tp: i64, count: usize, now: DateTime<Utc>) -> Result<Vec<CheckWeek>> {
    let cal = business::calendar(db).await?;
    let this = Week::containing(now, cal);
    let mut all: Vec<Week> = vec![this];
    while all.len() < count {
        let before = all[all.len() - 1].previous();
        all.push(before);
    }
    all.reverse();
    let first = all[0];
    let mut rows: BTreeMap<String, CheckWeek> =
        all.iter().map(|w| (w.to_string(), CheckWeek { week: w.to_string(), outputs: 0, counts: vec![] })).collect();
    for (day, d) in crate::drift::days::days(db, tp, first.first_day(cal.week_starts)).await? {
        if let Some(row) = rows.get_mut(&Week::holding(day, cal.week_starts).to_string()) {
            row.outputs += d.outputs;
        }
    }
    let counts: Vec<(String, Check, i64, i64, i64)> = sqlx::query_as(&format!(
        "WITH per AS (
                 SELECT output_id, week, check_name, MIN(dismissed_at IS NOT NULL) AS all_dismissed
                 FROM findings WHERE touchpoint_id = ?1 AND week >= ?2 GROUP BY output_id, check_name)
             SELECT per.week, per.check_name, {COUNTS} GROUP BY per.week, per.check_name"
    ))
    .bind(tp)
    .bind(first.to_string())
    .fetch_all(db)
    .await?;
    for (week, check, flagged, confirmed, dismissed) in counts {
        if let Some(row) = rows.get_mut(&week) {
            row.counts.push(CheckCount { check, flagged, confirmed, dismissed });
        }
    }
    for row in rows.values_mut() {
        row.counts.sort_by_key(|c| Check::ALL.iter().position(|x| *x == c.check));
    }
    Ok(rows.into_values().collect())
}

/// Each check's share of flagged outputs in the week under watch (this week
/// once it has 30 outputs, else last week) against the 8 weeks before it:
/// a jump needs |z| ≥ 4 on the two-proportion test and at least 5 more
/// points, the same bar as the shape detector.
pub async fn jumps(db: &Db, tp: i64, name: &str, now: DateTime<Utc>) -> Result<Vec<alerts::NewAlert>> {
    let rows = weekly(db, tp, weeks::BASELINE_WEEKS + 2, now).await?;
    Ok(jumps_in(tp, name, &rows))
}

fn jumps_in(tp: i64, name: &str, rows: &[CheckWeek]) -> Vec<alerts::NewAlert> {
    let Some((watched, before)) = watched_week(rows) else { return vec![] };
    let baseline: Vec<&CheckWeek> = before.iter().rev().take(weeks::BASELINE_WEEKS).filter(|w| w.outputs > 0).collect();
    let n1: i64 = baseline.iter().map(|w| w.outputs).sum();
    if baseline.len() < weeks::MIN_BASELINE_WEEKS || n1 < 100 {
        return vec![];
    }
    let flagged = |w: &CheckWeek, c: Check| w.counts.iter().find(|x| x.check == c).map_or(0, |x| x.flagged);
    let mut out = Vec::new();
    for check in Check::ALL {
        let x1: i64 = baseline.iter().map(|w| flagged(w, *check)).sum();
        let (x2, n2) = (flagged(watched, *check), watched.outputs);
        let Some(z) = shift::share_shifted(x1 as u64, n1 as u64, x2 as u64, n2 as u64, 5.0) else { continue };
        let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
        if p2 <= p1 {
            continue;
        }
        let signal = alerts::NewAlert::new(
            tp,
            alerts::Kind::Shape,
            format!("facts:{tp}:{}:{}", watched.week, check.as_str()),
            format!(
                "{name}: in {} the {} check flagged {:.1}% of outputs ({x2} of {n2}), against {:.1}% before",
                watched.week,
                check.label().to_lowercase(),
                100.0 * p2,
                100.0 * p1
            ),
            json!({"week": watched.week, "check": check, "flagged": x2, "outputs": n2, "before": p1, "z": z}),
        );
        out.push(signal.in_incident(family(tp, *check), z.abs()));
    }
    out
}

/// The incident family of one check's jumps on one touchpoint.
pub fn family(tp: i64, check: Check) -> String {
    format!("facts:{tp}:{}", check.as_str())
}

/// This week when it has enough outputs to judge, else last week; with the
/// weeks before the chosen one.
fn watched_week(rows: &[CheckWeek]) -> Option<(&CheckWeek, &[CheckWeek])> {
    let last = rows.len().checked_sub(1)?;
    let at = if rows[last].outputs >= 30 { last } else { last.checked_sub(1)? };
    (rows[at].outputs >= 30).then(|| (&rows[at], &rows[..at]))
}

/// The business's month of findings, per touchpoint and check (for the
/// monthly email and review): (touchpoint, check, flagged, confirmed, not a problem).
pub async fn month(db: &Db, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<(i64, CheckCount)>> {
    let rows: Vec<(i64, Check, i64, i64, i64)> = sqlx::query_as(&format!(
        "WITH per AS (
                 SELECT f.output_id, f.touchpoint_id, f.check_name, MIN(f.dismissed_at IS NOT NULL) AS all_dismissed
                 FROM findings f JOIN outputs o ON o.id = f.output_id
                 WHERE o.produced_at >= ?1 AND o.produced_at < ?2 GROUP BY f.output_id, f.check_name)
             SELECT per.touchpoint_id, per.check_name, {COUNTS}
             GROUP BY per.touchpoint_id, per.check_name ORDER BY per.touchpoint_id"
    ))
    .bind(from)
    .bind(to)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(tp, check, flagged, confirmed, dismissed)| (tp, CheckCount { check, flagged, confirmed, dismissed }))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(n: usize, outputs: i64, price: i64) -> CheckWeek {
        let counts = vec![CheckCount { check: Check::Price, flagged: price, confirmed: 0, dismissed: 0 }];
        CheckWeek { week: format!("2026-W{n:02}"), outputs, counts }
    }

    #[test]
    fn a_jump_in_one_checks_share_signals_and_usual_noise_does_not() {
        let mut rows: Vec<CheckWeek> = (1..=9).map(|n| week(n, 200, 4)).collect();
        rows.push(week(10, 200, 6));
        assert!(jumps_in(1, "Replies", &rows).is_empty(), "3% against 2%: usual noise");
        rows[9] = week(10, 200, 40);
        let found = jumps_in(1, "Replies", &rows);
        assert_eq!(found.len(), 1);
        assert!(found[0].title.contains("20.0% of outputs (40 of 200)"), "{}", found[0].title);
        assert_eq!(found[0].incident.as_ref().map(|i| i.0.as_str()), Some("facts:1:price"));
    }

    #[test]
    fn a_young_week_is_judged_by_the_week_before() {
        let mut rows: Vec<CheckWeek> = (1..=9).map(|n| week(n, 200, 4)).collect();
        rows[8] = week(9, 200, 40);
        rows.push(week(10, 5, 0));
        assert_eq!(jumps_in(1, "Replies", &rows).len(), 1, "Monday morning: last week still counts");
        let fewer: Vec<CheckWeek> = (1..=3).map(|n| week(n, 200, 40)).collect();
        assert!(jumps_in(1, "Replies", &fewer).is_empty(), "no baseline yet");
    }
}
