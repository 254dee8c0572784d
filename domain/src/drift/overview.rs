//! The dashboard's one line per touchpoint, from a handful of grouped,
//! indexed queries (not one scan per touchpoint).

pub use model::overview::{Line, WeekTally};

use std::{collections::HashMap, sync::OnceLock};

use chrono::{DateTime, Utc};

use model::sampling::Inspection;

use crate::{calendar::Week, memo::Memo, touchpoints, Db, Result};

/// Weeks in the dashboard's pass-rate chart.
pub const WEEKS_SHOWN: usize = 12;

/// One line per touchpoint as of `now`. Only the current week depends on the
/// clock, so the lines are remembered per week until a table they read
/// changes (`crate::memo`): every output, verdict, draw, alert or setting.
pub async fn lines(db: &Db, now: DateTime<Utc>) -> Result<Vec<Line>> {
    static REMEMBERED: OnceLock<Memo<Week, Vec<Line>>> = OnceLock::new();
    let this_week = Week::containing(now, crate::business::calendar(db).await?);
    let lines = REMEMBERED.get_or_init(Memo::default).get(db, this_week, || gather(db, this_week)).await?;
    Ok(Vec::clone(&lines))
}

async fn gather(db: &Db, this_week: Week) -> Result<Vec<Line>> {
    let mut first = this_week;
    let mut shown = vec![first];
    for _ in 1..WEEKS_SHOWN {
        first = first.previous();
        shown.push(first);
    }
    shown.reverse();
    // (touchpoint, week) → (sampled, reviewed, failures)
    let rows: Vec<(i64, String, i64, i64, i64)> =
        sqlx::query_as("SELECT touchpoint_id, week, sampled, reviewed, failures FROM review_weeks WHERE week >= ?")
            .bind(first.to_string())
            .fetch_all(db)
            .await?;
    let by_week: HashMap<(i64, String), (i64, i64, i64)> =
        rows.into_iter().map(|(t, w, s, n, x)| ((t, w), (s, n, x))).collect();
    // The newest week drawn with picks (a double booking queued in the
    // current, undrawn week does not make it "this week's" queue).
    let queue_week: Option<String> =
        sqlx::query_scalar("SELECT MAX(week) FROM sample_draws WHERE drawn > 0").fetch_one(db).await?;
    let awaiting: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT touchpoint_id, COUNT(*) FROM outputs WHERE status = 'pending' GROUP BY touchpoint_id",
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .collect();
    let overdue = crate::alerts::overdue_by_touchpoint(db).await?;
    let open_alerts = crate::alerts::open_by_touchpoint(db).await?;
    let left: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT touchpoint_id, SUM(sampled + flagged - reviewed - flagged_reviewed) FROM review_weeks GROUP BY touchpoint_id",
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .collect();
    let states: HashMap<i64, Inspection> =
        sqlx::query_as::<_, (i64, Inspection)>("SELECT id, inspection FROM touchpoints")
            .fetch_all(db)
            .await?
            .into_iter()
            .collect();
    let mut out = Vec::new();
    for tp in touchpoints::list(db, false).await? {
        let weeks = shown
            .iter()
            .map(|w| {
                let key = (tp.id, w.to_string());
                let (sampled, reviewed, failures) = by_week.get(&key).copied().unwrap_or((0, 0, 0));
                WeekTally { week: key.1, sampled, reviewed, failures }
            })
            .collect();
        let current = queue_week.clone().map(|w| (tp.id, w));
        let (sampled, reviewed, _) = current.as_ref().and_then(|k| by_week.get(k).copied()).unwrap_or((0, 0, 0));
        out.push(Line {
            id: tp.id,
            name: tp.settings.name.clone(),
            stage: tp.stage,
            inspection: states.get(&tp.id).copied().unwrap_or(Inspection::Normal),
            queue_week: queue_week.clone(),
            reviewed,
            sampled,
            awaiting: awaiting.get(&tp.id).copied().unwrap_or(0),
            overdue: overdue.get(&tp.id).copied().unwrap_or(0),
            open_alerts: open_alerts.get(&tp.id).copied().unwrap_or(0),
            queue_left: left.get(&tp.id).copied().unwrap_or(0),
            weeks,
        });
    }
    // Paused touchpoints first: they need the owner most.
    out.sort_by_key(|l| !l.paused());
    Ok(out)
}
