//! The capture poller: every 15 seconds it fetches the mailboxes and
//! calendar feeds that are due (each keeps its own pace: a mailbox every
//! minute, a feed every 15 minutes, a mailbox backlog step at once).

use std::time::Duration;

use domain::{outputs::Ingestor, sealing::Sealer, Db};

pub fn spawn_capture_poller(db: Db, ingestor: Ingestor, sealer: Sealer, every: Duration) {
    tokio::spawn(async move {
        if let Err(e) = domain::capture::store::wake_all(&db).await {
            tracing::error!(error = ?e, "capture could not start");
        }
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match domain::capture::run_due(&db, &ingestor, &sealer, chrono::Utc::now()).await {
                Ok(lines) => lines.iter().for_each(|line| tracing::info!(capture = %line, "capture")),
                Err(e) => tracing::error!(error = ?e, "capture could not run"),
            }
        }
    });
}
