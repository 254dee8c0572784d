//! Retention: every night, the text of outputs produced more than the
//! business's `keep_text_months` ago is removed, a thousand at a time so
//! ingest never waits long for the write lock.

use chrono::{DateTime, Months, Utc};

use super::{remove_text, Why};
use crate::{audit, Actor, Db, Result};

const BATCH: i64 = 1000;

/// Removes what is past the limit at `now`; returns how many texts went.
pub async fn run(db: &Db, months: u32, now: DateTime<Utc>) -> Result<u64> {
    if months == 0 {
        return Ok(0);
    }
    let Some(cutoff) = now.checked_sub_months(Months::new(months)) else { return Ok(0) };
    let mut total = 0;
    loop {
        let mut tx = crate::db::begin_write(db).await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM outputs WHERE text_removed_at IS NULL AND produced_at < ?1 ORDER BY id LIMIT ?2",
        )
        .bind(cutoff)
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            break;
        }
        total += remove_text(&mut tx, &ids, Why::Retention { months }, now).await?;
        tx.commit().await?;
    }
    if total > 0 {
        let mut tx = crate::db::begin_write(db).await?;
        let event = audit::Event::new("outputs.retention", "outputs", "")
            .after(serde_json::json!({"texts_removed": total, "older_than_months": months}));
        audit::record(&mut tx, &Actor::System, event).await?;
        tx.commit().await?;
    }
    Ok(total)
}
