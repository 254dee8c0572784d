//! The guided monthly review: a decision per touchpoint (keep, expand,
//! narrow, pause) that changes its stage, then a sign-off recording who
//! completed the month's review and when. Everything is audited.

pub use model::monthly::Decision;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Month;
use crate::{
    audit,
    touchpoints::{self, Stage},
    users::User,
    validate, Db, DomainError, Result,
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthStatus {
    pub month: String,
    /// Who signed the month off, and when.
    pub completed: Option<(String, DateTime<Utc>)>,
    /// (touchpoint id, decision, note, who)
    pub decisions: Vec<(i64, Decision, String, String)>,
}

pub async fn status(db: &Db, month: Month) -> Result<MonthStatus> {
    let m = month.to_string();
    let completed: Option<(String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT u.name, r.completed_at FROM monthly_reviews r JOIN users u ON u.id = r.completed_by WHERE r.month = ?",
    )
    .bind(&m)
    .fetch_optional(db)
    .await?;
    let decisions = sqlx::query_as(
        "SELECT d.touchpoint_id, d.decision, d.note, u.name FROM monthly_decisions d JOIN users u ON u.id = d.decided_by WHERE d.month = ?",
    )
    .bind(&m)
    .fetch_all(db)
    .await?;
    Ok(MonthStatus { month: m, completed, decisions })
}

async fn signed_off(conn: &mut sqlx::SqliteConnection, month: &str) -> Result<()> {
    let done: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM monthly_reviews WHERE month = ?)")
        .bind(month)
        .fetch_one(conn)
        .await?;
    if done {
        return Err(DomainError::Conflict(format!("The review of {month} is already signed off.")));
    }
    Ok(())
}

/// Only a month that has ended on the business's clock can be reviewed.
async fn finished(conn: &mut sqlx::SqliteConnection, month: Month) -> Result<()> {
    let tz = crate::business::calendar_on(conn).await?.tz;
    if super::bounds(month, tz).1 > Utc::now() {
        return Err(DomainError::invalid(
            "month",
            format!("{} has not ended yet: review it once it is over.", month.label()),
        ));
    }
    Ok(())
}

/// Records the decision for one touchpoint and moves its stage, in one
/// transaction. The move is made from the stage the touchpoint had when the
/// month's decision was first saved, so saving the same decision twice, or
/// changing it, never moves the stage further than one decision would.
pub async fn decide(db: &Db, user: &User, month: Month, tp: i64, decision: Decision, note: &str) -> Result<Stage> {
    let note = validate::optional_text("note", "The note", note, 1000)?;
    let m = month.to_string();
    let mut tx = crate::db::begin_write(db).await?;
    signed_off(&mut tx, &m).await?;
    finished(&mut tx, month).await?;
    let current = touchpoints::fetch(&mut tx, tp).await?;
    let first: Option<(Option<Stage>, Decision)> =
        sqlx::query_as("SELECT stage_before, decision FROM monthly_decisions WHERE month = ? AND touchpoint_id = ?")
            .bind(&m)
            .bind(tp)
            .fetch_optional(&mut *tx)
            .await?;
    // Start from where the month's first decision found the stage, unless
    // something else moved it since (the checks paused it, the owner set it):
    // then start from where it stands now, so nothing is undone.
    let before = match first {
        Some((Some(start), earlier)) if earlier.stage_after(start) == current.stage => start,
        _ => current.stage,
    };
    let after = decision.stage_after(before);
    if after != current.stage {
        let why =
            if note.is_empty() { format!("Monthly review of {m}") } else { format!("Monthly review of {m}: {note}") };
        crate::sampling::set_stage_in(&mut tx, &user.actor(), tp, after, &why).await?;
    }
    sqlx::query(
        "INSERT INTO monthly_decisions (month, touchpoint_id, decision, note, decided_by, decided_at, stage_before) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (month, touchpoint_id) DO UPDATE SET decision = excluded.decision, note = excluded.note,
            decided_by = excluded.decided_by, decided_at = excluded.decided_at,
            stage_before = excluded.stage_before",
    )
    .bind(&m)
    .bind(tp)
    .bind(decision)
    .bind(&note)
    .bind(user.id)
    .bind(Utc::now())
    .bind(before)
    .execute(&mut *tx)
    .await?;
    let event = audit::Event::new("monthly.decision", "touchpoint", tp)
        .before(current.stage)
        .after(serde_json::json!({"month": m, "decision": decision, "stage": after, "note": note}));
    audit::record(&mut tx, &user.actor(), event).await?;
    tx.commit().await?;
    Ok(after)
}

/// Completes the month's review once every live touchpoint has a decision.
pub async fn sign_off(db: &Db, user: &User, month: Month, note: &str) -> Result<()> {
    let note = validate::optional_text("note", "The note", note, 1000)?;
    let m = month.to_string();
    let mut tx = crate::db::begin_write(db).await?;
    signed_off(&mut tx, &m).await?;
    finished(&mut tx, month).await?;
    let missing: Vec<String> = sqlx::query_scalar(
        "SELECT t.name FROM touchpoints t WHERE t.retired_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM monthly_decisions d WHERE d.month = ? AND d.touchpoint_id = t.id) ORDER BY t.name",
    )
    .bind(&m)
    .fetch_all(&mut *tx)
    .await?;
    if !missing.is_empty() {
        return Err(DomainError::invalid(
            "month",
            format!("Decide for every touchpoint first: {} still open.", missing.join(", ")),
        ));
    }
    sqlx::query("INSERT INTO monthly_reviews (month, completed_by, completed_at, note) VALUES (?, ?, ?, ?)")
        .bind(&m)
        .bind(user.id)
        .bind(Utc::now())
        .bind(&note)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Event::new("monthly.sign_off", "month", &m).after(serde_json::json!({"note": note})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_move_one_stage_at_a_time() {
        assert_eq!(Decision::Expand.stage_after(Stage::Pilot), Stage::Expanding);
        assert_eq!(Decision::Expand.stage_after(Stage::Expanding), Stage::Trusted);
        assert_eq!(Decision::Expand.stage_after(Stage::Trusted), Stage::Trusted);
        assert_eq!(Decision::Expand.stage_after(Stage::Paused), Stage::Pilot);
        assert_eq!(Decision::Narrow.stage_after(Stage::Trusted), Stage::Expanding);
        assert_eq!(Decision::Narrow.stage_after(Stage::Expanding), Stage::Pilot);
        assert_eq!(Decision::Narrow.stage_after(Stage::Pilot), Stage::Pilot);
        assert_eq!(Decision::Pause.stage_after(Stage::Trusted), Stage::Paused);
        assert_eq!(Decision::Keep.stage_after(Stage::Expanding), Stage::Expanding);
    }
}
