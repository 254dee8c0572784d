//! The SQL for touchpoints. Every change is audited in its own transaction.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{risk::RiskRule, Created, Sampling, SamplingMode, Settings, Stage, StageChange, Touchpoint};
use crate::{audit, tokens, Actor, Db, DomainError, Result};

const TOKEN_PREFIX: &str = "slt_";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    kind: super::Kind,
    vendor: String,
    description: String,
    audience: super::Audience,
    stakes: super::Stakes,
    policy: super::Policy,
    sampling_mode: SamplingMode,
    failure_rate: f64,
    confidence: f64,
    fixed_per_week: i64,
    percent_per_week: f64,
    risk_rules_json: String,
    stage: Stage,
    guidelines: String,
    checklist_json: String,
    checks_json: Option<String>,
    retired_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, name, kind, vendor, description, audience, stakes, policy, sampling_mode, failure_rate,
    confidence, fixed_per_week, percent_per_week, risk_rules_json, stage, guidelines, checklist_json, checks_json,
    retired_at, created_at, updated_at";

impl TryFrom<Row> for Touchpoint {
    type Error = DomainError;
    fn try_from(r: Row) -> Result<Touchpoint> {
        let json_err = |e: serde_json::Error| {
            DomainError::Unexpected(anyhow::anyhow!("touchpoint {} has unreadable JSON: {e}", r.id))
        };
        let risk_rules: Vec<RiskRule> = serde_json::from_str(&r.risk_rules_json).map_err(json_err)?;
        let checklist: Vec<String> = serde_json::from_str(&r.checklist_json).map_err(json_err)?;
        let chosen: Option<Vec<model::facts::Check>> =
            r.checks_json.as_deref().map(serde_json::from_str).transpose().map_err(json_err)?;
        Ok(Touchpoint {
            id: r.id,
            settings: Settings {
                name: r.name,
                kind: r.kind,
                vendor: r.vendor,
                description: r.description,
                audience: r.audience,
                stakes: r.stakes,
                policy: r.policy,
                sampling: Sampling {
                    mode: r.sampling_mode,
                    failure_rate: r.failure_rate,
                    confidence: r.confidence,
                    fixed_per_week: r.fixed_per_week as u32,
                    percent_per_week: r.percent_per_week,
                },
                risk_rules,
                guidelines: r.guidelines,
                checklist,
            },
            stage: r.stage,
            checks_chosen: chosen.is_some(),
            checks: chosen.unwrap_or_else(|| checks::defaults_for(r.kind)),
            retired_at: r.retired_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// Binds the settings columns in the order both INSERT and UPDATE list them:
/// name, kind, vendor, description, audience, stakes, policy, sampling_mode,
/// failure_rate, confidence, fixed_per_week, percent_per_week, risk_rules_json,
/// guidelines, checklist_json.
trait BindSettings<'q> {
    fn bind_settings(self, s: &'q Settings) -> Self;
}

impl<'q, O> BindSettings<'q> for sqlx::query::QueryScalar<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
    fn bind_settings(self, s: &'q Settings) -> Self {
        let json = |v: serde_json::Result<String>| v.unwrap_or_else(|_| "[]".into());
        self.bind(&s.name)
            .bind(s.kind)
            .bind(&s.vendor)
            .bind(&s.description)
            .bind(s.audience)
            .bind(s.stakes)
            .bind(s.policy)
            .bind(s.sampling.mode)
            .bind(s.sampling.failure_rate)
            .bind(s.sampling.confidence)
            .bind(s.sampling.fixed_per_week as i64)
            .bind(s.sampling.percent_per_week)
            .bind(json(serde_json::to_string(&s.risk_rules)))
            .bind(&s.guidelines)
            .bind(json(serde_json::to_string(&s.checklist)))
    }
}

async fn name_taken(conn: &mut SqliteConnection, name: &str, except: Option<i64>) -> Result<()> {
    let other: Option<i64> = sqlx::query_scalar("SELECT id FROM touchpoints WHERE name = ? AND id != ?")
        .bind(name)
        .bind(except.unwrap_or(-1))
        .fetch_optional(conn)
        .await?;
    match other {
        Some(_) => Err(DomainError::invalid("name", format!("There is already a touchpoint called \"{name}\"."))),
        None => Ok(()),
    }
}

pub(crate) async fn fetch(conn: &mut SqliteConnection, id: i64) -> Result<Touchpoint> {
    let row = sqlx::query_as::<_, Row>(&format!("SELECT {COLUMNS} FROM touchpoints WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| DomainError::NotFound(format!("Touchpoint {id}")))?;
    row.try_into()
}

/// Inserts on `conn` (the caller's transaction), with its first stage and audit rows.
pub async fn insert(conn: &mut SqliteConnection, actor: &Actor, settings: Settings) -> Result<Created> {
    name_taken(conn, &settings.name, None).await?;
    let token = tokens::generate(TOKEN_PREFIX);
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO touchpoints (name, kind, vendor, description, audience, stakes, policy, sampling_mode, failure_rate,
            confidence, fixed_per_week, percent_per_week, risk_rules_json, guidelines, checklist_json, ingest_token_hash,
            created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind_settings(&settings)
    .bind(tokens::hash(&token))
    .bind(now)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    record_stage(conn, actor, id, None, Stage::Pilot, "created").await?;
    audit::record(conn, actor, audit::Event::new("touchpoint.create", "touchpoint", id).after(&settings)).await?;
    let touchpoint = fetch(conn, id).await?;
    Ok(Created { touchpoint, token })
}

pub async fn create(db: &Db, actor: &Actor, settings: Settings) -> Result<Created> {
    let mut tx = crate::db::begin_write(db).await?;
    let created = insert(&mut tx, actor, settings).await?;
    tx.commit().await?;
    Ok(created)
}

/// Creates several at once, all or nothing (the onboarding checklist).
pub async fn create_many(db: &Db, actor: &Actor, all: Vec<Settings>) -> Result<Vec<Created>> {
    let mut tx = crate::db::begin_write(db).await?;
    let mut created = Vec::with_capacity(all.len());
    for settings in all {
        created.push(insert(&mut tx, actor, settings).await?);
    }
    tx.commit().await?;
    Ok(created)
}

pub async fn get(db: &Db, id: i64) -> Result<Touchpoint> {
    fetch(&mut *db.acquire().await?, id).await
}

/// Live touchpoints first by name; retired ones only when asked.
pub async fn list(db: &Db, include_retired: bool) -> Result<Vec<Touchpoint>> {
    let filter = if include_retired { "" } else { "WHERE retired_at IS NULL" };
    let rows = sqlx::query_as::<_, Row>(&format!(
        "SELECT {COLUMNS} FROM touchpoints {filter} ORDER BY retired_at IS NOT NULL, name"
    ))
    .fetch_all(db)
    .await?;
    rows.into_iter().map(Touchpoint::try_from).collect()
}

/// The live touchpoint an ingest token belongs to (one indexed query: it
/// runs on every API call).
pub async fn find_by_token(db: &Db, token: &str) -> Result<Option<Touchpoint>> {
    let row = sqlx::query_as::<_, Row>(&format!(
        "SELECT {COLUMNS} FROM touchpoints WHERE ingest_token_hash = ? AND retired_at IS NULL"
    ))
    .bind(tokens::hash(token.trim()))
    .fetch_optional(db)
    .await?;
    row.map(Touchpoint::try_from).transpose()
}

pub async fn update(db: &Db, actor: &Actor, id: i64, settings: Settings) -> Result<Touchpoint> {
    let mut tx = crate::db::begin_write(db).await?;
    let before = fetch(&mut tx, id).await?;
    name_taken(&mut tx, &settings.name, Some(id)).await?;
    sqlx::query_scalar::<_, i64>(
        "UPDATE touchpoints SET name = ?, kind = ?, vendor = ?, description = ?, audience = ?, stakes = ?, policy = ?,
            sampling_mode = ?, failure_rate = ?, confidence = ?, fixed_per_week = ?, percent_per_week = ?,
            risk_rules_json = ?, guidelines = ?, checklist_json = ?, updated_at = ?
         WHERE id = ? RETURNING id",
    )
    .bind_settings(&settings)
    .bind(Utc::now())
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        audit::Event::new("touchpoint.update", "touchpoint", id).before(&before.settings).after(&settings),
    )
    .await?;
    let after = fetch(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}

async fn record_stage(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    from: Option<Stage>,
    to: Stage,
    note: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO touchpoint_stages (touchpoint_id, from_stage, to_stage, at, actor, note) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(Utc::now())
        .bind(actor.label())
        .bind(note)
        .execute(conn)
        .await?;
    Ok(())
}

/// Writes a stage change on the caller's transaction (recorded and
/// audited); `sampling::set_stage_in` adds what it means for inspection.
pub(crate) async fn write_stage(
    conn: &mut SqliteConnection,
    actor: &Actor,
    id: i64,
    stage: Stage,
    note: &str,
) -> Result<Touchpoint> {
    let note = crate::validate::optional_text("note", "The note", note, 500)?;
    let before = fetch(conn, id).await?;
    if before.retired_at.is_some() {
        return Err(DomainError::Conflict("This touchpoint is retired; its stage can no longer change.".into()));
    }
    if before.stage == stage {
        return Ok(before);
    }
    sqlx::query("UPDATE touchpoints SET stage = ?, updated_at = ? WHERE id = ?")
        .bind(stage)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    record_stage(conn, actor, id, Some(before.stage), stage, &note).await?;
    let event = audit::Event::new("touchpoint.stage", "touchpoint", id)
        .before(before.stage)
        .after(serde_json::json!({"stage": stage, "note": note}));
    audit::record(conn, actor, event).await?;
    fetch(conn, id).await
}

/// Inspection paused the touchpoint (too many weeks not accepted).
pub(crate) async fn pause_for_inspection(conn: &mut SqliteConnection, id: i64, reason: &str) -> Result<()> {
    let before = fetch(conn, id).await?;
    if before.stage == Stage::Paused {
        return Ok(());
    }
    sqlx::query("UPDATE touchpoints SET stage = 'paused', updated_at = ? WHERE id = ?")
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    record_stage(conn, &Actor::System, id, Some(before.stage), Stage::Paused, reason).await?;
    let event = audit::Event::new("touchpoint.stage", "touchpoint", id)
        .before(before.stage)
        .after(serde_json::json!({"stage": Stage::Paused, "note": reason}));
    audit::record(conn, &Actor::System, event).await
}

pub async fn stage_history(db: &Db, id: i64) -> Result<Vec<StageChange>> {
    Ok(sqlx::query_as::<_, StageChange>(
        "SELECT from_stage, to_stage, at, actor, note FROM touchpoint_stages WHERE touchpoint_id = ? ORDER BY id DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?)
}

/// A new ingest token; the old one stops working at once.
pub async fn rotate_token(db: &Db, actor: &Actor, id: i64) -> Result<String> {
    let mut tx = crate::db::begin_write(db).await?;
    let tp = fetch(&mut tx, id).await?;
    if tp.retired_at.is_some() {
        return Err(DomainError::Conflict("This touchpoint is retired and takes no more outputs.".into()));
    }
    let token = tokens::generate(TOKEN_PREFIX);
    sqlx::query("UPDATE touchpoints SET ingest_token_hash = ?, updated_at = ? WHERE id = ?")
        .bind(tokens::hash(&token))
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, audit::Event::new("touchpoint.token_rotate", "touchpoint", id)).await?;
    tx.commit().await?;
    Ok(token)
}

/// Retires a touchpoint: kept with its history, but it takes no more outputs.
pub async fn retire(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = crate::db::begin_write(db).await?;
    let tp = fetch(&mut tx, id).await?;
    if tp.retired_at.is_some() {
        return Ok(());
    }
    sqlx::query("UPDATE touchpoints SET retired_at = ?, updated_at = ? WHERE id = ?")
        .bind(Utc::now())
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut tx, actor, audit::Event::new("touchpoint.retire", "touchpoint", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Chooses which fact checks a touchpoint runs (`None`: the defaults for
/// its kind again). Audited.
pub async fn set_checks(
    db: &Db,
    actor: &Actor,
    id: i64,
    checks: Option<Vec<model::facts::Check>>,
) -> Result<Touchpoint> {
    let mut tx = crate::db::begin_write(db).await?;
    let before = fetch(&mut tx, id).await?;
    let json = checks.as_ref().map(|c| serde_json::to_string(c).unwrap_or_else(|_| "[]".into()));
    sqlx::query("UPDATE touchpoints SET checks_json = ?, updated_at = ? WHERE id = ?")
        .bind(&json)
        .bind(Utc::now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let event = audit::Event::new("touchpoint.checks", "touchpoint", id).before(&before.checks).after(&checks);
    audit::record(&mut tx, actor, event).await?;
    let after = fetch(&mut tx, id).await?;
    tx.commit().await?;
    Ok(after)
}
