//! Re-checking the last four weeks of outputs after the facts change: in
//! chunks, each in its own transaction with its progress, so a page can
//! show how far it is and a restart resumes where it stopped.
//!
//! For each output the findings are brought up to date: a finding the new
//! facts no longer support is removed (unless a person marked it "not a
//! problem": that record stays), a new one is kept and the output goes to
//! the review queue at once, as at ingest.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use model::{facts::Recheck, outputs::Booking};
use sqlx::SqliteConnection;

use super::{CheckSet, Checkers, Finding};
use crate::{audit, business, calendar::Week, touchpoints, Actor, Db, DomainError, Result};

/// How far back a re-check goes.
pub const DAYS: i64 = 28;
const CHUNK: i64 = 500;

const SELECT: &str =
    "SELECT id, started_at, finished_at, total, done, newly_flagged, cleared, error FROM fact_rechecks";

/// The latest re-check, running or done.
pub async fn latest(db: &Db) -> Result<Option<Recheck>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY id DESC LIMIT 1")).fetch_optional(db).await?)
}

/// Starts a re-check of the outputs of the last four weeks (one at a time);
/// call `spawn` with its id to run it.
pub async fn start(db: &Db, actor: &Actor, now: DateTime<Utc>) -> Result<Recheck> {
    let since = now - Duration::days(DAYS);
    let mut tx = crate::db::begin_write(db).await?;
    let running: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM fact_rechecks WHERE finished_at IS NULL)")
        .fetch_one(&mut *tx)
        .await?;
    if running {
        return Err(DomainError::Conflict("A re-check is already running; wait for it to finish.".into()));
    }
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outputs o JOIN touchpoints t ON t.id = o.touchpoint_id
         WHERE o.produced_at >= ? AND t.retired_at IS NULL",
    )
    .bind(since)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO fact_rechecks (started_by, since, total, started_at) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(actor.user_id())
    .bind(since)
    .bind(total)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let event =
        audit::Event::new("facts.recheck", "recheck", id).after(serde_json::json!({"since": since, "outputs": total}));
    audit::record(&mut tx, actor, event).await?;
    tx.commit().await?;
    let recheck = sqlx::query_as(&format!("{SELECT} WHERE id = ?")).bind(id).fetch_one(db).await?;
    Ok(recheck)
}

/// Runs re-check `id` in the background; a failure is kept on its row.
pub fn spawn(db: Db, id: i64) {
    tokio::spawn(async move {
        if let Err(e) = run(&db, id).await {
            tracing::error!(error = ?e, recheck = id, "fact re-check failed");
            let stopped = sqlx::query("UPDATE fact_rechecks SET error = ?, finished_at = ? WHERE id = ?")
                .bind("The re-check stopped because of a server problem; start it again to finish.")
                .bind(Utc::now())
                .bind(id)
                .execute(&db)
                .await;
            if let Err(e) = stopped {
                tracing::error!(error = ?e, recheck = id, "could not record the re-check's failure");
            }
        }
    });
}

/// Resumes every unfinished re-check (after a restart).
pub async fn resume(db: &Db) -> Result<()> {
    let open: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM fact_rechecks WHERE finished_at IS NULL").fetch_all(db).await?;
    for id in open {
        spawn(db.clone(), id);
    }
    Ok(())
}

/// Re-checks every remaining chunk of `id`, then marks it finished.
pub async fn run(db: &Db, id: i64) -> Result<()> {
    let (since, mut after): (DateTime<Utc>, i64) =
        sqlx::query_as("SELECT since, last_output_id FROM fact_rechecks WHERE id = ?").bind(id).fetch_one(db).await?;
    let checks: HashMap<i64, CheckSet> =
        touchpoints::list(db, false).await?.iter().map(|t| (t.id, CheckSet::of(&t.checks))).collect();
    let checkers = Checkers::default();
    loop {
        let mut tx = crate::db::begin_write(db).await?;
        let checker = checkers.get(&mut tx).await?;
        let cal = business::calendar_on(&mut tx).await?;
        let outputs = next_chunk(&mut tx, since, after).await?;
        let Some(last) = outputs.last().map(|o| o.id) else {
            sqlx::query("UPDATE fact_rechecks SET finished_at = ? WHERE id = ?")
                .bind(Utc::now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(());
        };
        let (mut flagged, mut cleared) = (0, 0);
        for o in &outputs {
            let Some(set) = checks.get(&o.touchpoint_id).filter(|s| !s.is_empty()) else { continue };
            let subject = checks::Subject {
                input: o.input.as_deref(),
                output: &o.output,
                booking: o.booking.as_ref(),
                produced_at: o.produced_at,
            };
            let found = checker.check(&set.list(), &subject);
            let week = Week::containing(o.produced_at, cal).to_string();
            let (added, removed) = bring_up_to_date(&mut tx, o, &week, found).await?;
            flagged += (added > 0) as i64;
            cleared += removed;
        }
        sqlx::query(
            "UPDATE fact_rechecks SET done = done + ?, newly_flagged = newly_flagged + ?, cleared = cleared + ?,
             last_output_id = ? WHERE id = ?",
        )
        .bind(outputs.len() as i64)
        .bind(flagged)
        .bind(cleared)
        .bind(last)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        after = last;
    }
}

/// A recent output, as the checks read it.
struct Recent {
    id: i64,
    touchpoint_id: i64,
    output: String,
    input: Option<String>,
    produced_at: DateTime<Utc>,
    booking: Option<Booking>,
}

type Row = (
    i64,
    i64,
    String,
    Option<String>,
    DateTime<Utc>,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<String>,
);

async fn next_chunk(conn: &mut SqliteConnection, since: DateTime<Utc>, after: i64) -> Result<Vec<Recent>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, touchpoint_id, output, input, produced_at, booking_resource, booking_starts_at, booking_ends_at, booking_customer
         FROM outputs WHERE id > ?1 AND produced_at >= ?2 ORDER BY id LIMIT ?3",
    )
    .bind(after)
    .bind(since)
    .bind(CHUNK)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, touchpoint_id, output, input, produced_at, resource, starts, ends, customer)| {
            let booking = match (resource, starts, ends) {
                (Some(resource), Some(starts_at), Some(ends_at)) => {
                    Some(Booking { resource, starts_at, ends_at, customer })
                }
                _ => None,
            };
            Recent { id, touchpoint_id, output, input, produced_at, booking }
        })
        .collect())
}

/// Makes an output's kept findings those of `found`: returns (added, removed).
async fn bring_up_to_date(
    conn: &mut SqliteConnection,
    o: &Recent,
    week: &str,
    found: Vec<Finding>,
) -> Result<(usize, i64)> {
    let kept: Vec<(i64, Finding, bool)> = sqlx::query_as::<_, (i64, model::facts::Check, i64, i64, String, bool)>(
        "SELECT id, check_name, span_start, span_end, message, dismissed_at IS NOT NULL FROM findings WHERE output_id = ?",
    )
    .bind(o.id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|(id, check, s, e, message, dismissed)| (id, Finding { check, start: s as usize, end: e as usize, message }, dismissed))
    .collect();
    let mut removed = 0;
    for (id, finding, dismissed) in &kept {
        if !dismissed && !found.contains(finding) {
            sqlx::query("DELETE FROM findings WHERE id = ?").bind(id).execute(&mut *conn).await?;
            removed += 1;
        }
    }
    let new: Vec<Finding> = found.into_iter().filter(|f| !kept.iter().any(|(_, k, _)| k == f)).collect();
    super::record(conn, o.touchpoint_id, o.id, week, &new).await?;
    Ok((new.len(), removed))
}
