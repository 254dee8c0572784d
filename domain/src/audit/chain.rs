//! The audit log's hash chain. Each row's `hash` is the SHA-256 of what
//! the row records (its id, time, actor, action, object and before/after)
//! and of the row before it, so changing, inserting or removing a row in
//! the SQLite file behind the app's back breaks the chain from there on.
//! Only what the audit row itself records is hashed: removing an output's
//! text later (retention, `forget`) leaves the chain whole.

use futures::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use crate::{Db, Result};

/// The row exactly as it is stored (its time as SQLite's text), every
/// field that is hashed; the export reads it too.
#[derive(sqlx::FromRow)]
pub(crate) struct Stored {
    pub id: i64,
    pub at: String,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

pub(crate) const COLUMNS: &str =
    "id, at, actor_user_id, actor, action, object_type, object_id, before_json, after_json, prev_hash, hash";

/// The hash a row must carry after `prev` (the row before's hash, "" for the first).
fn hash_of(r: &Stored, prev: &str) -> String {
    let fields = serde_json::json!([
        r.id,
        r.at,
        r.actor_user_id,
        r.actor,
        r.action,
        r.object_type,
        r.object_id,
        r.before_json,
        r.after_json,
        prev
    ]);
    hex::encode(Sha256::digest(fields.to_string().as_bytes()))
}

/// Chains the row just inserted as `id` onto the row before it. Runs in
/// the caller's transaction, after the insert took the write lock, so no
/// other row can come between.
pub(super) async fn link(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    let row: Stored = sqlx::query_as(&format!("SELECT {COLUMNS} FROM audit_log WHERE id = ?1"))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let prev: Option<Option<String>> =
        sqlx::query_scalar("SELECT hash FROM audit_log WHERE id < ?1 ORDER BY id DESC LIMIT 1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let prev = prev.flatten().unwrap_or_default();
    sqlx::query("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")
        .bind(&prev)
        .bind(hash_of(&row, &prev))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Chains the rows an earlier release wrote, once: only while no row has a
/// hash yet, so a hash blanked later is reported by [`verify`], never
/// silently re-made.
pub async fn chain_legacy(db: &Db) -> Result<u64> {
    let mut tx = crate::db::begin_write(db).await?;
    let hashed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE hash IS NOT NULL").fetch_one(&mut *tx).await?;
    if hashed > 0 {
        return Ok(0);
    }
    let rows: Vec<Stored> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM audit_log ORDER BY id")).fetch_all(&mut *tx).await?;
    let mut prev = String::new();
    for r in &rows {
        let hash = hash_of(r, &prev);
        sqlx::query("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")
            .bind(&prev)
            .bind(&hash)
            .bind(r.id)
            .execute(&mut *tx)
            .await?;
        prev = hash;
    }
    tx.commit().await?;
    Ok(rows.len() as u64)
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Rows checked, in order, up to the first that does not fit.
    pub checked: u64,
    /// The first row that does not fit, and why.
    pub broken: Option<(i64, &'static str)>,
}

/// Walks the whole log in order (streamed: flat memory on a long log).
pub async fn verify(db: &Db) -> Result<Verdict> {
    let query = format!("SELECT {COLUMNS} FROM audit_log ORDER BY id");
    let mut rows = sqlx::query_as::<_, Stored>(&query).fetch(db);
    let mut prev = String::new();
    let mut checked = 0;
    while let Some(r) = rows.try_next().await? {
        let why = match (&r.prev_hash, &r.hash) {
            (None, _) | (_, None) => Some("it has no hash"),
            (Some(p), _) if *p != prev => Some("it does not follow the entry before it (one was removed or changed)"),
            (_, Some(h)) if *h != hash_of(&r, &prev) => Some("its content was changed"),
            _ => None,
        };
        if let Some(why) = why {
            return Ok(Verdict { checked, broken: Some((r.id, why)) });
        }
        prev = r.hash.unwrap_or_default();
        checked += 1;
    }
    Ok(Verdict { checked, broken: None })
}
