//! The email outbox. A business action enqueues its emails on its own
//! transaction, each under a dedupe key, so an email is never lost (it is
//! committed with the action) and never queued twice. The server's sender
//! delivers them and records every attempt.
//!
//! An email is claimed (`sending_since`) before it is handed to the mail
//! server, so two senders never send it twice, and a crash in the middle
//! leaves a mark: the next start reports it as "may not have arrived"
//! rather than sending it again. At most once, and never silently.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::SqliteConnection;

pub use model::outbox::OutboxEmail;

use super::templates::Email;
use crate::{audit, retry::next_attempt, Actor, Db, DomainError, Result};

/// How long an email is retried before it is marked failed.
pub const RETRY_FOR_HOURS: i64 = 24;

/// Queues an email unless one with the same key exists; true when queued.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    dedupe_key: &str,
    to: &str,
    subject: &str,
    email: &Email,
) -> Result<bool> {
    let (template, data) = match serde_json::to_value(email).map_err(anyhow::Error::from)? {
        serde_json::Value::Object(mut m) => {
            (m.remove("template").unwrap_or_default(), m.remove("data").unwrap_or_default())
        }
        _ => return Err(DomainError::Unexpected(anyhow::anyhow!("an email did not serialise as an object"))),
    };
    let now = Utc::now();
    let done = sqlx::query(
        "INSERT INTO email_outbox (dedupe_key, to_address, template, data_json, subject, state, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(dedupe_key)
    .bind(to)
    .bind(template.as_str().unwrap_or_default())
    .bind(data.to_string())
    .bind(subject)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// An email in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Queued {
    pub id: i64,
    pub dedupe_key: String,
    pub to: String,
    pub subject: String,
    pub email: Email,
    pub state: String,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub smtp_reply: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    dedupe_key: String,
    to_address: String,
    template: String,
    data_json: String,
    subject: String,
    state: String,
    attempts: i64,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
    next_attempt_at: DateTime<Utc>,
    last_error: Option<String>,
    smtp_reply: Option<String>,
}

impl TryFrom<Row> for Queued {
    type Error = DomainError;
    fn try_from(r: Row) -> Result<Queued> {
        let value = serde_json::json!({"template": r.template, "data": serde_json::from_str::<serde_json::Value>(&r.data_json).unwrap_or_default()});
        let email = serde_json::from_value(value)
            .map_err(|e| DomainError::Unexpected(anyhow::anyhow!("email {} is unreadable: {e}", r.id)))?;
        Ok(Queued {
            id: r.id,
            dedupe_key: r.dedupe_key,
            to: r.to_address,
            subject: r.subject,
            email,
            state: r.state,
            attempts: r.attempts,
            created_at: r.created_at,
            sent_at: r.sent_at,
            next_attempt_at: r.next_attempt_at,
            last_error: r.last_error,
            smtp_reply: r.smtp_reply,
        })
    }
}

const COLUMNS: &str = "id, dedupe_key, to_address, template, data_json, subject, state, attempts, created_at, sent_at, next_attempt_at, last_error, smtp_reply";

/// Emails due for a (first or next) attempt at `now`, oldest first.
pub async fn due(db: &Db, now: DateTime<Utc>, limit: i64) -> Result<Vec<Queued>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM email_outbox WHERE state = 'pending' AND sending_since IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?"
    );
    sqlx::query_as::<_, Row>(&sql)
        .bind(now)
        .bind(limit)
        .fetch_all(db)
        .await?
        .into_iter()
        .map(Queued::try_from)
        .collect()
}

/// The newest emails first (the outbox page).
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<Queued>> {
    let sql = format!("SELECT {COLUMNS} FROM email_outbox ORDER BY id DESC LIMIT ?");
    sqlx::query_as::<_, Row>(&sql).bind(limit).fetch_all(db).await?.into_iter().map(Queued::try_from).collect()
}

/// The latest emails as the outbox page shows them, each rendered to the
/// text its reader gets, except password-reset emails: their link would let
/// whoever reads the page into that person's account.
pub async fn shown(db: &Db, base_url: &str, limit: i64) -> Result<Vec<OutboxEmail>> {
    let business = crate::business::get(db).await?.map(|b| b.name).unwrap_or_default();
    Ok(recent(db, limit)
        .await?
        .into_iter()
        .map(|q| {
            let text = match q.email.without_secrets() {
                None => "This email holds a one-time link to set a new password, so it is not shown here.".to_string(),
                Some(email) => email
                    .render(&q.subject, &business, base_url)
                    .map(|r| r.text)
                    .unwrap_or_else(|e| format!("(cannot show: {e})")),
            };
            OutboxEmail {
                id: q.id,
                to: q.to,
                subject: q.subject,
                state: q.state,
                attempts: q.attempts,
                created_at: q.created_at,
                sent_at: q.sent_at,
                last_error: q.last_error,
                text,
            }
        })
        .collect())
}

