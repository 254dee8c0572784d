//! Alerts: something an owner should look at (a model change, a paused
//! touchpoint, drift, a double booking). Each cause raises at most one alert
//! (its `cause_key`); a person acknowledges it with a note. Drift signals
//! (quality, shape, volume) are incidents: one alert per incident, which
//! later evidence joins (see `incidents`).

pub use model::alert::{Alert, AlertUpdate, Kind};

mod incidents;

pub use incidents::recover;

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use crate::{audit, validate, Actor, Db, DomainError, Result};

/// An alert to raise; nothing happens if its cause already raised one.
pub struct NewAlert {
    pub touchpoint_id: Option<i64>,
    pub kind: Kind,
    pub cause_key: String,
    pub title: String,
    pub evidence: serde_json::Value,
    pub at: DateTime<Utc>,
    /// The incident this signal belongs to ("quality:3") and how bad it
    /// looks (a larger level is worse), for drift signals.
    pub incident: Option<(String, f64)>,
}

impl NewAlert {
    pub fn new(touchpoint_id: i64, kind: Kind, cause_key: String, title: String, evidence: serde_json::Value) -> Self {
        NewAlert {
            touchpoint_id: Some(touchpoint_id),
            kind,
            cause_key,
            title,
            evidence,
            at: Utc::now(),
            incident: None,
        }
    }

    /// Makes the signal part of incident `family`, at `level`.
    pub fn in_incident(self, family: String, level: f64) -> Self {
        NewAlert { incident: Some((family, level)), ..self }
    }
}

/// Raises `alert` on the caller's transaction; returns its id when it is a
/// new alert. A signal of an open incident joins that alert instead.
pub async fn raise(conn: &mut SqliteConnection, alert: NewAlert) -> Result<Option<i64>> {
    if alert.incident.is_some() {
        return incidents::raise(conn, alert).await;
    }
    insert(conn, &alert).await
}

/// Inserts a new alert (once per cause), audits and emails it.
async fn insert(conn: &mut SqliteConnection, alert: &NewAlert) -> Result<Option<i64>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO alerts (touchpoint_id, kind, cause_key, title, evidence_json, raised_at, incident, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (cause_key) DO NOTHING RETURNING id",
    )
    .bind(alert.touchpoint_id)
    .bind(alert.kind)
    .bind(&alert.cause_key)
    .bind(&alert.title)
    .bind(alert.evidence.to_string())
    .bind(alert.at)
    .bind(alert.incident.as_ref().map(|i| &i.0))
    .bind(alert.incident.as_ref().map(|i| i.1))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = id {
        let event = audit::Event::new("alert.raise", "alert", id)
            .after(serde_json::json!({"kind": alert.kind, "title": alert.title}));
        audit::record(conn, &Actor::System, event).await?;
        email(conn, &format!("alert:{id}"), alert, &alert.title).await?;
    }
    Ok(id)
}

/// Tells the owners at once (seniors too when approvals are overdue): one
/// email per `dedupe` key and person.
async fn email(conn: &mut SqliteConnection, dedupe: &str, alert: &NewAlert, heading: &str) -> Result<()> {
    use crate::mail::{outbox, recipients, Email, Notice};
    let people = match alert.kind {
        Kind::Escalation => recipients::seniors_and_owners(conn).await?,
        _ => recipients::owners(conn).await?,
    };
    let (link, button) = match (alert.kind, alert.evidence.get("output_id").and_then(|v| v.as_i64())) {
        (Kind::Escalation, Some(output)) => (format!("/approvals/{output}"), "Open the waiting output"),
        _ => ("/alerts".to_string(), "See the alert"),
    };
    let clock = crate::business::calendar_on(conn).await?.clock();
    let notice = Email::Notice(Notice {
        heading: heading.to_string(),
        lines: vec![
            format!("Second Look raised this alert on {}.", clock.when_named(alert.at)),
            "Have a look, then acknowledge it with a note on what you did.".into(),
        ],
        quote: None,
        button: button.into(),
        link,
        also: None,
    });
    let subject: String = format!("Alert: {heading}").chars().take(150).collect();
    for (user, to) in people {
        outbox::enqueue(conn, &format!("{dedupe}:{user}"), &to, &subject, &notice).await?;
    }
    Ok(())
}

const SELECT: &str =
    "SELECT a.id, a.touchpoint_id, t.name AS touchpoint, a.kind, a.title, a.evidence_json, a.raised_at,
        u.name AS acknowledged_by, a.acknowledged_at, a.ack_note, a.recovered_at
    FROM alerts a LEFT JOIN touchpoints t ON t.id = a.touchpoint_id LEFT JOIN users u ON u.id = a.acknowledged_by";

/// Open alerts first (newest first), then up to `limit` acknowledged ones.
pub async fn list(db: &Db, touchpoint_id: Option<i64>, limit: i64) -> Result<Vec<Alert>> {
    let sql = format!(
        "{SELECT} WHERE (?1 IS NULL OR a.touchpoint_id = ?1)
         ORDER BY a.acknowledged_at IS NOT NULL, COALESCE(a.acknowledged_at, a.raised_at) DESC, a.id DESC LIMIT ?2"
    );
    let mut alerts = sqlx::query_as::<_, Alert>(&sql).bind(touchpoint_id).bind(limit).fetch_all(db).await?;
    incidents::attach_history(db, &mut alerts).await?;
    Ok(alerts)
}

/// Open alerts per touchpoint.
pub async fn open_by_touchpoint(db: &Db) -> Result<std::collections::HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT touchpoint_id, COUNT(*) FROM alerts WHERE acknowledged_at IS NULL AND touchpoint_id IS NOT NULL GROUP BY touchpoint_id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().collect())
}

/// Held outputs per touchpoint that are still pending after being escalated.
/// Driven from the (few) escalation alerts, never from the outputs.
pub async fn overdue_by_touchpoint(db: &Db) -> Result<std::collections::HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT a.touchpoint_id, COUNT(*) FROM alerts a
         WHERE a.kind = 'escalation' AND EXISTS (
             SELECT 1 FROM outputs o WHERE o.id = CAST(substr(a.cause_key, 12) AS INTEGER) AND o.status = 'pending')
         GROUP BY a.touchpoint_id",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().collect())
}

/// How many alerts nobody has acknowledged yet.
pub async fn open_count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM alerts WHERE acknowledged_at IS NULL").fetch_one(db).await?)
}

/// Marks an open alert as seen, with what the person did about it.
pub async fn acknowledge(db: &Db, actor: &Actor, id: i64, note: &str) -> Result<()> {
    let note = validate::optional_text("note", "The note", note, 1000)?;
    let user =
        actor.user_id().ok_or_else(|| DomainError::Forbidden("Only a person can acknowledge an alert.".into()))?;
    let mut tx = crate::db::begin_write(db).await?;
    let open: Option<Option<String>> =
        sqlx::query_scalar("SELECT acknowledged_at FROM alerts WHERE id = ?").bind(id).fetch_optional(&mut *tx).await?;
    match open {
        None => return Err(DomainError::NotFound(format!("Alert {id}"))),
        Some(Some(_)) => return Err(DomainError::Conflict("This alert was already acknowledged.".into())),
        Some(None) => {}
    }
    sqlx::query("UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ?, ack_note = ? WHERE id = ?")
        .bind(user)
        .bind(Utc::now())
        .bind(&note)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        actor,
        audit::Event::new("alert.acknowledge", "alert", id).after(serde_json::json!({"note": note})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
