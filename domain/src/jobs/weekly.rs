//! The weekly job: draw every full week in reach (missed or grown), then
//! send the "your queue is ready" email once a week.

use chrono::{DateTime, Utc};

use super::claim;
use crate::{
    business::Business,
    calendar::Week,
    mail::{outbox, recipients, Email, Notice, SecondLink},
    Db, Result,
};

/// How many full weeks back a draw reaches: outputs of older weeks (an
/// import of last year's history) are counted on the touchpoint page but
/// never drawn, since a spot check of them could no longer help anyone.
pub const LOOKBACK_WEEKS: usize = 13;

/// The full weeks a draw may reach at `now`, oldest first: the last 13,
/// also for a business created today (its first import is usually last
/// month's history).
fn drawable_weeks(now: DateTime<Utc>, biz: &Business) -> Vec<Week> {
    let mut week = Week::containing(now, biz.calendar()).previous();
    let mut out = Vec::new();
    while out.len() < LOOKBACK_WEEKS {
        out.push(week);
        week = week.previous();
    }
    out.reverse();
    out
}

/// Draws every full week in reach that was never drawn (after downtime,
/// each missed week) or that gained outputs since it was drawn (a top-up),
/// then sends the "queue is ready" email once for the newest week.
pub(super) async fn run(db: &Db, now: DateTime<Utc>, biz: &Business) -> Result<Vec<String>> {
    let mut done = Vec::new();
    for week in drawable_weeks(now, biz) {
        if !crate::sampling::needs_draw(db, week, now).await? {
            continue;
        }
        let drawn = crate::sampling::draw_week(db, week).await?;
        let added: u64 = drawn.iter().map(|d| d.added).sum();
        let verb = if drawn.iter().any(|d| d.top_up) { "topped up" } else { "drew" };
        done.push(format!("{verb} {week}: {added} outputs from {} touchpoints", drawn.len()));
    }
    let week = Week::containing(now, biz.calendar()).previous();
    done.extend(queue_ready_email(db, week, now).await?);
    Ok(done)
}

/// The weekly "your queue is ready" email, once per week (`job_runs`),
/// counting everything left in the queue, whatever week it came from.
async fn queue_ready_email(db: &Db, week: Week, now: DateTime<Utc>) -> Result<Vec<String>> {
    let slot = week.to_string();
    let mut tx = crate::db::begin_write(db).await?;
    if !claim(&mut tx, "weekly", &slot, now).await? {
        return Ok(vec![]);
    }
    let items: i64 = sqlx::query_scalar(
        "SELECT COALESCE(SUM(sampled + flagged - reviewed - flagged_reviewed), 0) FROM review_weeks",
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut done = Vec::new();
    if items > 0 {
        let minutes = (items as u64 * crate::reviews::SECONDS_PER_CHECK).div_ceil(60);
        let notice = Email::Notice(Notice {
            heading: format!("Your spot-check queue for {slot} is ready"),
            lines: vec![format!("{items} outputs to look at, about {minutes} minutes in all. The keys 1, 2 and 3 give a verdict; Enter saves and moves on.")],
            quote: None,
            button: "Start reviewing".into(),
            // The first item waiting for the person who opens it.
            link: "/review/next".into(),
            also: Some(SecondLink { label: "Only a few minutes? Review 5 now".into(), link: "/review/next?run=5".into() }),
        });
        let subject = format!("Spot check ready: {items} items (about {minutes} min)");
        for (user, to) in recipients::spot_checkers(&mut tx).await? {
            outbox::enqueue(&mut tx, &format!("queue-ready:{slot}:{user}"), &to, &subject, &notice).await?;
        }
        done.push(format!("queued the 'queue is ready' email for {slot}"));
    }
    tx.commit().await?;
    Ok(done)
}
