//! A reviewer's "not a problem" on a finding: the finding is kept (the
//! output still shows it, struck through), the mark is audited, and the
//! weekly figures count it against the check.

use chrono::Utc;

use crate::{audit, validate, Actor, Db, DomainError, Result};

/// Marks finding `id` "not a problem" with an optional note; marking it
/// twice is refused so the first person's reason stands.
pub async fn dismiss(db: &Db, actor: &Actor, id: i64, note: &str) -> Result<()> {
    let Some(user) = actor.user_id() else {
        return Err(DomainError::Forbidden("Only a person can mark a finding as not a problem.".into()));
    };
    let note = validate::optional_text("note", "The note", note, 1000)?;
    let mut tx = crate::db::begin_write(db).await?;
    let found: Option<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT output_id, check_name, message, dismissed_at FROM findings WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((output_id, check, message, dismissed_at)) = found else {
        return Err(DomainError::NotFound(format!("Finding {id}")));
    };
    if dismissed_at.is_some() {
        return Err(DomainError::Conflict("Someone has already marked this finding as not a problem.".into()));
    }
    sqlx::query("UPDATE findings SET dismissed_by = ?, dismissed_at = ?, dismiss_note = ? WHERE id = ?")
        .bind(user)
        .bind(Utc::now())
        .bind(&note)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let event = audit::Event::new("finding.dismiss", "finding", id)
        .before(serde_json::json!({"output_id": output_id, "check": check, "message": message}))
        .after(serde_json::json!({"not_a_problem": true, "note": note}));
    audit::record(&mut tx, actor, event).await?;
    tx.commit().await?;
    Ok(())
}
