//! The audit log with its hash chain, oldest first, for an auditor to
//! check with `secondlook audit verify` or their own SHA-256.

use futures::TryStreamExt;
use serde::Serialize;
use tokio::sync::mpsc;

use super::{iso, stored_time, Out, Request};
use crate::{audit::chain::Stored, Db, Result};

#[derive(Serialize)]
struct Record {
    id: i64,
    at: String,
    actor: String,
    action: String,
    object_type: String,
    object_id: Option<String>,
    before: Option<String>,
    after: Option<String>,
    prev_hash: Option<String>,
    hash: Option<String>,
}

pub const HEADER: &[&str] =
    &["id", "at", "actor", "action", "object_type", "object_id", "before", "after", "prev_hash", "hash"];

pub(super) async fn write(db: &Db, req: &Request, tx: &mpsc::Sender<Result<Vec<u8>>>) -> Result<()> {
    let mut out = Out::start(tx, req.format, HEADER)?;
    let query = format!(
        "SELECT {} FROM audit_log WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2) ORDER BY id",
        crate::audit::chain::COLUMNS
    );
    let mut rows = sqlx::query_as::<_, Stored>(&query).bind(req.from).bind(req.until).fetch(db);
    while let Some(r) = rows.try_next().await? {
        let r = Record {
            id: r.id,
            at: iso(stored_time(&r.at), req.tz),
            actor: r.actor,
            action: r.action,
            object_type: r.object_type,
            object_id: r.object_id,
            before: r.before_json,
            after: r.after_json,
            prev_hash: r.prev_hash,
            hash: r.hash,
        };
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells = [
            r.id.to_string(),
            r.at.clone(),
            r.actor.clone(),
            r.action.clone(),
            r.object_type.clone(),
            o(&r.object_id),
            o(&r.before),
            o(&r.after),
            o(&r.prev_hash),
            o(&r.hash),
        ];
        if !out.put(&cells, &r).await? {
            return Ok(());
        }
    }
    out.send().await;
    Ok(())
}
