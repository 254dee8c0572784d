//! The `captures` row of a touchpoint (its mailbox or feed), its cursor, its
//! health, and the capture log. Problems are counted from the first failed
//! fetch: after 30 minutes of failure one alert is raised, and the next good
//! fetch recovers it.

use chrono::{DateTime, Duration, Utc};
use sqlx::SqliteConnection;

use model::capture::{CaptureKind, CaptureLine, CaptureStatus, Tls};

use crate::{alerts, audit, sealing::Sealer, Actor, Db, DomainError, Result};

/// How long fetches must fail before an owner is told.
pub const ALERT_AFTER: Duration = Duration::minutes(30);
/// Log lines kept per touchpoint (older ones are removed).
const LOG_KEPT: i64 = 500;

/// A capture as the pollers read it. `secret_sealed` is opened only to
/// connect.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Capture {
    pub touchpoint_id: i64,
    pub kind: CaptureKind,
    pub host: String,
    pub port: i64,
    pub tls: Tls,
    pub username: String,
    pub folder: String,
    pub secret_sealed: String,
    pub since: Option<DateTime<Utc>>,
    pub cursor_validity: Option<i64>,
    pub cursor_uid: i64,
    pub cursor_etag: Option<String>,
    pub cursor_modified: Option<String>,
    pub failing_since: Option<DateTime<Utc>>,
}

impl Capture {
    pub fn secret(&self, sealer: &Sealer) -> Result<String> {
        sealer.open(&self.secret_sealed).map_err(|e| DomainError::Unexpected(anyhow::anyhow!("capture secret: {e}")))
    }
}

/// What is saved when a mailbox is connected or a feed subscribed.
#[derive(Debug, Clone)]
pub struct NewCapture {
    pub kind: CaptureKind,
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub username: String,
    pub folder: String,
    /// The password or the feed address, sealed before it is stored.
    pub secret: String,
    pub since: Option<DateTime<Utc>>,
    /// For "from now on": the UIDVALIDITY and last UID seen at connection.
    pub cursor: Option<(i64, i64)>,
}

/// Saves (or replaces) the touchpoint's capture; fetching starts at once.
pub async fn save(db: &Db, sealer: &Sealer, actor: &Actor, tp: i64, new: NewCapture) -> Result<()> {
    let now = Utc::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO captures (touchpoint_id, kind, host, port, tls, username, folder, secret_sealed, since,
             cursor_validity, cursor_uid, next_at, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)
         ON CONFLICT (touchpoint_id) DO UPDATE SET kind = excluded.kind, host = excluded.host, port = excluded.port,
             tls = excluded.tls, username = excluded.username, folder = excluded.folder,
             secret_sealed = excluded.secret_sealed, since = excluded.since, cursor_validity = excluded.cursor_validity,
             cursor_uid = excluded.cursor_uid, cursor_etag = NULL, cursor_modified = NULL, backlog = 0,
             failing_since = NULL, last_problem = NULL, next_at = excluded.next_at",
    )
    .bind(tp)
    .bind(new.kind)
    .bind(&new.host)
    .bind(new.port as i64)
    .bind(new.tls)
    .bind(&new.username)
    .bind(&new.folder)
    .bind(sealer.seal(&new.secret))
    .bind(new.since)
    .bind(new.cursor.map(|c| c.0))
    .bind(new.cursor.map(|c| c.1).unwrap_or(0))
    .bind(now)
    .bind(actor.user_id())
    .execute(&mut *tx)
    .await?;
    let what = match new.kind {
        CaptureKind::Mailbox => format!("Connected to the mailbox {} on {}.", new.folder, new.host),
        CaptureKind::Feed => format!("Subscribed to a calendar on {}.", new.host),
    };
    log_on(&mut tx, tp, false, &what, now).await?;
    let after = serde_json::json!({"kind": new.kind, "host": new.host, "port": new.port, "tls": new.tls,
        "username": new.username, "folder": new.folder, "since": new.since});
    audit::record(&mut tx, actor, audit::Event::new("capture.connect", "touchpoint", tp).after(after)).await?;
    tx.commit().await?;
    Ok(())
}

