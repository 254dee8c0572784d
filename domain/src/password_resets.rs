//! "Forgot your password?": a one-time link by email. The link carries a
//! random token; the database keeps only its hash. A link works once, within
//! an hour, and only the newest unused link of a person counts. Requests are
//! throttled like logins, and the answer never says whether an address has
//! an account.

use chrono::{DateTime, Duration, Utc};

use crate::{
    mail::{
        outbox,
        templates::{Email, Notice},
    },
    passwords,
    sealing::Sealer,
    throttle, tokens, users, Db, DomainError, Result,
};

/// How long an emailed link works.
pub const LINK_VALID_FOR: Duration = Duration::hours(1);

/// The outbox keys of reset emails start with this, so the outbox page can
/// keep their links out of sight.
pub const EMAIL_KEY_PREFIX: &str = "password-reset:";

/// Counts the try (throttled per address typed and per client address),
/// then emails a reset link if the address belongs to an active person.
/// The lookup and the email happen after this returns, so neither the
/// answer nor its timing says whether the address has an account.
pub async fn request(db: &Db, sealer: &Sealer, email: &str, client: Option<&str>, now: DateTime<Utc>) -> Result<()> {
    let email = email.trim().to_lowercase();
    let keys: Vec<String> =
        std::iter::once(format!("reset:{email}")).chain(client.map(|ip| format!("reset-ip:{ip}"))).collect();
    throttle::attempt(db, &keys, now).await?;
    let (db, sealer) = (db.clone(), sealer.clone());
    tokio::spawn(async move {
        if let Err(e) = send_link(&db, &sealer, &email, now).await {
            tracing::error!(error = ?e, "queueing a password-reset email failed");
        }
    });
    Ok(())
}

/// Queues the reset email; false when the address has no active account.
/// The link sits in the outbox sealed (see `sealing`), so a copy of the
/// database holds neither the token nor its way in.
async fn send_link(db: &Db, sealer: &Sealer, email: &str, now: DateTime<Utc>) -> Result<bool> {
    let user: Option<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM users WHERE lower(email) = ? AND active = 1")
            .bind(email)
            .fetch_optional(db)
            .await?;
    let Some((user_id, name)) = user else { return Ok(false) };
    let business = crate::business::get(db).await?.map(|b| b.name).unwrap_or_else(|| "your business".into());
    let token = tokens::generate("");
    let hash = tokens::hash(&token);
    let mut tx = crate::db::begin_write(db).await?;
    // A new link replaces any earlier one.
    sqlx::query("DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
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
        link: sealer.seal(&format!("/reset-password?token={token}")),
        also: None,
    };
    let key = format!("{EMAIL_KEY_PREFIX}{hash}");
    outbox::enqueue(&mut tx, &key, email, "Set a new password for Second Look", &Email::Notice(notice)).await?;
    tx.commit().await?;
    Ok(true)
}

