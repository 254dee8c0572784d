//! The business itself and the first-run setup that creates it.

use chrono::Utc;
use serde::Serialize;

use crate::{
    audit,
    users::{self, NewUser, Role, User},
    validate, Actor, Db, DomainError, Result,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Business {
    pub name: String,
    pub timezone: String,
    pub week_start: String,
}

pub async fn get(db: &Db) -> Result<Option<Business>> {
    Ok(sqlx::query_as::<_, Business>("SELECT name, timezone, week_start FROM business WHERE id = 1")
        .fetch_optional(db)
        .await?)
}

/// What the first-run form (or `secondlook setup`) provides.
#[derive(Debug, Clone)]
pub struct Setup {
    pub business_name: String,
    pub timezone: String,
    pub owner_email: String,
    pub owner_name: String,
    pub owner_password: String,
}

/// Creates the business and its first owner, all or nothing. Refused once an
/// owner exists, so `/setup` cannot be used to take over an install.
pub async fn setup(db: &Db, actor: &Actor, input: Setup) -> Result<User> {
    let name = validate::required_text("business_name", "The business name", &input.business_name, 100)?;
    let timezone = validate::timezone(&input.timezone)?;
    let mut tx = db.begin().await?;
    let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'owner'").fetch_one(&mut *tx).await?;
    if owners > 0 {
        return Err(DomainError::Conflict("Second Look is already set up: an owner account exists.".into()));
    }
    sqlx::query(
        "INSERT INTO business (id, name, timezone, created_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, timezone = excluded.timezone",
    )
    .bind(&name)
    .bind(&timezone)
    .bind(Utc::now())
    .execute(&mut *tx)
    .await?;
    let new = NewUser { email: input.owner_email, name: input.owner_name, role: Role::Owner, password: input.owner_password };
    let owner = users::insert(&mut tx, actor, new).await?;
    let event = audit::Event::new("business.setup", "business", 1).after(serde_json::json!({"name": name, "timezone": timezone}));
    let actor = match actor {
        Actor::Cli | Actor::System => actor.clone(),
        Actor::User { .. } => owner.actor(),
    };
    audit::record(&mut tx, &actor, event).await?;
    tx.commit().await?;
    Ok(owner)
}
