//! The review queue's server functions: any logged-in person reviews.

use leptos::prelude::*;

pub use model::review::{Category, Given, ItemView, Progress, Verdict, WeekProgress};

use crate::error::AppError;

#[server(endpoint = "reviews/progress")]
pub async fn get_queue_progress() -> Result<Progress, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    Ok(domain::reviews::progress(&ssr::db()?, me.id).await?)
}

/// Opens (and reserves) one item.
#[server(endpoint = "reviews/item")]
pub async fn open_review_item(id: i64) -> Result<ItemView, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    Ok(domain::reviews::open_item(&ssr::db()?, &me, id).await?)
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
