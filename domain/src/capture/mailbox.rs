//! One poll of a touchpoint's mailbox: open the folder, notice a reset
//! mailbox (UIDVALIDITY changed), take the next step of new messages, find
//! what each one replies to, store them through the ingest writer (the
//! Message-ID as external id: a message seen twice is stored once), and move
//! the cursor on. A big backlog is taken in steps, the next one at once.

use chrono::{DateTime, Utc};

use super::{imap, message, store::Capture};
use crate::{
    outputs::{Ingestor, NewOutput, Source},
    sealing::Sealer,
    touchpoints, Db,
};

/// Messages taken per step: a 10,000-message folder shows progress.
pub const STEP: usize = 100;

/// What one poll did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Polled {
    pub stored: usize,
    pub duplicates: usize,
    /// Messages that could not become outputs (each is in the capture log).
    pub skipped: usize,
    /// Messages still to take.
    pub backlog: usize,
}

pub fn login(cap: &Capture, sealer: &Sealer) -> crate::Result<imap::Login> {
    Ok(imap::Login {
        host: cap.host.clone(),
        port: cap.port as u16,
        tls: cap.tls,
        username: cap.username.clone(),
        password: cap.secret(sealer)?,
        folder: cap.folder.clone(),
    })
}

/// One poll. `Err` is a problem in plain words (the mailbox could not be
/// read); a message that cannot be read is logged and skipped.
pub async fn poll(
    db: &Db,
    ingestor: &Ingestor,
    sealer: &Sealer,
    cap: &Capture,
    now: DateTime<Utc>,
) -> Result<Polled, String> {
    let internal = |e: crate::DomainError| format!("Second Look could not save what it fetched ({e}).");
    let tp = touchpoints::get(db, cap.touchpoint_id).await.map_err(internal)?;
    let login = login(cap, sealer).map_err(internal)?;
    let (mut session, folder) = imap::open(&login).await.map_err(String::from)?;
    let mut after = cap.cursor_uid.max(0) as u32;
    if cap.cursor_validity.is_some_and(|v| v != folder.validity as i64) {
        super::store::log(db, tp.id, true, "The mail server reset this folder (its UIDVALIDITY changed). Reading it again from the start; messages already taken are not taken twice.")
            .await
            .map_err(internal)?;
        after = 0;
    }
    let since = cap.since.map(|t| t.date_naive());
    let uids = imap::new_uids(&mut session, after, since).await?;
    let step = &uids[..uids.len().min(STEP)];
    let raw = imap::fetch(&mut session, step).await?;
    let mut polled = Polled { backlog: uids.len() - step.len(), ..Default::default() };
    let mut outputs: Vec<NewOutput> = Vec::with_capacity(raw.len());
    for (uid, bytes) in &raw {
        match to_output(db, &mut session, &tp, bytes, now).await {
            Ok(o) => outputs.push(o),
            Err(problem) => {
                polled.skipped += 1;
                super::store::log(db, tp.id, true, &format!("Message {uid}: {problem}")).await.map_err(internal)?;
            }
        }
    }
    let _ = session.logout().await;
    for stored in ingestor.many(&tp, &outputs).await.map_err(internal)? {
        if stored.duplicate {
            polled.duplicates += 1;
        } else {
            polled.stored += 1;
        }
    }
    let last = step.last().copied().unwrap_or(after).max(after);
    super::store::advance(db, tp.id, folder.validity as i64, last as i64, polled.backlog as i64)
        .await
        .map_err(internal)?;
    if polled.stored + polled.skipped > 0 || polled.backlog > 0 {
        let left = if polled.backlog > 0 { format!(" {} more to take.", polled.backlog) } else { String::new() };
        let line = format!("Took {} new message(s) from {}.{left}", polled.stored, cap.folder);
        super::store::log(db, tp.id, false, &line).await.map_err(internal)?;
    }
    Ok(polled)
}

/// The output for one message, its input being the message it replies to
/// when that is in the same touchpoint or folder.
async fn to_output(
    db: &Db,
    session: &mut imap::Session,
    tp: &touchpoints::Touchpoint,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<NewOutput, String> {
    let mail = message::read(bytes, now)?;
    let mut input = None;
    for parent in mail.replies_to.iter().take(3) {
        input = replied_to(db, session, tp.id, parent, now).await?;
        if input.is_some() {
            break;
        }
    }
    mail.into_output(input, tp.settings.kind, Source::Mailbox, now)
}

async fn replied_to(
    db: &Db,
    session: &mut imap::Session,
    tp: i64,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, String> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT output FROM outputs WHERE touchpoint_id = ? AND external_id = ?")
            .bind(tp)
            .bind(id)
            .fetch_optional(db)
            .await
            .map_err(|e| format!("Looking up the earlier message failed ({e})."))?;
    if stored.is_some() {
        return Ok(stored);
    }
    let Some(raw) = imap::find(session, id).await? else { return Ok(None) };
    Ok(message::read(&raw, now).ok().map(|m| m.own_text))
}
