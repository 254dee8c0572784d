//! The business's own settings: name, time zone, first day of the week.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BusinessSettings {
    pub name: String,
    pub timezone: String,
    pub week_start: String,
    pub monthly_day: String,
    pub monthly_hour: String,
}

#[server(endpoint = "business/get")]
pub async fn get_business_settings() -> Result<BusinessSettings, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let b = domain::business::get(&ssr::db()?).await?.unwrap_or_default();
    Ok(BusinessSettings { name: b.name, timezone: b.timezone, week_start: b.week_start, monthly_day: b.monthly_day, monthly_hour: b.monthly_hour.to_string() })
}

#[server(endpoint = "business/update")]
pub async fn update_business(name: String, timezone: String, week_start: String, monthly_day: String, monthly_hour: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let input = domain::business::SettingsInput { name, timezone, week_start, monthly_day, monthly_hour };
    domain::business::update(&ssr::db()?, &owner.actor(), &input).await?;
    Ok(())
}
