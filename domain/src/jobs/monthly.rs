//! The monthly job: remind the owners to do last month's review.

use chrono::{DateTime, Duration, Utc};

use super::claim;
use crate::{
    business::Business,
    mail::{outbox, recipients, Email},
    monthly::{reminder_at, Month},
    Db, Result,
};

/// The monthly review reminder to every owner, once per month, at the
/// business's chosen day and hour.
pub(super) async fn run(db: &Db, now: DateTime<Utc>, biz: &Business) -> Result<Vec<String>> {
    let cal = biz.calendar();
    let this = Month::of(now.with_timezone(&cal.tz).date_naive());
    let due = |m: Month| reminder_at(m, &biz.monthly_day, biz.monthly_hour, cal.tz);
    let slot = if now >= due(this.previous()) { this.previous() } else { this.previous().previous() };
    let created: DateTime<Utc> =
        sqlx::query_scalar("SELECT created_at FROM business WHERE id = 1").fetch_one(db).await?;
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
