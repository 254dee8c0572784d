//! Drawing a week's sample, so that every output of the week can reach it.
//!
//! Each output gets a random key from a hash of its touchpoint, week and
//! identity (the source's external id, else its row id). The week's random
//! sample is the plan's n outputs with the smallest keys among all the
//! week's outputs; the same outputs give the same picks whatever order they
//! arrived in. When outputs arrive after their week was drawn (an import of
//! past weeks, a Monday batch), the week is drawn again: a top-up adds the
//! late outputs whose keys now rank among the n smallest, so late outputs are
//! picked at the week's sampling fraction. Nothing is ever taken out of the
//! queue. Every output a risk rule flags goes to review too, outside the
//! random sample (and outside its statistics).

use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use super::{inspection, Inspection, Week};
use crate::{
    touchpoints::{self, risk::Matcher, Stage, Touchpoint},
    Db, Result,
};

/// What one touchpoint's draw did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drawn {
    pub touchpoint_id: i64,
    pub touchpoint: String,
    pub week: String,
    /// The week's outputs when it was (last) drawn.
    pub population: u64,
    pub planned: u64,
    /// In the week's random sample, in all.
    pub drawn: u64,
    /// Reviewed outside the random sample (risk rules, double bookings).
    pub flagged: u64,
    /// Added to the queue by this draw.
    pub added: u64,
    pub inspection: Inspection,
    /// False when nothing had changed since the week was last drawn.
    pub new: bool,
    /// True when the week had been drawn before (this was a top-up).
    pub top_up: bool,
}

/// The output's place in the week's random order: a uniform 64-bit number.
fn key(touchpoint_id: i64, week: Week, output_id: i64, external_id: Option<&str>) -> u64 {
    let identity = external_id.map_or_else(|| format!("id:{output_id}"), |e| format!("ext:{e}"));
    let digest = Sha256::digest(format!("secondlook sample {touchpoint_id} {week} {identity}").as_bytes());
    u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"))
}

/// Draws (or tops up) `week` for every live touchpoint that is spot-checked.
pub async fn draw_week(db: &Db, week: Week) -> Result<Vec<Drawn>> {
    let cal = crate::business::calendar(db).await?;
    let mut out = Vec::new();
    for tp in touchpoints::list(db, false).await? {
        if tp.settings.policy.samples() {
            out.push(draw_one(db, &tp, week, cal).await?);
        }
    }
    Ok(out)
}

/// The last draw of a touchpoint's week.
#[derive(sqlx::FromRow)]
struct Previous {
    population: i64,
    planned: i64,
    drawn: i64,
    flagged: i64,
    inspection: Inspection,
    last_output_id: i64,
}

/// One output of the week: id, external id, and its queue entry if any
/// (`Some(true)` when it is in the random sample).
type WeekOutput = (i64, Option<String>, Option<bool>);

async fn week_outputs(
    conn: &mut SqliteConnection,
    tp: i64,
    (start, end): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
) -> Result<Vec<WeekOutput>> {
    Ok(sqlx::query_as(
        "SELECT o.id, o.external_id, r.random FROM outputs o LEFT JOIN review_items r ON r.output_id = o.id
         WHERE o.touchpoint_id = ? AND o.produced_at >= ? AND o.produced_at < ? ORDER BY o.id",
    )
    .bind(tp)
    .bind(start)
    .bind(end)
    .fetch_all(conn)
    .await?)
}

/// The sample size for `population` outputs: the plan at the touchpoint's
/// stage, adjusted for its inspection state, never more than the week has.
/// A week the quality watch found suspicious doubles the next one, like
/// tightened inspection.
pub(crate) fn size(tp: &Touchpoint, state: Inspection, suspicious: bool, population: u64) -> (u64, u64) {
    // A touchpoint the owner paused is watched like one inspection paused.
    let state = match state {
        _ if tp.stage == Stage::Paused => Inspection::Paused,
        Inspection::Normal | Inspection::Reduced if suspicious => Inspection::Tightened,
        s => s,
    };
    let planned = inspection::adjust(tp.settings.sampling.plan_at(tp.stage).planned(population), state);
    (planned, planned.min(population))
}

