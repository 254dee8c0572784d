//! Login sessions. The browser holds a random token; the database holds only
//! its SHA-256, so a copy of the database cannot be used to log in.

use chrono::{Duration, Utc};

use crate::{tokens, users::User, Db, Result};

/// A session ends after this long without any request.
pub const IDLE_TIMEOUT: Duration = Duration::days(7);
/// `last_seen_at` is written at most this often, to spare the disk.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Starts a session for `user_id` and returns the token for the cookie.
pub async fn create(db: &Db, user_id: i64) -> Result<String> {
    let token = tokens::generate("");
    let now = Utc::now();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)")
        .bind(tokens::hash(&token))
        .bind(user_id)
        .bind(now)
        .bind(now)
        .execute(db)
        .await?;
    Ok(token)
}

/// The active user behind `token`, if the session is live.
pub async fn lookup(db: &Db, token: &str) -> Result<Option<User>> {
    let hash = tokens::hash(token);
    let row: Option<(i64, chrono::DateTime<Utc>)> =
        sqlx::query_as("SELECT user_id, last_seen_at FROM sessions WHERE token_hash = ?")
            .bind(&hash)
            .fetch_optional(db)
            .await?;
    let Some((user_id, last_seen)) = row else { return Ok(None) };
    let now = Utc::now();
    if now - last_seen > IDLE_TIMEOUT {
        delete(db, token).await?;
        return Ok(None);
    }
    if now - last_seen > TOUCH_EVERY {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(now)
            .bind(&hash)
            .execute(db)
            .await?;
    }
    let user = crate::users::get(db, user_id).await?;
    Ok(user.active.then_some(user))
}

/// Ends one session (logout).
pub async fn delete(db: &Db, token: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?").bind(tokens::hash(token)).execute(db).await?;
    Ok(())
}
