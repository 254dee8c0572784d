//! The dashboard's overview: one line per touchpoint, for everyone logged in.

use leptos::prelude::*;

pub use model::overview::Line;

use crate::error::AppError;

#[server(endpoint = "dashboard/overview")]
pub async fn touchpoint_overview() -> Result<Vec<Line>, AppError> {
    use crate::ssr;
    ssr::require_user().await?;
    Ok(domain::drift::overview::lines(&ssr::db()?, chrono::Utc::now()).await?)
}
