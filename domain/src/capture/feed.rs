//! A calendar feed: fetched with ETag / If-Modified-Since, each event is a
//! booking output (its UID the external id; one occurrence of a recurring
//! event is `UID/start`). A later version of an event (SEQUENCE or
//! LAST-MODIFIED) replaces its booking; a cancelled event, or a coming one
//! the feed no longer has, frees its slot so the double-booking check stays
//! right. Recurring events are expanded for the coming eight weeks.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::{
    imports::calendar::{read_events, Event},
    outputs::{Booking, Ingestor},
    touchpoints::Touchpoint,
    Db, DomainError, Result,
};

/// How far ahead recurring events are expanded.
pub const AHEAD: Duration = Duration::weeks(8);
/// Occurrences at most this many in a feed, so a rule without end stays small.
const MAX_OCCURRENCES: u16 = 500;
/// The largest feed read.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// What one sync did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Synced {
    pub added: usize,
    pub changed: usize,
    pub cancelled: usize,
    /// Events that could not be read (each is in the capture log).
    pub skipped: usize,
}

/// One booking the feed holds now.
struct Item<'a> {
    key: String,
    event: &'a Event,
    starts_at: DateTime<Utc>,
}

/// The events as bookings: single events as they are, recurring ones
/// expanded from a day ago to eight weeks ahead, changed occurrences
/// (RECURRENCE-ID) in place of the ones they replace.
fn items<'a>(events: &'a [Event], now: DateTime<Utc>, problems: &mut Vec<String>) -> Vec<Item<'a>> {
    let key_of = |e: &Event| {
        e.uid.clone().unwrap_or_else(|| {
            let digest = Sha256::digest(format!("{}|{}|{}", e.summary, e.resource, e.starts_at.to_rfc3339()));
            format!("sha256:{}", hex::encode(&digest[..16]))
        })
    };
    let mut out: Vec<Item<'a>> = Vec::new();
    let overrides: HashSet<String> =
        events.iter().filter_map(|e| e.recurrence_id.map(|r| format!("{}/{}", key_of(e), r.to_rfc3339()))).collect();
    for event in events {
        let key = key_of(event);
        if let Some(replaces) = event.recurrence_id {
            out.push(Item { key: format!("{key}/{}", replaces.to_rfc3339()), event, starts_at: event.starts_at });
            continue;
        }
        let Some(rule) = &event.recurrence else {
            out.push(Item { key, event, starts_at: event.starts_at });
            continue;
        };
        match occurrences(rule, now) {
            Ok(starts) => out.extend(
                starts
                    .into_iter()
                    .map(|s| Item { key: format!("{key}/{}", s.to_rfc3339()), event, starts_at: s })
                    .filter(|i| !overrides.contains(&i.key)),
            ),
            Err(e) => problems
                .push(format!("The repeating event \"{}\" has a rule that cannot be read ({e}).", event.summary)),
        }
    }
    out
}

fn occurrences(rule: &str, now: DateTime<Utc>) -> std::result::Result<Vec<DateTime<Utc>>, String> {
    let set: rrule::RRuleSet = rule.parse().map_err(|e: rrule::RRuleError| e.to_string())?;
    let utc = |t: DateTime<Utc>| t.with_timezone(&rrule::Tz::UTC);
    let found = set.after(utc(now - Duration::days(1))).before(utc(now + AHEAD)).all(MAX_OCCURRENCES);
    Ok(found.dates.into_iter().map(|d| d.with_timezone(&Utc)).collect())
}

/// What the feed gave last time, by key.
struct Known {
    output_id: i64,
    version: String,
    starts_at: DateTime<Utc>,
    /// Its slot was freed (cancelled, or gone from the calendar).
    cancelled: bool,
}

