//! Applying the switching rules: before a week is drawn, each touchpoint's
//! inspection state is recomputed from its reviewed weeks, and every new
//! move is recorded with its reason (and in the audit log).

pub use model::sampling::RecordedMove;

use chrono::Utc;
use sqlx::SqliteConnection;

use super::{
    inspection::{self, Event, Inspection},
    Week,
};
use crate::{alerts, audit, touchpoints::Touchpoint, Actor, Result};

/// What the state is replayed from: the reviewed weeks before `until` (as
/// accepted or not, from the random sample only) and the events (model
/// changes, resumptions) up to and including `until`, all in week order
/// whatever order they were recorded in. An event comes before its own
/// week's result, since that week's sample is drawn after it.
async fn history(conn: &mut SqliteConnection, tp: &Touchpoint, until: Option<Week>) -> Result<Vec<(String, Event)>> {
    let mut all: Vec<(String, u8, i64, Event)> =
        reviewed_weeks(conn, tp, until).await?.into_iter().map(|(w, e)| (w, 1, 0, e)).collect();
    let events: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT week, id, kind FROM inspection_events WHERE touchpoint_id = ?1 AND (?2 IS NULL OR week <= ?2) ORDER BY week, id",
    )
    .bind(tp.id)
    .bind(until.map(|w| w.to_string()))
    .fetch_all(&mut *conn)
    .await?;
    for (w, id, kind) in events {
        let event = if kind == "resumed" { Event::Resumed } else { Event::ModelChanged };
        all.push((w, 0, id, event));
    }
    all.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    Ok(all.into_iter().map(|(w, _, _, e)| (w, e)).collect())
}

async fn reviewed_weeks(
    conn: &mut SqliteConnection,
    tp: &Touchpoint,
    before: Option<Week>,
) -> Result<Vec<(String, Event)>> {
    let weeks = crate::drift::weeks::judged_reviewed_weeks(conn, tp.id, before).await?;
    Ok(weeks
        .into_iter()
        .filter_map(|(w, reviewed, failures)| {
            inspection::accepted(reviewed, failures, tp.settings.sampling.failure_rate)
                .map(|accepted| (w, Event::Week { accepted }))
        })
        .collect())
}

/// The state `week` is drawn under: the replay of everything before it.
async fn state_at(conn: &mut SqliteConnection, tp: &Touchpoint, week: Week) -> Result<Inspection> {
    let events: Vec<Event> = history(conn, tp, Some(week)).await?.into_iter().map(|(_, e)| e).collect();
    Ok(inspection::replay(&events).0)
}

/// Brings the touchpoint's recorded inspection history up to date (see
/// `sync`) and returns the state `week` is drawn under.
pub(crate) async fn update_state(conn: &mut SqliteConnection, tp: &Touchpoint, week: Week) -> Result<Inspection> {
    sync(conn, tp).await?;
    state_at(conn, tp, week).await
}

type MoveRow = (String, Inspection, Inspection, String);

/// Replays the whole history in week order and records it as it truly
/// happened: new moves are added; when late data (an import of past weeks,
/// a model change found in a backfill) changed earlier moves, the recorded
/// history is replaced by the replay, and the correction is audited. A move
/// to paused that is new and still in force pauses the touchpoint's stage
/// and alerts the owner.
pub(crate) async fn sync(conn: &mut SqliteConnection, tp: &Touchpoint) -> Result<Inspection> {
    let weeks = history(conn, tp, None).await?;
    let events: Vec<Event> = weeks.iter().map(|(_, e)| *e).collect();
    let (state, moves) = inspection::replay(&events);
    let computed: Vec<MoveRow> =
        moves.iter().map(|m| (weeks[m.at_event].0.clone(), m.from, m.to, m.reason.clone())).collect();
    let recorded: Vec<MoveRow> = sqlx::query_as(
        "SELECT week, from_state, to_state, reason FROM inspection_moves WHERE touchpoint_id = ? ORDER BY id",
    )
    .bind(tp.id)
    .fetch_all(&mut *conn)
    .await?;
    let keep = if computed.starts_with(&recorded) {
        recorded.len()
    } else {
        sqlx::query("DELETE FROM inspection_moves WHERE touchpoint_id = ?").bind(tp.id).execute(&mut *conn).await?;
        let event = audit::Event::new("touchpoint.inspection_replayed", "touchpoint", tp.id)
            .before(serde_json::json!({"moves": recorded.len()}))
            .after(serde_json::json!({"moves": computed.len(), "why": "data for earlier weeks arrived late"}));
        audit::record(conn, &Actor::System, event).await?;
        0
    };
    for (week, from, to, reason) in &computed[keep..] {
        sqlx::query("INSERT INTO inspection_moves (touchpoint_id, week, from_state, to_state, reason, at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(tp.id)
            .bind(week)
            .bind(from)
            .bind(to)
            .bind(reason)
            .bind(Utc::now())
            .execute(&mut *conn)
            .await?;
        if keep == recorded.len() {
            let event = audit::Event::new("touchpoint.inspection", "touchpoint", tp.id)
                .before(from)
                .after(serde_json::json!({"state": to, "reason": reason, "week": week}));
            audit::record(conn, &Actor::System, event).await?;
        }
    }
    let newly_paused = computed.last().filter(|m| m.2 == Inspection::Paused && !recorded.contains(m));
    if let (Inspection::Paused, Some((week, _, _, reason))) = (state, newly_paused) {
        pause(conn, tp, week, reason).await?;
    }
    sqlx::query("UPDATE touchpoints SET inspection = ?1 WHERE id = ?2 AND inspection != ?1")
        .bind(state)
        .bind(tp.id)
        .execute(&mut *conn)
        .await?;
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

/// Brings every live touchpoint's inspection history up to date with the
/// verdicts given since (run by the scheduler every minute, so a week's
/// result counts as soon as it is reviewed, not only at the next draw).
pub async fn refresh(db: &crate::Db) -> Result<()> {
    for tp in crate::touchpoints::list(db, false).await? {
        let mut tx = crate::db::begin_write(db).await?;
        sync(&mut tx, &tp).await?;
        tx.commit().await?;
    }
    Ok(())
}
