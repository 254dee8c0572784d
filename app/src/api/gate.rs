//! A touchpoint's gate settings and webhook deliveries: owners only.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use model::gate::{Delivery, GateSettingsInput};

/// A touchpoint's gate settings as its form shows them, and the latest
/// webhook deliveries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateView {
    pub form: GateSettingsInput,
    pub has_secret: bool,
    pub deliveries: Vec<Delivery>,
}

/// The owner's view of a touchpoint's gate (the caller checks the role).
#[cfg(feature = "ssr")]
pub(crate) async fn gate_view(db: &domain::Db, id: i64) -> Result<GateView, AppError> {
    let s = domain::gate::gate_settings(db, id).await?;
    Ok(GateView {
        has_secret: s.secret.is_some(),
        form: s.to_input(),
        deliveries: domain::gate::webhooks::deliveries(db, id, 20).await?,
    })
}

/// Saves the gate settings; returns the webhook secret when one was just made.
#[server(endpoint = "gate/update")]
pub async fn update_gate(
    id: i64,
    #[server(default)] second_signoff: String,
    #[server(default)] email_decisions: String,
    callback_url: String,
    escalate_after_hours: String,
    hard_timeout_hours: String,
    timeout_action: String,
) -> Result<Option<String>, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    let input = domain::gate::GateSettingsInput {
        second_signoff: !second_signoff.is_empty(),
        email_decisions: !email_decisions.is_empty(),
        callback_url,
        escalate_after_hours,
        hard_timeout_hours,
        timeout_action,
    };
    Ok(domain::gate::update_settings(&ssr::db()?, &ssr::sealer()?, &owner.actor(), id, input).await?)
}

#[server(endpoint = "gate/rotate-secret")]
pub async fn rotate_webhook_secret(id: i64) -> Result<String, AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    Ok(domain::gate::rotate_secret(&ssr::db()?, &ssr::sealer()?, &owner.actor(), id).await?)
}

#[server(endpoint = "gate/redeliver")]
pub async fn redeliver_webhook(delivery_id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    domain::gate::webhooks::redeliver(&ssr::db()?, &owner.actor(), delivery_id).await?;
    Ok(())
}
