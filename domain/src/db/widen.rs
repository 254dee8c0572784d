//! Widening a CHECK constraint in place: `source` takes 'mailbox', an
//! alert's `kind` takes 'capture', an import's `format` takes 'eml'.
//!
//! SQLite cannot alter a constraint, and its usual way (rebuild the table
//! with foreign keys off) cannot run inside a migration's transaction, which
//! is how sqlx runs every SQLite migration. Widening a CHECK changes nothing
//! on disk (every stored row satisfies the wider rule), so this uses the way
//! SQLite documents for such changes (ALTER TABLE, "making other kinds of
//! table schema changes"): edit the table's SQL text with `writable_schema`
//! and bump `schema_version` in one transaction, so every connection reloads
//! the schema. It runs after the migrations and only where a table still
//! has the narrow rule, so it is a no-op once done.

use sqlx::Connection;

use super::Db;

/// (table, the rule's end as first created, the same end widened).
const WIDENINGS: &[(&str, &str, &str)] = &[
    ("outputs", "'paste')", "'paste', 'mailbox')"),
    ("alerts", "'escalation')", "'escalation', 'capture')"),
    ("imports", "'ics')", "'ics', 'eml', 'sheet')"),
];

pub async fn widen_checks(db: &Db) -> Result<(), sqlx::Error> {
    let mut conn = db.acquire().await?;
    let mut pending = Vec::new();
    for (table, narrow, wide) in WIDENINGS {
        let sql: Option<String> = sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")
            .bind(table)
            .fetch_optional(&mut *conn)
            .await?;
        if sql.is_some_and(|s| s.contains(narrow) && !s.contains(wide)) {
            pending.push((table, narrow, wide));
        }
    }
    if pending.is_empty() {
        return Ok(());
    }
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    let version: i64 = sqlx::query_scalar("PRAGMA schema_version").fetch_one(&mut *tx).await?;
    sqlx::query("PRAGMA writable_schema = ON").execute(&mut *tx).await?;
    for (table, narrow, wide) in &pending {
        sqlx::query("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?")
            .bind(narrow)
            .bind(wide)
            .bind(table)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(&format!("PRAGMA schema_version = {}", version + 1)).execute(&mut *tx).await?;
    sqlx::query("PRAGMA writable_schema = OFF").execute(&mut *tx).await?;
    tx.commit().await?;
    // This connection parsed the old schema; close it rather than reuse it.
    conn.detach().close().await?;
    Ok(())
}