/// Stops capturing for the touchpoint (its outputs stay).
pub async fn remove(db: &Db, actor: &Actor, tp: i64) -> Result<bool> {
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM captures WHERE touchpoint_id = ?").bind(tp).execute(&mut *tx).await?;
    if gone.rows_affected() == 0 {
        return Ok(false);
    }
    log_on(&mut tx, tp, false, "Capture stopped. Outputs already taken are kept.", Utc::now()).await?;
    alerts::recover(&mut tx, &family(tp), "capture stopped", Utc::now()).await?;
    audit::record(&mut tx, actor, audit::Event::new("capture.disconnect", "touchpoint", tp)).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn get(db: &Db, tp: i64) -> Result<Option<Capture>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE touchpoint_id = ?")).bind(tp).fetch_optional(db).await?)
}

const SELECT: &str = "SELECT touchpoint_id, kind, host, port, tls, username, folder, secret_sealed, since,
    cursor_validity, cursor_uid, cursor_etag, cursor_modified, failing_since FROM captures";

/// The captures whose next fetch is due at `now`.
pub async fn due(db: &Db, now: DateTime<Utc>) -> Result<Vec<Capture>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE next_at <= ? ORDER BY next_at")).bind(now).fetch_all(db).await?)
}

/// What the touchpoint page shows.
pub async fn status(db: &Db, tp: i64) -> Result<Option<CaptureStatus>> {
    type Row = (
        CaptureKind,
        String,
        i64,
        Tls,
        String,
        String,
        i64,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT kind, host, port, tls, username, folder, backlog, last_ok_at, failing_since, last_problem
         FROM captures WHERE touchpoint_id = ?",
    )
    .bind(tp)
    .fetch_optional(db)
    .await?;
    let Some((kind, host, port, tls, username, folder, backlog, last_ok_at, failing_since, last_problem)) = row else {
        return Ok(None);
    };
    let source = match kind {
        CaptureKind::Mailbox => "mailbox",
        CaptureKind::Feed => "calendar",
    };
    let taken: i64 = match kind {
        CaptureKind::Mailbox => {
            sqlx::query_scalar("SELECT COUNT(*) FROM outputs WHERE touchpoint_id = ? AND source = ?")
                .bind(tp)
                .bind(source)
                .fetch_one(db)
                .await?
        }
        CaptureKind::Feed => {
            sqlx::query_scalar("SELECT COUNT(*) FROM feed_events WHERE touchpoint_id = ?")
                .bind(tp)
                .fetch_one(db)
                .await?
        }
    };
    let log: Vec<CaptureLine> = sqlx::query_as(
        "SELECT at, problem, message FROM capture_log WHERE touchpoint_id = ? ORDER BY id DESC LIMIT 20",
    )
    .bind(tp)
    .fetch_all(db)
    .await?;
    Ok(Some(CaptureStatus {
        kind,
        host,
        port: port as u16,
        tls,
        username,
        folder,
        taken,
        backlog,
        last_ok_at,
        failing_since,
        last_problem,
        log,
    }))
}

/// Adds a line to the capture log (never a secret: callers pass plain words).
pub async fn log(db: &Db, tp: i64, problem: bool, message: &str) -> Result<()> {
    let mut conn = db.acquire().await?;
    log_on(&mut conn, tp, problem, message, Utc::now()).await
}

async fn log_on(conn: &mut SqliteConnection, tp: i64, problem: bool, message: &str, at: DateTime<Utc>) -> Result<()> {
    let message: String = message.chars().take(500).collect();
    sqlx::query("INSERT INTO capture_log (touchpoint_id, at, problem, message) VALUES (?, ?, ?, ?)")
        .bind(tp)
        .bind(at)
        .bind(problem)
        .bind(&message)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "DELETE FROM capture_log WHERE touchpoint_id = ?1 AND id <= (SELECT id FROM capture_log WHERE touchpoint_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
    )
    .bind(tp)
    .bind(LOG_KEPT)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn family(tp: i64) -> String {
    format!("capture:{tp}")
}

