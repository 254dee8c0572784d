//! The business's facts (owners), and which fact checks a touchpoint runs.

use leptos::prelude::*;

pub use model::facts::{Check, FactsInput, Finding, Recheck};

use crate::error::AppError;

#[server(endpoint = "facts/get")]
pub async fn get_facts() -> Result<FactsInput, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    Ok(domain::facts::to_input(&domain::facts::get(&ssr::db()?).await?))
}

#[server(endpoint = "facts/update")]
pub async fn update_facts(input: FactsInput) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let facts = domain::facts::from_input(&input)?;
    domain::facts::set(&ssr::db()?, &owner.actor(), facts).await?;
    Ok(())
}

/// The ticked checks, or the defaults for the touchpoint's kind when
/// `automatic` is set.
#[server(endpoint = "touchpoints/checks")]
pub async fn set_touchpoint_checks(
    id: i64,
    #[server(default)] checks: Vec<String>,
    #[server(default)] automatic: String,
) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let chosen = match automatic.is_empty() {
        true => Some(
            checks.iter().map(|c| c.parse()).collect::<Result<Vec<Check>, _>>().map_err(domain::DomainError::from)?,
        ),
        false => None,
    };
    domain::touchpoints::set_checks(&ssr::db()?, &owner.actor(), id, chosen).await?;
    Ok(())
}

/// Marks a finding "not a problem": anyone who reviews or approves may.
#[server(endpoint = "findings/dismiss")]
pub async fn dismiss_finding(id: i64, #[server(default)] note: String) -> Result<(), AppError> {
    use crate::ssr;
    let me = ssr::require_user().await?;
    domain::facts::dismiss(&ssr::db()?, &me.actor(), id, &note).await?;
    Ok(())
}

/// The latest re-check of recent outputs against the facts (owners).
#[server(endpoint = "facts/recheck_status")]
pub async fn recheck_status() -> Result<Option<Recheck>, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    Ok(domain::facts::recheck::latest(&ssr::db()?).await?)
}

/// Starts re-checking the last four weeks of outputs (owners).
#[server(endpoint = "facts/recheck")]
pub async fn start_recheck() -> Result<Recheck, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let db = ssr::db()?;
    let recheck = domain::facts::recheck::start(&db, &owner.actor(), chrono::Utc::now()).await?;
    domain::facts::recheck::spawn(db, recheck.id);
    Ok(recheck)
}