async fn draw_one(db: &Db, tp: &Touchpoint, week: Week, cal: super::Calendar) -> Result<Drawn> {
    let mut tx = crate::db::begin_write(db).await?;
    let previous: Option<Previous> = sqlx::query_as(
        "SELECT population, planned, drawn, flagged, inspection, last_output_id FROM sample_draws WHERE touchpoint_id = ? AND week = ?",
    )
    .bind(tp.id)
    .bind(week.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let outputs = week_outputs(&mut tx, tp.id, week.bounds(cal)).await?;
    let last_id = outputs.last().map_or(0, |o| o.0);
    let seen_before = previous.as_ref().map_or(0, |p| p.last_output_id);
    let mut drawn = Drawn {
        touchpoint_id: tp.id,
        touchpoint: tp.settings.name.clone(),
        week: week.to_string(),
        population: outputs.len() as u64,
        planned: 0,
        drawn: 0,
        flagged: 0,
        added: 0,
        inspection: Inspection::Normal,
        new: true,
        top_up: previous.is_some(),
    };
    if let Some(p) = previous.as_ref().filter(|_| last_id <= seen_before) {
        // Nothing arrived since: drawing again changes nothing (beyond
        // recording the week's size, so the scheduler stops asking).
        sqlx::query("UPDATE sample_draws SET seen = ?1 WHERE touchpoint_id = ?2 AND week = ?3 AND seen != ?1")
            .bind(outputs.len() as i64)
            .bind(tp.id)
            .bind(week.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        (drawn.population, drawn.planned, drawn.drawn, drawn.flagged) =
            (p.population as u64, p.planned as u64, p.drawn as u64, p.flagged as u64);
        (drawn.inspection, drawn.new) = (p.inspection, false);
        return Ok(drawn);
    }
    // A top-up keeps the week's first plan (its state and size then), so
    // late outputs join at the week's fraction; only a percentage plan grows
    // with the week.
    let (state, (planned, n)) = match previous.as_ref() {
        Some(p) => {
            let planned = match tp.settings.sampling.plan_at(tp.stage) {
                stats::sampling::Plan::Percent(_) => {
                    size(tp, p.inspection, false, outputs.len() as u64).0.max(p.planned as u64)
                }
                _ => p.planned as u64,
            };
            (p.inspection, (planned, planned.min(outputs.len() as u64)))
        }
        None => {
            let state = super::adapt::update_state(&mut tx, tp, week).await?;
            let suspicious = crate::drift::weeks::suspicious_before(&mut tx, tp.id, week).await?;
            (state, size(tp, state, suspicious, outputs.len() as u64))
        }
    };
    let mut order: Vec<(u64, usize)> =
        outputs.iter().enumerate().map(|(i, (id, ext, _))| (key(tp.id, week, *id, ext.as_deref()), i)).collect();
    order.sort_unstable();
    let mut picked = vec![false; outputs.len()];
    for (_, i) in order.iter().take(n as usize) {
        picked[*i] = true;
    }
    let texts = new_texts(&mut tx, tp.id, week.bounds(cal), seen_before).await?;
    let matcher = Matcher::new(&tp.settings.risk_rules);
    let now = Utc::now();
    for (i, (id, _, queued)) in outputs.iter().enumerate() {
        let reasons = texts.get(id).map(|t| matcher.reasons(t)).unwrap_or_default();
        let flag = (!reasons.is_empty()).then(|| format!("flagged: {}", reasons.join("; ")));
        let reason = match (picked[i], flag) {
            (true, Some(f)) => format!("random sample; {f}"),
            (true, None) => "random sample".into(),
            (false, Some(f)) => f,
            (false, None) => continue,
        };
        match queued {
            None => {
                sqlx::query("INSERT INTO review_items (output_id, touchpoint_id, week, reason, random, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(id)
                    .bind(tp.id)
                    .bind(week.to_string())
                    .bind(&reason)
                    .bind(picked[i])
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE outputs SET status = 'sampled' WHERE id = ? AND status = 'received'")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                drawn.added += 1;
            }
            // Flagged earlier (a rule, a double booking), now also drawn.
            Some(false) if picked[i] => {
                sqlx::query(
                    "UPDATE review_items SET random = 1, reason = 'random sample; ' || reason WHERE output_id = ?",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Some(_) => {}
        }
    }
    let (in_sample, outside): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(random), 0), COALESCE(SUM(1 - random), 0) FROM review_items WHERE touchpoint_id = ? AND week = ?",
    )
    .bind(tp.id)
    .bind(week.to_string())
    .fetch_one(&mut *tx)
    .await?;
    (drawn.planned, drawn.drawn, drawn.flagged, drawn.inspection) = (planned, in_sample as u64, outside as u64, state);
    record(&mut tx, &drawn, last_id).await?;
    tx.commit().await?;
    Ok(drawn)
}

/// The texts of the week's outputs that arrived after `after` (the ones no
/// draw has matched against the risk rules yet).
async fn new_texts(
    conn: &mut SqliteConnection,
    tp: i64,
    (start, end): (chrono::DateTime<Utc>, chrono::DateTime<Utc>),
    after: i64,
) -> Result<std::collections::HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, output FROM outputs WHERE touchpoint_id = ? AND produced_at >= ? AND produced_at < ? AND id > ?
           AND NOT EXISTS (SELECT 1 FROM review_items r WHERE r.output_id = outputs.id)",
    )
    .bind(tp)
    .bind(start)
    .bind(end)
    .bind(after)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().collect())
}

