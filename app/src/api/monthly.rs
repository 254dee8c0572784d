//! The guided monthly review's server functions (owners only).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use model::monthly::{MonthReview, MonthTouchpoint};

use crate::error::AppError;

#[cfg(feature = "ssr")]
fn parse_month(month: &str) -> Result<domain::monthly::Month, AppError> {
    month.parse().or_else(|e: domain::DomainError| crate::ssr::fail(e.into()))
}

#[server(endpoint = "monthly/get")]
pub async fn get_month_review(month: String) -> Result<MonthReview, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let m = parse_month(&month)?;
    Ok(domain::monthly::month_review(&ssr::db()?, m).await?)
}

/// keep, expand, narrow or pause one touchpoint; changes its stage.
#[server(endpoint = "monthly/decide")]
pub async fn decide_month(month: String, touchpoint_id: i64, decision: String, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let m = parse_month(&month)?;
    let decision: model::monthly::Decision = decision.parse().map_err(domain::DomainError::from)?;
    domain::monthly::decide(&ssr::db()?, &owner, m, touchpoint_id, decision, &note).await?;
    Ok(())
}

#[server(endpoint = "monthly/sign-off")]
pub async fn sign_off_month(month: String, note: String) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let m = parse_month(&month)?;
    domain::monthly::sign_off(&ssr::db()?, &owner, m, &note).await?;
    Ok(())
}

/// Whether last month's review is done, for the dashboard (owners).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlyProgress {
    pub month: String,
    pub label: String,
    pub completed: Option<String>,
}

#[server(endpoint = "monthly/state")]
pub async fn monthly_state() -> Result<Option<MonthlyProgress>, AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    if me.role != domain::users::Role::Owner {
        return Ok(None);
    }
    let db = ssr::db()?;
    let tz = domain::business::calendar(&db).await?.tz;
    let m = domain::monthly::Month::of(chrono::Utc::now().with_timezone(&tz).date_naive()).previous();
    let status = domain::monthly::status(&db, m).await?;
    Ok(Some(MonthlyProgress {
        month: m.to_string(),
        label: m.label(),
        completed: status.completed.map(|(who, at)| format!("done by {who} on {}", at.format("%-d %B"))),
    }))
}
