//! Per-day aggregates of outputs (count, length, features), written by the
//! ingest writer in the same transaction as the outputs themselves.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::SqliteConnection;

use super::features::Features;
use crate::{calendar::Calendar, Db, Result};

/// One touchpoint-day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct Day {
    pub outputs: i64,
    pub length_sum: i64,
    pub length_sq_sum: f64,
    pub with_link: i64,
    pub with_price: i64,
    pub with_phone: i64,
    pub with_email: i64,
}

impl Day {
    fn add_output(&mut self, text: &str) {
        let len = text.chars().count() as i64;
        let f = Features::of(text);
        self.outputs += 1;
        self.length_sum += len;
        self.length_sq_sum += (len * len) as f64;
        self.with_link += f.link as i64;
        self.with_price += f.price as i64;
        self.with_phone += f.phone as i64;
        self.with_email += f.email as i64;
    }

    pub fn add(&mut self, o: &Day) {
        self.outputs += o.outputs;
        self.length_sum += o.length_sum;
        self.length_sq_sum += o.length_sq_sum;
        self.with_link += o.with_link;
        self.with_price += o.with_price;
        self.with_phone += o.with_phone;
        self.with_email += o.with_email;
    }
}

/// Adds newly stored outputs, (touchpoint, produced at, text), to their days.
pub(crate) async fn note_batch(conn: &mut SqliteConnection, new: &[(i64, DateTime<Utc>, &str)]) -> Result<()> {
    let cal = crate::business::calendar_on(conn).await?;
    let mut days: BTreeMap<(i64, NaiveDate), Day> = BTreeMap::new();
    for (tp, produced_at, output) in new {
        let day = produced_at.with_timezone(&cal.tz).date_naive();
        days.entry((*tp, day)).or_default().add_output(output);
    }
    for ((tp, day), d) in days {
        upsert(conn, tp, day, &d).await?;
    }
    Ok(())
}

async fn upsert(conn: &mut SqliteConnection, tp: i64, day: NaiveDate, d: &Day) -> Result<()> {
    sqlx::query(
        "INSERT INTO output_days (touchpoint_id, day, outputs, length_sum, length_sq_sum, with_link, with_price, with_phone, with_email)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (touchpoint_id, day) DO UPDATE SET
            outputs = outputs + excluded.outputs, length_sum = length_sum + excluded.length_sum,
            length_sq_sum = length_sq_sum + excluded.length_sq_sum, with_link = with_link + excluded.with_link,
            with_price = with_price + excluded.with_price, with_phone = with_phone + excluded.with_phone,
            with_email = with_email + excluded.with_email",
    )
    .bind(tp)
    .bind(day.to_string())
    .bind(d.outputs)
    .bind(d.length_sum)
    .bind(d.length_sq_sum)
    .bind(d.with_link)
    .bind(d.with_price)
    .bind(d.with_phone)
    .bind(d.with_email)
    .execute(conn)
    .await?;
    Ok(())
}

/// A touchpoint's days from `from` on, oldest first.
pub async fn days(db: &Db, tp: i64, from: NaiveDate) -> Result<Vec<(NaiveDate, Day)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        day: NaiveDate,
        #[sqlx(flatten)]
        d: Day,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT day, outputs, length_sum, length_sq_sum, with_link, with_price, with_phone, with_email
         FROM output_days WHERE touchpoint_id = ? AND day >= ? ORDER BY day",
    )
    .bind(tp)
    .bind(from.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.day, r.d)).collect())
}

/// Builds the aggregates from the outputs when they are missing (a database
/// from before they existed). Runs at start-up; cheap when nothing is missing.
pub async fn rebuild_if_missing(db: &Db) -> Result<u64> {
    let missing: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM outputs) AND NOT EXISTS (SELECT 1 FROM output_days)")
            .fetch_one(db)
            .await?;
    if !missing {
        return Ok(0);
    }
    let cal: Calendar = crate::business::calendar(db).await?;
    let mut tx = crate::db::begin_write(db).await?;
    let mut last = 0i64;
    let mut total = 0u64;
    loop {
        let chunk: Vec<(i64, i64, chrono::DateTime<chrono::Utc>, String)> = sqlx::query_as(
            "SELECT id, touchpoint_id, produced_at, output FROM outputs WHERE id > ? ORDER BY id LIMIT 5000",
        )
        .bind(last)
        .fetch_all(&mut *tx)
        .await?;
        let Some(end) = chunk.last().map(|c| c.0) else { break };
        let mut days: BTreeMap<(i64, NaiveDate), Day> = BTreeMap::new();
        for (_, tp, at, text) in &chunk {
            days.entry((*tp, at.with_timezone(&cal.tz).date_naive())).or_default().add_output(text);
        }
        for ((tp, day), d) in days {
            upsert(&mut tx, tp, day, &d).await?;
        }
        total += chunk.len() as u64;
        last = end;
    }
    tx.commit().await?;
    Ok(total)
}
