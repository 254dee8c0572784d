//! The confirmation page behind an emailed Approve or Reject link. No login:
//! the link's token is the permission, for that one decision only; it opens
//! no session. Whoever is logged in on this browser is passed along so that
//! someone else's link decides nothing.

use leptos::prelude::*;

pub use model::gate::{DecisionLink, LinkState};

use crate::error::AppError;

#[server(endpoint = "decision_link/get")]
pub async fn get_decision_link(t: String) -> Result<DecisionLink, AppError> {
    use crate::ssr;
    Ok(domain::gate::links::open(&ssr::db()?, &t, chrono::Utc::now()).await?)
}

/// Decides with the link; returns the output's new state (approved,
/// rejected, awaiting_senior).
#[server(endpoint = "decision_link/use")]
pub async fn use_decision_link(t: String, #[server(default)] reason: String) -> Result<String, AppError> {
    use crate::ssr;
    let db = ssr::db()?;
    let sealer = ssr::sealer()?;
    let session = ssr::current_user().await?.map(|u| u.id);
    let links = ssr::decision_links(&sealer);
    let after = domain::gate::links::decide_by_link(&db, &links, &t, &reason, session, chrono::Utc::now()).await?;
    Ok(after.state.to_string())
}
