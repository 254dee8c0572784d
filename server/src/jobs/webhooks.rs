//! The webhook sender: posts due deliveries from the durable queue, one at a
//! time, each with a 5-second timeout, and records every attempt. The queue
//! lives in SQLite, so a restart picks up where it stopped.

use std::time::{Duration, Instant};

use chrono::Utc;
use domain::{
    gate::webhooks::{self, Outcome, Outgoing},
    sealing::Sealer,
    Db,
};

const TIMEOUT: Duration = Duration::from_secs(5);
const IDLE_POLL: Duration = Duration::from_secs(1);

pub fn spawn_webhook_sender(db: Db, sealer: Sealer, first_retry_secs: u64) {
    tokio::spawn(async move {
        let client =
            match reqwest::Client::builder().timeout(TIMEOUT).redirect(reqwest::redirect::Policy::none()).build() {
                Ok(c) => c,
                Err(e) => return tracing::error!(error = %e, "the webhook sender could not start"),
            };
        let first_retry = chrono::Duration::seconds(first_retry_secs as i64);
        loop {
            match webhooks::due(&db, &sealer, Utc::now(), 20).await {
                Ok(due) if !due.is_empty() => {
                    for delivery in due {
                        let signature = match &delivery.signature {
                            Ok(s) => s,
                            Err(why) => {
                                // Never sent unsigned, never given up: waits for a new secret.
                                tracing::error!(delivery = delivery.id, error = %why, "a webhook cannot be signed");
                                let until = Utc::now() + chrono::Duration::minutes(1);
                                if let Err(e) = webhooks::postpone(&db, delivery.id, until, why).await {
                                    tracing::error!(error = ?e, delivery = delivery.id, "postponing a webhook failed");
                                }
                                continue;
                            }
                        };
                        let outcome = send(&client, &delivery, signature).await;
                        if let Err(e) =
                            webhooks::record_attempt(&db, delivery.id, Utc::now(), &outcome, first_retry).await
                        {
                            tracing::error!(error = ?e, delivery = delivery.id, "recording a webhook attempt failed");
                        }
                    }
                    continue;
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = ?e, "reading the webhook queue failed"),
            }
            tokio::time::sleep(IDLE_POLL).await;
        }
    });
}

async fn send(client: &reqwest::Client, d: &Outgoing, signature: &str) -> Outcome {
    let started = Instant::now();
    let result = client
        .post(&d.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::USER_AGENT, "SecondLook-Webhook/1")
        .header(webhooks::SIGNATURE_HEADER, signature)
        .header(webhooks::TIMESTAMP_HEADER, d.timestamp.to_string())
        .body(d.body.clone())
        .send()
        .await;
    let duration_ms = started.elapsed().as_millis() as i64;
    match result {
        Ok(resp) => {
            let code = resp.status().as_u16();
            tracing::info!(delivery = d.id, status = code, "webhook attempt");
            Outcome { status_code: Some(code), error: None, duration_ms }
        }
        Err(e) => {
            let why = if e.is_timeout() {
                "no answer within 5 seconds".to_string()
            } else {
                format!("could not reach the receiver: {e}")
            };
            tracing::warn!(delivery = d.id, error = %why, "webhook attempt failed");
            Outcome { status_code: None, error: Some(why), duration_ms }
        }
    }
}