pub async fn get(db: &Db, id: i64) -> Result<Queued> {
    let sql = format!("SELECT {COLUMNS} FROM email_outbox WHERE id = ?");
    sqlx::query_as::<_, Row>(&sql)
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("Email {id}")))?
        .try_into()
}

/// Claims a due email for sending; false when another sender has it.
pub async fn claim(db: &Db, id: i64, now: DateTime<Utc>) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE email_outbox SET sending_since = ? WHERE id = ? AND state = 'pending' AND sending_since IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Emails claimed before `claimed_before` and never settled (a crash, or a
/// sender that died mid-send) are marked failed with an explanation (the
/// owner can send them again from the outbox page), never sent again on
/// their own. At start-up every claim is stale; while running, one older
/// than the sender's time limit is. Returns how many.
pub async fn settle_interrupted(db: &Db, now: DateTime<Utc>, claimed_before: DateTime<Utc>) -> Result<u64> {
    const WHY: &str = "The server stopped while handing this email to the mail server, so it may or may not have arrived. Send it again if it did not.";
    // Claims only sit on pending emails, so the partial index of pending
    // emails finds them; the usual answer (none) needs no write lock.
    const STALE: &str = "state = 'pending' AND sending_since <= ?";
    let any: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM email_outbox WHERE {STALE} LIMIT 1"))
        .bind(claimed_before)
        .fetch_optional(db)
        .await?;
    if any.is_none() {
        return Ok(0);
    }
    let mut tx = crate::db::begin_write(db).await?;
    sqlx::query(&format!(
        "INSERT INTO email_attempts (email_id, at, ok, detail) SELECT id, ?, 0, ? FROM email_outbox WHERE {STALE}"
    ))
    .bind(now)
    .bind(WHY)
    .bind(claimed_before)
    .execute(&mut *tx)
    .await?;
    let done = sqlx::query(&format!(
        "UPDATE email_outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, sending_since = NULL WHERE {STALE}"
    ))
    .bind(WHY)
    .bind(claimed_before)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

/// Records one delivery attempt: sent with the server's reply, or the error
/// and when to try again (doubling from `first_retry`, for 24 hours).
pub async fn record_attempt(
    db: &Db,
    id: i64,
    at: DateTime<Utc>,
    outcome: std::result::Result<String, String>,
    first_retry: Duration,
) -> Result<()> {
    let mut tx = crate::db::begin_write(db).await?;
    let (attempts, created): (i64, DateTime<Utc>) =
        sqlx::query_as("SELECT attempts + 1, created_at FROM email_outbox WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let (ok, detail) = match &outcome {
        Ok(reply) => (true, reply.clone()),
        Err(e) => (false, e.clone()),
    };
    sqlx::query("INSERT INTO email_attempts (email_id, at, ok, detail) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(at)
        .bind(ok)
        .bind(&detail)
        .execute(&mut *tx)
        .await?;
    match outcome {
        Ok(reply) => {
            sqlx::query("UPDATE email_outbox SET state = 'sent', attempts = ?, sent_at = ?, smtp_reply = ?, sending_since = NULL WHERE id = ?")
                .bind(attempts)
                .bind(at)
                .bind(reply)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        Err(error) => {
            let next = next_attempt(at, attempts, first_retry, created + Duration::hours(RETRY_FOR_HOURS));
            sqlx::query("UPDATE email_outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, sending_since = NULL WHERE id = ?")
                .bind(if next.is_some() { "pending" } else { "failed" })
                .bind(attempts)
                .bind(next.unwrap_or(at))
                .bind(error)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Puts a failed (or waiting) email back at the front of the queue; it is
/// retried for another 24 hours from now (`created_at` becomes now).
pub async fn retry(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = crate::db::begin_write(db).await?;
    let state: Option<String> =
        sqlx::query_scalar("SELECT state FROM email_outbox WHERE id = ?").bind(id).fetch_optional(&mut *tx).await?;
    match state.as_deref() {
        None => return Err(DomainError::NotFound(format!("Email {id}"))),
        Some("sent") => return Err(DomainError::Conflict("This email was already sent.".into())),
        Some(_) => {}
    }
    let now = Utc::now();
    sqlx::query("UPDATE email_outbox SET state = 'pending', next_attempt_at = ?, created_at = ?, sending_since = NULL WHERE id = ?")
        .bind(now)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, audit::Event::new("email.retry", "email", id)).await?;
    tx.commit().await?;
    Ok(())
}
