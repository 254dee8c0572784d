//! Applying the switching rules: before a week is drawn, each touchpoint's
//! inspection state is recomputed from its reviewed weeks, and every new
//! move is recorded with its reason (and in the audit log).

use chrono::Utc;
use serde::Serialize;
use sqlx::SqliteConnection;

use super::{
    inspection::{self, Event, Inspection},
    Week,
};
use crate::{alerts, audit, touchpoints::Touchpoint, Actor, Result};

/// One recorded move, for the touchpoint page.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct RecordedMove {
    pub week: String,
    pub from_state: Inspection,
    pub to_state: Inspection,
    pub reason: String,
    pub at: chrono::DateTime<Utc>,
}

/// What the state is replayed from: the reviewed weeks before `week` (as
/// accepted or not) and the events (model changes, resumptions) up to and
/// including `week`. An event comes before its own week's result, since that
/// week's sample is drawn after it.
async fn history(conn: &mut SqliteConnection, tp: &Touchpoint, week: Week) -> Result<Vec<(String, Event)>> {
    let mut all: Vec<(String, u8, i64, Event)> = reviewed_weeks(conn, tp, week)
        .await?
        .into_iter()
        .map(|(w, e)| (w, 1, 0, e))
        .collect();
    let events: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT week, id, kind FROM inspection_events WHERE touchpoint_id = ? AND week <= ? ORDER BY week, id",
    )
    .bind(tp.id)
    .bind(week.to_string())
    .fetch_all(&mut *conn)
    .await?;
    for (w, id, kind) in events {
        let event = if kind == "resumed" { Event::Resumed } else { Event::ModelChanged };
        all.push((w, 0, id, event));
    }
    all.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    Ok(all.into_iter().map(|(w, _, _, e)| (w, e)).collect())
}

async fn reviewed_weeks(conn: &mut SqliteConnection, tp: &Touchpoint, week: Week) -> Result<Vec<(String, Event)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT r.week, COUNT(v.id), COALESCE(SUM(v.verdict != 'pass'), 0)
         FROM review_items r JOIN verdicts v ON v.output_id = r.output_id
         WHERE r.touchpoint_id = ? AND r.week < ?
         GROUP BY r.week ORDER BY r.week",
    )
    .bind(tp.id)
    .bind(week.to_string())
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(w, reviewed, failures)| {
            inspection::accepted(reviewed as u64, failures as u64, tp.settings.sampling.failure_rate)
                .map(|accepted| (w, Event::Week { accepted }))
        })
        .collect())
}

/// Brings the touchpoint's state up to date as of `week` (before drawing it,
/// or when an event happens in it); returns it. A move to paused also pauses
/// the touchpoint's stage and alerts the owner.
pub(crate) async fn update_state(conn: &mut SqliteConnection, tp: &Touchpoint, week: Week) -> Result<Inspection> {
    let weeks = history(conn, tp, week).await?;
    let events: Vec<Event> = weeks.iter().map(|(_, e)| *e).collect();
    let (state, moves) = inspection::replay(&events);
    let recorded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inspection_moves WHERE touchpoint_id = ?")
        .bind(tp.id)
        .fetch_one(&mut *conn)
        .await?;
    for m in moves.iter().skip(recorded as usize) {
        let at_week = &weeks[m.at_event].0;
        sqlx::query("INSERT INTO inspection_moves (touchpoint_id, week, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(tp.id)
            .bind(at_week)
            .bind(m.from)
            .bind(m.to)
            .bind(&m.reason)
            .bind(Utc::now())
            .execute(&mut *conn)
            .await?;
        let event = audit::Event::new("touchpoint.inspection", "touchpoint", tp.id)
            .before(m.from)
            .after(serde_json::json!({"state": m.to, "reason": m.reason, "week": at_week}));
        audit::record(conn, &Actor::System, event).await?;
        if m.to == Inspection::Paused {
            pause(conn, tp, at_week, &m.reason).await?;
        }
    }
    sqlx::query("UPDATE touchpoints SET inspection = ? WHERE id = ?").bind(state).bind(tp.id).execute(&mut *conn).await?;
    Ok(state)
}

/// The standard's "discontinue": the touchpoint's stage becomes paused and
/// the owner is alerted.
async fn pause(conn: &mut SqliteConnection, tp: &Touchpoint, week: &str, reason: &str) -> Result<()> {
    crate::touchpoints::pause_for_inspection(conn, tp.id, reason).await?;
    let alert = alerts::NewAlert::new(
        tp.id,
        alerts::Kind::Paused,
        format!("paused:{}:{week}", tp.id),
        format!("{} was paused: {reason}", tp.settings.name),
        serde_json::json!({"week": week, "reason": reason}),
    );
    alerts::raise(conn, alert).await?;
    Ok(())
}

/// The touchpoint's inspection state now.
pub async fn current_state(db: &crate::Db, touchpoint_id: i64) -> Result<Inspection> {
    Ok(sqlx::query_scalar("SELECT inspection FROM touchpoints WHERE id = ?").bind(touchpoint_id).fetch_one(db).await?)
}

/// The moves recorded for a touchpoint, newest first.
pub async fn moves(db: &crate::Db, touchpoint_id: i64) -> Result<Vec<RecordedMove>> {
    Ok(sqlx::query_as::<_, RecordedMove>(
        "SELECT week, from_state, to_state, reason, at FROM inspection_moves WHERE touchpoint_id = ? ORDER BY id DESC",
    )
    .bind(touchpoint_id)
    .fetch_all(db)
    .await?)
}
