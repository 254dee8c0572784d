//! What the reviews found on a touchpoint: the top finding categories, the
//! latest failures, and failure rates before and after the latest model change.

pub use model::quality::{BeforeAfter, Failure};

use chrono::{DateTime, Utc};

use crate::{reviews::Category, Db, Result};

/// Reviews after a model change before the comparison is worth showing.
pub const ENOUGH_AFTER: i64 = 20;

/// Finding categories by how often reviewers chose them, most first.
pub async fn top_categories(db: &Db, tp: i64, limit: usize) -> Result<Vec<(String, i64)>> {
    let lists: Vec<String> = sqlx::query_scalar(
        "SELECT v.categories_json FROM review_items r JOIN verdicts v ON v.output_id = r.output_id
         WHERE r.touchpoint_id = ? AND v.verdict != 'pass'",
    )
    .bind(tp)
    .fetch_all(db)
    .await?;
    let mut counts: Vec<(Category, i64)> = Vec::new();
    for list in lists {
        for c in serde_json::from_str::<Vec<Category>>(&list).unwrap_or_default() {
            match counts.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => counts.push((c, 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    Ok(counts.into_iter().take(limit).map(|(c, n)| (c.label().to_string(), n)).collect())
}

pub async fn latest_failures(db: &Db, tp: i64, limit: i64) -> Result<Vec<Failure>> {
    Ok(sqlx::query_as::<_, Failure>(
        "SELECT r.id AS item_id, r.week, v.verdict, v.note, substr(o.output, 1, 140) AS excerpt, v.updated_at AS reviewed_at
         FROM verdicts v JOIN review_items r ON r.output_id = v.output_id JOIN outputs o ON o.id = v.output_id
         WHERE r.touchpoint_id = ? AND v.verdict != 'pass' ORDER BY v.updated_at DESC, v.id DESC LIMIT ?",
    )
    .bind(tp)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

pub async fn before_after(db: &Db, tp: i64) -> Result<Option<BeforeAfter>> {
    let change: Option<(Option<String>, Option<String>, DateTime<Utc>)> = sqlx::query_as(
        "SELECT from_model, to_model, happened_at FROM inspection_events
         WHERE touchpoint_id = ? AND kind = 'model_changed' ORDER BY happened_at DESC, id DESC LIMIT 1",
    )
    .bind(tp)
    .fetch_optional(db)
    .await?;
    let Some((from, to, at)) = change else { return Ok(None) };
    let counts: Vec<(bool, i64, i64)> = sqlx::query_as(
        "SELECT o.produced_at >= ?, COUNT(*), COALESCE(SUM(v.verdict != 'pass'), 0)
         FROM review_items r JOIN verdicts v ON v.output_id = r.output_id JOIN outputs o ON o.id = r.output_id
         WHERE r.touchpoint_id = ? GROUP BY 1",
    )
    .bind(at)
    .bind(tp)
    .fetch_all(db)
    .await?;
    let side = |after: bool| counts.iter().find(|c| c.0 == after).map_or((0, 0), |c| (c.1, c.2));
    let change = match (from, to) {
        (Some(f), Some(t)) => format!("{f} → {t}"),
        _ => "the vendor's announced update".into(),
    };
    let band = |(n, x): (i64, i64)| stats::quality::wilson(x as u64, n as u64, stats::quality::Z95);
    let (before, after) = (side(false), side(true));
    Ok(Some(BeforeAfter {
        change,
        at,
        before,
        after,
        before_band: band(before),
        after_band: band(after),
        more_needed: (ENOUGH_AFTER - after.0).max(0),
    }))
}
