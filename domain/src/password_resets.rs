//! "Forgot your password?": a one-time link by email. The link carries a
//! random token; the database keeps only its hash. A link works once, within
//! an hour, and only the newest unused link of a person counts. Requests are
//! throttled like logins, and the answer never says whether an address has
//! an account.

use chrono::{DateTime, Duration, Utc};

use crate::{
    mail::{outbox, templates::{Email, Notice}},
    passwords, throttle, tokens, users, Db, DomainError, Result,
};

/// How long an emailed link works.
pub const LINK_VALID_FOR: Duration = Duration::hours(1);

/// The outbox keys of reset emails start with this, so the outbox page can
/// keep their links out of sight.
pub const EMAIL_KEY_PREFIX: &str = "password-reset:";

/// Emails a reset link to `email` if it belongs to an active person; does
/// nothing (but still counts the try) otherwise. Throttled per address typed
/// and per client address.
pub async fn request(db: &Db, email: &str, client: Option<&str>, now: DateTime<Utc>) -> Result<()> {
    let email = email.trim().to_lowercase();
    let keys: Vec<String> =
        std::iter::once(format!("reset:{email}")).chain(client.map(|ip| format!("reset-ip:{ip}"))).collect();
    throttle::check(db, &keys, now).await?;
    throttle::failed(db, &keys, now).await?;
    let user: Option<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM users WHERE lower(email) = ? AND active = 1").bind(&email).fetch_optional(db).await?;
    let Some((user_id, name)) = user else { return Ok(()) };
    let business = crate::business::get(db).await?.map(|b| b.name).unwrap_or_else(|| "your business".into());
    let token = tokens::generate("");
    let hash = tokens::hash(&token);
    let mut tx = crate::db::begin_write(db).await?;
    // A new link replaces any earlier one.
    sqlx::query("DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL").bind(user_id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(&hash)
        .bind(user_id)
        .bind(now)
        .bind(now + LINK_VALID_FOR)
        .execute(&mut *tx)
        .await?;
    let notice = Notice {
        heading: "Set a new password".into(),
        lines: vec![
            format!("Hello {name}, someone (we hope you) asked to set a new password for your Second Look account at {business}."),
            "The link works once, within one hour. If you did not ask, ignore this email: your password stays as it is.".into(),
        ],
        quote: None,
        button: "Set a new password".into(),
        link: format!("/reset-password?token={token}"),
    };
    let key = format!("{EMAIL_KEY_PREFIX}{hash}");
    outbox::enqueue(&mut tx, &key, &email, "Set a new password for Second Look", &Email::Notice(notice)).await?;
    tx.commit().await?;
    Ok(())
}

fn link_dead() -> DomainError {
    DomainError::Unauthenticated("This link has expired or has already been used. Ask for a new one from the login page.".into())
}

/// Whether `token` is a live link (the page checks before showing the form).
pub async fn is_live(db: &Db, token: &str, now: DateTime<Utc>) -> Result<bool> {
    let live: Option<i64> = sqlx::query_scalar(
        "SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id
         WHERE r.token_hash = ? AND r.used_at IS NULL AND r.expires_at > ? AND u.active = 1",
    )
    .bind(tokens::hash(token))
    .bind(now)
    .fetch_optional(db)
    .await?;
    Ok(live.is_some())
}

/// Uses the link: sets `password`, ends the person's sessions, lifts their
/// login wait and returns them (to log them in). The link is spent only
/// when the new password is acceptable.
pub async fn reset(db: &Db, token: &str, password: String, now: DateTime<Utc>) -> Result<users::User> {
    passwords::check_policy(&password)?;
    let spent: Option<i64> = sqlx::query_scalar(
        "UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id",
    )
    .bind(now)
    .bind(tokens::hash(token))
    .bind(now)
    .fetch_optional(db)
    .await?;
    let user = users::get(db, spent.ok_or_else(link_dead)?).await?;
    if !user.active {
        return Err(link_dead());
    }
    users::set_password(db, &user.actor(), user.id, password).await?;
    throttle::cleared(db, &format!("account:{}", user.email.to_lowercase())).await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{business, users::Role, Actor};

    async fn world() -> (Db, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::open_and_migrate(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        let setup = business::Setup {
            business_name: "Bakery".into(),
            timezone: "Europe/London".into(),
            owner_email: "olive@bakery.test".into(),
            owner_name: "Olive".into(),
            owner_password: "rise-and-shine-42".into(),
            week_start: String::new(),
        };
        business::setup(&db, &Actor::System, setup).await.unwrap();
        let rita = users::NewUser { email: "rita@bakery.test".into(), name: "Rita".into(), role: Role::Reviewer, password: "check-every-week".into() };
        users::create(&db, &Actor::System, rita).await.unwrap();
        (db, dir)
    }

    /// The token in the newest reset email to `to`.
    async fn emailed_token(db: &Db, to: &str) -> Option<String> {
        let sent = outbox::recent(db, 50).await.unwrap();
        let email = sent.into_iter().find(|e| e.to == to && e.dedupe_key.starts_with(EMAIL_KEY_PREFIX))?;
        let Email::Notice(n) = email.email else { panic!("a notice") };
        Some(n.link.split("token=").nth(1)?.to_string())
    }

    #[tokio::test]
    async fn a_link_works_once_and_only_for_an_hour() {
        let (db, _dir) = world().await;
        let now = Utc::now();
        request(&db, " Rita@Bakery.test ", Some("10.0.0.1"), now).await.unwrap();
        let token = emailed_token(&db, "rita@bakery.test").await.expect("an email with a link");
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM password_resets").fetch_one(&db).await.unwrap();
        assert_eq!(stored, tokens::hash(&token), "only the hash is stored");

        let short = reset(&db, &token, "short".into(), now).await.unwrap_err();
        assert!(matches!(short, DomainError::Invalid { .. }), "{short:?}");
        assert!(is_live(&db, &token, now).await.unwrap(), "a refused password does not spend the link");
        assert!(!is_live(&db, &token, now + LINK_VALID_FOR).await.unwrap(), "dead after an hour");
        assert!(reset(&db, &token, "a-brand-new-secret".into(), now + LINK_VALID_FOR + Duration::seconds(1)).await.is_err());

        let rita = reset(&db, &token, "a-brand-new-secret".into(), now + Duration::minutes(5)).await.unwrap();
        assert_eq!(rita.email, "rita@bakery.test");
        users::authenticate(&db, "rita@bakery.test", "a-brand-new-secret").await.expect("the new password works");
        assert!(users::authenticate(&db, "rita@bakery.test", "check-every-week").await.is_err(), "the old one does not");
        let again = reset(&db, &token, "another-new-secret".into(), now + Duration::minutes(6)).await.unwrap_err();
        assert!(again.to_string().contains("already been used"), "{again}");
    }

    #[tokio::test]
    async fn unknown_addresses_get_the_same_answer_and_no_email_and_tries_are_throttled() {
        let (db, _dir) = world().await;
        let now = Utc::now();
        request(&db, "nobody@bakery.test", None, now).await.expect("no hint that the address is unknown");
        assert_eq!(emailed_token(&db, "nobody@bakery.test").await, None);
        for _ in 0..4 {
            request(&db, "rita@bakery.test", Some("10.0.0.9"), now).await.unwrap();
        }
        let first = emailed_token(&db, "rita@bakery.test").await.unwrap();
        request(&db, "rita@bakery.test", Some("10.0.0.9"), now).await.unwrap();
        assert_ne!(emailed_token(&db, "rita@bakery.test").await.unwrap(), first, "a new link replaces the old one");
        assert!(!is_live(&db, &first, now).await.unwrap());
        let throttled = request(&db, "rita@bakery.test", Some("10.0.0.9"), now).await.unwrap_err();
        assert!(matches!(throttled, DomainError::Throttled(_)), "{throttled:?}");
    }
}
