//! Verdicts: pass / needs fix / fail, with finding categories, checklist
//! ticks, a note and optionally the corrected text.

pub use model::review::{Category, Verdict};

use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::{audit, users::Role, users::User, Db, DomainError, Result};

/// A verdict as a reviewer gives it (text, checked here).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VerdictInput {
    pub verdict: String,
    pub categories: Vec<String>,
    /// Indexes of the checklist items the output meets.
    pub checked: Vec<usize>,
    pub note: String,
    pub corrected_text: String,
}

struct Checked {
    verdict: Verdict,
    categories: Vec<Category>,
    checked: Vec<usize>,
    note: String,
    corrected: Option<String>,
}

fn check(input: VerdictInput) -> Result<Checked> {
    if input.verdict.trim().is_empty() {
        return Err(DomainError::invalid("verdict", "Choose pass, needs fix or fail."));
    }
    let verdict: Verdict = input.verdict.parse()?;
    let categories = input.categories.iter().map(|c| c.parse()).collect::<Result<Vec<Category>, _>>()?;
    let note = crate::validate::optional_text("note", "The note", &input.note, 5000)?;
    if verdict == Verdict::Fail && note.is_empty() {
        return Err(DomainError::invalid("note", "Write a short note: what is wrong with this output?"));
    }
    let corrected =
        crate::validate::optional_text("corrected_text", "The corrected text", &input.corrected_text, 100_000)?;
    Ok(Checked {
        verdict,
        categories,
        checked: input.checked,
        note,
        corrected: (!corrected.is_empty()).then_some(corrected),
    })
}

/// (output, reserved by, reserved until, pasted in by) of a queue item.
type ItemRow = (i64, Option<i64>, Option<chrono::DateTime<Utc>>, Option<i64>);

/// Stores (or, for its author or an owner, changes) the verdict on a queue
/// item. Refused while someone else holds the item, for the person who
/// pasted the output in, and for anything not in a queue.
pub async fn submit(db: &Db, user: &User, item_id: i64, input: VerdictInput) -> Result<()> {
    let c = check(input)?;
    let mut tx = crate::db::begin_write(db).await?;
    let item: Option<ItemRow> = sqlx::query_as(
        "SELECT r.output_id, r.reserved_by, r.reserved_until, o.submitted_by
         FROM review_items r JOIN outputs o ON o.id = r.output_id WHERE r.id = ?",
    )
    .bind(item_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((output_id, reserved_by, reserved_until, submitted_by)) = item else {
        return Err(DomainError::NotFound(format!("Review item {item_id}")));
    };
    if submitted_by == Some(user.id) {
        return Err(DomainError::Forbidden(
            "You pasted this output in yourself, so someone else must review it.".into(),
        ));
    }
    let now = Utc::now();
    if reserved_by.is_some_and(|by| by != user.id) && reserved_until.is_some_and(|t| t > now) {
        return Err(DomainError::Conflict("Someone else is reviewing this item right now.".into()));
    }
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT reviewer_id, verdict FROM verdicts WHERE output_id = ?")
            .bind(output_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((author, _)) = &existing {
        if *author != user.id && user.role != Role::Owner {
            return Err(DomainError::Forbidden(
                "Only the person who gave this verdict, or an owner, can change it.".into(),
            ));
        }
    }
    let categories = serde_json::to_string(&c.categories).unwrap_or_else(|_| "[]".into());
    let checked = serde_json::to_string(&c.checked).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO verdicts (output_id, review_item_id, reviewer_id, verdict, categories_json, checklist_json, note, corrected_text, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (output_id) DO UPDATE SET reviewer_id = excluded.reviewer_id, verdict = excluded.verdict,
            categories_json = excluded.categories_json, checklist_json = excluded.checklist_json, note = excluded.note,
            corrected_text = excluded.corrected_text, updated_at = excluded.updated_at",
    )
    .bind(output_id)
    .bind(item_id)
    .bind(user.id)
    .bind(c.verdict)
    .bind(&categories)
    .bind(&checked)
    .bind(&c.note)
    .bind(&c.corrected)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE review_items SET reserved_by = NULL, reserved_until = NULL WHERE id = ?")
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
    let after = serde_json::json!({"verdict": c.verdict, "categories": c.categories, "note": c.note});
    let event = match existing {
        Some((_, before)) => audit::Event::new("verdict.change", "output", output_id).before(before).after(after),
        None => audit::Event::new("verdict.create", "output", output_id).after(after),
    };
    audit::record(&mut tx, &user.actor(), event).await?;
    tx.commit().await?;
    Ok(())
}

/// Reserves an item for `user` unless someone else holds it.
pub(super) async fn reserve(db: &Db, user_id: i64, item_id: i64) -> Result<bool> {
    let now = Utc::now();
    let done = sqlx::query(
        "UPDATE review_items SET reserved_by = ?, reserved_until = ?
         WHERE id = ? AND (reserved_by IS NULL OR reserved_by = ? OR reserved_until <= ?)",
    )
    .bind(user_id)
    .bind(now + Duration::minutes(super::RESERVATION_MINUTES))
    .bind(item_id)
    .bind(user_id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_and_sent_text_is_the_same_as_parsed_text() {
        for v in Verdict::ALL {
            assert_eq!(serde_json::to_value(v).unwrap(), serde_json::json!(v.as_str()));
        }
        for c in Category::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), serde_json::json!(c.as_str()));
            assert_eq!(c.as_str().parse::<Category>().unwrap(), *c);
        }
    }
}
