//! The SQL for outputs.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use super::{NewOutput, Status, Stored};
use crate::{touchpoints::Touchpoint, Db, Result};

/// Stores one output unless its external id is already there (then reports
/// the first one). Runs on the caller's transaction.
pub(super) async fn insert(conn: &mut SqliteConnection, tp: &Touchpoint, new: &NewOutput, now: DateTime<Utc>) -> Result<Stored> {
    let status = if tp.settings.policy.gates() { Status::Pending } else { Status::Received };
    let hash = hex::encode(Sha256::digest(new.output.as_bytes()));
    let booking = new.booking.as_ref();
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO outputs (touchpoint_id, external_id, output, input, model, metadata_json, produced_at, received_at,
            content_hash, length, status, source, submitted_by, booking_resource, booking_starts_at, booking_ends_at,
            booking_customer)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (touchpoint_id, external_id) DO NOTHING
         RETURNING id",
    )
    .bind(tp.id)
    .bind(&new.external_id)
    .bind(&new.output)
    .bind(&new.input)
    .bind(&new.model)
    .bind(&new.metadata)
    .bind(new.produced_at)
    .bind(now)
    .bind(hash)
    .bind(new.output.chars().count() as i64)
    .bind(status)
    .bind(new.source)
    .bind(new.submitted_by)
    .bind(booking.map(|b| &b.resource))
    .bind(booking.map(|b| b.starts_at))
    .bind(booking.map(|b| b.ends_at))
    .bind(booking.and_then(|b| b.customer.as_ref()))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = id {
        return Ok(Stored { id, status, duplicate: false });
    }
    let (id, status): (i64, Status) = sqlx::query_as("SELECT id, status FROM outputs WHERE touchpoint_id = ? AND external_id = ?")
        .bind(tp.id)
        .bind(&new.external_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(Stored { id, status, duplicate: true })
}

/// An output as the source tool may see it again.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct OutputRecord {
    pub id: i64,
    pub external_id: Option<String>,
    /// received, sampled, pending, approved or rejected.
    pub status: Status,
    pub produced_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub model: Option<String>,
}

/// The output `id` if it belongs to touchpoint `touchpoint_id`.
pub async fn get_for_touchpoint(db: &Db, touchpoint_id: i64, id: i64) -> Result<Option<OutputRecord>> {
    Ok(sqlx::query_as::<_, OutputRecord>(
        "SELECT id, external_id, status, produced_at, received_at, model FROM outputs WHERE id = ? AND touchpoint_id = ?",
    )
    .bind(id)
    .bind(touchpoint_id)
    .fetch_optional(db)
    .await?)
}
