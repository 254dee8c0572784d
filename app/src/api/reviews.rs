//! The review queue's server functions: any logged-in person reviews.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueProgress {
    /// The oldest week with work left.
    pub week: Option<String>,
    /// (week, items, done): every week with work left, oldest first.
    pub weeks: Vec<(String, u64, u64)>,
    pub total: u64,
    pub done: u64,
    pub mine: u64,
    pub minutes_left: u64,
    /// The next item this person may review.
    pub next: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GivenVerdict {
    pub verdict: String,
    pub categories: Vec<String>,
    pub checked: Vec<usize>,
    pub note: String,
    pub corrected_text: String,
    pub reviewer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub item_id: i64,
    pub week: String,
    pub reason: String,
    pub touchpoint: String,
    pub output: String,
    pub input: Option<String>,
    pub model: Option<String>,
    pub produced_at: String,
    pub guidelines: String,
    pub checklist: Vec<String>,
    pub given: Option<GivenVerdict>,
    pub position: u64,
    pub total: u64,
    pub previous: Option<i64>,
    pub next: Option<i64>,
}

/// (value, label) of every finding category, in the order shown.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("inaccurate", "Inaccurate"),
    ("wrong_number", "Wrong price or number"),
    ("off_brand", "Off-brand tone"),
    ("policy_legal", "Policy or legal"),
    ("privacy_leak", "Privacy leak"),
    ("made_up_promise", "Made-up promise"),
    ("scheduling_conflict", "Scheduling conflict"),
    ("other", "Other"),
];

#[server(endpoint = "reviews/progress")]
pub async fn get_queue_progress() -> Result<QueueProgress, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    let db = ssr::db()?;
    let p = domain::reviews::progress(&db, me.id).await?;
    let next = domain::reviews::next_item(&db, me.id).await?;
    let weeks = p.weeks.into_iter().map(|w| (w.week, w.total, w.done)).collect();
    Ok(QueueProgress { week: p.week, weeks, total: p.total, done: p.done, mine: p.mine, minutes_left: p.minutes_left, next })
}

/// Opens (and reserves) one item.
#[server(endpoint = "reviews/item")]
pub async fn open_review_item(id: i64) -> Result<ReviewItem, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    let v = domain::reviews::open_item(&ssr::db()?, &me, id).await?;
    // Same fields and serde shape as the domain's view.
    ssr::reshape(v)
}

/// Stores the verdict and returns the next item to review, if any.
#[server(endpoint = "reviews/verdict")]
pub async fn save_verdict(
    item_id: i64,
    verdict: String,
    #[server(default)] categories: Vec<String>,
    #[server(default)] checked: Vec<usize>,
    #[server(default)] note: String,
    #[server(default)] corrected_text: String,
) -> Result<Option<i64>, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    let db = ssr::db()?;
    let input = domain::reviews::VerdictInput { verdict, categories, checked, note, corrected_text };
    domain::reviews::submit(&db, &me, item_id, input).await?;
    Ok(domain::reviews::next_item(&db, me.id).await?)
}
