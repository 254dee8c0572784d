//! Background jobs inside the server: the scheduler, which runs the
//! domain's scheduled jobs (`domain::jobs`) every minute, the two senders,
//! email (`email`) and webhooks (`webhooks`), and the capture poller.

mod capture;
pub mod email;
mod webhooks;

pub use capture::spawn_capture_poller;
pub use webhooks::spawn_webhook_sender;

use std::time::Duration;

use domain::{sampling::Week, Db};

/// The last week that has fully ended on the business's clock.
pub async fn last_full_week(db: &Db) -> domain::Result<Week> {
    let cal = domain::business::calendar(db).await?;
    Ok(Week::containing(chrono::Utc::now(), cal).previous())
}

/// Runs every due job once a minute. A job missed while the server was down
/// is due when it comes back, and runs once.
pub fn spawn_scheduler(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match domain::jobs::run_due(&db, chrono::Utc::now()).await {
                Ok(report) => {
                    report.done.iter().for_each(|line| tracing::info!(job = %line, "scheduled job"));
                    report.failed.iter().for_each(|line| tracing::error!(job = %line, "a scheduled job failed"));
                }
                Err(e) => tracing::error!(error = ?e, "the scheduled jobs could not start"),
            }
        }
    });
}
