//! Background jobs inside the server.

mod webhooks;

pub use webhooks::spawn_webhook_sender;

use std::time::Duration;

use domain::{
    sampling::{draw_week, Week},
    Db,
};

/// The last week that has fully ended on the business's clock.
pub async fn last_full_week(db: &Db) -> domain::Result<Week> {
    let cal = domain::business::calendar(db).await?;
    Ok(Week::containing(chrono::Utc::now(), cal).previous())
}

/// Draws the last full week's sample once it has ended, then runs the drift
/// checks. Both are idempotent, so running every ten minutes also catches up
/// after downtime.
pub fn spawn_weekly_sampler(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            let result = async {
                let week = last_full_week(&db).await?;
                draw_week(&db, week).await
            }
            .await;
            match domain::drift::detect::run(&db, chrono::Utc::now()).await {
                Ok(raised) => raised.iter().for_each(|title| tracing::info!(alert = %title, "drift alert raised")),
                Err(e) => tracing::error!(error = ?e, "the drift checks failed"),
            }
            match result {
                Ok(drawn) => {
                    for d in drawn.iter().filter(|d| d.new) {
                        tracing::info!(touchpoint = %d.touchpoint, week = %d.week, drawn = d.drawn, flagged = d.flagged, "weekly sample drawn");
                    }
                }
                Err(e) => tracing::error!(error = ?e, "drawing the weekly sample failed"),
            }
        }
    });
}

/// Escalates held outputs that waited too long and applies hard timeouts,
/// once a minute.
pub fn spawn_gate_timeouts(db: Db) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match domain::gate::run_timeouts(&db, chrono::Utc::now()).await {
                Ok(done) => {
                    for id in &done.escalated {
                        tracing::info!(output = id, "held output escalated");
                    }
                    for id in &done.rejected {
                        tracing::info!(output = id, "held output rejected at its hard timeout");
                    }
                }
                Err(e) => tracing::error!(error = ?e, "checking held outputs failed"),
            }
        }
    });
}
