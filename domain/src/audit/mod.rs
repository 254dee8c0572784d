//! The audit log: who did what to which object, when, with before/after.
//! Every change of a role, verdict, policy or stage is recorded here, inside
//! the same transaction as the change itself, and chained by hash
//! (`chain.rs`) so a change behind the app's back is detected.

pub mod chain;

pub use model::audit::Entry;

use chrono::Utc;
use serde::Serialize;
use serde_json::Value;
use sqlx::SqliteConnection;

use crate::{Actor, Db, Result};

/// One change to record.
pub struct Event<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl<'a> Event<'a> {
    pub fn new(action: &'a str, object_type: &'a str, object_id: impl ToString) -> Self {
        Event { action, object_type, object_id: object_id.to_string(), before: None, after: None }
    }

    pub fn before(mut self, v: impl Serialize) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }

    pub fn after(mut self, v: impl Serialize) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }
}

/// Writes one audit row on `conn` (pass the transaction of the change)
/// and chains it onto the row before.
pub async fn record(conn: &mut SqliteConnection, actor: &Actor, event: Event<'_>) -> Result<()> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO audit_log (at, actor_user_id, actor, action, object_type, object_id, before_json, after_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(Utc::now())
    .bind(actor.user_id())
    .bind(actor.label())
    .bind(event.action)
    .bind(event.object_type)
    .bind(&event.object_id)
    .bind(event.before.map(|v| v.to_string()))
    .bind(event.after.map(|v| v.to_string()))
    .fetch_one(&mut *conn)
    .await?;
    chain::link(conn, id).await
}

/// Newest first, `limit` rows older than `before_id` (for paging).
pub async fn list(db: &Db, before_id: Option<i64>, limit: u32) -> Result<Vec<Entry>> {
    let rows = sqlx::query_as::<_, Entry>(
        "SELECT id, at, actor, action, object_type, object_id, before_json, after_json
         FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?",
    )
    .bind(before_id.unwrap_or(i64::MAX))
    .bind(limit.min(500))
    .fetch_all(db)
    .await?;
    Ok(rows)
}
