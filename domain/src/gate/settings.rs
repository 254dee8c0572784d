//! A touchpoint's gate settings: the second sign-off, the callback URL and
//! its signing secret, the escalation limit and the hard timeout.

pub use model::gate::{GateSettingsInput, TimeoutAction};

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::{audit, sealing::Sealer, tokens, Actor, Db, DomainError, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct GateSettings {
    /// On a high-stakes touchpoint: a second, different senior or owner must approve.
    pub second_signoff: bool,
    /// The sign-off email carries one-tap Approve and Reject links (else
    /// it only links to the approvals page, for a logged-in decision).
    pub email_decisions: bool,
    pub callback_url: Option<String>,
    /// The signing secret, sealed (see `sealing`); never shown again.
    #[serde(skip)]
    #[sqlx(rename = "webhook_secret")]
    pub secret: Option<String>,
    /// Working hours an output may wait before seniors and owners are alerted.
    pub escalate_after_hours: f64,
    /// Hours (on the wall clock) after which `timeout_action` applies.
    pub hard_timeout_hours: Option<f64>,
    pub timeout_action: TimeoutAction,
}

impl GateSettings {
    /// The settings as the form shows them (the secret only as "set or not").
    pub fn to_input(&self) -> GateSettingsInput {
        GateSettingsInput {
            second_signoff: self.second_signoff,
            email_decisions: self.email_decisions,
            callback_url: self.callback_url.clone().unwrap_or_default(),
            escalate_after_hours: self.escalate_after_hours.to_string(),
            hard_timeout_hours: self.hard_timeout_hours.map(|h| h.to_string()).unwrap_or_default(),
            timeout_action: self.timeout_action.to_string(),
        }
    }
}

pub(crate) async fn load(conn: &mut SqliteConnection, tp_id: i64) -> Result<GateSettings> {
    sqlx::query_as(
        "SELECT second_signoff, email_decisions, callback_url, webhook_secret, escalate_after_hours, hard_timeout_hours, timeout_action
         FROM touchpoints WHERE id = ?",
    )
    .bind(tp_id)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| DomainError::NotFound(format!("Touchpoint {tp_id}")))
}

pub async fn gate_settings(db: &Db, tp_id: i64) -> Result<GateSettings> {
    load(&mut *db.acquire().await?, tp_id).await
}

/// An http(s) URL, or nothing.
fn callback_url(value: &str) -> Result<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let bad = |why: &str| DomainError::invalid("callback_url", format!("'{v}' {why}"));
    let parsed = url::Url::parse(v).map_err(|_| bad("is not a web address such as https://example.com/hook."))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(bad("must start with http:// or https://."));
    }
    if v.len() > 2000 {
        return Err(DomainError::invalid("callback_url", "The callback URL must be at most 2,000 characters."));
    }
    Ok(Some(parsed.to_string()))
}

fn hours(field: &'static str, label: &str, value: &str, required: bool) -> Result<Option<f64>> {
    let v = value.trim();
    if v.is_empty() && !required {
        return Ok(None);
    }
    match v.parse::<f64>() {
        Ok(h) if h > 0.0 && h <= 24.0 * 365.0 => Ok(Some(h)),
        _ => Err(DomainError::invalid(field, format!("{label} must be a number of hours above 0, such as 4."))),
    }
}

/// Saves the settings; returns the new signing secret when one was made
/// (the first time a callback URL is set), stored sealed. Audited, secret
/// left out.
pub async fn update_settings(
    db: &Db,
    sealer: &Sealer,
    actor: &Actor,
    tp_id: i64,
    input: GateSettingsInput,
) -> Result<Option<String>> {
    let url = callback_url(&input.callback_url)?;
    let escalate =
        hours("escalate_after_hours", "The escalation limit", &input.escalate_after_hours, true)?.unwrap_or(4.0);
    let hard = hours("hard_timeout_hours", "The hard timeout", &input.hard_timeout_hours, false)?;
    let action: TimeoutAction =
        if input.timeout_action.trim().is_empty() { TimeoutAction::Hold } else { input.timeout_action.parse()? };
    if action == TimeoutAction::Reject && hard.is_none() {
        return Err(DomainError::invalid(
            "hard_timeout_hours",
            "Say after how many hours an output is rejected automatically.",
        ));
    }
    let mut tx = crate::db::begin_write(db).await?;
    let before = load(&mut tx, tp_id).await?;
    let new_secret = (url.is_some() && before.secret.is_none()).then(|| tokens::generate("whsec_"));
    sqlx::query(
        "UPDATE touchpoints SET second_signoff = ?, email_decisions = ?, callback_url = ?, webhook_secret = COALESCE(?, webhook_secret),
            escalate_after_hours = ?, hard_timeout_hours = ?, timeout_action = ? WHERE id = ?",
    )
    .bind(input.second_signoff)
    .bind(input.email_decisions)
    .bind(&url)
    .bind(new_secret.as_deref().map(|s| sealer.seal(s)))
    .bind(escalate)
    .bind(hard)
    .bind(action)
    .bind(tp_id)
    .execute(&mut *tx)
    .await?;
    let after = load(&mut tx, tp_id).await?;
    audit::record(
        &mut tx,
        actor,
        audit::Event::new("touchpoint.gate", "touchpoint", tp_id).before(&before).after(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(new_secret)
}

/// A new signing secret; the old one stops being used at once.
pub async fn rotate_secret(db: &Db, sealer: &Sealer, actor: &Actor, tp_id: i64) -> Result<String> {
    let secret = tokens::generate("whsec_");
    let mut tx = crate::db::begin_write(db).await?;
    load(&mut tx, tp_id).await?;
    sqlx::query("UPDATE touchpoints SET webhook_secret = ? WHERE id = ?")
        .bind(sealer.seal(&secret))
        .bind(tp_id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, audit::Event::new("touchpoint.webhook_secret_rotate", "touchpoint", tp_id)).await?;
    tx.commit().await?;
    Ok(secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_urls_are_http_or_https() {
        assert_eq!(callback_url(" https://tool.example/hook ").unwrap().as_deref(), Some("https://tool.example/hook"));
        assert_eq!(callback_url("http://127.0.0.1:9000/x").unwrap().as_deref(), Some("http://127.0.0.1:9000/x"));
        assert_eq!(callback_url("").unwrap(), None);
        for bad in ["ftp://tool.example/", "javascript:alert(1)", "tool.example/hook", "https://"] {
            assert!(callback_url(bad).is_err(), "{bad}");
        }
        assert!(hours("h", "H", "0", true).is_err());
        assert_eq!(hours("h", "H", "", false).unwrap(), None);
        assert_eq!(hours("h", "H", "2.5", true).unwrap(), Some(2.5));
    }
}
