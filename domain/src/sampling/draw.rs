//! Drawing a week's sample: uniformly at random but reproducibly (seeded by
//! touchpoint and week), never an output twice, plus every output a risk rule
//! flags. Drawing the same week again changes nothing.

use chrono::Utc;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use super::{inspection, Inspection, Week};
use crate::{
    touchpoints::{self, risk::Matcher, Touchpoint},
    Db, Result,
};

/// What one touchpoint's draw did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drawn {
    pub touchpoint_id: i64,
    pub touchpoint: String,
    pub week: String,
    pub population: u64,
    pub planned: u64,
    pub drawn: u64,
    pub flagged: u64,
    pub inspection: Inspection,
    /// False when this week was already drawn (nothing changed).
    pub new: bool,
}

fn seed(touchpoint_id: i64, week: Week) -> [u8; 32] {
    Sha256::digest(format!("secondlook sample {touchpoint_id} {week}").as_bytes()).into()
}

/// Draws `week` for every live touchpoint that is spot-checked.
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

async fn already(conn: &mut SqliteConnection, tp: &Touchpoint, week: Week) -> Result<Option<Drawn>> {
    let row: Option<(i64, i64, i64, i64, Inspection)> =
        sqlx::query_as("SELECT population, planned, drawn, flagged, inspection FROM sample_draws WHERE touchpoint_id = ? AND week = ?")
            .bind(tp.id)
            .bind(week.to_string())
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|(population, planned, drawn, flagged, inspection)| Drawn {
        touchpoint_id: tp.id,
        touchpoint: tp.settings.name.clone(),
        week: week.to_string(),
        population: population as u64,
        planned: planned as u64,
        drawn: drawn as u64,
        flagged: flagged as u64,
        inspection,
        new: false,
    }))
}

async fn draw_one(db: &Db, tp: &Touchpoint, week: Week, cal: super::Calendar) -> Result<Drawn> {
    let mut tx = crate::db::begin_write(db).await?;
    if let Some(done) = already(&mut tx, tp, week).await? {
        return Ok(done);
    }
    let (start, end) = week.bounds(cal);
    // Candidates: the week's outputs not in any queue and not reviewed.
    let candidates: Vec<(i64, String)> = sqlx::query_as(
        "SELECT o.id, o.output FROM outputs o
         WHERE o.touchpoint_id = ? AND o.produced_at >= ? AND o.produced_at < ?
           AND NOT EXISTS (SELECT 1 FROM review_items r WHERE r.output_id = o.id)
           AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.output_id = o.id)
         ORDER BY o.id",
    )
    .bind(tp.id)
    .bind(start)
    .bind(end)
    .fetch_all(&mut *tx)
    .await?;
    let state = super::adapt::update_state(&mut tx, tp, week).await?;
    let population = candidates.len() as u64;
    let planned = inspection::adjust(tp.settings.sampling.plan().planned(population), state);
    let size = planned.min(population) as usize;

    let matcher = Matcher::new(&tp.settings.risk_rules);
    let mut rng = ChaCha8Rng::from_seed(seed(tp.id, week));
    let picked = rand::seq::index::sample(&mut rng, candidates.len(), size);
    let mut chosen = vec![None::<String>; candidates.len()];
    for i in picked.iter() {
        chosen[i] = Some("random sample".into());
    }
    let mut flagged = 0u64;
    for (i, (_, text)) in candidates.iter().enumerate() {
        let reasons = matcher.reasons(text);
        if !reasons.is_empty() {
            flagged += 1;
            let why = format!("flagged: {}", reasons.join("; "));
            chosen[i] = Some(match chosen[i].take() {
                Some(random) => format!("{random}; {why}"),
                None => why,
            });
        }
    }
    let now = Utc::now();
    for ((id, _), reason) in candidates.iter().zip(&chosen) {
        if let Some(reason) = reason {
            sqlx::query("INSERT INTO review_items (output_id, touchpoint_id, week, reason, created_at) VALUES (?, ?, ?, ?, ?)")
                .bind(id)
                .bind(tp.id)
                .bind(week.to_string())
                .bind(reason)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE outputs SET status = 'sampled' WHERE id = ? AND status = 'received'").bind(id).execute(&mut *tx).await?;
        }
    }
    sqlx::query(
        "INSERT INTO sample_draws (touchpoint_id, week, population, planned, drawn, flagged, inspection, drawn_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(tp.id)
    .bind(week.to_string())
    .bind(population as i64)
    .bind(planned as i64)
    .bind(size as i64)
    .bind(flagged as i64)
    .bind(state)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Drawn {
        touchpoint_id: tp.id,
        touchpoint: tp.settings.name.clone(),
        week: week.to_string(),
        population,
        planned,
        drawn: size as u64,
        flagged,
        inspection: state,
        new: true,
    })
}
