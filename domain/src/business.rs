//! The business itself, its settings, and the first-run setup that creates it.

pub use model::business::SettingsInput;

use chrono::Utc;
use serde::{Deserialize, Serialize};

use crate::{
    audit,
    calendar::Calendar,
    users::{self, NewUser, Role, User},
    validate, Actor, Db, DomainError, Result,
};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Business {
    pub name: String,
    pub timezone: String,
    /// monday … sunday
    pub week_start: String,
    /// When the monthly review reminder goes out: `first-monday` or a day 1–28 ...
    pub monthly_day: String,
    /// ... at this hour, local time.
    pub monthly_hour: u32,
    /// Output text is removed after this many months (0 = kept forever).
    pub keep_text_months: u32,
}

impl Business {
    /// The settings as the form shows them.
    pub fn to_input(&self) -> SettingsInput {
        SettingsInput {
            name: self.name.clone(),
            timezone: self.timezone.clone(),
            week_start: self.week_start.clone(),
            monthly_day: self.monthly_day.clone(),
            monthly_hour: self.monthly_hour.to_string(),
            keep_text_months: self.keep_text_months.to_string(),
        }
    }

    /// The clock times are shown on, in pages and emails.
    pub fn clock(&self) -> crate::clock::Clock {
        self.calendar().clock()
    }

    pub fn calendar(&self) -> Calendar {
        Calendar {
            tz: self.timezone.parse().unwrap_or(chrono_tz::UTC),
            week_starts: validate::week_start(&self.week_start).unwrap_or(chrono::Weekday::Mon),
        }
    }
}

/// Every column [`Business`] reads, in one place for its three readers.
const SELECT_BUSINESS: &str =
    "SELECT name, timezone, week_start, monthly_day, monthly_hour, keep_text_months FROM business WHERE id = 1";

pub async fn get(db: &Db) -> Result<Option<Business>> {
    Ok(sqlx::query_as::<_, Business>(SELECT_BUSINESS).fetch_optional(db).await?)
}

/// The business's clock (UTC before setup).
pub async fn clock(db: &Db) -> Result<crate::clock::Clock> {
    Ok(get(db).await?.unwrap_or_default().clock())
}

/// The business's time zone and week start (UTC, Monday before setup).
pub async fn calendar(db: &Db) -> Result<Calendar> {
    calendar_on(&mut *db.acquire().await?).await
}

/// The same, on the caller's connection or transaction.
pub async fn calendar_on(conn: &mut sqlx::SqliteConnection) -> Result<Calendar> {
    let b: Option<Business> = sqlx::query_as(SELECT_BUSINESS).fetch_optional(conn).await?;
    Ok(b.map(|b| b.calendar()).unwrap_or_default())
}

/// Checks settings as typed into a form or the command line.
fn checked(input: &SettingsInput) -> Result<Business> {
    let name = validate::required_text("business_name", "The business name", &input.name, 100)?;
    let timezone = validate::timezone(&input.timezone)?;
    let day = validate::week_start(if input.week_start.trim().is_empty() { "monday" } else { &input.week_start })?;
    let week_start = validate::WEEKDAYS.iter().find(|(_, d)| *d == day).map(|(n, _)| n.to_string()).unwrap_or_default();
    let monthly_day = match input.monthly_day.trim() {
        "" | "first-monday" => "first-monday".to_string(),
        d if d.parse::<u32>().is_ok_and(|d| (1..=28).contains(&d)) => d.to_string(),
        other => {
            return Err(DomainError::invalid(
                "monthly_day",
                format!("'{other}' is not a day for the reminder; use first-monday or a day from 1 to 28."),
            ))
        }
    };
    let monthly_hour = match input.monthly_hour.trim() {
        "" => 9,
        h => h
            .parse::<u32>()
            .ok()
            .filter(|h| *h <= 23)
            .ok_or_else(|| DomainError::invalid("monthly_hour", format!("'{h}' is not an hour from 0 to 23.")))?,
    };
    let keep_text_months = match input.keep_text_months.trim() {
        "" => 24,
        m => m.parse::<u32>().ok().filter(|m| *m <= 1200).ok_or_else(|| {
            DomainError::invalid("keep_text_months", format!("'{m}' is not a number of months (0 keeps text forever)."))
        })?,
    };
    Ok(Business { name, timezone, week_start, monthly_day, monthly_hour, keep_text_months })
}

/// Changes the business's settings (owners only; the caller checks the role).
pub async fn update(db: &Db, actor: &Actor, input: &SettingsInput) -> Result<Business> {
    let after = checked(input)?;
    let mut tx = crate::db::begin_write(db).await?;
    let before: Business = sqlx::query_as(SELECT_BUSINESS)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| DomainError::Conflict("Second Look is not set up yet.".into()))?;
    sqlx::query(
        "UPDATE business SET name = ?, timezone = ?, week_start = ?, monthly_day = ?, monthly_hour = ?,
                             keep_text_months = ? WHERE id = 1",
    )
    .bind(&after.name)
    .bind(&after.timezone)
    .bind(&after.week_start)
    .bind(&after.monthly_day)
    .bind(after.monthly_hour)
    .bind(after.keep_text_months)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut tx, actor, audit::Event::new("business.update", "business", 1).before(&before).after(&after))
        .await?;
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
    let typed = SettingsInput {
        name: input.business_name.clone(),
        timezone: input.timezone.clone(),
        week_start: input.week_start.clone(),
        ..Default::default()
    };
    let business = checked(&typed)?;
    let mut tx = crate::db::begin_write(db).await?;
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
    let new =
        NewUser { email: input.owner_email, name: input.owner_name, role: Role::Owner, password: input.owner_password };
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
