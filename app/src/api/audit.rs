//! The owner's audit log reader.

use leptos::prelude::*;

use crate::error::AppError;

pub use model::audit::{ChainState, Entry};

pub const PAGE_SIZE: u32 = 100;

/// Newest first; pass the last id seen to get older rows.
#[server(endpoint = "audit/list")]
pub async fn list_audit(before_id: Option<i64>) -> Result<Vec<Entry>, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    Ok(domain::audit::list(&ssr::db()?, before_id, PAGE_SIZE).await?)
}

/// The whole chain checked now (a few milliseconds per thousand entries).
#[server(endpoint = "audit/chain")]
pub async fn audit_chain() -> Result<ChainState, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let v = domain::audit::chain::verify(&ssr::db()?).await?;
    Ok(ChainState { checked: v.checked, broken: v.broken.map(|(id, why)| (id, why.to_string())) })
}
