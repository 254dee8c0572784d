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
    let mut done = weekly(db, now, &biz).await?;
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

async fn weekly(db: &Db, now: DateTime<Utc>, biz: &business::Business) -> Result<Vec<String>> {
    let week = Week::containing(now, biz.calendar()).previous();
    let slot = week.to_string();
    let ran: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM job_runs WHERE job = 'weekly' AND slot = ?)").bind(&slot).fetch_one(db).await?;
    if ran {
        return Ok(vec![]);
    }
    let drawn = crate::sampling::draw_week(db, week).await?;
    let mut tx = crate::db::begin_write(db).await?;
    if !claim(&mut tx, "weekly", &slot, now).await? {
        return Ok(vec![]);
    }
    let items: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM review_items WHERE week = ?").bind(&slot).fetch_one(&mut *tx).await?;
    let mut done = vec![format!("drew {slot}: {} outputs from {} touchpoints", drawn.iter().map(|d| d.drawn + d.flagged).sum::<u64>(), drawn.len())];
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