/// A good fetch: the problem (if any) is over; the next fetch is at `next_at`.
pub async fn succeeded(db: &Db, tp: i64, now: DateTime<Utc>, next_at: DateTime<Utc>) -> Result<()> {
    let mut tx = db.begin().await?;
    let was: Option<Option<DateTime<Utc>>> =
        sqlx::query_scalar("SELECT failing_since FROM captures WHERE touchpoint_id = ?")
            .bind(tp)
            .fetch_optional(&mut *tx)
            .await?;
    sqlx::query("UPDATE captures SET last_ok_at = ?, failing_since = NULL, last_problem = NULL, next_at = ? WHERE touchpoint_id = ?")
        .bind(now)
        .bind(next_at)
        .bind(tp)
        .execute(&mut *tx)
        .await?;
    if let Some(Some(_)) = was {
        log_on(&mut tx, tp, false, "Working again.", now).await?;
        alerts::recover(&mut tx, &family(tp), "capture working again", now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A failed fetch, in plain words. The first one of a run is logged; after
/// `ALERT_AFTER` of failure, one alert is raised for the run.
pub async fn failed(db: &Db, tp: i64, problem: &str, now: DateTime<Utc>, next_at: DateTime<Utc>) -> Result<()> {
    let mut tx = db.begin().await?;
    let row: Option<(Option<DateTime<Utc>>, Option<String>)> =
        sqlx::query_as("SELECT failing_since, last_problem FROM captures WHERE touchpoint_id = ?")
            .bind(tp)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((since, last)) = row else { return Ok(()) };
    let since = since.unwrap_or(now);
    sqlx::query("UPDATE captures SET failing_since = ?, last_problem = ?, next_at = ? WHERE touchpoint_id = ?")
        .bind(since)
        .bind(problem)
        .bind(next_at)
        .bind(tp)
        .execute(&mut *tx)
        .await?;
    if last.as_deref() != Some(problem) {
        log_on(&mut tx, tp, true, problem, now).await?;
    }
    if now - since >= ALERT_AFTER {
        let alert = alerts::NewAlert::new(
            tp,
            alerts::Kind::Capture,
            format!("capture:{tp}:{}", since.timestamp()),
            format!("Capture has been failing for {} minutes: {problem}", (now - since).num_minutes()),
            serde_json::json!({"since": since, "problem": problem}),
        )
        .in_incident(family(tp), 1.0);
        alerts::raise(&mut tx, alert).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Moves the mailbox cursor on (and records what is left to take).
pub async fn advance(db: &Db, tp: i64, validity: i64, last_uid: i64, backlog: i64) -> Result<()> {
    sqlx::query("UPDATE captures SET cursor_validity = ?, cursor_uid = ?, backlog = ? WHERE touchpoint_id = ?")
        .bind(validity)
        .bind(last_uid)
        .bind(backlog)
        .bind(tp)
        .execute(db)
        .await?;
    Ok(())
}

/// Remembers the feed's ETag and Last-Modified for the next conditional fetch.
pub async fn feed_seen(db: &Db, tp: i64, etag: Option<&str>, modified: Option<&str>) -> Result<()> {
    sqlx::query("UPDATE captures SET cursor_etag = ?, cursor_modified = ? WHERE touchpoint_id = ?")
        .bind(etag)
        .bind(modified)
        .bind(tp)
        .execute(db)
        .await?;
    Ok(())
}

/// Makes every capture due now (at start-up: what came while the server was
/// down is fetched at once, not at the next interval).
pub async fn wake_all(db: &Db) -> Result<()> {
    sqlx::query("UPDATE captures SET next_at = ?").bind(Utc::now()).execute(db).await?;
    Ok(())
}
