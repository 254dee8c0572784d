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
    (failures >= FREE_FAILURES).then(|| {
        last + (Duration::seconds(30) * 2i32.pow((failures - FREE_FAILURES).min(5) as u32)).min(Duration::minutes(15))
    })
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

/// Refuses with a clear message when any of `keys` must still wait.
async fn check_on(conn: &mut sqlx::SqliteConnection, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    for key in keys {
        let (failures, last): (i64, Option<DateTime<Utc>>) =
            sqlx::query_as("SELECT COUNT(*), MAX(at) FROM login_failures WHERE key = ? AND at > ?")
                .bind(key)
                .bind(now - Duration::hours(1))
                .fetch_one(&mut *conn)
                .await?;
        if let Some(until) = last.and_then(|last| wait_until(failures, last)).filter(|u| *u > now) {
            let secs = (until - now).num_seconds().max(1);
            let wait = if secs < 90 { format!("{secs} seconds") } else { format!("{} minutes", (secs + 59) / 60) };
            return Err(DomainError::Throttled(format!("Too many tries. Try again in {wait}.")));
        }
    }
    Ok(())
}

async fn record_on(conn: &mut sqlx::SqliteConnection, keys: &[String], now: DateTime<Utc>) -> Result<()> {
    for key in keys {
        sqlx::query("INSERT INTO login_failures (key, at) VALUES (?, ?)")
            .bind(key)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    }
    // Keep the table small: nothing older than a day matters.
    sqlx::query("DELETE FROM login_failures WHERE at < ?").bind(now - Duration::days(1)).execute(&mut *conn).await?;
    Ok(())
}

/// Takes back the try counted at `at` against each of `keys` (it was not a
/// failure after all).
pub async fn forgive(db: &Db, keys: &[String], at: DateTime<Utc>) -> Result<()> {
    for key in keys {
        sqlx::query("DELETE FROM login_failures WHERE rowid IN (SELECT rowid FROM login_failures WHERE key = ? AND at = ? LIMIT 1)")
            .bind(key)
            .bind(at)
            .execute(db)
            .await?;
    }
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

    #[tokio::test]
    async fn guesses_sent_all_at_once_get_only_the_free_failures() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::open_and_migrate(&format!("sqlite://{}/t.db", dir.path().display())).await.unwrap();
        let setup = crate::business::Setup {
            business_name: "Bakery".into(),
            timezone: "Europe/London".into(),
            week_start: String::new(),
            owner_email: "olive@bakery.test".into(),
            owner_name: "Olive".into(),
            owner_password: "rise-and-shine-42".into(),
        };
        crate::business::setup(&db, &crate::Actor::System, setup).await.unwrap();
        let guesses: Vec<_> = (0..12)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    crate::users::log_in(&db, "olive@bakery.test", &format!("guess-number-{i}"), Some("10.0.0.7")).await
                })
            })
            .collect();
        let (mut wrong, mut throttled) = (0, 0);
        for g in guesses {
            match g.await.unwrap() {
                Err(DomainError::Unauthenticated(_)) => wrong += 1,
                Err(DomainError::Throttled(_)) => throttled += 1,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!((wrong, throttled), (FREE_FAILURES, 12 - FREE_FAILURES), "only the free guesses were checked");
        let right = crate::users::log_in(&db, "olive@bakery.test", "rise-and-shine-42", Some("10.0.0.7")).await;
        assert!(matches!(right, Err(DomainError::Throttled(_))), "the right password waits too: {right:?}");
    }
}
