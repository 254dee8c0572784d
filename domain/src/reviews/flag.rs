//! Putting an output in the review queue because something flagged it (a
//! double booking, a fact check): under its own week, outside the random
//! sample, so it never moves the figures. A second reason is added to the
//! first; a later random pick of the same output keeps both.

use sqlx::SqliteConnection;

use crate::Result;

pub(crate) async fn flag(conn: &mut SqliteConnection, tp: i64, output_id: i64, week: &str, reason: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO review_items (output_id, touchpoint_id, week, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (output_id) DO UPDATE SET reason = reason || '; ' || excluded.reason
         WHERE instr(review_items.reason, excluded.reason) = 0",
    )
    .bind(output_id)
    .bind(tp)
    .bind(week)
    .bind(reason)
    .bind(chrono::Utc::now())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE outputs SET status = 'sampled' WHERE id = ? AND status = 'received'")
        .bind(output_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
