//! Capture with no code: a touchpoint's outputs taken from a mailbox (IMAP,
//! polled every minute) or a calendar feed (every 15 minutes), and from
//! `.eml` files and raw messages through the same message reader.
//!
//! - `message` and `quote`: one email as an output;
//! - `imap` and `mailbox`: the mailbox poller;
//! - `feed_http` and `feed`: the calendar feed;
//! - `store`: the capture row, its cursor and health, and the capture log.

pub mod connect;
pub mod feed;
pub mod feed_http;
pub mod imap;
pub mod mailbox;
pub mod message;
mod quote;
pub mod store;

pub use model::capture::{CaptureKind, CaptureLine, CaptureStatus, Tls};
pub use store::{Capture, NewCapture};

use chrono::{DateTime, Duration, Utc};

use crate::{outputs::Ingestor, sealing::Sealer, Db, Result};

/// How often a mailbox is polled.
pub const MAILBOX_EVERY: Duration = Duration::minutes(1);
/// How often a calendar feed is fetched.
pub const FEED_EVERY: Duration = Duration::minutes(15);

/// Fetches every capture that is due; returns a line per capture for the
/// server's log (host and counts only, never a secret).
pub async fn run_due(db: &Db, ingestor: &Ingestor, sealer: &Sealer, now: DateTime<Utc>) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for cap in store::due(db, now).await? {
        let tp = cap.touchpoint_id;
        let outcome = match cap.kind {
            CaptureKind::Mailbox => mailbox::poll(db, ingestor, sealer, &cap, now).await.map(|p| {
                let next = if p.backlog > 0 { now } else { now + MAILBOX_EVERY };
                (
                    format!(
                        "mailbox of touchpoint {tp}: {} stored, {} skipped, {} left",
                        p.stored, p.skipped, p.backlog
                    ),
                    next,
                )
            }),
            CaptureKind::Feed => fetch_feed(db, ingestor, sealer, &cap, now).await.map(|line| (line, now + FEED_EVERY)),
        };
        match outcome {
            Ok((line, next)) => {
                store::succeeded(db, tp, now, next).await?;
                lines.push(line);
            }
            Err(problem) => {
                let next = now + if cap.kind == CaptureKind::Mailbox { MAILBOX_EVERY } else { FEED_EVERY };
                store::failed(db, tp, &problem, now, next).await?;
                lines.push(format!("capture of touchpoint {tp} failed: {problem}"));
            }
        }
    }
    Ok(lines)
}

/// One fetch of a feed; `Err` is a problem in plain words.
async fn fetch_feed(
    db: &Db,
    ingestor: &Ingestor,
    sealer: &Sealer,
    cap: &Capture,
    now: DateTime<Utc>,
) -> std::result::Result<String, String> {
    let internal = |e: crate::DomainError| format!("Second Look could not save the calendar ({e}).");
    let url = feed_http::address(&cap.secret(sealer).map_err(internal)?)?;
    let tp = crate::touchpoints::get(db, cap.touchpoint_id).await.map_err(internal)?;
    let fetched = feed_http::fetch(&url, cap.cursor_etag.as_deref(), cap.cursor_modified.as_deref()).await?;
    let feed_http::Fetched::Body { bytes, etag, modified } = fetched else {
        return Ok(format!("feed of touchpoint {}: unchanged", tp.id));
    };
    let synced = match feed::sync(db, ingestor, &tp, &bytes, now).await {
        Ok(s) => s,
        Err(crate::DomainError::Invalid { message, .. }) => return Err(message),
        Err(e) => return Err(internal(e)),
    };
    store::feed_seen(db, tp.id, etag.as_deref(), modified.as_deref()).await.map_err(internal)?;
    if synced.added + synced.changed + synced.cancelled > 0 {
        let line = format!(
            "Calendar read: {} new, {} changed, {} cancelled or removed.",
            synced.added, synced.changed, synced.cancelled
        );
        store::log(db, tp.id, false, &line).await.map_err(internal)?;
    }
    Ok(format!(
        "feed of touchpoint {}: {} new, {} changed, {} cancelled",
        tp.id, synced.added, synced.changed, synced.cancelled
    ))
}
