//! Alerts: seniors and owners read and acknowledge them.

use leptos::prelude::*;
pub use model::alert::Alert;

use crate::error::AppError;

/// Open alerts first, then the latest acknowledged ones.
#[server(endpoint = "alerts/list")]
pub async fn list_alerts() -> Result<Vec<Alert>, AppError> {
    use crate::ssr;
    ssr::require_senior().await?;
    Ok(domain::alerts::list(&ssr::db()?, None, 200).await?)
}

#[server(endpoint = "alerts/acknowledge")]
pub async fn acknowledge_alert(id: i64, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let user = ssr::require_senior().await?;
    domain::alerts::acknowledge(&ssr::db()?, &user.actor(), id, &note).await?;
    Ok(())
}
