//! Events that move the inspection state outside the weekly rhythm: a new
//! model seen in the outputs (or announced by the owner), and an owner
//! resuming a paused touchpoint. Each is stored, alerts where it should, and
//! brings the state up to date at once.

pub use model::sampling::ModelChange;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{adapt, Inspection};
use crate::calendar::Week;
use crate::{alerts, audit, business, touchpoints, validate, Actor, Db, Result};

struct NewEvent<'a> {
    kind: &'a str,
    from_model: Option<&'a str>,
    to_model: Option<&'a str>,
    first_output_id: Option<i64>,
    note: &'a str,
    at: DateTime<Utc>,
}

/// Stores the event in the week it happened and replays the state.
async fn record(conn: &mut SqliteConnection, tp_id: i64, actor: &Actor, e: NewEvent<'_>) -> Result<(i64, Inspection)> {
    let week = Week::containing(e.at, business::calendar_on(conn).await?);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO inspection_events (touchpoint_id, week, kind, from_model, to_model, first_output_id, note, actor, happened_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(tp_id)
    .bind(week.to_string())
    .bind(e.kind)
    .bind(e.from_model)
    .bind(e.to_model)
    .bind(e.first_output_id)
    .bind(e.note)
    .bind(actor.label())
    .bind(e.at)
    .fetch_one(&mut *conn)
    .await?;
    let tp = touchpoints::fetch(conn, tp_id).await?;
    Ok((id, adapt::update_state(conn, &tp, week).await?))
}

/// Called by the ingest writer, in its transaction, when `model` is the
/// first of its kind on a touchpoint: if another model came before it, that
/// is a model change (alert, tightened inspection).
pub(crate) async fn model_seen(
    conn: &mut SqliteConnection,
    tp_id: i64,
    model: &str,
    first_output_id: i64,
    at: DateTime<Utc>,
) -> Result<()> {
    let new: u64 = sqlx::query(
        "INSERT INTO touchpoint_models (touchpoint_id, model, first_seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(tp_id)
    .bind(model)
    .bind(at)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if new == 0 {
        return Ok(());
    }
    let before: Option<String> = sqlx::query_scalar(
        "SELECT model FROM touchpoint_models WHERE touchpoint_id = ? AND model != ? AND first_seen_at <= ?
         ORDER BY first_seen_at DESC LIMIT 1",
    )
    .bind(tp_id)
    .bind(model)
    .bind(at)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(before) = before else { return Ok(()) };
    let event = NewEvent {
        kind: "model_changed",
        from_model: Some(&before),
        to_model: Some(model),
        first_output_id: Some(first_output_id),
        note: "",
        at,
    };
    record(conn, tp_id, &Actor::System, event).await?;
    let date = at.with_timezone(&business::calendar_on(conn).await?.tz).format("%-d %B %Y");
    let tp_name: String =
        sqlx::query_scalar("SELECT name FROM touchpoints WHERE id = ?").bind(tp_id).fetch_one(&mut *conn).await?;
    let alert = alerts::NewAlert::new(
        tp_id,
        alerts::Kind::ModelChange,
        format!("model-change:{tp_id}:{model}"),
        format!("{tp_name}: model changed from {before} to {model} on {date}"),
        serde_json::json!({"from": before, "to": model, "first_output_id": first_output_id, "at": at}),
    );
    alerts::raise(conn, alert).await?;
    Ok(())
}

/// An owner reports that the vendor announced an update: treated as a model
/// change from now on (alert, tightened inspection).
pub async fn announce_update(db: &Db, actor: &Actor, tp_id: i64, note: &str) -> Result<()> {
    let note = validate::optional_text("note", "The note", note, 500)?;
    let mut tx = crate::db::begin_write(db).await?;
    let tp = touchpoints::fetch(&mut tx, tp_id).await?;
    let event = NewEvent {
        kind: "model_changed",
        from_model: None,
        to_model: None,
        first_output_id: None,
        note: &note,
        at: Utc::now(),
    };
    let (id, _) = record(&mut tx, tp_id, actor, event).await?;
    audit::record(
        &mut tx,
        actor,
        audit::Event::new("touchpoint.model_update", "touchpoint", tp_id).after(serde_json::json!({"note": note})),
    )
    .await?;
    let alert = alerts::NewAlert::new(
        tp_id,
        alerts::Kind::ModelChange,
        format!("model-change:{tp_id}:announced:{id}"),
        format!("{}: the vendor announced an update ({})", tp.settings.name, actor.label()),
        serde_json::json!({"announced_by": actor.label(), "note": note}),
    );
    alerts::raise(&mut tx, alert).await?;
    tx.commit().await?;
    Ok(())
}

/// When an owner takes a touchpoint out of its pause and inspection had paused
/// it, checks restart tightened.
pub(crate) async fn resume_if_paused(conn: &mut SqliteConnection, tp_id: i64, actor: &Actor) -> Result<()> {
    let state: Inspection =
        sqlx::query_scalar("SELECT inspection FROM touchpoints WHERE id = ?").bind(tp_id).fetch_one(&mut *conn).await?;
    if state == Inspection::Paused {
        let event = NewEvent {
            kind: "resumed",
            from_model: None,
            to_model: None,
            first_output_id: None,
            note: "",
            at: Utc::now(),
        };
        record(conn, tp_id, actor, event).await?;
    }
    Ok(())
}

/// The model changes of a touchpoint, newest first.
pub async fn model_changes(db: &Db, tp_id: i64) -> Result<Vec<ModelChange>> {
    Ok(sqlx::query_as::<_, ModelChange>(
        "SELECT week, from_model, to_model, first_output_id, note, actor, happened_at FROM inspection_events
         WHERE touchpoint_id = ? AND kind = 'model_changed' ORDER BY happened_at DESC, id DESC",
    )
    .bind(tp_id)
    .fetch_all(db)
    .await?)
}
