//! The scheduled jobs, run when due on the business's clock: the weekly
//! sample and "your queue is ready" email, the monthly review reminder,
//! escalations and drift checks. Each period's job runs once (`job_runs`),
//! also when the server was down at the time: it runs when it comes back.

use chrono::{DateTime, Duration, Utc};

use super::{outbox, recipients, Email, Notice};
use crate::{
    business, drift, gate,
    monthly::{reminder_at, Month},
    sampling::Week,
    Db, Result,
};

/// Runs every job due at `now`; returns a line per thing done.
pub async fn run_due(db: &Db, now: DateTime<Utc>) -> Result<Vec<String>> {
    let Some(biz) = business::get(db).await? else { return Ok(vec![]) };
    // A failed replay is reported, and the other jobs still run.
    let mut done = match crate::sampling::refresh(db).await {
        Ok(()) => vec![],
        Err(e) => vec![format!("bringing the inspection history up to date failed: {e}")],
    };
    done.extend(weekly(db, now, &biz).await?);
    done.extend(monthly(db, now, &biz).await?);
    let timeouts = gate::run_timeouts(db, now).await?;
    done.extend(timeouts.escalated.iter().map(|id| format!("escalated output #{id}")));
    done.extend(timeouts.rejected.iter().map(|id| format!("rejected output #{id} at its hard timeout")));
    done.extend(drift::detect::run(db, now).await?.into_iter().map(|t| format!("alert: {t}")));
    Ok(done)
}

/// Marks `job` done for `slot`; false when it already was.
async fn claim(conn: &mut sqlx::SqliteConnection, job: &str, slot: &str, now: DateTime<Utc>) -> Result<bool> {
    let done = sqlx::query("INSERT INTO job_runs (job, slot, ran_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(job)
        .bind(slot)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many full weeks back a draw reaches: outputs of older weeks (an
/// import of last year's history) are counted on the touchpoint page but
/// never drawn, since a spot check of them could no longer help anyone.
pub const LOOKBACK_WEEKS: usize = 13;

/// The full weeks a draw may reach at `now`, oldest first: the last 13,
/// also for a business created today (its first import is usually last
/// month's history).
fn drawable_weeks(now: DateTime<Utc>, biz: &business::Business) -> Vec<Week> {
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
async fn weekly(db: &Db, now: DateTime<Utc>, biz: &business::Business) -> Result<Vec<String>> {
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
            link: "/review".into(),
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

async fn monthly(db: &Db, now: DateTime<Utc>, biz: &business::Business) -> Result<Vec<String>> {
    let cal = biz.calendar();
    let this = Month::of(now.with_timezone(&cal.tz).date_naive());
    let due = |m: Month| reminder_at(m, &biz.monthly_day, biz.monthly_hour, cal.tz);
    let slot = if now >= due(this.previous()) { this.previous() } else { this.previous().previous() };
    let created: DateTime<Utc> = sqlx::query_scalar("SELECT created_at FROM business WHERE id = 1").fetch_one(db).await?;
    if due(slot) < created {
        return Ok(vec![]); // the business did not exist yet when this reminder was due
    }
    let data = crate::monthly::summary(db, slot, due(slot) + Duration::hours(1)).await?;
    let mut tx = crate::db::begin_write(db).await?;
    if !claim(&mut tx, "monthly", &slot.to_string(), now).await? {
        return Ok(vec![]);
    }
    let subject = format!("Your 15-minute AI review for {}", slot.label());
    let email = Email::Monthly(data);
    for (user, to) in recipients::owners(&mut tx).await? {
        outbox::enqueue(&mut tx, &format!("monthly-review:{slot}:{user}"), &to, &subject, &email).await?;
    }
    tx.commit().await?;
    Ok(vec![format!("queued the monthly review reminder for {slot}")])
}
