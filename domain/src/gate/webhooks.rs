//! The durable webhook queue. A final decision writes a delivery row in the
//! same transaction; the server's sender posts it, signed, and retries with
//! exponential backoff for 24 hours. Every attempt is kept.
//!
//! Signature: `X-SecondLook-Signature: sha256=<hex>` is HMAC-SHA256 of the
//! raw body under the touchpoint's secret. The body carries the attempt's
//! `timestamp` (also in `X-SecondLook-Timestamp`) and the `delivery_id`, so a
//! receiver can refuse old or repeated messages.

pub use model::gate::Delivery;

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sqlx::SqliteConnection;

use super::{GateStatus, State};
use crate::{audit, sealing::Sealer, Actor, Db, DomainError, Result};

pub const SIGNATURE_HEADER: &str = "X-SecondLook-Signature";
pub const TIMESTAMP_HEADER: &str = "X-SecondLook-Timestamp";
/// How long a delivery is retried before it is given up.
pub const RETRY_FOR_HOURS: i64 = 24;

/// The decision as the source tool receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WebhookPayload {
    /// Second Look's id of the output.
    pub id: i64,
    /// The source tool's own id, if it sent one.
    pub external_id: Option<String>,
    /// approved, approved_with_edits or rejected.
    pub decision: String,
    /// The text to send to the customer (absent when rejected).
    pub text_to_send: Option<String>,
    /// Who decided, in order.
    pub reviewers: Vec<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// Unique per delivery: a receiver that sees one twice can ignore it.
    pub delivery_id: i64,
    /// When this attempt was sent (Unix seconds, as in the timestamp header).
    pub timestamp: i64,
}

/// `sha256=<hex>` of HMAC-SHA256(secret, body).
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

pub(super) async fn enqueue(
    conn: &mut SqliteConnection,
    touchpoint_id: i64,
    output_id: i64,
    url: &str,
    status: &GateStatus,
) -> Result<i64> {
    let external_id: Option<String> = sqlx::query_scalar("SELECT external_id FROM outputs WHERE id = ?")
        .bind(output_id)
        .fetch_one(&mut *conn)
        .await?;
    let decision = match (status.state, status.edited) {
        (State::Approved, true) => "approved_with_edits",
        (State::Approved, false) => "approved",
        _ => "rejected",
    };
    let payload = WebhookPayload {
        id: output_id,
        external_id,
        decision: decision.into(),
        text_to_send: status.text_to_send.clone(),
        reviewers: status.reviewers.clone(),
        decided_at: status.decided_at,
        reason: status.reason.clone(),
        delivery_id: 0,
        timestamp: 0,
    };
    insert(conn, touchpoint_id, output_id, url, &serde_json::to_string(&payload).map_err(anyhow::Error::from)?).await
}

async fn insert(
    conn: &mut SqliteConnection,
    touchpoint_id: i64,
    output_id: i64,
    url: &str,
    payload: &str,
) -> Result<i64> {
    let now = Utc::now();
    Ok(sqlx::query_scalar(
        "INSERT INTO webhook_deliveries (touchpoint_id, output_id, url, payload_json, state, next_attempt_at, give_up_at, created_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
    )
    .bind(touchpoint_id)
    .bind(output_id)
    .bind(url)
    .bind(payload)
    .bind(now)
    .bind(now + Duration::hours(RETRY_FOR_HOURS))
    .bind(now)
    .fetch_one(conn)
    .await?)
}

/// A delivery ready to send: where, the exact body, and its signature.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    pub url: String,
    pub body: String,
    pub timestamp: i64,
    /// The signature header's value, or why the delivery cannot be signed
    /// (its secret cannot be opened: the key file is not the one it was
    /// sealed with).
    pub signature: std::result::Result<String, String>,
}

/// Deliveries due at `now`, oldest first, signed for this attempt.
pub async fn due(db: &Db, sealer: &Sealer, now: DateTime<Utc>, limit: i64) -> Result<Vec<Outgoing>> {
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT d.id, d.url, d.payload_json, t.webhook_secret FROM webhook_deliveries d JOIN touchpoints t ON t.id = d.touchpoint_id
         WHERE d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(id, url, payload, secret)| {
            let mut p: WebhookPayload = serde_json::from_str(&payload).map_err(anyhow::Error::from)?;
            p.delivery_id = id;
            p.timestamp = now.timestamp();
            let body = serde_json::to_string(&p).map_err(anyhow::Error::from)?;
            let signature = sealer
                .open(secret.as_deref().unwrap_or_default())
                .map(|key| sign(&key, body.as_bytes()))
                .map_err(|e| format!("{e}; make a new signing secret on the touchpoint page"));
            Ok(Outgoing { id, url, body, timestamp: p.timestamp, signature })
        })
        .collect()
}

