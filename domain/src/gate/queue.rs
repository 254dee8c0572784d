//! The "Awaiting approval" queue: held outputs, oldest first.

pub use model::gate::{Held, HeldOutput};

use chrono::{DateTime, Utc};

use super::decide::status_on;
use crate::{Db, DomainError, Result};

/// Every held output, oldest first (at most `limit`).
pub async fn awaiting(db: &Db, limit: i64) -> Result<Vec<Held>> {
    Ok(sqlx::query_as::<_, Held>(
        "SELECT o.id, o.touchpoint_id, t.name AS touchpoint, t.stakes = 'high' AS high_stakes,
                substr(o.output, 1, 160) AS excerpt, o.received_at,
                (SELECT u.name FROM approvals a JOIN users u ON u.id = a.user_id
                 WHERE a.output_id = o.id AND a.act = 'approve' ORDER BY a.id LIMIT 1) AS first_approver,
                EXISTS (SELECT 1 FROM alerts al WHERE al.cause_key = 'escalation:' || o.id) AS escalated
         FROM outputs o JOIN touchpoints t ON t.id = o.touchpoint_id
         WHERE o.status = 'pending' ORDER BY o.received_at, o.id LIMIT ?",
    )
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// How many outputs are held, and how many of those are overdue (escalated):
/// what the dashboard's summary needs, counted without reading the rows.
pub async fn waiting_counts(db: &Db) -> Result<(u64, u64)> {
    let (held, overdue): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(EXISTS (SELECT 1 FROM alerts al WHERE al.cause_key = 'escalation:' || o.id)), 0)
         FROM outputs o WHERE o.status = 'pending'",
    )
    .fetch_one(db)
    .await?;
    Ok((held as u64, overdue as u64))
}

pub async fn held_output(db: &Db, id: i64) -> Result<HeldOutput> {
    let mut conn = db.acquire().await?;
    type Row = (i64, String, Option<String>, Option<String>, Option<String>, DateTime<Utc>, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT touchpoint_id, output, input, model, external_id, received_at, submitted_by FROM outputs WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let (touchpoint_id, output, input, model, external_id, received_at, submitted_by) =
        row.ok_or_else(|| DomainError::NotFound(format!("Output {id}")))?;
    let approver_ids = sqlx::query_scalar(
        "SELECT user_id FROM approvals WHERE output_id = ? AND act = 'approve' AND user_id IS NOT NULL",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let gate = status_on(&mut conn, id).await?;
    Ok(HeldOutput {
        id,
        touchpoint_id,
        output,
        input,
        model,
        external_id,
        received_at,
        submitted_by,
        gate,
        approver_ids,
    })
}
