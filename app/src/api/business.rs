//! The business's own settings: name, time zone, first day of the week.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BusinessSettings {
    pub name: String,
    pub timezone: String,
    pub week_start: String,
}

#[server(endpoint = "business/get")]
pub async fn get_business_settings() -> Result<BusinessSettings, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let b = domain::business::get(&ssr::db()?).await?.unwrap_or_default();
    Ok(BusinessSettings { name: b.name, timezone: b.timezone, week_start: b.week_start })
}

#[server(endpoint = "business/update")]
pub async fn update_business(name: String, timezone: String, week_start: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    domain::business::update(&ssr::db()?, &owner.actor(), &name, &timezone, &week_start).await?;
    Ok(())
}