/// What one attempt got back.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        self.status_code.is_some_and(|c| (200..300).contains(&c))
    }
}

/// Records an attempt and schedules the next one (or marks it delivered or
/// given up).
pub async fn record_attempt(
    db: &Db,
    id: i64,
    at: DateTime<Utc>,
    outcome: &Outcome,
    first_retry: Duration,
) -> Result<()> {
    let mut tx = crate::db::begin_write(db).await?;
    let (attempts, give_up_at): (i64, DateTime<Utc>) =
        sqlx::query_as("SELECT attempts + 1, give_up_at FROM webhook_deliveries WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query(
        "INSERT INTO webhook_attempts (delivery_id, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(at)
    .bind(outcome.status_code.map(i64::from))
    .bind(&outcome.error)
    .bind(outcome.duration_ms)
    .execute(&mut *tx)
    .await?;
    let error = outcome
        .error
        .clone()
        .or_else(|| outcome.status_code.filter(|_| !outcome.delivered()).map(|c| format!("the receiver answered {c}")));
    let (state, next) = if outcome.delivered() {
        ("delivered", at)
    } else {
        match crate::retry::next_attempt(at, attempts, first_retry, give_up_at) {
            Some(next) => ("pending", next),
            None => ("failed", at),
        }
    };
    sqlx::query(
        "UPDATE webhook_deliveries SET attempts = ?, state = ?, next_attempt_at = ?, last_error = ?,
            delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END WHERE id = ?",
    )
    .bind(attempts)
    .bind(state)
    .bind(next)
    .bind(&error)
    .bind(state)
    .bind(at)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Holds a delivery that cannot be signed (its secret does not open with
/// this server's key) until `until`, without counting an attempt or
/// drawing nearer to giving up: once the owner makes a new secret, it goes.
pub async fn postpone(db: &Db, id: i64, until: DateTime<Utc>, why: &str) -> Result<()> {
    let keep_until = until + Duration::hours(RETRY_FOR_HOURS_AFTER_POSTPONE);
    sqlx::query(
        "UPDATE webhook_deliveries SET next_attempt_at = ?, last_error = ?,
            give_up_at = CASE WHEN give_up_at < ? THEN ? ELSE give_up_at END WHERE id = ? AND state = 'pending'",
    )
    .bind(until)
    .bind(why)
    .bind(keep_until)
    .bind(keep_until)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// How long a postponed delivery is still tried once it can be signed.
const RETRY_FOR_HOURS_AFTER_POSTPONE: i64 = 24;

/// The latest deliveries of a touchpoint, newest first.
pub async fn deliveries(db: &Db, touchpoint_id: i64, limit: i64) -> Result<Vec<Delivery>> {
    Ok(sqlx::query_as::<_, Delivery>(
        "SELECT id, output_id, url, state, attempts, next_attempt_at, created_at, delivered_at, last_error
         FROM webhook_deliveries WHERE touchpoint_id = ? ORDER BY id DESC LIMIT ?",
    )
    .bind(touchpoint_id)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// Sends a delivery again as a new one (the receiver sees a new
/// delivery_id), to the touchpoint's current callback URL.
pub async fn redeliver(db: &Db, actor: &Actor, delivery_id: i64) -> Result<i64> {
    let mut tx = crate::db::begin_write(db).await?;
    let row: Option<(i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT d.touchpoint_id, d.output_id, d.payload_json, t.callback_url FROM webhook_deliveries d
         JOIN touchpoints t ON t.id = d.touchpoint_id WHERE d.id = ?",
    )
    .bind(delivery_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (tp, output, payload, url) = row.ok_or_else(|| DomainError::NotFound(format!("Delivery {delivery_id}")))?;
    let url = url
        .ok_or_else(|| DomainError::Conflict("This touchpoint has no callback URL any more; set one first.".into()))?;
    let id = insert(&mut tx, tp, output, &url, &payload).await?;
    audit::record(
        &mut tx,
        actor,
        audit::Event::new("webhook.redeliver", "webhook_delivery", delivery_id).after(serde_json::json!({"new": id})),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_the_published_hmac_example() {
        // RFC 4231 test case 2.
        let sig = sign("Jefe", b"what do ya want for nothing?");
        assert_eq!(sig, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
