//! Login throttling, per account and per client address: 5 failures within
//! an hour are free; after that each attempt must wait 30 s, 1 min, 2 min, …
//! (at most 15 min) after the last failure. A success clears the account's
//! count (not the address's).

use chrono::{DateTime, Duration, Utc};

use crate::{Db, DomainError, Result};

pub const FREE_FAILURES: i64 = 5;

/// When the next attempt is allowed after `failures` (in the last hour), the
/// last one at `last`; None when no wait is needed.
pub fn wait_until(failures: i64, last: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (failures >= FREE_FAILURES).then(|| last + (Duration::seconds(30) * 2i32.pow((failures - FREE_FAILURES).min(5) as u32)).min(Duration::minutes(15)))
}

/// Refuses with a clear message when any of `keys` must still wait.
pub async fn check(db: &Db, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    check_on(&mut *db.acquire().await?, keys, now).await
}

/// Checks `keys` and counts this try against them in one step, so requests
/// sent in parallel cannot all slip past the limit together.
pub async fn attempt(db: &Db, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    let mut tx = crate::db::begin_write(db).await?;
    check_on(&mut tx, keys, now).await?;
    record_on(&mut tx, keys, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn check_on(conn: &mut sqlx::SqliteConnection, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    for key in keys {
        let (failures, last): (i64, Option<DateTime<Utc>>) =
            sqlx::query_as("SELECT COUNT(*), MAX(at) FROM login_failures WHERE key = ? AND at > ?").bind(key).bind(now - Duration::hours(1)).fetch_one(&mut *conn).await?;
        if let Some(until) = last.and_then(|last| wait_until(failures, last)).filter(|u| *u > now) {
            let secs = (until - now).num_seconds().max(1);
            let wait = if secs < 90 { format!("{secs} seconds") } else { format!("{} minutes", (secs + 59) / 60) };
            return Err(DomainError::Throttled(format!("Too many tries. Try again in {wait}.")));
        }
    }
    Ok(())
}

pub async fn failed(db: &Db, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    let mut tx = crate::db::begin_write(db).await?;
    record_on(&mut tx, keys, now).await?;
    tx.commit().await?;
    Ok(())
}

async fn record_on(conn: &mut sqlx::SqliteConnection, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    for key in keys {
        sqlx::query("INSERT INTO login_failures (key, at) VALUES (?, ?)").bind(key).bind(now).execute(&mut *conn).await?;
    }
    // Keep the table small: nothing older than a day matters.
    sqlx::query("DELETE FROM login_failures WHERE at < ?").bind(now - Duration::days(1)).execute(&mut *conn).await?;
    Ok(())
}

pub async fn cleared(db: &Db, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE key = ?").bind(key).execute(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_after_five_failures_and_stop_growing_at_fifteen_minutes() {
        let t = Utc::now();
        assert_eq!(wait_until(4, t), None);
        assert_eq!(wait_until(5, t), Some(t + Duration::seconds(30)));
        assert_eq!(wait_until(6, t), Some(t + Duration::seconds(60)));
        assert_eq!(wait_until(9, t), Some(t + Duration::minutes(8)));
        assert_eq!(wait_until(30, t), Some(t + Duration::minutes(15)));
    }
}
