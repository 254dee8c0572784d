//! The business itself, its settings, and the first-run setup that creates it.

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::{
    audit,
    sampling::Calendar,
    users::{self, NewUser, Role, User},
    validate, Actor, Db, DomainError, Result,
};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Business {
    pub name: String,
    pub timezone: String,
    /// monday … sunday
    pub week_start: String,
}

impl Business {
    pub fn calendar(&self) -> Calendar {
        Calendar {
            tz: self.timezone.parse().unwrap_or(chrono_tz::UTC),
            week_starts: validate::week_start(&self.week_start).unwrap_or(chrono::Weekday::Mon),
        }
    }
}

pub async fn get(db: &Db) -> Result<Option<Business>> {
    Ok(sqlx::query_as::<_, Business>("SELECT name, timezone, week_start FROM business WHERE id = 1")
        .fetch_optional(db)
        .await?)
}

/// The business's time zone and week start (UTC, Monday before setup).
pub async fn calendar(db: &Db) -> Result<Calendar> {
    calendar_on(&mut *db.acquire().await?).await
}

/// The same, on the caller's connection or transaction.
pub async fn calendar_on(conn: &mut sqlx::SqliteConnection) -> Result<Calendar> {
    let b: Option<Business> = sqlx::query_as("SELECT name, timezone, week_start FROM business WHERE id = 1").fetch_optional(conn).await?;
    Ok(b.map(|b| b.calendar()).unwrap_or_default())
}

/// Checks settings as typed into a form or the command line.
fn checked(name: &str, timezone: &str, week_start: &str) -> Result<Business> {
    let name = validate::required_text("business_name", "The business name", name, 100)?;
    let timezone = validate::timezone(timezone)?;
    let day = validate::week_start(if week_start.trim().is_empty() { "monday" } else { week_start })?;
    let week_start = validate::WEEKDAYS.iter().find(|(_, d)| *d == day).map(|(n, _)| n.to_string()).unwrap_or_default();
    Ok(Business { name, timezone, week_start })
}

/// Changes the business's name, time zone or week start (owners only; the
/// caller checks the role).
pub async fn update(db: &Db, actor: &Actor, name: &str, timezone: &str, week_start: &str) -> Result<Business> {
    let after = checked(name, timezone, week_start)?;
    let mut tx = db.begin().await?;
    let before: Business = sqlx::query_as("SELECT name, timezone, week_start FROM business WHERE id = 1")
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| DomainError::Conflict("Second Look is not set up yet.".into()))?;
    sqlx::query("UPDATE business SET name = ?, timezone = ?, week_start = ? WHERE id = 1")
        .bind(&after.name)
        .bind(&after.timezone)
        .bind(&after.week_start)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, audit::Event::new("business.update", "business", 1).before(&before).after(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

/// What the first-run form (or `secondlook setup`) provides.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub business_name: String,
    pub timezone: String,
    /// Empty means Monday.
    pub week_start: String,
    pub owner_email: String,
    pub owner_name: String,
    pub owner_password: String,
}

/// Creates the business and its first owner, all or nothing. Refused once an
/// owner exists, so `/setup` cannot be used to take over an install.
pub async fn setup(db: &Db, actor: &Actor, input: Setup) -> Result<User> {
    let business = checked(&input.business_name, &input.timezone, &input.week_start)?;
    let mut tx = db.begin().await?;
    let owners: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'owner'").fetch_one(&mut *tx).await?;
    if owners > 0 {
        return Err(DomainError::Conflict("Second Look is already set up: an owner account exists.".into()));
    }
    sqlx::query(
        "INSERT INTO business (id, name, timezone, week_start, created_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, timezone = excluded.timezone, week_start = excluded.week_start",
    )
    .bind(&business.name)
    .bind(&business.timezone)
    .bind(&business.week_start)
    .bind(Utc::now())
    .execute(&mut *tx)
    .await?;
    let new = NewUser { email: input.owner_email, name: input.owner_name, role: Role::Owner, password: input.owner_password };
    let owner = users::insert(&mut tx, actor, new).await?;
    let event = audit::Event::new("business.setup", "business", 1).after(&business);
    let actor = match actor {
        Actor::Cli | Actor::System => actor.clone(),
        Actor::User { .. } => owner.actor(),
    };
    audit::record(&mut tx, &actor, event).await?;
    tx.commit().await?;
    Ok(owner)
}