/// Applies one fetched feed to the touchpoint's bookings.
pub async fn sync(db: &Db, ingestor: &Ingestor, tp: &Touchpoint, bytes: &[u8], now: DateTime<Utc>) -> Result<Synced> {
    let tz = crate::business::calendar(db).await?.tz;
    let (events, bad) = read_events(bytes, tz).map_err(|e| DomainError::invalid("feed", e.message))?;
    let mut problems: Vec<String> = bad.into_iter().map(|e| e.message).collect();
    let items = items(&events, now, &mut problems);
    let mut synced = Synced { skipped: problems.len(), ..Default::default() };
    for p in &problems {
        super::store::log(db, tp.id, true, p).await?;
    }
    let known: HashMap<String, Known> = sqlx::query_as::<_, (String, i64, String, DateTime<Utc>, bool)>(
        "SELECT f.external_id, f.output_id, f.version, f.starts_at, o.booking_cancelled_at IS NOT NULL
         FROM feed_events f JOIN outputs o ON o.id = f.output_id WHERE f.touchpoint_id = ?",
    )
    .bind(tp.id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(k, output_id, version, starts_at, cancelled)| (k, Known { output_id, version, starts_at, cancelled }))
    .collect();
    let seen: HashSet<&str> = items.iter().map(|i| i.key.as_str()).collect();
    // Slots are freed first (a cancelled event, or a coming one the calendar
    // no longer has), so a new booking in a freed slot is no double booking.
    for item in items.iter().filter(|i| i.event.cancelled) {
        if let Some(k) = known.get(&item.key) {
            synced.cancelled += cancel(db, tp.id, k.output_id, now).await? as usize;
            remember(db, tp.id, &item.key, k.output_id, &item.event.version, item.starts_at).await?;
        }
    }
    for (key, k) in &known {
        if !seen.contains(key.as_str()) && !k.cancelled && k.starts_at > now {
            synced.cancelled += cancel(db, tp.id, k.output_id, now).await? as usize;
        }
    }
    for item in items.iter().filter(|i| !i.event.cancelled) {
        match known.get(&item.key) {
            None => {
                add(db, ingestor, tp, item, now).await?;
                synced.added += 1;
            }
            // Changed, moved, or back in the calendar after it was removed.
            Some(k) if item.event.version > k.version || item.starts_at != k.starts_at || k.cancelled => {
                replace(db, tp.id, k.output_id, item, now).await?;
                remember(db, tp.id, &item.key, k.output_id, &item.event.version, item.starts_at).await?;
                synced.changed += 1;
            }
            Some(_) => {}
        }
    }
    Ok(synced)
}

async fn add(db: &Db, ingestor: &Ingestor, tp: &Touchpoint, item: &Item<'_>, now: DateTime<Utc>) -> Result<()> {
    let new = item.event.output(Some(item.key.clone()), item.starts_at, now);
    let stored = ingestor.one(tp, &new).await?;
    remember(db, tp.id, &item.key, stored.id, &item.event.version, item.starts_at).await
}

async fn remember(db: &Db, tp: i64, key: &str, output_id: i64, version: &str, starts_at: DateTime<Utc>) -> Result<()> {
    sqlx::query(
        "INSERT INTO feed_events (touchpoint_id, external_id, output_id, version, starts_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (touchpoint_id, external_id) DO UPDATE SET version = excluded.version, starts_at = excluded.starts_at",
    )
    .bind(tp)
    .bind(key)
    .bind(output_id)
    .bind(version)
    .bind(starts_at)
    .execute(db)
    .await?;
    Ok(())
}

/// The event changed: its booking now holds the new time, place and text,
/// and is checked for double bookings again.
async fn replace(db: &Db, tp: i64, output_id: i64, item: &Item<'_>, now: DateTime<Utc>) -> Result<()> {
    let new = item.event.output(None, item.starts_at, now);
    let booking: Booking = new.booking.clone().expect("an event is a booking");
    let mut tx = crate::db::begin_write(db).await?;
    sqlx::query(
        "UPDATE outputs SET output = ?, input = ?, content_hash = ?, length = ?, booking_resource = ?, booking_starts_at = ?,
             booking_ends_at = ?, booking_cancelled_at = NULL WHERE id = ? AND touchpoint_id = ?",
    )
    .bind(&new.output)
    .bind(&new.input)
    .bind(hex::encode(Sha256::digest(new.output.as_bytes())))
    .bind(new.output.chars().count() as i64)
    .bind(&booking.resource)
    .bind(booking.starts_at)
    .bind(booking.ends_at)
    .bind(output_id)
    .bind(tp)
    .execute(&mut *tx)
    .await?;
    crate::drift::conflicts::check(&mut tx, tp, output_id, &booking).await?;
    tx.commit().await?;
    Ok(())
}

/// Frees the booking's slot; true when it was still held.
async fn cancel(db: &Db, tp: i64, output_id: i64, now: DateTime<Utc>) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE outputs SET booking_cancelled_at = ? WHERE id = ? AND touchpoint_id = ? AND booking_cancelled_at IS NULL",
    )
    .bind(now)
    .bind(output_id)
    .bind(tp)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}