async fn record(conn: &mut SqliteConnection, d: &Drawn, last_output_id: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO sample_draws (touchpoint_id, week, population, planned, drawn, flagged, inspection, drawn_at, last_output_id, seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?3)
         ON CONFLICT (touchpoint_id, week) DO UPDATE SET population = excluded.population, planned = excluded.planned,
            drawn = excluded.drawn, flagged = excluded.flagged, inspection = excluded.inspection, drawn_at = excluded.drawn_at,
            last_output_id = excluded.last_output_id, seen = excluded.seen, top_ups = top_ups + 1",
    )
    .bind(d.touchpoint_id)
    .bind(&d.week)
    .bind(d.population as i64)
    .bind(d.planned as i64)
    .bind(d.drawn as i64)
    .bind(d.flagged as i64)
    .bind(d.inspection)
    .bind(Utc::now())
    .bind(last_output_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// How long a week must go without new outputs before a top-up draws it:
/// an import or a tool's batches arriving over several minutes are then
/// topped up once, at one sampling fraction, rather than once per chunk.
pub const SETTLE_MINUTES: i64 = 5;

/// True when some spot-checked touchpoint's `week` was never drawn, or has
/// more outputs now than when it was last drawn and none arrived in the last
/// few minutes (read from the per-day aggregates, so the scheduler can ask
/// every minute for free).
pub async fn needs_draw(db: &Db, week: Week, now: chrono::DateTime<Utc>) -> Result<bool> {
    let cal = crate::business::calendar(db).await?;
    let first = week.first_day(cal.week_starts);
    let (from, to) = (first.to_string(), (first + chrono::Duration::days(7)).to_string());
    for tp in touchpoints::list(db, false).await?.into_iter().filter(|t| t.settings.policy.samples()) {
        let (outputs, seen): (i64, Option<i64>) = sqlx::query_as(
            "SELECT (SELECT COALESCE(SUM(outputs), 0) FROM output_days WHERE touchpoint_id = ?1 AND day >= ?2 AND day < ?3),
                    (SELECT seen FROM sample_draws WHERE touchpoint_id = ?1 AND week = ?4)",
        )
        .bind(tp.id)
        .bind(&from)
        .bind(&to)
        .bind(week.to_string())
        .fetch_one(db)
        .await?;
        match seen {
            None => return Ok(true),
            Some(seen) if outputs > seen => {
                let (start, end) = week.bounds(cal);
                let latest: Option<chrono::DateTime<Utc>> = sqlx::query_scalar(
                    "SELECT MAX(received_at) FROM outputs WHERE touchpoint_id = ? AND produced_at >= ? AND produced_at < ?",
                )
                .bind(tp.id)
                .bind(start)
                .bind(end)
                .fetch_one(db)
                .await?;
                if latest.is_none_or(|at| at <= now - chrono::Duration::minutes(SETTLE_MINUTES)) {
                    return Ok(true);
                }
            }
            Some(_) => {}
        }
    }
    Ok(false)
}
