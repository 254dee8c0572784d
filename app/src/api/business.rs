//! The business's own settings: name, time zone, first day of the week.

use leptos::prelude::*;

use crate::error::AppError;

pub use model::business::SettingsInput;

#[server(endpoint = "business/get")]
pub async fn get_business_settings() -> Result<SettingsInput, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let b = domain::business::get(&ssr::db()?).await?.unwrap_or_default();
    Ok(b.to_input())
}

#[server(endpoint = "business/update")]
pub async fn update_business(
    name: String,
    timezone: String,
    week_start: String,
    monthly_day: String,
    monthly_hour: String,
) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let input = domain::business::SettingsInput { name, timezone, week_start, monthly_day, monthly_hour };
    domain::business::update(&ssr::db()?, &owner.actor(), &input).await?;
    Ok(())
}
