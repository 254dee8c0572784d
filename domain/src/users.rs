//! People and their roles. Owners manage the team; seniors give the second
//! sign-off on high-stakes output; reviewers do the weekly spot checks.

pub use model::user::{Role, User};

use chrono::Utc;
use sqlx::SqliteConnection;

use crate::{audit, passwords, validate, Actor, Db, DomainError, Result};

/// A person to add. `password` is plain text here and hashed before storage.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password: String,
}

const COLUMNS: &str = "id, email, name, role, active, created_at";

/// Validates and inserts on `conn` (inside the caller's transaction) and
/// audits the creation.
pub async fn insert(conn: &mut SqliteConnection, actor: &Actor, new: NewUser) -> Result<User> {
    let email = validate::email(&new.email)?;
    let name = validate::required_text("name", "Name", &new.name, 100)?;
    passwords::check_policy(&new.password)?;
    let hash = passwords::hash_async(new.password).await?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(&email).fetch_optional(&mut *conn).await?;
    if exists.is_some() {
        return Err(DomainError::invalid("email", format!("Someone with the email {email} is already on the team.")));
    }
    let user = sqlx::query_as::<_, User>(&format!(
        "INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING {COLUMNS}"
    ))
    .bind(&email)
    .bind(&name)
    .bind(new.role)
    .bind(hash)
    .bind(Utc::now())
    .fetch_one(&mut *conn)
    .await?;
    let event = audit::Event::new("user.create", "user", user.id)
        .after(serde_json::json!({"email": user.email, "name": user.name, "role": user.role}));
    audit::record(conn, actor, event).await?;
    Ok(user)
}

/// Adds a person in its own transaction.
pub async fn create(db: &Db, actor: &Actor, new: NewUser) -> Result<User> {
    let mut tx = crate::db::begin_write(db).await?;
    let user = insert(&mut tx, actor, new).await?;
    tx.commit().await?;
    Ok(user)
}

pub async fn get(db: &Db, id: i64) -> Result<User> {
    sqlx::query_as::<_, User>(&format!("SELECT {COLUMNS} FROM users WHERE id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("team member {id}")))
}

pub async fn list(db: &Db) -> Result<Vec<User>> {
    Ok(sqlx::query_as::<_, User>(&format!("SELECT {COLUMNS} FROM users ORDER BY active DESC, name"))
        .fetch_all(db)
        .await?)
}

pub async fn owner_exists(db: &Db) -> Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE role = 'owner'").fetch_one(db).await? > 0)
}

/// Checks an email and password. The same message for an unknown email and a
/// wrong password, so the form does not reveal who has an account.
pub async fn authenticate(db: &Db, email: &str, password: &str) -> Result<User> {
    let wrong = || DomainError::Unauthenticated("The email or password is not right.".into());
    let row: Option<(i64, String, bool)> =
        sqlx::query_as("SELECT id, password_hash, active FROM users WHERE email = ?")
            .bind(email.trim())
            .fetch_optional(db)
            .await?;
    let Some((id, hash, active)) = row else {
        // Spend the same time as a real check so timing does not reveal it.
        let _ = passwords::hash_async(password.to_string()).await;
        return Err(wrong());
    };
    if !passwords::verify_async(password.to_string(), hash).await {
        return Err(wrong());
    }
    if !active {
        return Err(DomainError::Unauthenticated("This account has been switched off. Ask the owner.".into()));
    }
    get(db, id).await
}

/// Logs in with throttling per account and per client address (`client`).
pub async fn log_in(db: &Db, email: &str, password: &str, client: Option<&str>) -> Result<User> {
    use crate::throttle;
    let now = chrono::Utc::now();
    let account = format!("account:{}", email.trim().to_lowercase());
    let address: Vec<String> = client.map(|ip| format!("ip:{ip}")).into_iter().collect();
    let keys: Vec<String> = std::iter::once(account.clone()).chain(address.iter().cloned()).collect();
    // Counted as a failure before the password is checked, so guesses sent
    // in parallel cannot all pass the limit before any of them is counted.
    throttle::attempt(db, &keys, now).await?;
    match authenticate(db, email, password).await {
        Err(DomainError::Unauthenticated(m)) => Err(DomainError::Unauthenticated(m)),
        Ok(user) => {
            throttle::cleared(db, &account).await?;
            throttle::forgive(db, &address, now).await?;
            Ok(user)
        }
        Err(e) => {
            throttle::forgive(db, &keys, now).await?;
            Err(e)
        }
    }
}

async fn active_owner_count(conn: &mut SqliteConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'owner' AND active = 1").fetch_one(conn).await?)
}

/// Changes a role; the last active owner cannot stop being an owner.
pub async fn change_role(db: &Db, actor: &Actor, id: i64, role: Role) -> Result<User> {
    let mut tx = crate::db::begin_write(db).await?;
    let before = get(db, id).await?;
    if before.role == role {
        return Ok(before);
    }
    if before.role == Role::Owner && before.active && active_owner_count(&mut tx).await? <= 1 {
        return Err(DomainError::Conflict(
            "The business needs at least one owner: make someone else owner first.".into(),
        ));
    }
    sqlx::query("UPDATE users SET role = ? WHERE id = ?").bind(role).bind(id).execute(&mut *tx).await?;
    let event = audit::Event::new("user.role", "user", id).before(before.role).after(role);
    audit::record(&mut tx, actor, event).await?;
    tx.commit().await?;
    get(db, id).await
}

/// Switches an account on or off; switching off also logs the person out.
pub async fn set_active(db: &Db, actor: &Actor, id: i64, active: bool) -> Result<User> {
    let mut tx = crate::db::begin_write(db).await?;
    let before = get(db, id).await?;
    if before.active == active {
        return Ok(before);
    }
    if !active && before.role == Role::Owner && active_owner_count(&mut tx).await? <= 1 {
        return Err(DomainError::Conflict("The last owner cannot be switched off.".into()));
    }
    sqlx::query("UPDATE users SET active = ? WHERE id = ?").bind(active).bind(id).execute(&mut *tx).await?;
    if !active {
        sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM password_resets WHERE user_id = ?").bind(id).execute(&mut *tx).await?;
    }
    let event = audit::Event::new("user.active", "user", id).before(before.active).after(active);
    audit::record(&mut tx, actor, event).await?;
    tx.commit().await?;
    get(db, id).await
}

/// Sets a new password and ends every session of that person.
pub async fn set_password(db: &Db, actor: &Actor, id: i64, password: String) -> Result<()> {
    passwords::check_policy(&password)?;
    let hash = passwords::hash_async(password).await?;
    let mut tx = crate::db::begin_write(db).await?;
    store_password(&mut tx, actor, id, &hash).await?;
    tx.commit().await?;
    Ok(())
}

/// Stores an already-hashed password on `conn` (the caller's transaction),
/// ends the person's sessions, voids their unused reset links, and audits.
pub(crate) async fn store_password(conn: &mut SqliteConnection, actor: &Actor, id: i64, hash: &str) -> Result<()> {
    let done =
        sqlx::query("UPDATE users SET password_hash = ? WHERE id = ?").bind(hash).bind(id).execute(&mut *conn).await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::NotFound(format!("team member {id}")));
    }
    sqlx::query("DELETE FROM sessions WHERE user_id = ?").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    audit::record(conn, actor, audit::Event::new("user.password", "user", id)).await?;
    Ok(())
}
