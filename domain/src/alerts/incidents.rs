//! One incident, one alert. A drift signal (a bad week, a shape or volume
//! change) belongs to an incident family ("quality:3"); while that family has
//! an open alert (not acknowledged, not recovered), later signals add their
//! evidence to it instead of raising another. It emails once when it opens
//! and once more only if it gets clearly worse (its level grows by half).
//! A new incident opens only after the last was acknowledged or recovered.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{email, insert, Alert, AlertUpdate, NewAlert};
use crate::{Db, Result};

/// How much worse (as a ratio of levels) a signal must look to email again.
const CLEARLY_WORSE: f64 = 1.5;

pub(super) async fn raise(conn: &mut SqliteConnection, alert: NewAlert) -> Result<Option<i64>> {
    let (family, level) = alert.incident.clone().expect("an incident signal");
    let seen: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM alerts WHERE cause_key = ?1) OR EXISTS (SELECT 1 FROM alert_updates WHERE cause_key = ?1)",
    )
    .bind(&alert.cause_key)
    .fetch_one(&mut *conn)
    .await?;
    if seen {
        return Ok(None);
    }
    let open: Option<(i64, Option<f64>)> = sqlx::query_as(
        "SELECT id, level FROM alerts WHERE incident = ? AND acknowledged_at IS NULL AND recovered_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(&family)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, emailed_at_level)) = open else {
        let id = insert(conn, &alert).await?;
        if let Some(id) = id {
            add_update(conn, id, &alert).await?;
        }
        return Ok(id);
    };
    add_update(conn, id, &alert).await?;
    if level >= emailed_at_level.unwrap_or(0.0) * CLEARLY_WORSE && level > 0.0 {
        sqlx::query("UPDATE alerts SET level = ? WHERE id = ?").bind(level).bind(id).execute(&mut *conn).await?;
        let heading = format!("Worse: {}", alert.title);
        email(conn, &format!("alert:{id}:worse:{}", alert.cause_key), &alert, &heading).await?;
    }
    Ok(None)
}

async fn add_update(conn: &mut SqliteConnection, alert_id: i64, alert: &NewAlert) -> Result<()> {
    sqlx::query("INSERT INTO alert_updates (alert_id, cause_key, title, evidence_json, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(alert_id)
        .bind(&alert.cause_key)
        .bind(&alert.title)
        .bind(alert.evidence.to_string())
        .bind(alert.at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The family's signal has gone quiet: its open alert stops gathering
/// evidence (it still waits for a person's acknowledgement), and the next
/// signal opens a new incident.
pub async fn recover(conn: &mut SqliteConnection, family: &str, why: &str, at: DateTime<Utc>) -> Result<bool> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM alerts WHERE incident = ? AND acknowledged_at IS NULL AND recovered_at IS NULL",
    )
    .bind(family)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = open else { return Ok(false) };
    sqlx::query("UPDATE alerts SET recovered_at = ? WHERE id = ?").bind(at).bind(id).execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO alert_updates (alert_id, cause_key, title, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(id)
    .bind(format!("recovered:{id}"))
    .bind(why)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(true)
}

/// Fills each listed alert's history (one query for the whole list).
pub(super) async fn attach_history(db: &Db, alerts: &mut [Alert]) -> Result<()> {
    if alerts.is_empty() {
        return Ok(());
    }
    let ids = serde_json::to_string(&alerts.iter().map(|a| a.id).collect::<Vec<_>>()).expect("ids serialise");
    let rows: Vec<(i64, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT alert_id, title, at FROM alert_updates WHERE alert_id IN (SELECT value FROM json_each(?)) ORDER BY id",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    for (alert_id, title, at) in rows {
        if let Some(a) = alerts.iter_mut().find(|a| a.id == alert_id) {
            a.history.push(AlertUpdate { title, at });
        }
    }
    Ok(())
}
