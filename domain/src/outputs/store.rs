//! The SQL for outputs.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use super::{NewOutput, Status, Stored};
use crate::{touchpoints::Touchpoint, Db, Result};

/// What storing needs to know of the touchpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    /// Gated touchpoints hold every output as pending.
    pub gates: bool,
    /// The fact checks its outputs go through.
    pub checks: crate::facts::CheckSet,
}

impl From<&Touchpoint> for Target {
    fn from(tp: &Touchpoint) -> Self {
        Target { id: tp.id, gates: tp.settings.policy.gates(), checks: crate::facts::CheckSet::of(&tp.checks) }
    }
}

/// Rows per INSERT statement: one statement per row would spend most of its
/// time crossing into SQLite; 18 columns × 500 rows stays below SQLite's
/// limit of 32,766 parameters.
const ROWS_PER_STATEMENT: usize = 500;
const COLUMNS: &str = "id, touchpoint_id, external_id, output, input, model, metadata_json, produced_at, received_at,
    content_hash, length, status, source, submitted_by, booking_resource, booking_starts_at, booking_ends_at, booking_customer";
const PLACEHOLDERS: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

fn status_for(target: Target) -> Status {
    if target.gates {
        Status::Pending
    } else {
        Status::Received
    }
}

fn insert_sql(rows: usize) -> String {
    let values = vec![PLACEHOLDERS; rows].join(", ");
    format!("INSERT INTO outputs ({COLUMNS}) VALUES {values} ON CONFLICT (touchpoint_id, external_id) DO NOTHING RETURNING id")
}

type Scalar<'q> = sqlx::query::QueryScalar<'q, sqlx::Sqlite, i64, sqlx::sqlite::SqliteArguments<'q>>;

fn bind_row<'q>(q: Scalar<'q>, id: i64, target: Target, new: &'q NewOutput, now: DateTime<Utc>) -> Scalar<'q> {
    let booking = new.booking.as_ref();
    q.bind(id)
        .bind(target.id)
        .bind(&new.external_id)
        .bind(&new.output)
        .bind(&new.input)
        .bind(&new.model)
        .bind(&new.metadata)
        .bind(new.produced_at)
        .bind(now)
        .bind(hex::encode(Sha256::digest(new.output.as_bytes())))
        .bind(new.output.chars().count() as i64)
        .bind(status_for(target))
        .bind(new.source)
        .bind(new.submitted_by)
        .bind(booking.map(|b| &b.resource))
        .bind(booking.map(|b| b.starts_at))
        .bind(booking.map(|b| b.ends_at))
        .bind(booking.and_then(|b| b.customer.as_ref()))
}

/// Stores each output unless its external id is already there (then reports
/// the first one), on the caller's transaction, in order.
///
/// Ids are handed out here (after the highest one) so that each row of a
/// multi-row INSERT is known without relying on RETURNING's order. That is
/// safe because outputs are only ever written through the `Ingestor`'s single
/// connection; anything else would fail loudly on the primary key, never
/// silently.
pub(super) async fn insert_many(
    conn: &mut SqliteConnection,
    items: &[(Target, &NewOutput)],
    now: DateTime<Utc>,
) -> Result<Vec<Stored>> {
    let mut next: i64 =
        sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM outputs").fetch_one(&mut *conn).await? + 1;
    let mut out = Vec::with_capacity(items.len());
    for chunk in items.chunks(ROWS_PER_STATEMENT) {
        let sql = insert_sql(chunk.len());
        let first = next;
        let mut q = sqlx::query_scalar::<_, i64>(&sql);
        for (target, new) in chunk {
            q = bind_row(q, next, *target, new, now);
            next += 1;
        }
        let inserted: std::collections::HashSet<i64> = q.fetch_all(&mut *conn).await?.into_iter().collect();
        for (offset, (target, new)) in chunk.iter().enumerate() {
            let id = first + offset as i64;
            if inserted.contains(&id) {
                out.push(Stored {
                    id,
                    status: status_for(*target),
                    duplicate: false,
                    conflicts: vec![],
                    findings: vec![],
                });
            } else {
                let (id, status): (i64, Status) =
                    sqlx::query_as("SELECT id, status FROM outputs WHERE touchpoint_id = ? AND external_id = ?")
                        .bind(target.id)
                        .bind(&new.external_id)
                        .fetch_one(&mut *conn)
                        .await?;
                out.push(Stored { id, status, duplicate: true, conflicts: vec![], findings: vec![] });
            }
        }
    }
    Ok(out)
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
    /// Once reviewed: pass, needs_fix or fail.
    pub verdict: Option<String>,
    /// Once reviewed, the text a reviewer corrected it to, if any.
    pub corrected_text: Option<String>,
    /// For a held output: where the approval stands, and once approved the
    /// text to send.
    #[sqlx(skip)]
    pub approval: Option<crate::gate::GateStatus>,
}

/// The output `id` if it belongs to touchpoint `touchpoint_id`.
pub async fn get_for_touchpoint(db: &Db, touchpoint_id: i64, id: i64) -> Result<Option<OutputRecord>> {
    let record = sqlx::query_as::<_, OutputRecord>(
        "SELECT o.id, o.external_id, o.status, o.produced_at, o.received_at, o.model, v.verdict, v.corrected_text
         FROM outputs o LEFT JOIN verdicts v ON v.output_id = o.id
         WHERE o.id = ? AND o.touchpoint_id = ?",
    )
    .bind(id)
    .bind(touchpoint_id)
    .fetch_optional(db)
    .await?;
    match record {
        Some(r) => Ok(Some(OutputRecord { approval: crate::gate::status(db, r.id).await?, ..r })),
        None => Ok(None),
    }
}
