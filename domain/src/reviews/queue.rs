//! Reading the queue: progress, the next item, and one item with all a
//! reviewer needs beside it.

pub use model::review::{Given, ItemView, Progress, WeekProgress};

use chrono::{DateTime, Utc};

use super::{verdict::reserve, Verdict, SECONDS_PER_CHECK};
use crate::{touchpoints, users::User, Db, DomainError, Result};

/// The queue for `user`: every sampled or flagged item without a verdict,
/// whatever week it came from (nothing leaves the queue except by a
/// verdict), with each such week's progress, oldest week first.
pub async fn progress(db: &Db, user_id: i64) -> Result<Progress> {
    // From the per-week counts the triggers keep, not a scan of the items.
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT week, SUM(sampled + flagged), SUM(reviewed + flagged_reviewed) FROM review_weeks
         GROUP BY week
         HAVING SUM(sampled + flagged) > SUM(reviewed + flagged_reviewed)
             OR week = (SELECT MAX(week) FROM review_weeks WHERE sampled + flagged > 0)
         ORDER BY week",
    )
    .fetch_all(db)
    .await?;
    let mut p = Progress::default();
    for (week, total, done) in rows.into_iter().filter(|r| r.1 > 0) {
        p.total += total as u64;
        p.done += done as u64;
        if p.week.is_none() && total > done {
            p.week = Some(week.clone());
        }
        p.weeks.push(WeekProgress { week, total: total as u64, done: done as u64 });
    }
    p.next = next_item(db, user_id).await?;
    let Some(oldest) = p.weeks.first().map(|w| w.week.clone()) else { return Ok(p) };
    // Per-week counts the triggers keep (migration 22), not a join.
    let mine: Vec<(String, i64)> =
        sqlx::query_as("SELECT week, reviewed FROM reviewer_weeks WHERE reviewer_id = ? AND week >= ?")
            .bind(user_id)
            .bind(&oldest)
            .fetch_all(db)
            .await?;
    p.mine = mine.iter().filter(|(w, _)| p.weeks.iter().any(|x| &x.week == w)).map(|(_, n)| *n as u64).sum();
    if p.week.is_none() {
        p.week = p.weeks.last().map(|w| w.week.clone());
    }
    p.minutes_left = ((p.total - p.done) * SECONDS_PER_CHECK).div_ceil(60);
    Ok(p)
}

/// The first item that `user` may review now, oldest week first: no
/// verdict yet, not held by someone else, not pasted in by them. Only weeks
/// the triggers' counts say are unfinished are searched, so a long history
/// of reviewed weeks is never walked.
pub async fn next_item(db: &Db, user_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT r.id FROM review_items r JOIN outputs o ON o.id = r.output_id
         WHERE r.week IN (SELECT week FROM review_weeks GROUP BY week
                          HAVING SUM(sampled + flagged) > SUM(reviewed + flagged_reviewed))
           AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.output_id = r.output_id)
           AND (r.reserved_by IS NULL OR r.reserved_by = ? OR r.reserved_until <= ?)
           AND (o.submitted_by IS NULL OR o.submitted_by != ?)
         ORDER BY r.week, r.id LIMIT 1",
    )
    .bind(user_id)
    .bind(Utc::now())
    .bind(user_id)
    .fetch_optional(db)
    .await?)
}

type ItemRow = (i64, String, String, i64, i64, String, Option<String>, Option<String>, DateTime<Utc>, Option<i64>);

/// Opens an item for `user`, reserving it for 15 minutes unless it already
/// has a verdict. Refused while someone else holds it, and for the person who
/// pasted the output in.
pub async fn open_item(db: &Db, user: &User, item_id: i64) -> Result<ItemView> {
    let row: Option<ItemRow> = sqlx::query_as(
        "SELECT r.id, r.week, r.reason, r.touchpoint_id, o.id, o.output, o.input, o.model, o.produced_at, o.submitted_by
         FROM review_items r JOIN outputs o ON o.id = r.output_id WHERE r.id = ?",
    )
    .bind(item_id)
    .fetch_optional(db)
    .await?;
    let Some((item_id, week, reason, touchpoint_id, output_id, output, input, model, produced_at, submitted_by)) = row
    else {
        return Err(DomainError::NotFound(format!("Review item {item_id}")));
    };
    if submitted_by == Some(user.id) {
        return Err(DomainError::Forbidden(
            "You pasted this output in yourself, so someone else must review it.".into(),
        ));
    }
    let given: Option<(Verdict, String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT v.verdict, v.categories_json, v.checklist_json, v.note, v.corrected_text, u.name
         FROM verdicts v JOIN users u ON u.id = v.reviewer_id WHERE v.output_id = ?",
    )
    .bind(output_id)
    .fetch_optional(db)
    .await?;
    if given.is_none() && !reserve(db, user.id, item_id).await? {
        return Err(DomainError::Conflict("Someone else is reviewing this item right now. Try the next one.".into()));
    }
    let tp = touchpoints::get(db, touchpoint_id).await?;
    // Where the item stands in its week, counted on the (week, id) index
    // instead of reading the week's ids (7 ms for a week of 5,000 items).
    let (before, total, previous, next): (i64, i64, Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM review_items WHERE week = ?1 AND id < ?2),
                (SELECT COUNT(*) FROM review_items WHERE week = ?1),
                (SELECT MAX(id) FROM review_items WHERE week = ?1 AND id < ?2),
                (SELECT MIN(id) FROM review_items WHERE week = ?1 AND id > ?2)",
    )
    .bind(&week)
    .bind(item_id)
    .fetch_one(db)
    .await?;
    Ok(ItemView {
        item_id,
        week,
        reason,
        touchpoint_id,
        touchpoint: tp.settings.name,
        output,
        input,
        model,
        produced_at,
        guidelines: tp.settings.guidelines,
        checklist: tp.settings.checklist,
        findings: crate::facts::findings_of(db, output_id).await?,
        given: given.map(|(verdict, categories, checked, note, corrected, reviewer)| Given {
            verdict,
            categories: serde_json::from_str(&categories).unwrap_or_default(),
            checked: serde_json::from_str(&checked).unwrap_or_default(),
            note,
            corrected_text: corrected.unwrap_or_default(),
            reviewer,
        }),
        position: before as u64 + 1,
        total: total as u64,
        previous,
        next,
    })
}
