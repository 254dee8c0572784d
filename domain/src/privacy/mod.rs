//! Stored customer text is a liability: retention removes the text of old
//! outputs every night, and `forget` removes the text of every output that
//! mentions one person's email address or phone number. Both keep the row,
//! its figures (length, daily features, findings' counts), its verdict and
//! its approvals, and the audit log records how many, never what. Backups
//! are left as they are.

mod forget;
mod retention;

pub use forget::{forget, Person};
pub use retention::run as apply_retention;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use crate::Result;

/// Why a text went: shown in its place, so every page and export says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Retention { months: u32 },
    Forget,
}

impl Why {
    fn marker(self) -> String {
        match self {
            Why::Retention { months } => format!("[Text removed after {months} months]"),
            Why::Forget => "[Text removed at a person's request]".to_string(),
        }
    }

    fn code(self) -> &'static str {
        match self {
            Why::Retention { .. } => "retention",
            Why::Forget => "forget",
        }
    }
}

/// Replaces the texts of `ids` (output, input, the reviewer's correction,
/// an approver's edit, a booking's customer and the captured mail's
/// headers) with the marker; returns how many changed.
async fn remove_text(conn: &mut SqliteConnection, ids: &[i64], why: Why, now: DateTime<Utc>) -> Result<u64> {
    let mut changed = 0;
    for id in ids {
        changed += sqlx::query(
            "UPDATE outputs SET output = ?1, input = NULL, metadata_json = NULL, booking_customer = NULL,
                    text_removed_at = ?2, text_removed_why = ?3
             WHERE id = ?4",
        )
        .bind(why.marker())
        .bind(now)
        .bind(why.code())
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        sqlx::query("UPDATE verdicts SET corrected_text = NULL WHERE output_id = ?1 AND corrected_text IS NOT NULL")
            .bind(id)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE approvals SET edited_text = NULL WHERE output_id = ?1 AND edited_text IS NOT NULL")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(changed)
}
