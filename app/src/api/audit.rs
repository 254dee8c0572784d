//! The owner's audit log reader.

use leptos::prelude::*;

use crate::error::AppError;

pub use model::audit::Entry;

pub const PAGE_SIZE: u32 = 100;

/// Newest first; pass the last id seen to get older rows.
#[server(endpoint = "audit/list")]
pub async fn list_audit(before_id: Option<i64>) -> Result<Vec<Entry>, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    Ok(domain::audit::list(&ssr::db()?, before_id, PAGE_SIZE).await?)
}
