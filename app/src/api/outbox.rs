//! The email outbox for owners: what was sent, what waits, what failed, and
//! each email's text (readable here when no email server is set up).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub state: String,
    pub attempts: i64,
    pub created_at: String,
    pub sent_at: Option<String>,
    pub last_error: Option<String>,
    /// The plain-text version, as the person would read it.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxView {
    /// False when no SMTP server is set: emails wait here.
    pub sending: bool,
    pub emails: Vec<OutboxRow>,
}

#[server(endpoint = "outbox/list")]
pub async fn list_outbox() -> Result<OutboxView, AppError> {
    use crate::ssr;
    ssr::require_owner().await?;
    let db = ssr::db()?;
    let business = domain::business::get(&db).await?.map(|b| b.name).unwrap_or_default();
    let web = use_context::<ssr::WebSettings>();
    let when = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M UTC").to_string();
    let mut emails = Vec::new();
    for q in domain::mail::outbox::recent(&db, 100).await? {
        // A reset link would let whoever reads it into that person's account.
        let text = if q.dedupe_key.starts_with(domain::password_resets::EMAIL_KEY_PREFIX) {
            "This email holds a one-time link to set a new password, so it is not shown here.".to_string()
        } else {
            q.email.render(&q.subject, &business, &ssr::base_url()).map(|r| r.text).unwrap_or_else(|e| format!("(cannot show: {e})"))
        };
        emails.push(OutboxRow {
            id: q.id,
            to: q.to,
            subject: q.subject,
            state: q.state,
            attempts: q.attempts,
            created_at: when(q.created_at),
            sent_at: q.sent_at.map(when),
            last_error: q.last_error,
            text,
        });
    }
    Ok(OutboxView { sending: web.is_some_and(|w| w.sends_email), emails })
}

#[server(endpoint = "outbox/retry")]
pub async fn retry_email(id: i64) -> Result<(), AppError> {
    use crate::ssr;
    let owner = ssr::require_owner().await?;
    domain::mail::outbox::retry(&ssr::db()?, &owner.actor(), id).await?;
    Ok(())
}
