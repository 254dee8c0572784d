//! The email outbox for owners: what was sent, what waits, what failed, and
//! each email's text (readable here when no email server is set up).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use model::outbox::OutboxEmail;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxView {
    /// False when no SMTP server is set: emails wait here.
    pub sending: bool,
    pub emails: Vec<OutboxEmail>,
}

#[server(endpoint = "outbox/list")]
pub async fn list_outbox() -> Result<OutboxView, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let emails = domain::mail::outbox::shown(&ssr::db()?, &ssr::base_url(), 100).await?;
    let web = use_context::<ssr::WebSettings>();
    Ok(OutboxView { sending: web.is_some_and(|w| w.sends_email), emails })
}

#[server(endpoint = "outbox/retry")]
pub async fn retry_email(id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    domain::mail::outbox::retry(&ssr::db()?, &owner.actor(), id).await?;
    Ok(())
}