fn link_dead() -> DomainError {
    DomainError::Unauthenticated(
        "This link has expired or has already been used. Ask for a new one from the login page.".into(),
    )
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
/// login wait and returns them (to log them in). The link is spent in the
/// same transaction as the new password, so a failure spends nothing.
pub async fn reset(db: &Db, token: &str, password: String, now: DateTime<Utc>) -> Result<users::User> {
    passwords::check_policy(&password)?;
    // A dead link costs no password hashing.
    if !is_live(db, token, now).await? {
        return Err(link_dead());
    }
    let hash = passwords::hash_async(password).await?;
    let mut tx = crate::db::begin_write(db).await?;
    let spent: Option<i64> = sqlx::query_scalar(
        "UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id",
    )
    .bind(now)
    .bind(tokens::hash(token))
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let user = users::get(db, spent.ok_or_else(link_dead)?).await?;
    if !user.active {
        return Err(link_dead());
    }
    users::store_password(&mut tx, &user.actor(), user.id, &hash).await?;
    tx.commit().await?;
    throttle::cleared(db, &format!("account:{}", user.email.to_lowercase())).await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{business, users::Role, Actor};

    async fn world() -> (Db, Sealer, tempfile::TempDir) {
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
        let rita = users::NewUser {
            email: "rita@bakery.test".into(),
            name: "Rita".into(),
            role: Role::Reviewer,
            password: "check-every-week".into(),
        };
        users::create(&db, &Actor::System, rita).await.unwrap();
        (db, Sealer::ephemeral(), dir)
    }

    /// The token in the newest reset email to `to` (its link opened).
    async fn emailed_token(db: &Db, sealer: &Sealer, to: &str) -> Option<String> {
        let sent = outbox::recent(db, 50).await.unwrap();
        let email = sent.into_iter().find(|e| e.to == to && e.dedupe_key.starts_with(EMAIL_KEY_PREFIX))?;
        let Email::Notice(n) = email.email else { panic!("a notice") };
        Some(sealer.open(&n.link).unwrap().split("token=").nth(1)?.to_string())
    }

    #[tokio::test]
    async fn a_link_works_once_only_for_an_hour_and_is_sealed_in_the_outbox() {
        let (db, sealer, _dir) = world().await;
        let now = Utc::now();
        assert!(send_link(&db, &sealer, "rita@bakery.test", now).await.unwrap());
        let token = emailed_token(&db, &sealer, "rita@bakery.test").await.expect("an email with a link");
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM password_resets").fetch_one(&db).await.unwrap();
        assert_eq!(stored, tokens::hash(&token), "only the hash is stored");
        let outbox: String = sqlx::query_scalar("SELECT data_json FROM email_outbox").fetch_one(&db).await.unwrap();
        assert!(!outbox.contains(&token) && outbox.contains("sealed:v1:"), "the link is sealed in the outbox");

        let short = reset(&db, &token, "short".into(), now).await.unwrap_err();
        assert!(matches!(short, DomainError::Invalid { .. }), "{short:?}");
        assert!(is_live(&db, &token, now).await.unwrap(), "a refused password does not spend the link");
        assert!(!is_live(&db, &token, now + LINK_VALID_FOR).await.unwrap(), "dead after an hour");
        assert!(reset(&db, &token, "a-brand-new-secret".into(), now + LINK_VALID_FOR + Duration::seconds(1))
            .await
            .is_err());

        let rita = reset(&db, &token, "a-brand-new-secret".into(), now + Duration::minutes(5)).await.unwrap();
        assert_eq!(rita.email, "rita@bakery.test");
        users::authenticate(&db, "rita@bakery.test", "a-brand-new-secret").await.expect("the new password works");
        assert!(
            users::authenticate(&db, "rita@bakery.test", "check-every-week").await.is_err(),
            "the old one does not"
        );
        let again = reset(&db, &token, "another-new-secret".into(), now + Duration::minutes(6)).await.unwrap_err();
        assert!(again.to_string().contains("already been used"), "{again}");
    }

    #[tokio::test]
    async fn an_owners_reset_or_switching_off_voids_outstanding_links() {
        let (db, sealer, _dir) = world().await;
        let now = Utc::now();
        send_link(&db, &sealer, "rita@bakery.test", now).await.unwrap();
        let token = emailed_token(&db, &sealer, "rita@bakery.test").await.unwrap();
        let rita = users::list(&db).await.unwrap().into_iter().find(|u| u.name == "Rita").unwrap();
        users::set_password(&db, &Actor::Cli, rita.id, "set-by-the-owner".into()).await.unwrap();
        assert!(!is_live(&db, &token, now).await.unwrap(), "the owner's reset voids it");
        send_link(&db, &sealer, "rita@bakery.test", now).await.unwrap();
        let token = emailed_token(&db, &sealer, "rita@bakery.test").await.unwrap();
        users::set_active(&db, &Actor::Cli, rita.id, false).await.unwrap();
        users::set_active(&db, &Actor::Cli, rita.id, true).await.unwrap();
        assert!(!is_live(&db, &token, now).await.unwrap(), "switching the account off voids it");
    }

    #[tokio::test]
    async fn unknown_addresses_get_no_email_and_tries_are_throttled() {
        let (db, sealer, _dir) = world().await;
        let now = Utc::now();
        assert!(!send_link(&db, &sealer, "nobody@bakery.test", now).await.unwrap());
        request(&db, &sealer, "nobody@bakery.test", None, now).await.expect("no hint that the address is unknown");
        for _ in 0..5 {
            request(&db, &sealer, " Rita@Bakery.test ", Some("10.0.0.9"), now).await.unwrap();
        }
        let throttled = request(&db, &sealer, "rita@bakery.test", Some("10.0.0.9"), now).await.unwrap_err();
        assert!(matches!(throttled, DomainError::Throttled(_)), "{throttled:?}");
        // The emails are queued after the answer.
        for _ in 0..50 {
            if emailed_token(&db, &sealer, "rita@bakery.test").await.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(emailed_token(&db, &sealer, "rita@bakery.test").await.is_some());
        assert!(emailed_token(&db, &sealer, "nobody@bakery.test").await.is_none());
    }
}
